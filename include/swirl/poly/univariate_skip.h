// The univariate-skip domain D = <omega> of order N = 2^l (omega is
// Plonky3's two_adic_generator(l)) and the polynomials the batch-constraint
// sumcheck and its verifier build on it (the reference's poly_common.rs and
// the univariate parts of prover/poly.rs). See docs/protocol.md, "Batch
// constraint sumcheck".
//
// Everything here is exact polynomial arithmetic: a polynomial is a vector of
// coefficients, lowest degree first. Sizes are small (N <= 2^l_skip, degrees
// <= (d + 1)(N - 1)), so plain quadratic algorithms are used. The kernels
// eq_D, eq_D(., 1), 2^-l and Horner evaluation are the prism code's
// (poly/prism.h), shared rather than written twice.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/field/batch_inverse.h"
#include "swirl/poly/ntt.h"
#include "swirl/poly/prism.h"

namespace swirl {

/// omega^0, ..., omega^{N-1} for N = 2^l.
inline std::vector<BabyBear> skip_domain_points(int l) {
  if (l < 0 || l > BabyBear::kTwoAdicity) throw std::invalid_argument("skip_domain_points: bad l " + std::to_string(l));
  return two_adic_powers(l);
}

/// eq_D(x, Z) as a polynomial in Z: (1/N)[1, x^{N-1}, x^{N-2}, ..., x].
inline std::vector<BabyBear4> eq_uni_poly(int l, const BabyBear4& x) {
  const size_t n = size_t{1} << l;
  const BabyBear ninv = inv_two_pow(l);
  std::vector<BabyBear4> pw(n + 1);
  pw[0] = BabyBear4::one();
  for (size_t k = 1; k <= n; ++k) pw[k] = pw[k - 1] * x;
  std::vector<BabyBear4> c(n);
  c[0] = BabyBear4(ninv);
  for (size_t k = 1; k < n; ++k) c[k] = pw[n - k] * ninv;
  return c;
}

/// The Lagrange basis of D at z: L_k(z) = eq_D(omega^k, z), k < N.
/// L_k(z) = omega^k (z^N - 1) / (N (z - omega^k)); the indicator when z is in D.
template <typename F>
std::vector<F> skip_lagrange_weights(int l, const F& z) {
  const std::vector<BabyBear> w = skip_domain_points(l);
  const size_t n = w.size();
  std::vector<F> out(n, F::zero());
  std::vector<F> den(n);
  for (size_t k = 0; k < n; ++k) {
    den[k] = z - F(w[k]);
    if (den[k].is_zero()) {
      out[k] = F::one();
      return out;
    }
  }
  batch_inverse_in_place(std::span<F>(den));
  F zn = z;
  for (int i = 0; i < l; ++i) zn = zn * zn;
  const F common = (zn - F::one()) * inv_two_pow(l);
  for (size_t k = 0; k < n; ++k) out[k] = common * den[k] * w[k];
  return out;
}

/// Coefficients of the polynomial of degree < N through (omega^k, v_k)
/// (poly/ntt.h's inverse DFT, natural order).
template <typename F>
std::vector<F> skip_idft(std::span<const F> values) {
  std::vector<F> c(values.begin(), values.end());
  ntt_inverse<F>(std::span<F>(c));
  return c;
}

/// eq_sharp(Z): degree < N, equal at omega^k to eq(xi_1, bits(k)), where
/// xi_1 has l coordinates (coordinate i pairs with bit i of k).
std::vector<BabyBear4> eq_sharp_uni_poly(std::span<const BabyBear4> xi_1);

/// eq_sharp(z) = sum_k eq_D(z, omega^k) eq(xi_1, bits(k)).
BabyBear4 eval_eq_sharp_uni(std::span<const BabyBear4> xi_1, const BabyBear4& z);

/// Coefficients of the polynomial of degree < points.size() through
/// (points[i], values[i]); points must be distinct.
std::vector<BabyBear4> lagrange_interpolate(std::span<const BabyBear> points, std::span<const BabyBear4> values);

/// The polynomial of degree < m N from its values on the m cosets
/// g^{1+c} D (g = 31), c < m; values[c * N + k] is the value at
/// g^{1+c} omega^k. The unique interpolant (reference:
/// from_geometric_cosets_evals_idft with shift = init = g).
std::vector<BabyBear4> interpolate_from_skip_cosets(int l, size_t m, std::span<const BabyBear4> values);

/// The value at x of the polynomial of degree <= n through (i, values[i]),
/// i = 0..n.
BabyBear4 eval_from_integer_points(std::span<const BabyBear4> values, const BabyBear4& x);

}  // namespace swirl
