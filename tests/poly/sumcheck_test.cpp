#include "swirl/poly/sumcheck.h"

#include <gtest/gtest.h>

#include "swirl/field/babybear4.h"
#include "swirl/field/rng.h"

namespace swirl {
namespace {

using EF = BabyBear4;

std::vector<EF> bits_of(size_t i, size_t n) {
  std::vector<EF> b(n);
  for (size_t k = 0; k < n; ++k) b[k] = ((i >> k) & 1) ? EF::one() : EF::zero();
  return b;
}

TEST(Sumcheck, EqTableMatchesEqEvaluation) {
  SplitMix64 rng(1);
  for (size_t n = 0; n <= 6; ++n) {
    std::vector<EF> x(n);
    for (auto& v : x) v = rng.ext();
    std::vector<EF> table = eq_hypercube_table<EF>(x);
    ASSERT_EQ(table.size(), size_t{1} << n);
    EF sum = EF::zero();
    for (size_t i = 0; i < table.size(); ++i) {
      std::vector<EF> b = bits_of(i, n);
      // Direct product definition, coordinate k against bit k.
      EF want = EF::one();
      for (size_t k = 0; k < n; ++k) want *= x[k] * b[k] + (EF::one() - x[k]) * (EF::one() - b[k]);
      EXPECT_EQ(table[i], want);
      EXPECT_EQ(eval_eq_mle<EF>(x, b), want);
      sum += table[i];
    }
    EXPECT_EQ(sum, EF::one());
  }
}

TEST(Sumcheck, MleEvaluationAgreesWithEqSum) {
  SplitMix64 rng(2);
  for (size_t n = 0; n <= 6; ++n) {
    std::vector<EF> evals(size_t{1} << n), x(n);
    for (auto& v : evals) v = rng.ext();
    for (auto& v : x) v = rng.ext();
    EF want = EF::zero();
    for (size_t i = 0; i < evals.size(); ++i) want += eval_eq_mle<EF>(x, bits_of(i, n)) * evals[i];
    EXPECT_EQ(eval_mle<EF>(evals, x), want);
    // At a hypercube point the extension is the table entry.
    if (n > 0) {
      const size_t i = rng.below(evals.size());
      EXPECT_EQ(eval_mle<EF>(evals, bits_of(i, n)), evals[i]);
    }
  }
}

TEST(Sumcheck, InterpolationRecoversPolynomials) {
  SplitMix64 rng(3);
  for (int it = 0; it < 50; ++it) {
    EF c[4] = {rng.ext(), rng.ext(), rng.ext(), rng.ext()};
    auto cubic = [&](const EF& x) { return ((c[3] * x + c[2]) * x + c[1]) * x + c[0]; };
    auto quad = [&](const EF& x) { return (c[2] * x + c[1]) * x + c[0]; };
    const EF x = rng.ext();
    EF at[4];
    for (uint32_t i = 0; i < 4; ++i) at[i] = cubic(EF::from_u32(i));
    EXPECT_EQ(interpolate_cubic_0123(at, x), cubic(x));
    EF q[3] = {quad(EF::zero()), quad(EF::one()), quad(EF::from_u32(2))};
    EXPECT_EQ(interpolate_quadratic_012(q, x), quad(x));
    EXPECT_EQ(extrapolate_quadratic_to_3(q[0], q[1], q[2]), quad(EF::from_u32(3)));
    EXPECT_EQ(interpolate_linear_01(c[0], c[0] + c[1], x), c[0] + c[1] * x);
    // Base field too.
    BabyBear b[4] = {rng.field(), rng.field(), rng.field(), rng.field()};
    BabyBear y = rng.field();
    auto cubic_b = [&](BabyBear z) { return ((b[3] * z + b[2]) * z + b[1]) * z + b[0]; };
    BabyBear bat[4] = {cubic_b(BabyBear::from_u32(0)), cubic_b(BabyBear::from_u32(1)), cubic_b(BabyBear::from_u32(2)),
                       cubic_b(BabyBear::from_u32(3))};
    EXPECT_EQ(interpolate_cubic_0123(bat, y), cubic_b(y));
  }
}

TEST(Sumcheck, MismatchedDimensionsThrow) {
  std::vector<EF> a(2), b(3), t(3);
  EXPECT_THROW(eval_eq_mle<EF>(a, b), std::invalid_argument);
  EXPECT_THROW(eval_mle<EF>(t, a), std::invalid_argument);
}

}  // namespace
}  // namespace swirl
