#include "swirl/backend/cuda/logup_input.h"

#include "swirl/backend/cuda/launch.h"
#include "program_interp.cuh"

namespace swirl::cuda {
namespace {

constexpr int kBlock = 128;

__global__ void fill_padding_kernel(Frac* leaves, size_t count, BabyBear4 alpha) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < count) leaves[i] = Frac{BabyBear4::zero(), alpha};
}

// Interaction roots: each interaction's leaf, written to every lifted copy
// of the row in its block.
struct LeafSink {
  const LogupInputAir* air;
  const BabyBear4* beta_pows;
  Frac* leaves;
  size_t row;
  bool live;
  BabyBear num = BabyBear::zero();
  BabyBear4 den = BabyBear4::zero();
  __device__ __forceinline__ void fold(uint32_t, const BabyBear (&)[1]) {}
  __device__ __forceinline__ void count(uint32_t, const BabyBear (&v)[1]) { num = v[0]; }
  __device__ __forceinline__ void field(uint32_t j, const BabyBear (&v)[1]) { den += beta_pows[j] * v[0]; }
  __device__ __forceinline__ void emit(uint32_t k) {
    if (live) {
      const Frac leaf{BabyBear4(num * air->norm), den + air->den_base[k]};
      const uint64_t base = air->offsets[k] + row;
      for (size_t r = 0; r < air->reps; ++r) leaves[base + r * air->height] = leaf;
    }
    num = BabyBear::zero();
    den = BabyBear4::zero();
  }
};

template <int kSlots>
__global__ void __launch_bounds__(kBlock) logup_input_kernel(LogupInputAir air, const ProgramInstr* instrs,
                                                             const ProgramGroup* groups, const BabyBear* constants,
                                                             const BabyBear4* beta_pows, Frac* leaves) {
  const size_t row = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  const bool live = row < air.height;
  LeafSink sink{&air, beta_pows, leaves, row, live};
  const size_t p[1] = {live ? row : 0};
  interp::run_group<BabyBear, kSlots, 1>(instrs, groups[blockIdx.y], constants, air.public_values,
                                         interp::TraceColumns{air.columns, air.height - 1}, p, sink);
}

}  // namespace

void fill_padding_leaves(Frac* leaves, size_t count, const BabyBear4& alpha, cudaStream_t stream) {
  if (count == 0) return;
  SWIRL_LAUNCH(fill_padding_kernel, dim3(static_cast<unsigned>((count + 255) / 256)), dim3(256), 0, stream, leaves,
               count, alpha);
}

void logup_input_on_device(const LogupInputAir& air, const BabyBear4* beta_pows, Frac* leaves, cudaStream_t stream) {
  const DeviceConstraintProgram& p = *air.program;
  if (p.num_groups == 0 || air.height == 0) return;
  const dim3 grid(static_cast<unsigned>((air.height + kBlock - 1) / kBlock), p.num_groups);
  interp::with_slots(p.max_slots, [&](auto slots) {
    SWIRL_LAUNCH((logup_input_kernel<decltype(slots)::value>), grid, dim3(kBlock), 0, stream, air, p.instrs.data(),
                 p.groups.data(), p.constants.data(), beta_pows, leaves);
  });
}

}  // namespace swirl::cuda
