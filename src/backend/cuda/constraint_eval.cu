#include "swirl/backend/cuda/constraint_eval.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cuda/launch.h"

namespace swirl::cuda {
namespace {

constexpr int kBlock = 128;

template <typename T>
__device__ __forceinline__ T load_operand(Operand o, const T* slots, const T* cols, size_t points, size_t p,
                                          const BabyBear* constants, const BabyBear* pv) {
  switch (o.kind()) {
    case Operand::kSlot: return slots[o.value()];
    case Operand::kColumn: return cols[o.value() * points + p];
    case Operand::kConstant: return T(constants[o.value()]);
    default: return T(pv[o.value()]);
  }
}

// Instructions are staged through shared memory in chunks: every thread of
// a block runs the same group, so a chunk is loaded once, cooperatively and
// coalesced, and then read as broadcasts, off the dependency chain of the
// arithmetic. kSlots is the slot array's size (a power of two >= the
// program's max_slots), so small programs keep small local frames.
constexpr int kChunk = 512;

template <typename T, int kSlots>
__global__ void __launch_bounds__(kBlock) eval_program_kernel(const ProgramInstr* instrs, const ProgramGroup* groups,
                                                              const BabyBear* constants, const T* cols, size_t points,
                                                              const BabyBear* pv, const BabyBear4* lambda_pows,
                                                              BabyBear4* partial) {
  __shared__ ProgramInstr chunk[kChunk];
  const size_t p = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  const bool live = p < points;
  const size_t pp = live ? p : 0;  // idle threads still help load the chunks
  const ProgramGroup g = groups[blockIdx.y];
  T slots[kSlots];
  BabyBear4 acc = BabyBear4::zero();
  for (uint32_t base = 0; base < g.count; base += kChunk) {
    const uint32_t n = min(static_cast<uint32_t>(kChunk), g.count - base);
    __syncthreads();
    for (uint32_t i = threadIdx.x; i < n; i += blockDim.x) chunk[i] = instrs[g.first + base + i];
    __syncthreads();
    for (uint32_t i = 0; i < n; ++i) {
      const ProgramInstr in = chunk[i];
      const T a = load_operand(in.a, slots, cols, points, pp, constants, pv);
      switch (in.op) {
        case ProgramOp::kAdd: slots[in.dst] = a + load_operand(in.b, slots, cols, points, pp, constants, pv); break;
        case ProgramOp::kSub: slots[in.dst] = a - load_operand(in.b, slots, cols, points, pp, constants, pv); break;
        case ProgramOp::kMul: slots[in.dst] = a * load_operand(in.b, slots, cols, points, pp, constants, pv); break;
        case ProgramOp::kNeg: slots[in.dst] = -a; break;
        case ProgramOp::kFold: acc += lambda_pows[in.dst] * a; break;
        default: break;  // interaction ops: not in a constraint program
      }
    }
  }
  if (live) partial[blockIdx.y * points + p] = acc;
}

__global__ void sum_groups_kernel(const BabyBear4* partial, size_t points, uint32_t groups, BabyBear4* out) {
  const size_t p = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (p >= points) return;
  BabyBear4 acc = BabyBear4::zero();
  for (uint32_t g = 0; g < groups; ++g) acc += partial[g * points + p];
  out[p] = acc;
}

}  // namespace

DeviceConstraintProgram upload_constraint_program(Transporter& t, const ConstraintProgram& program) {
  if (program.max_slots > kMaxProgramSlots)
    throw std::invalid_argument("upload_constraint_program: " + std::to_string(program.max_slots) +
                                " slots exceed " + std::to_string(kMaxProgramSlots) + "; compile with more groups");
  DeviceConstraintProgram d;
  d.instrs = t.upload_vector(std::span<const ProgramInstr>(program.instrs));
  d.groups = t.upload_vector(std::span<const ProgramGroup>(program.groups));
  d.constants = t.upload_vector(std::span<const BabyBear>(program.constants));
  d.num_groups = static_cast<uint32_t>(program.groups.size());
  d.num_columns = program.num_columns;
  d.num_constraints = program.num_constraints;
  d.max_slots = program.max_slots;
  return d;
}

template <typename T>
void eval_constraint_program(const DeviceConstraintProgram& program, const T* cols, size_t points,
                             const BabyBear* public_values, const BabyBear4* lambda_pows, BabyBear4* partial,
                             BabyBear4* out, cudaStream_t stream) {
  if (points == 0) return;
  const unsigned blocks = static_cast<unsigned>((points + kBlock - 1) / kBlock);
  if (program.num_groups > 0) {
    const dim3 grid(blocks, program.num_groups);
#define SWIRL_EVAL_LAUNCH(SLOTS)                                                                                 \
  SWIRL_LAUNCH((eval_program_kernel<T, SLOTS>), grid, dim3(kBlock), 0, stream, program.instrs.data(),           \
               program.groups.data(), program.constants.data(), cols, points, public_values, lambda_pows, partial)
    if (program.max_slots <= 32) {
      SWIRL_EVAL_LAUNCH(32);
    } else if (program.max_slots <= 64) {
      SWIRL_EVAL_LAUNCH(64);
    } else if (program.max_slots <= 128) {
      SWIRL_EVAL_LAUNCH(128);
    } else {
      SWIRL_EVAL_LAUNCH(256);
    }
#undef SWIRL_EVAL_LAUNCH
  }
  SWIRL_LAUNCH(sum_groups_kernel, dim3(blocks), dim3(kBlock), 0, stream, partial, points, program.num_groups, out);
}

template void eval_constraint_program<BabyBear>(const DeviceConstraintProgram&, const BabyBear*, size_t,
                                                const BabyBear*, const BabyBear4*, BabyBear4*, BabyBear4*,
                                                cudaStream_t);
template void eval_constraint_program<BabyBear4>(const DeviceConstraintProgram&, const BabyBear4*, size_t,
                                                 const BabyBear*, const BabyBear4*, BabyBear4*, BabyBear4*,
                                                 cudaStream_t);

}  // namespace swirl::cuda
