// A block-wide sum of BabyBear4 values through CUB's BlockReduce (field
// addition is exact, so the reduction order does not change the result).
// Private to src/backend/cuda.
#pragma once

#include <cub/block/block_reduce.cuh>

#include "swirl/field/babybear4.h"

namespace swirl::cuda {

struct AddBabyBear4 {
  __device__ __forceinline__ BabyBear4 operator()(const BabyBear4& a, const BabyBear4& b) const { return a + b; }
};

/// The sum of `v` over the block's kThreads threads; valid in thread 0.
template <int kThreads>
__device__ __forceinline__ BabyBear4 block_sum(const BabyBear4& v) {
  using Reduce = cub::BlockReduce<BabyBear4, kThreads>;
  __shared__ typename Reduce::TempStorage tmp;
  return Reduce(tmp).Reduce(v, AddBabyBear4{});
}

}  // namespace swirl::cuda
