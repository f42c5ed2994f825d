// The power sequence of one field element, the batching weights of the
// sumchecks and openings (lambda, mu, beta powers).
#pragma once

#include <cstddef>
#include <vector>

namespace swirl {

/// x^0, x^1, ..., x^(n-1) (F = BabyBear or BabyBear4).
template <typename F>
std::vector<F> powers(const F& x, size_t n) {
  std::vector<F> out(n);
  F acc = F::one();
  for (size_t i = 0; i < n; ++i, acc *= x) out[i] = acc;
  return out;
}

}  // namespace swirl
