// Plain models for opening tests: Lagrange bases from the product formula,
// and the value of a trace or stacked column's polynomial at a point, from
// the definitions (no shared code with the prover or verifier).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/util/matrix.h"

namespace swirl::testing {

/// L_j(x) for the order-2^l subgroup <w>: prod_{k != j} (x - w^k) / (w^j - w^k).
inline BabyBear4 lagrange(int l, size_t j, BabyBear4 x) {
  const BabyBear w = BabyBear::two_adic_generator(l);
  const size_t n = size_t{1} << l;
  BabyBear4 num = BabyBear4::one();
  BabyBear den = BabyBear::one();
  for (size_t k = 0; k < n; ++k) {
    if (k == j) continue;
    num *= x - w.pow(k);
    den *= w.pow(j) - w.pow(k);
  }
  return num * den.inverse();
}

/// prod_k (bit k of `bits` ? x_k : 1 - x_k).
inline BabyBear4 bit_eq(size_t bits, std::span<const BabyBear4> x) {
  BabyBear4 acc = BabyBear4::one();
  for (size_t k = 0; k < x.size(); ++k) acc *= ((bits >> k) & 1) ? x[k] : BabyBear4::one() - x[k];
  return acc;
}

/// A column's polynomial at the point r: for height 2^(l+n) >= 2^l the
/// prismalinear polynomial on D x {0,1}^n at (r_0, r_1..r_n) (row
/// z + 2^l x is the point (w^z, bits of x)); for height 2^h < 2^l the
/// interpolant over the order-2^h subgroup at r_0^(2^(l-h)). With `rot` the
/// column of next rows (cyclic).
inline BabyBear4 column_claim(int l, std::span<const BabyBear> col, std::span<const BabyBear4> r, bool rot) {
  const size_t h = col.size();
  int log_h = 0;
  while ((size_t{1} << log_h) < h) ++log_h;
  BabyBear4 acc = BabyBear4::zero();
  if (log_h >= l) {
    const size_t n = static_cast<size_t>(log_h - l);
    for (size_t row = 0; row < h; ++row) {
      const BabyBear v = col[rot ? (row + 1) % h : row];
      acc += v * lagrange(l, row & ((size_t{1} << l) - 1), r[0]) * bit_eq(row >> l, r.subspan(1, n));
    }
  } else {
    const BabyBear4 rp = r[0].exp_power_of_2(l - log_h);
    for (size_t row = 0; row < h; ++row) acc += col[rot ? (row + 1) % h : row] * lagrange(log_h, row, rp);
  }
  return acc;
}

/// A fibonacci trace (columns a, b; next row (b, a + b)), as the reference's
/// FibFixture(0, 1, n).
inline ColMajorMatrix<BabyBear> fib_trace(size_t n) {
  ColMajorMatrix<BabyBear> m(n, 2);
  BabyBear a = BabyBear::zero(), b = BabyBear::one();
  for (size_t i = 0; i < n; ++i) {
    m.at(i, 0) = a;
    m.at(i, 1) = b;
    const BabyBear c = a + b;
    a = b;
    b = c;
  }
  return m;
}

}  // namespace swirl::testing
