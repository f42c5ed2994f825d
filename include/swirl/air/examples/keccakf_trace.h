// Trace generation for the keccak-f[1600] AIR (layout in keccakf_cols.h),
// equal cell for cell to p3-keccak-air v0.4.3's `generate_trace_rows`.
#pragma once

#include <cstddef>
#include <span>

#include "swirl/air/examples/keccakf_reference.h"
#include "swirl/field/babybear.h"
#include "swirl/util/matrix.h"

namespace swirl::keccakf {

/// Rows of the trace for `num_permutations` inputs: the next power of two of
/// 24 * num_permutations, where (as Rust's usize::next_power_of_two) zero
/// inputs still give one row.
size_t trace_height(size_t num_permutations);

/// The trace for the given inputs, column-major, height trace_height(n).
///
/// Permutation i fills rows [24i, 24i + 24), row 24i + r holding round r.
/// The rows after the last input are filled by permuting the all-zero state
/// as many times as needed (a partial block of rounds 0..k-1 at the end when
/// the height is not a multiple of 24). The export column stays zero.
/// Multi-threaded over permutations; the result does not depend on the
/// thread count. The matrix lives in `memory` when given (a device
/// backend's trace_memory(): written where the transfer reads it), else the
/// heap.
ColMajorMatrix<BabyBear> generate_trace(std::span<const KeccakState> inputs, HostMemoryResource* memory = nullptr);

/// The output of permutation `index` read back from its last round's row
/// (the A''' columns). Throws std::invalid_argument if that row is absent.
KeccakState trace_output(const ColMajorMatrix<BabyBear>& trace, size_t index);

/// The input of permutation `index` read back from its first row's preimage.
KeccakState trace_preimage(const ColMajorMatrix<BabyBear>& trace, size_t index);

}  // namespace swirl::keccakf
