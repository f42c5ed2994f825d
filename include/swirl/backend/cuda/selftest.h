// Device-side evaluations of the shared field and Poseidon2 code, for the
// bit-for-bit comparisons with the host and for the primitive benchmarks.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <span>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"

namespace swirl::cuda {

/// Writes out[i] = i for i < n with one launch of `block` threads per block
/// (through the counted, checked launcher; an invalid `block` makes the launch
/// throw CudaError). For the runtime's tests.
void iota_on_device(uint32_t* out, size_t n, int block, cudaStream_t stream);

/// Elementwise results of the base- and extension-field operations.
struct FieldOpsResult {
  std::vector<BabyBear> add, sub, mul, inv, pow;  // pow: a^(canonical b)
  std::vector<BabyBear4> ext_mul, ext_inv;
};

/// Evaluates a+b, a-b, a*b, 1/a, a^b and the extension product and inverse on
/// the device, element by element. a and b (and ea, eb) have equal lengths.
FieldOpsResult field_ops_on_device(std::span<const BabyBear> a, std::span<const BabyBear> b,
                                   std::span<const BabyBear4> ea, std::span<const BabyBear4> eb);

/// Permutes `states.size() / 16` width-16 states on the device.
std::vector<BabyBear> poseidon2_on_device(std::span<const BabyBear> states);

struct Poseidon2Throughput {
  uint64_t perms = 0;
  double median_ms = 0;
  double perms_per_s = 0;
};

/// Times chained permutations of one state per thread, all in registers:
/// the compute ceiling of the permutation on this device (median of `reps`).
Poseidon2Throughput bench_poseidon2_device(int reps);

}  // namespace swirl::cuda
