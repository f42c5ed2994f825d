// Prism kernels (poly/prism.h) and the WHIR transforms (poly/mle_transform.h)
// against their definitions: Lagrange bases built from products, indicator
// tables on the hypercube/prism, polynomial identities at random points, and
// the reference's known formulas (fold_single, fold_double, test_eval_in_uni,
// test_decoder_kernel_identity).
#include <gtest/gtest.h>

#include <vector>

#include "swirl/poly/mle_transform.h"
#include "swirl/poly/prism.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

std::vector<EF> bits_of(size_t i, size_t n) {
  std::vector<EF> b(n);
  for (size_t k = 0; k < n; ++k) b[k] = ((i >> k) & 1) ? EF::one() : EF::zero();
  return b;
}

// Lagrange basis of the order-2^l subgroup at x, from the product formula.
EF lagrange_product(int l, size_t j, EF x) {
  const F w = F::two_adic_generator(l);
  const size_t n = size_t{1} << l;
  EF num = EF::one();
  F den = F::one();
  for (size_t k = 0; k < n; ++k) {
    if (k == j) continue;
    num *= x - w.pow(k);
    den *= w.pow(j) - w.pow(k);
  }
  return num * den.inverse();
}

TEST(Prism, EqUniIsTheLagrangeKernel) {
  SplitMix64 rng(1);
  for (int l = 0; l <= 4; ++l) {
    const F w = F::two_adic_generator(l);
    const size_t n = size_t{1} << l;
    for (size_t a = 0; a < n; ++a)
      for (size_t b = 0; b < n; ++b)
        EXPECT_EQ(eval_eq_uni(l, EF(w.pow(a)), EF(w.pow(b))), a == b ? EF::one() : EF::zero());
    const EF x = rng.ext();
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(eval_eq_uni(l, x, EF(w.pow(j))), lagrange_product(l, j, x)) << l << " " << j;
      EXPECT_EQ(eval_eq_uni(l, EF(w.pow(j)), x), lagrange_product(l, j, x));
    }
    EXPECT_EQ(eval_eq_uni_at_one(l, x), lagrange_product(l, 0, x));
    // eq_D(x, y) is a polynomial in both: sum_j L_j(x) L_j(y).
    const EF y = rng.ext();
    EF s = EF::zero();
    for (size_t j = 0; j < n; ++j) s += lagrange_product(l, j, x) * lagrange_product(l, j, y);
    EXPECT_EQ(eval_eq_uni(l, x, y), s);
  }
}

TEST(Prism, InUniMatchesReferenceFormula) {
  // The reference's test_eval_in_uni: l = 3, n = -2, z = 12345.
  const int l = 3, n = -2;
  const F z = F::from_u32(12345);
  const F expected = (z.exp_power_of_2(l) - F::one()) * (z.exp_power_of_2(l + n) - F::one()).inverse() *
                     F::from_u32(1u << 2).inverse();
  EXPECT_EQ(eval_in_uni(l, n, z), expected);
  EXPECT_EQ(eval_in_uni(l, 0, z), F::one());
  // On D it is the indicator of the order-2^(l+n) subgroup.
  const F w = F::two_adic_generator(l);
  for (size_t a = 0; a < 8; ++a) EXPECT_EQ(eval_in_uni(l, n, w.pow(a)), a % 4 == 0 ? F::one() : F::zero());
  EXPECT_THROW(eval_in_uni(l, -4, z), std::invalid_argument);
}

TEST(Prism, RotCubeIsTheSuccessorIndicatorAndMultilinear) {
  SplitMix64 rng(2);
  for (size_t n = 0; n <= 4; ++n) {
    const size_t m = size_t{1} << n;
    for (size_t a = 0; a < m; ++a)
      for (size_t b = 0; b < m; ++b) {
        const auto [eq, rot] = eval_eq_rot_cube<EF>(bits_of(a, n), bits_of(b, n));
        EXPECT_EQ(eq, a == b ? EF::one() : EF::zero());
        EXPECT_EQ(rot, a == (b + 1) % m ? EF::one() : EF::zero()) << n << " " << a << " " << b;
      }
    std::vector<EF> x(n), y(n);
    for (auto& v : x) v = rng.ext();
    for (auto& v : y) v = rng.ext();
    const auto ex = eq_hypercube_table<EF>(x), ey = eq_hypercube_table<EF>(y);
    EF rot = EF::zero();
    for (size_t b = 0; b < m; ++b) rot += ex[(b + 1) % m] * ey[b];
    EXPECT_EQ(eval_eq_rot_cube<EF>(x, y).second, rot);
  }
}

TEST(Prism, RotKernelIsTheNextRowOnThePrism) {
  SplitMix64 rng(3);
  for (int l = 0; l <= 3; ++l)
    for (size_t n = 0; n <= 2; ++n) {
      const F w = F::two_adic_generator(l);
      const size_t rows = size_t{1} << (l + n);
      auto point = [&](size_t i) {
        std::vector<EF> p{EF(w.pow(i & ((size_t{1} << l) - 1)))};
        auto b = bits_of(i >> l, n);
        p.insert(p.end(), b.begin(), b.end());
        return p;
      };
      for (size_t a = 0; a < rows; ++a)
        for (size_t b = 0; b < rows; ++b) {
          EXPECT_EQ(eval_rot_kernel_prism<EF>(l, point(a), point(b)), a == (b + 1) % rows ? EF::one() : EF::zero());
          EXPECT_EQ(eval_eq_prism<EF>(l, point(a), point(b)), a == b ? EF::one() : EF::zero());
        }
      // At random points it is the prismalinear extension of that table.
      std::vector<EF> x(n + 1), y(n + 1);
      for (auto& v : x) v = rng.ext();
      for (auto& v : y) v = rng.ext();
      EF s = EF::zero();
      for (size_t b = 0; b < rows; ++b) {
        const size_t a = (b + 1) % rows;
        auto basis = [&](size_t i, const std::vector<EF>& p) {
          return lagrange_product(l, i & ((size_t{1} << l) - 1), p[0]) *
                 eval_eq_mle<EF>(std::span<const EF>(p).subspan(1), bits_of(i >> l, n));
        };
        s += basis(a, x) * basis(b, y);
      }
      EXPECT_EQ(eval_rot_kernel_prism<EF>(l, x, y), s) << l << " " << n;
    }
}

TEST(MleTransform, ZetaAndMoebius) {
  SplitMix64 rng(5);
  for (size_t n = 0; n <= 6; ++n) {
    std::vector<EF> c(size_t{1} << n);
    for (auto& v : c) v = rng.ext();
    std::vector<EF> e = c;
    mle_coeffs_to_evals<EF>(e);
    for (size_t b = 0; b < e.size(); ++b) {
      EF direct = EF::zero();
      for (size_t s = 0; s < c.size(); ++s)
        if ((s & b) == s) direct += c[s];
      EXPECT_EQ(e[b], direct);
    }
    mle_evals_to_coeffs<EF>(e);
    EXPECT_EQ(e, c);
  }
}

// The reference's test_decoder_kernel_identity: with RS coefficients
// r = zeta(a) and f-hat the multilinear polynomial with coefficients r, the
// inner product of f-hat's hypercube values with the Moebius eq table of u is
// the multilinear polynomial with coefficients a at u.
TEST(MleTransform, MobiusKernelIdentity) {
  SplitMix64 rng(6);
  for (size_t m = 0; m <= 8; ++m) {
    std::vector<F> a(size_t{1} << m);
    for (auto& v : a) v = rng.field();
    std::vector<F> hatf = a;
    mle_coeffs_to_evals<F>(hatf);
    mle_coeffs_to_evals<F>(hatf);
    std::vector<EF> u(m);
    for (auto& v : u) v = rng.ext();
    const auto mob = mobius_eq_hypercube_table<EF>(u);
    EF lhs = EF::zero();
    for (size_t b = 0; b < hatf.size(); ++b) lhs += mob[b] * hatf[b];
    EF rhs = EF::zero();
    for (size_t s = 0; s < a.size(); ++s) {
      EF t(a[s]);
      for (size_t i = 0; i < m; ++i)
        if ((s >> i) & 1) t *= u[i];
      rhs += t;
    }
    EXPECT_EQ(lhs, rhs);
    // The closed form is the table's multilinear extension.
    std::vector<EF> x(m);
    for (auto& v : x) v = rng.ext();
    EXPECT_EQ(eval_mobius_eq_mle<EF>(u, x), eval_mle<EF>(mob, x));
  }
}

TEST(MleTransform, FoldSingle) {
  // The reference's fold_single formula.
  SplitMix64 rng(7);
  const EF a0 = rng.ext(), a1 = rng.ext(), alpha = rng.ext();
  const F x = rng.field();
  const EF alphas[] = {alpha};
  EXPECT_EQ(binary_k_fold({a0, a1}, alphas, x), a0 + (alpha - x) * (a0 - a1) * x.doubled().inverse());
}

TEST(MleTransform, FoldDouble) {
  SplitMix64 rng(8);
  const EF a0 = rng.ext(), a1 = rng.ext(), a2 = rng.ext(), a3 = rng.ext();
  const EF alpha0 = rng.ext(), alpha1 = rng.ext();
  const F x = rng.field();
  const EF alphas[] = {alpha0, alpha1};
  const F tw = F::two_adic_generator(2);
  const EF b0 = a0 + (alpha0 - x) * (a0 - a2) * x.doubled().inverse();
  const EF b1 = a1 + (alpha0 - tw * x) * (a1 - a3) * (tw * x).doubled().inverse();
  const F x2 = x.square();
  EXPECT_EQ(binary_k_fold({a0, a1, a2, a3}, alphas, x), b0 + (alpha1 - x2) * (b0 - b1) * x2.doubled().inverse());
}

// Folding the coset values of f(X) = sum c_S X^S k times equals the
// polynomial whose coefficients are the multilinear f-hat(alpha, .) at x^(2^k).
TEST(MleTransform, BinaryKFoldIsMultilinearFolding) {
  SplitMix64 rng(9);
  for (size_t m = 1; m <= 6; ++m)
    for (size_t k = 1; k <= m; ++k) {
      std::vector<EF> c(size_t{1} << m);
      for (auto& v : c) v = rng.ext();
      std::vector<EF> alphas(k);
      for (auto& v : alphas) v = rng.ext();
      // Fold the coefficient table's low variables at alpha.
      std::vector<EF> g = c;
      for (size_t j = 0; j < k; ++j) {
        const size_t half = g.size() / 2;
        for (size_t y = 0; y < half; ++y) g[y] = g[2 * y] + alphas[j] * g[2 * y + 1];
        g.resize(half);
      }
      const F x = rng.field();
      const F wk = F::two_adic_generator(static_cast<int>(k));
      std::vector<EF> values(size_t{1} << k);
      for (size_t t = 0; t < values.size(); ++t) values[t] = horner(c, x * wk.pow(t));
      EXPECT_EQ(binary_k_fold(values, alphas, x), (horner(g, x.exp_power_of_2(static_cast<int>(k)))))
          << m << " " << k;
    }
}

}  // namespace
}  // namespace swirl
