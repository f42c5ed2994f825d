// Small helpers shared by the sumcheck provers and verifiers: the equality
// polynomial, multilinear evaluation, and interpolation of a round
// polynomial from its values at 0, 1, ... (the reference's poly_common.rs).
//
// Hypercube convention (the reference's everywhere): a point b of {0,1}^n is
// the integer sum b_i 2^i, so coordinate i of an evaluation point pairs with
// bit i of a table index, and sumcheck binds coordinate 0 (the low bit)
// first: folding pairs entries 2y and 2y + 1.
//
// All functions are generic in the field F (BabyBear or BabyBear4).
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/util/hd.h"

namespace swirl {

/// eq(x, y) for one coordinate: x y + (1 - x)(1 - y).
template <typename F>
SWIRL_HD constexpr F eq1(const F& x, const F& y) {
  return F::one() - x - y + (x * y).doubled();
}

/// eq(x, y) = prod_i eq1(x_i, y_i); x and y must have the same length.
template <typename F>
F eval_eq_mle(std::span<const F> x, std::span<const F> y) {
  if (x.size() != y.size()) throw std::invalid_argument("eval_eq_mle: points of different dimension");
  F acc = F::one();
  for (size_t i = 0; i < x.size(); ++i) acc *= eq1(x[i], y[i]);
  return acc;
}

/// The table of eq(x, b) over b in {0,1}^n (n = x.size()), entry b at index
/// sum b_i 2^i.
template <typename F>
std::vector<F> eq_hypercube_table(std::span<const F> x) {
  std::vector<F> out(size_t{1} << x.size());
  out[0] = F::one();
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t half = size_t{1} << i;
    for (size_t b = 0; b < half; ++b) {
      const F lo = out[b];
      out[b + half] = lo * x[i];
      out[b] = lo - out[b + half];
    }
  }
  return out;
}

/// The multilinear extension of `evals` (length 2^n) at `x` (length n).
template <typename F>
F eval_mle(std::span<const F> evals, std::span<const F> x) {
  if (evals.size() != (size_t{1} << x.size())) throw std::invalid_argument("eval_mle: table is not 2^dim long");
  // Bind the highest coordinate first, halving the table each time.
  std::vector<F> t(evals.begin(), evals.end());
  size_t len = t.size();
  for (size_t i = x.size(); i-- > 0;) {
    len >>= 1;
    for (size_t b = 0; b < len; ++b) t[b] = t[b] + (t[b + len] - t[b]) * x[i];
  }
  return t[0];
}

/// The line through (0, e0), (1, e1), at x.
template <typename F>
SWIRL_HD constexpr F interpolate_linear_01(const F& e0, const F& e1, const F& x) {
  return e0 + (e1 - e0) * x;
}

/// The polynomial of degree <= 2 through (i, e[i]), i = 0, 1, 2, at x.
template <typename F>
SWIRL_HD constexpr F interpolate_quadratic_012(const F (&e)[3], const F& x) {
  // Newton form: e0 + d1 x + d2 x (x - 1) / 2 with forward differences.
  const F d1 = e[1] - e[0];
  const F d2 = e[2] - e[1] - d1;
  const BabyBear inv2 = BabyBear::from_canonical((BabyBear::kP + 1) / 2);
  return e[0] + d1 * x + d2 * x * (x - F::one()) * inv2;
}

/// The polynomial of degree <= 3 through (i, e[i]), i = 0..3, at x.
template <typename F>
SWIRL_HD constexpr F interpolate_cubic_0123(const F (&e)[4], const F& x) {
  // Newton form with forward differences: e0 + d1 x + d2 x(x-1)/2 + d3 x(x-1)(x-2)/6.
  const F d1 = e[1] - e[0];
  const F d2 = e[2] - e[1].doubled() + e[0];
  const F d3 = e[3] - e[2] * BabyBear::from_canonical(3) + e[1] * BabyBear::from_canonical(3) - e[0];
  // 1/2 and 1/6 in BabyBear: 6 * 1677721601 = 10066329606 = 5p + 1.
  const BabyBear inv2 = BabyBear::from_canonical((BabyBear::kP + 1) / 2);
  const BabyBear inv6 = BabyBear::from_canonical(1677721601u);
  const F x1 = x * (x - F::one());
  return e[0] + d1 * x + d2 * x1 * inv2 + d3 * x1 * (x - F::one().doubled()) * inv6;
}

/// The value at 3 of the polynomial of degree <= 2 through (i, e[i]), i = 0, 1, 2.
template <typename F>
SWIRL_HD constexpr F extrapolate_quadratic_to_3(const F& e0, const F& e1, const F& e2) {
  return e0 + (e2 - e1) * BabyBear::from_canonical(3);
}

}  // namespace swirl
