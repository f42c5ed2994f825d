#include "swirl/poly/univariate_skip.h"

#include "swirl/poly/sumcheck.h"

namespace swirl {

std::vector<BabyBear4> eq_sharp_uni_poly(std::span<const BabyBear4> xi_1) {
  const std::vector<BabyBear4> evals = eq_hypercube_table<BabyBear4>(xi_1);
  return skip_idft<BabyBear4>(evals);
}

BabyBear4 eval_eq_sharp_uni(std::span<const BabyBear4> xi_1, const BabyBear4& z) {
  const int l = static_cast<int>(xi_1.size());
  const std::vector<BabyBear4> evals = eq_hypercube_table<BabyBear4>(xi_1);
  const std::vector<BabyBear4> lw = skip_lagrange_weights<BabyBear4>(l, z);
  BabyBear4 acc = BabyBear4::zero();
  for (size_t k = 0; k < evals.size(); ++k) acc += lw[k] * evals[k];
  return acc;
}

std::vector<BabyBear4> lagrange_interpolate(std::span<const BabyBear> points, std::span<const BabyBear4> values) {
  const size_t n = points.size();
  if (values.size() != n) throw std::invalid_argument("lagrange_interpolate: points and values differ in length");
  std::vector<BabyBear4> out(n, BabyBear4::zero());
  if (n == 0) return out;
  // The master polynomial M(x) = prod (x - p_j), then each basis polynomial
  // M(x) / (x - p_i) by synthetic division, scaled by 1 / prod_{j != i} (p_i - p_j).
  std::vector<BabyBear> master(n + 1, BabyBear::zero());
  master[0] = BabyBear::one();
  for (size_t j = 0; j < n; ++j) {
    for (size_t k = j + 2; k-- > 0;) {
      const BabyBear lower = k > 0 ? master[k - 1] : BabyBear::zero();
      master[k] = lower - master[k] * points[j];
    }
  }
  std::vector<BabyBear> denom(n);
  for (size_t i = 0; i < n; ++i) {
    BabyBear d = BabyBear::one();
    for (size_t j = 0; j < n; ++j)
      if (j != i) d *= points[i] - points[j];
    if (d.is_zero()) throw std::invalid_argument("lagrange_interpolate: repeated point");
    denom[i] = d;
  }
  batch_inverse_in_place(std::span<BabyBear>(denom));
  std::vector<BabyBear> basis(n);
  for (size_t i = 0; i < n; ++i) {
    // quotient of master by (x - p_i), from the top coefficient down
    BabyBear carry = master[n];
    for (size_t k = n; k-- > 0;) {
      basis[k] = carry;
      carry = master[k] + carry * points[i];
    }
    const BabyBear4 scale = values[i] * denom[i];
    for (size_t k = 0; k < n; ++k) out[k] += scale * basis[k];
  }
  return out;
}

std::vector<BabyBear4> interpolate_from_skip_cosets(int l, size_t m, std::span<const BabyBear4> values) {
  const size_t n = size_t{1} << l;
  if (values.size() != m * n) throw std::invalid_argument("interpolate_from_skip_cosets: values != m * N");
  std::vector<BabyBear4> out(m * n, BabyBear4::zero());
  if (m == 0) return out;
  // p(s_c omega^z) = sum_j omega^{jz} s_c^j P_j(s_c^N) with P_j(t) = sum_b coef_{j + N b} t^b:
  // an inverse DFT per coset gives s_c^j P_j(t_c); then interpolate each P_j
  // from the m points t_c = s_c^N.
  std::vector<BabyBear> shifts(m), tpts(m);
  BabyBear s = BabyBear::generator();
  for (size_t c = 0; c < m; ++c, s *= BabyBear::generator()) {
    shifts[c] = s;
    tpts[c] = s.pow(n);
  }
  std::vector<std::vector<BabyBear4>> per_coset(m);
  for (size_t c = 0; c < m; ++c) {
    per_coset[c] = skip_idft<BabyBear4>(values.subspan(c * n, n));
    const BabyBear sinv = shifts[c].inverse();
    BabyBear p = BabyBear::one();
    for (size_t j = 0; j < n; ++j, p *= sinv) per_coset[c][j] = per_coset[c][j] * p;
  }
  std::vector<BabyBear4> pj(m);
  for (size_t j = 0; j < n; ++j) {
    for (size_t c = 0; c < m; ++c) pj[c] = per_coset[c][j];
    const std::vector<BabyBear4> coef = lagrange_interpolate(tpts, pj);
    for (size_t b = 0; b < m; ++b) out[j + n * b] = coef[b];
  }
  return out;
}

BabyBear4 eval_from_integer_points(std::span<const BabyBear4> values, const BabyBear4& x) {
  const size_t n = values.size();
  if (n == 0) return BabyBear4::zero();
  // Barycentric form on 0..n-1: w_i = 1 / (i! (n-1-i)! (-1)^{n-1-i}).
  std::vector<BabyBear4> diff(n);
  for (size_t i = 0; i < n; ++i) {
    diff[i] = x - BabyBear4(BabyBear::from_u64(i));
    if (diff[i].is_zero()) return values[i];
  }
  std::vector<BabyBear> fact(n);
  fact[0] = BabyBear::one();
  for (size_t i = 1; i < n; ++i) fact[i] = fact[i - 1] * BabyBear::from_u64(i);
  // prod_{j} (x - j) * sum_i w_i v_i / (x - i)
  BabyBear4 full = BabyBear4::one();
  for (size_t i = 0; i < n; ++i) full *= diff[i];
  batch_inverse_in_place(std::span<BabyBear4>(diff));
  BabyBear4 acc = BabyBear4::zero();
  for (size_t i = 0; i < n; ++i) {
    BabyBear w = (fact[i] * fact[n - 1 - i]).inverse();
    if ((n - 1 - i) % 2 == 1) w = -w;
    acc += values[i] * diff[i] * w;
  }
  return acc * full;
}

}  // namespace swirl
