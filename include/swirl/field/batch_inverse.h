// Batch inversion (Montgomery's trick): n inverses for 3(n-1) products and one
// field inversion. Zeros are left as zero and skipped, so one zero does not
// poison the batch.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace swirl {

/// Replaces every nonzero x[i] by x[i]^{-1}; zeros stay zero.
template <typename Field>
void batch_inverse_in_place(std::span<Field> x) {
  const size_t n = x.size();
  if (n == 0) return;
  std::vector<Field> prefix(n);
  Field acc = Field::one();
  for (size_t i = 0; i < n; ++i) {
    prefix[i] = acc;
    if (!x[i].is_zero()) acc *= x[i];
  }
  Field inv = acc.inverse();
  for (size_t i = n; i-- > 0;) {
    if (x[i].is_zero()) continue;
    Field xi = x[i];
    x[i] = inv * prefix[i];
    inv *= xi;
  }
}

/// Returns the inverses of `x` (zeros map to zero).
template <typename Field>
std::vector<Field> batch_inverse(std::span<const Field> x) {
  std::vector<Field> out(x.begin(), x.end());
  batch_inverse_in_place<Field>(out);
  return out;
}

}  // namespace swirl
