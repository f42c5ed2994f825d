// The LogUp GKR input layer on the device (beside backend/cpu/logup_input.cpp):
// one thread per (trace row, interaction group) runs the AIR's interaction
// program (constraint_program.h) on the row's window, read in place from the
// device traces, and writes each interaction's leaf
//   (count * 2^-max(0, -n), sum_j beta^j field_j + beta^len (bus + 1) + alpha)
// to every lifted copy of the row in the interaction's block (protocol/logup.h
// layout). Padding leaves are (0, alpha).
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "swirl/backend/cuda/constraint_eval.h"
#include "swirl/poly/fraction.h"

namespace swirl::cuda {

/// Where flat column c of a row window reads: column `col` at row
/// (row + offset) mod height. Entries 0..2 (the selectors) are unused.
struct FlatColumnRef {
  const BabyBear* col = nullptr;
  uint32_t offset = 0;
};

/// One AIR's part of the input layer.
struct LogupInputAir {
  const DeviceConstraintProgram* program = nullptr;  // its interaction program
  const FlatColumnRef* columns = nullptr;            // device, program->num_columns entries
  size_t height = 0;                                 // trace rows (power of two)
  size_t reps = 1;                                   // lifted copies: 2^(l_skip + n_lift) / height
  BabyBear norm;                                     // 2^-max(0, -n)
  const BabyBear* public_values = nullptr;           // device
  const uint64_t* offsets = nullptr;                 // device, per interaction: its block's first leaf
  const BabyBear4* den_base = nullptr;               // device, per interaction: beta^len (bus + 1) + alpha
};

/// Fills leaves[0, count) with (0, alpha).
void fill_padding_leaves(Frac* leaves, size_t count, const BabyBear4& alpha, cudaStream_t stream);

/// Writes one AIR's leaves. `beta_pows` (device) has max message length + 1 entries.
void logup_input_on_device(const LogupInputAir& air, const BabyBear4* beta_pows, Frac* leaves, cudaStream_t stream);

}  // namespace swirl::cuda
