// The multilinear eq weight at one hypercube point, shared by the kernels
// that build eq tables (zerocheck's, the GKR's) or add eq terms (WHIR's
// weight updates). Private to src/backend/cuda.
#pragma once

#include <cstddef>

#include "swirl/field/babybear4.h"

namespace swirl::cuda {

/// eq(x, b) = prod_{i < n} (bit i of b ? x[i] : 1 - x[i]) (bit i of the
/// index is coordinate i, as the host's eq_hypercube_table). `X` indexes
/// like an array of T (device memory or a by-value table).
template <typename T, typename X>
__device__ __forceinline__ T eq_weight(const X& x, int n, size_t b) {
  T acc = T::one();
  for (int i = 0; i < n; ++i) acc *= ((b >> i) & 1) != 0 ? T(x[i]) : T::one() - x[i];
  return acc;
}

}  // namespace swirl::cuda
