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

/// Constraint roots: acc += lambda^k * value.
template <typename T>
struct ConstraintSink {
  const EF* lambda_pows;
  EF acc = EF::zero();
  __device__ __forceinline__ void fold(uint32_t k, const T& v) { acc += lambda_pows[k] * v; }
  __device__ __forceinline__ void count(uint32_t, const T&) {}
  __device__ __forceinline__ void field(uint32_t, const T&) {}
  __device__ __forceinline__ void emit(uint32_t) {}
};

/// Runs group `g` at point `p` (a dead thread passes live = false: it still
/// helps stage the chunks, and its sink sees values of point 0). Every
/// thread of the block must call it with the same group.
template <typename T, int kSlots, typename Columns, typename Sink>
__device__ __forceinline__ void run_group(const ProgramInstr* instrs, const ProgramGroup& g, const F* constants,
                                          const F* pv, const Columns& cols, size_t p, Sink& sink) {
  __shared__ ProgramInstr chunk[kChunk];
  T slots[kSlots];
  auto load = [&](Operand o) -> T {
    switch (o.kind()) {
      case Operand::kSlot: return slots[o.value()];
      case Operand::kColumn: return cols(o.value(), p);
      case Operand::kConstant: return T(constants[o.value()]);
      default: return T(pv[o.value()]);
    }
  };
  for (uint32_t base = 0; base < g.count; base += kChunk) {
    const uint32_t n = min(static_cast<uint32_t>(kChunk), g.count - base);
    __syncthreads();
    for (uint32_t i = threadIdx.x; i < n; i += blockDim.x) chunk[i] = instrs[g.first + base + i];
    __syncthreads();
    for (uint32_t i = 0; i < n; ++i) {
      const ProgramInstr in = chunk[i];
      const T a = load(in.a);
      switch (in.op) {
        case ProgramOp::kAdd: slots[in.dst] = a + load(in.b); break;
        case ProgramOp::kSub: slots[in.dst] = a - load(in.b); break;
        case ProgramOp::kMul: slots[in.dst] = a * load(in.b); break;
        case ProgramOp::kNeg: slots[in.dst] = -a; break;
        case ProgramOp::kFold: sink.fold(in.dst, a); break;
        case ProgramOp::kCount: sink.count(in.dst, a); break;
        case ProgramOp::kField: sink.field(in.b.w, a); break;
        case ProgramOp::kEmit: sink.emit(in.dst); break;
      }
    }
  }
}

inline constexpr int kBlock = 128;  // threads per block of the program kernels

/// Constraint programs: partial[g * points + p] = group g's share of
/// sum_k lambda^k c_k at point p (one block row per group).
template <typename T, int kSlots, typename Columns>
__global__ void __launch_bounds__(kBlock)
    constraint_partials_kernel(const ProgramInstr* instrs, const ProgramGroup* groups, const F* constants,
                               const F* pv, Columns cols, size_t points, const EF* lambda_pows, EF* partial) {
  const size_t p = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  const bool live = p < points;
  ConstraintSink<T> sink{lambda_pows};
  run_group<T, kSlots>(instrs, groups[blockIdx.y], constants, pv, cols, live ? p : 0, sink);
  if (live) partial[blockIdx.y * points + p] = sink.acc;
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
