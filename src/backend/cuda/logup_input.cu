#include "swirl/backend/cuda/logup_input.h"

#include "swirl/backend/cuda/launch.h"

namespace swirl::cuda {
namespace {

constexpr int kBlock = 128;

__global__ void fill_padding_kernel(Frac* leaves, size_t count, BabyBear4 alpha) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < count) leaves[i] = Frac{BabyBear4::zero(), alpha};
}

__device__ __forceinline__ BabyBear load(Operand o, const BabyBear* slots, const FlatColumnRef* cols, size_t row,
                                         size_t mask, const BabyBear* constants, const BabyBear* pv) {
  switch (o.kind()) {
    case Operand::kSlot: return slots[o.value()];
    case Operand::kColumn: {
      const uint32_t c = o.value();
      if (c == 0) return row == 0 ? BabyBear::one() : BabyBear::zero();            // is_first_row
      if (c == 1) return row == mask ? BabyBear::zero() : BabyBear::one();         // is_transition
      if (c == 2) return row == mask ? BabyBear::one() : BabyBear::zero();         // is_last_row
      const FlatColumnRef r = cols[c];
      return r.col[(row + r.offset) & mask];
    }
    case Operand::kConstant: return constants[o.value()];
    default: return pv[o.value()];
  }
}

template <int kSlots>
__global__ void __launch_bounds__(kBlock) logup_input_kernel(LogupInputAir air, const ProgramInstr* instrs,
                                                             const ProgramGroup* groups, const BabyBear* constants,
                                                             const BabyBear4* beta_pows, Frac* leaves) {
  const size_t row = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (row >= air.height) return;
  const size_t mask = air.height - 1;
  const ProgramGroup g = groups[blockIdx.y];
  BabyBear slots[kSlots];
  BabyBear num = BabyBear::zero();
  BabyBear4 den = BabyBear4::zero();
  for (uint32_t i = g.first; i < g.first + g.count; ++i) {
    const ProgramInstr in = instrs[i];
    switch (in.op) {
      case ProgramOp::kAdd:
        slots[in.dst] = load(in.a, slots, air.columns, row, mask, constants, air.public_values) +
                        load(in.b, slots, air.columns, row, mask, constants, air.public_values);
        break;
      case ProgramOp::kSub:
        slots[in.dst] = load(in.a, slots, air.columns, row, mask, constants, air.public_values) -
                        load(in.b, slots, air.columns, row, mask, constants, air.public_values);
        break;
      case ProgramOp::kMul:
        slots[in.dst] = load(in.a, slots, air.columns, row, mask, constants, air.public_values) *
                        load(in.b, slots, air.columns, row, mask, constants, air.public_values);
        break;
      case ProgramOp::kNeg: slots[in.dst] = -load(in.a, slots, air.columns, row, mask, constants, air.public_values); break;
      case ProgramOp::kCount: num = load(in.a, slots, air.columns, row, mask, constants, air.public_values); break;
      case ProgramOp::kField:
        den += beta_pows[in.b.w] * load(in.a, slots, air.columns, row, mask, constants, air.public_values);
        break;
      case ProgramOp::kEmit: {
        const Frac leaf{BabyBear4(num * air.norm), den + air.den_base[in.dst]};
        const uint64_t base = air.offsets[in.dst] + row;
        for (size_t r = 0; r < air.reps; ++r) leaves[base + r * air.height] = leaf;
        num = BabyBear::zero();
        den = BabyBear4::zero();
        break;
      }
      default: break;
    }
  }
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
#define SWIRL_LOGUP_LAUNCH(SLOTS)                                                                               \
  SWIRL_LAUNCH((logup_input_kernel<SLOTS>), grid, dim3(kBlock), 0, stream, air, p.instrs.data(), p.groups.data(), \
               p.constants.data(), beta_pows, leaves)
  if (p.max_slots <= 16) {
    SWIRL_LOGUP_LAUNCH(16);
  } else if (p.max_slots <= 64) {
    SWIRL_LOGUP_LAUNCH(64);
  } else {
    SWIRL_LOGUP_LAUNCH(256);
  }
#undef SWIRL_LOGUP_LAUNCH
}

}  // namespace swirl::cuda
