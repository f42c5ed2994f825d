// Univariate-skip helpers against their definitions.
#include "swirl/poly/univariate_skip.h"

#include <gtest/gtest.h>

#include "swirl/poly/sumcheck.h"
#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

std::vector<EF> random_poly(SplitMix64& rng, size_t n) {
  std::vector<EF> c(n);
  for (auto& x : c) x = rng.ext();
  return c;
}

TEST(UnivariateSkip, DomainHasOrderN) {
  for (int l = 0; l <= 6; ++l) {
    const auto w = skip_domain_points(l);
    ASSERT_EQ(w.size(), size_t{1} << l);
    const F g = F::two_adic_generator(l);
    EXPECT_EQ(g.pow(size_t{1} << l), F::one());
    if (l > 0) {
      EXPECT_NE(g.pow(size_t{1} << (l - 1)), F::one());
    }
  }
}

TEST(UnivariateSkip, EqUniIsLagrangeKernel) {
  SplitMix64 rng(1);
  for (int l = 0; l <= 5; ++l) {
    const auto w = skip_domain_points(l);
    for (size_t i = 0; i < w.size(); ++i)
      for (size_t j = 0; j < w.size(); ++j)
        EXPECT_EQ(eval_eq_uni<F>(l, w[i], w[j]), i == j ? F::one() : F::zero()) << l << " " << i << " " << j;
    for (int rep = 0; rep < 4; ++rep) {
      const EF x = rng.ext(), y = rng.ext();
      // coefficient form in Z, evaluated at y
      const auto c = eq_uni_poly(l, x);
      EXPECT_EQ(horner(c, y), eval_eq_uni<EF>(l, x, y));
      EXPECT_EQ(eval_eq_uni<EF>(l, x, y), eval_eq_uni<EF>(l, y, x));
      EXPECT_EQ(eval_eq_uni_at_one<EF>(l, x), eval_eq_uni<EF>(l, x, EF::one()));
      // Lagrange weights = kernel at omega^k
      const auto lw = skip_lagrange_weights<EF>(l, y);
      for (size_t k = 0; k < w.size(); ++k) EXPECT_EQ(lw[k], eval_eq_uni<EF>(l, EF(w[k]), y));
    }
  }
}

TEST(UnivariateSkip, LagrangeWeightsOnDomainAreIndicators) {
  const int l = 3;
  const auto w = skip_domain_points(l);
  for (size_t j = 0; j < w.size(); ++j) {
    const auto lw = skip_lagrange_weights<F>(l, w[j]);
    for (size_t k = 0; k < w.size(); ++k) EXPECT_EQ(lw[k], k == j ? F::one() : F::zero());
  }
}

TEST(UnivariateSkip, EqSharp) {
  SplitMix64 rng(2);
  for (int l = 0; l <= 5; ++l) {
    std::vector<EF> xi(l);
    for (auto& x : xi) x = rng.ext();
    const auto poly = eq_sharp_uni_poly(xi);
    ASSERT_EQ(poly.size(), size_t{1} << l);
    const auto table = eq_hypercube_table<EF>(xi);
    const auto w = skip_domain_points(l);
    for (size_t k = 0; k < w.size(); ++k) EXPECT_EQ(horner(poly, EF(w[k])), table[k]);
    const EF z = rng.ext();
    EXPECT_EQ(horner(poly, z), eval_eq_sharp_uni(xi, z));
  }
}

TEST(UnivariateSkip, InterpolateFromCosets) {
  SplitMix64 rng(3);
  for (int l = 0; l <= 4; ++l) {
    for (size_t m = 1; m <= 4; ++m) {
      const size_t N = size_t{1} << l;
      const auto c = random_poly(rng, m * N);
      const auto w = skip_domain_points(l);
      std::vector<EF> vals(m * N);
      F s = F::generator();
      for (size_t cs = 0; cs < m; ++cs, s *= F::generator())
        for (size_t z = 0; z < N; ++z) vals[cs * N + z] = horner(c, EF(s * w[z]));
      EXPECT_EQ(interpolate_from_skip_cosets(l, m, vals), c) << l << " " << m;
    }
  }
}

TEST(UnivariateSkip, LagrangeInterpolateAndIntegerPoints) {
  SplitMix64 rng(4);
  for (size_t n = 1; n <= 7; ++n) {
    const auto c = random_poly(rng, n);
    std::vector<F> pts(n);
    std::vector<EF> vals(n);
    for (size_t i = 0; i < n; ++i) {
      pts[i] = F::from_u64(i);
      vals[i] = horner(c, EF(pts[i]));
    }
    EXPECT_EQ(lagrange_interpolate(pts, vals), c);
    const EF x = rng.ext();
    EXPECT_EQ(eval_from_integer_points(vals, x), horner(c, x));
    EXPECT_EQ(eval_from_integer_points(vals, EF(F::from_u64(n - 1))), vals[n - 1]);
  }
}

TEST(UnivariateSkip, SkipDomainInterpolation) {
  SplitMix64 rng(4);
  for (int l = 0; l <= 5; ++l) {
    const size_t n = size_t{1} << l;
    std::vector<EF> c(n);
    for (auto& v : c) v = rng.ext();
    const F w = F::two_adic_generator(l);
    std::vector<EF> evals(n);
    for (size_t z = 0; z < n; ++z) evals[z] = horner(c, w.pow(z));
    EXPECT_EQ((skip_idft<EF>(evals)), c);
    const EF u = rng.ext();
    const auto lag = skip_lagrange_weights<EF>(l, u);
    EF s = EF::zero();
    for (size_t z = 0; z < n; ++z) s += lag[z] * evals[z];
    EXPECT_EQ(s, (horner(c, u)));
  }
  EXPECT_THROW(skip_idft<EF>(std::vector<EF>(3)), std::invalid_argument);
}

}  // namespace
}  // namespace swirl
