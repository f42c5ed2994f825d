// The device interpreter of a compiled constraint or interaction program
// (constraint_program.h), shared by every kernel that evaluates an AIR's
// DAG: constraint_eval.cu (the plain interpreter and its tests),
// logup_input.cu (the GKR input layer) and zerocheck.cu (round 0 and the
// MLE rounds). Private to src/backend/cuda.
//
// A kernel runs one group per block and one point per thread. Where a
// column operand reads its value is the kernel's `Columns` policy (a
// column-major point buffer, a trace row window, a pair of folded rows);
// what the roots do is its `Sink` (fold into the lambda-batched sum, or
// combine interactions). Instructions are staged through shared memory in
// chunks: every thread of a block runs the same group, so a chunk is loaded
// once, coalesced, and then read as broadcasts, off the dependency chain of
// the arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "swirl/backend/cuda/constraint_program.h"
#include "swirl/backend/cuda/logup_input.h"

namespace swirl::cuda::interp {

using F = BabyBear;
using EF = BabyBear4;

inline constexpr int kChunk = 512;

/// Flat column c of point p is base[c * stride + p].
template <typename T>
struct StridedColumns {
  const T* base;
  size_t stride;
  __device__ __forceinline__ T operator()(uint32_t c, size_t p) const { return base[c * stride + p]; }
};

/// Flat column c at (lifted) trace row `row` of a trace of height mask + 1:
/// the selectors for c < 3, else the referenced column at (row + offset) mod
/// height (the lift repeats the trace).
__device__ __forceinline__ F trace_value(const FlatColumnRef* refs, uint32_t c, size_t row, size_t mask) {
  const size_t r = row & mask;
  if (c == 0) return r == 0 ? F::one() : F::zero();     // is_first_row
  if (c == 1) return r == mask ? F::zero() : F::one();  // is_transition
  if (c == 2) return r == mask ? F::one() : F::zero();  // is_last_row
  const FlatColumnRef ref = refs[c];
  return ref.col[(row + ref.offset) & mask];
}

/// Points are trace rows.
struct TraceColumns {
  const FlatColumnRef* refs;
  size_t mask;
  __device__ __forceinline__ F operator()(uint32_t c, size_t row) const { return trace_value(refs, c, row, mask); }
};

/// Constraint roots: acc[i] += lambda^k * value at point i.
template <typename T, int kP>
struct ConstraintSink {
  const EF* lambda_pows;
  EF acc[kP] = {};
  __device__ __forceinline__ void fold(uint32_t k, const T (&v)[kP]) {
    const EF l = lambda_pows[k];
#pragma unroll
    for (int i = 0; i < kP; ++i) acc[i] += l * v[i];
  }
  __device__ __forceinline__ void count(uint32_t, const T (&)[kP]) {}
  __device__ __forceinline__ void field(uint32_t, const T (&)[kP]) {}
  __device__ __forceinline__ void emit(uint32_t) {}
};

/// Runs group `g` at the kP points `p` of the calling thread: kP
/// independent dependency chains over one instruction fetch and decode (a
/// dead thread passes point 0: it still helps stage the chunks). Every
/// thread of the block must call it with the same group. The sink's
/// fold/count/field take the kP values of an operand.
template <typename T, int kSlots, int kP, typename Columns, typename Sink>
__device__ __forceinline__ void run_group(const ProgramInstr* instrs, const ProgramGroup& g, const F* constants,
                                          const F* pv, const Columns& cols, const size_t (&p)[kP], Sink& sink) {
  __shared__ ProgramInstr chunk[kChunk];
  T slots[kSlots][kP];
  auto load = [&](Operand o, T(&out)[kP]) {
    switch (o.kind()) {
      case Operand::kSlot:
#pragma unroll
        for (int i = 0; i < kP; ++i) out[i] = slots[o.value()][i];
        break;
      case Operand::kColumn:
#pragma unroll
        for (int i = 0; i < kP; ++i) out[i] = cols(o.value(), p[i]);
        break;
      case Operand::kConstant:
#pragma unroll
        for (int i = 0; i < kP; ++i) out[i] = T(constants[o.value()]);
        break;
      default:
#pragma unroll
        for (int i = 0; i < kP; ++i) out[i] = T(pv[o.value()]);
        break;
    }
  };
  for (uint32_t base = 0; base < g.count; base += kChunk) {
    const uint32_t n = min(static_cast<uint32_t>(kChunk), g.count - base);
    __syncthreads();
    for (uint32_t i = threadIdx.x; i < n; i += blockDim.x) chunk[i] = instrs[g.first + base + i];
    __syncthreads();
    for (uint32_t i = 0; i < n; ++i) {
      const ProgramInstr in = chunk[i];
      T a[kP], b[kP];
      load(in.a, a);
      switch (in.op) {
        case ProgramOp::kAdd:
          load(in.b, b);
#pragma unroll
          for (int j = 0; j < kP; ++j) slots[in.dst][j] = a[j] + b[j];
          break;
        case ProgramOp::kSub:
          load(in.b, b);
#pragma unroll
          for (int j = 0; j < kP; ++j) slots[in.dst][j] = a[j] - b[j];
          break;
        case ProgramOp::kMul:
          load(in.b, b);
#pragma unroll
          for (int j = 0; j < kP; ++j) slots[in.dst][j] = a[j] * b[j];
          break;
        case ProgramOp::kNeg:
#pragma unroll
          for (int j = 0; j < kP; ++j) slots[in.dst][j] = -a[j];
          break;
        case ProgramOp::kFold:
          sink.fold(in.dst, a);
          break;
        case ProgramOp::kCount:
          sink.count(in.dst, a);
          break;
        case ProgramOp::kField:
          sink.field(in.b.w, a);
          break;
        case ProgramOp::kEmit:
          sink.emit(in.dst);
          break;
      }
    }
  }
}

inline constexpr int kBlock = 128;  // threads per block of the program kernels

/// Points per thread of the constraint kernel: 2 in the base field (round
/// 0: two chains per instruction fetch), 1 in BabyBear4 (its slots are 4x
/// larger; two points would double the device-wide local-memory
/// reservation).
template <typename T>
inline constexpr int kPointsPerThread = sizeof(T) == sizeof(F) ? 2 : 1;

/// Constraint programs: partial[g * points + p] = group g's share of
/// sum_k lambda^k c_k at point p (one block row per group, kBlock *
/// kPointsPerThread<T> points per block).
template <typename T, int kSlots, typename Columns>
__global__ void __launch_bounds__(kBlock)
    constraint_partials_kernel(const ProgramInstr* instrs, const ProgramGroup* groups, const F* constants, const F* pv,
                               Columns cols, size_t points, const EF* lambda_pows, EF* partial) {
  constexpr int kP = kPointsPerThread<T>;
  const size_t first = blockIdx.x * static_cast<size_t>(blockDim.x) * kP + threadIdx.x;
  size_t p[kP];
#pragma unroll
  for (int i = 0; i < kP; ++i) {
    const size_t q = first + static_cast<size_t>(i) * blockDim.x;
    p[i] = q < points ? q : 0;
  }
  ConstraintSink<T, kP> sink{lambda_pows};
  run_group<T, kSlots, kP>(instrs, groups[blockIdx.y], constants, pv, cols, p, sink);
#pragma unroll
  for (int i = 0; i < kP; ++i) {
    const size_t q = first + static_cast<size_t>(i) * blockDim.x;
    if (q < points) partial[blockIdx.y * points + q] = sink.acc[i];
  }
}

/// The constraint kernel's grid for `points` points and `groups` groups.
template <typename T>
inline dim3 constraint_grid(size_t points, uint32_t groups) {
  const size_t per_block = static_cast<size_t>(kBlock) * kPointsPerThread<T>;
  return dim3(static_cast<unsigned>((points + per_block - 1) / per_block), groups);
}

/// Calls `launch(std::integral_constant<int, S>{})` with the smallest slot
/// array size S in {16, 32, 64, 128, 256} that holds `max_slots`.
template <typename Launch>
void with_slots(uint32_t max_slots, Launch&& launch) {
  if (max_slots <= 16) {
    launch(std::integral_constant<int, 16>{});
  } else if (max_slots <= 32) {
    launch(std::integral_constant<int, 32>{});
  } else if (max_slots <= 64) {
    launch(std::integral_constant<int, 64>{});
  } else if (max_slots <= 128) {
    launch(std::integral_constant<int, 128>{});
  } else {
    launch(std::integral_constant<int, 256>{});
  }
}

}  // namespace swirl::cuda::interp
