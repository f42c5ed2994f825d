// Random traces of mixed heights for the PCS transport and commit tests:
// with l_skip = 4 the heights 2^6, 2^4, 2^3, 2^2 and 2^0 give strides 1, 1,
// 2, 4 and 16, and a width-0 matrix sits among them.
#pragma once

#include <vector>

#include "swirl/util/matrix.h"
#include "swirl/field/rng.h"

namespace swirl::cuda::testing {

struct TraceSet {
  std::vector<ColMajorMatrix<BabyBear>> traces;
  std::vector<const ColMajorMatrix<BabyBear>*> ptrs() const {
    std::vector<const ColMajorMatrix<BabyBear>*> p;
    for (const auto& t : traces) p.push_back(&t);
    return p;
  }
};

/// Traces with the given (log height, width), tallest first, random values.
inline TraceSet random_traces(std::initializer_list<std::pair<int, size_t>> shapes, uint64_t seed) {
  SplitMix64 rng(seed);
  TraceSet s;
  for (auto [lh, w] : shapes) {
    const size_t h = size_t{1} << lh;
    ColMajorMatrix<BabyBear> m(h, w);
    for (auto& x : m.values()) x = rng.field();
    s.traces.push_back(std::move(m));
  }
  return s;
}

/// The mixed set: strides 1, 1, 2, 4, 16 at l_skip = 4, one width-0 matrix.
inline TraceSet mixed_traces(uint64_t seed) {
  return random_traces({{6, 3}, {4, 2}, {3, 5}, {3, 0}, {2, 3}, {0, 4}}, seed);
}

}  // namespace swirl::cuda::testing
