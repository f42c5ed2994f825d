// Multilinear coefficient/evaluation transforms and the kernels WHIR uses
// (the reference's prover/poly.rs Mle, evals_mobius_eq_hypercube,
// poly_common.rs eval_mobius_eq_mle, verifier/whir.rs binary_k_fold).
//
// A multilinear polynomial in n variables has 2^n coefficients: coefficient
// S (an n-bit mask, bit i = variable i) multiplies prod_{i in S} X_i. Its
// evaluation table on {0,1}^n uses the same indexing (bit i = coordinate i).
// The two are related by the subset-sum (zeta) transform
//   evals[T] = sum_{S subset of T} coeffs[S]
// and its inverse, the Moebius transform.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"

namespace swirl {

namespace detail {
inline void check_pow2(size_t n, const char* what) {
  if (n == 0 || (n & (n - 1)) != 0) throw std::invalid_argument(std::string(what) + ": length is not a power of two");
}
}  // namespace detail

/// Coefficients -> hypercube evaluations, in place (zeta transform).
template <typename F>
void mle_coeffs_to_evals(std::span<F> a) {
  detail::check_pow2(a.size(), "mle_coeffs_to_evals");
  for (size_t step = 1; step < a.size(); step <<= 1)
    for (size_t i = 0; i < a.size(); i += 2 * step)
      for (size_t j = i; j < i + step; ++j) a[j + step] += a[j];
}

/// Hypercube evaluations -> coefficients, in place (Moebius transform).
template <typename F>
void mle_evals_to_coeffs(std::span<F> a) {
  detail::check_pow2(a.size(), "mle_evals_to_coeffs");
  for (size_t step = 1; step < a.size(); step <<= 1)
    for (size_t i = 0; i < a.size(); i += 2 * step)
      for (size_t j = i; j < i + step; ++j) a[j + step] -= a[j];
}

/// The table over b in {0,1}^n of the Moebius-adjusted eq kernel
/// prod_i (b_i ? u_i : 1 - 2 u_i). Its inner product with the hypercube
/// evaluations of the multilinear polynomial whose coefficients are c gives
/// the multilinear extension of the table c at u. (evals_mobius_eq_hypercube.)
template <typename F>
std::vector<F> mobius_eq_hypercube_table(std::span<const F> u) {
  std::vector<F> out(size_t{1} << u.size());
  out[0] = F::one();
  for (size_t i = 0; i < u.size(); ++i) {
    const F w0 = F::one() - u[i].doubled();
    const size_t half = size_t{1} << i;
    for (size_t b = 0; b < half; ++b) {
      const F prev = out[b];
      out[b + half] = prev * u[i];
      out[b] = prev * w0;
    }
  }
  return out;
}

/// prod_i ((1 - 2 u_i)(1 - x_i) + u_i x_i): the multilinear extension of the
/// table above, at x.
template <typename F>
F eval_mobius_eq_mle(std::span<const F> u, std::span<const F> x) {
  if (u.size() != x.size()) throw std::invalid_argument("eval_mobius_eq_mle: points of different dimension");
  F acc = F::one();
  for (size_t i = 0; i < u.size(); ++i) acc *= (F::one() - u[i].doubled()) * (F::one() - x[i]) + u[i] * x[i];
  return acc;
}

/// The k-fold binary fold used by WHIR's queries. `values[t]` is f at the
/// point x * w_k^t (t < 2^k, w_k = two_adic_generator(k)), a coset of the
/// 2^k-th roots of unity; returns g_k(x^(2^k)) where g_0 = f and
///   g_{i+1}(Y^2) = g_i(Y) + (alpha_i - Y) (g_i(Y) - g_i(-Y)) / (2Y),
/// i.e. even part + alpha_i * odd part. This equals folding the associated
/// multilinear polynomial's lowest variable at alpha_0, then the next, ...
/// Requires x != 0 and values.size() == 2^alphas.size().
inline BabyBear4 binary_k_fold(std::vector<BabyBear4> values, std::span<const BabyBear4> alphas, BabyBear x) {
  const size_t k = alphas.size();
  if (values.size() != (size_t{1} << k)) throw std::invalid_argument("binary_k_fold: values.size() != 2^k");
  if (x.is_zero()) throw std::invalid_argument("binary_k_fold: x = 0");
  if (k == 0) return values[0];
  const BabyBear wk = BabyBear::two_adic_generator(static_cast<int>(k));
  const BabyBear wk_inv = wk.inverse();
  const size_t half = values.size() / 2;
  std::vector<BabyBear> tw(half), inv_tw(half);
  tw[0] = inv_tw[0] = BabyBear::one();
  for (size_t i = 1; i < half; ++i) {
    tw[i] = tw[i - 1] * wk;
    inv_tw[i] = inv_tw[i - 1] * wk_inv;
  }
  BabyBear xp = x, xinv = x.inverse();
  for (size_t j = 0; j < k; ++j) {
    const size_t m = values.size() >> (j + 1);
    for (size_t i = 0; i < m; ++i) {
      // lo[i] = g(Y), hi[i] = g(-Y) with Y = w_k^(i 2^j) x^(2^j).
      const BabyBear y = tw[i << j] * xp;
      const BabyBear half_y_inv = (inv_tw[i << j] * xinv).halve();
      values[i] += (alphas[j] - y) * (values[i] - values[i + m]) * half_y_inv;
    }
    xp = xp.square();
    xinv = xinv.square();
  }
  return values[0];
}

}  // namespace swirl
