#include "swirl/field/babybear4.h"

#include <gtest/gtest.h>

#include <vector>

#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

// Polynomial product modulo x^4 - 11 computed from the definition.
EF naive_mul(const EF& a, const EF& b) {
  F prod[7] = {};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) prod[i + j] += a[i] * b[j];
  for (int k = 6; k >= 4; --k) prod[k - 4] += F::from_u32(11) * prod[k];
  return EF(prod[0], prod[1], prod[2], prod[3]);
}

TEST(BabyBear4, ProductMatchesDefinition) {
  SplitMix64 rng(3);
  for (int i = 0; i < 500; ++i) {
    EF a = rng.ext(), b = rng.ext();
    EXPECT_EQ(a * b, naive_mul(a, b));
    EXPECT_EQ(a * b, b * a);
    EF c = rng.ext();
    EXPECT_EQ((a + b) * c, a * c + b * c);
    F s = rng.field();
    EXPECT_EQ(a * s, a * EF(s));
  }
  // x^4 = 11.
  EF x(F::zero(), F::one(), F::zero(), F::zero());
  EXPECT_EQ(x.pow(4), EF(F::from_u32(11)));
}

// The largest Montgomery words make the unreduced sums of the product's
// dot products largest (close to 4p^2): the edge of its overflow argument.
TEST(BabyBear4, ProductMatchesDefinitionOnEdgeWords) {
  const uint32_t words[] = {0, 1, 2, F::kP - 1, F::kP - 2, F::kP / 2, 0x7fffffffu % F::kP};
  std::vector<F> edge;
  for (uint32_t w : words) edge.push_back(F::from_monty(w)), edge.push_back(F::from_canonical(w));
  SplitMix64 rng(31);
  for (int i = 0; i < 4000; ++i) {
    auto pick = [&] { return edge[rng.below(edge.size())]; };
    EF a(pick(), pick(), pick(), pick()), b(pick(), pick(), pick(), pick());
    ASSERT_EQ(a * b, naive_mul(a, b));
  }
  const EF top(F::from_monty(F::kP - 1), F::from_monty(F::kP - 1), F::from_monty(F::kP - 1), F::from_monty(F::kP - 1));
  EXPECT_EQ(top * top, naive_mul(top, top));
}

TEST(BabyBear, Dot4MatchesIntegerModel) {
  SplitMix64 rng(32);
  for (int i = 0; i < 20000; ++i) {
    F v[8];
    for (auto& x : v) x = (i % 4 == 0) ? F::from_monty(F::kP - 1 - static_cast<uint32_t>(rng.below(3))) : rng.field();
    uint64_t sum = 0;  // of canonical products, each reduced mod p by plain integer division
    for (int k = 0; k < 4; ++k)
      sum = (sum + static_cast<uint64_t>(v[2 * k].as_canonical()) * v[2 * k + 1].as_canonical() % F::kP) % F::kP;
    const F got = F::dot4(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    ASSERT_EQ(got.as_canonical(), static_cast<uint32_t>(sum));
  }
}

TEST(BabyBear4, InverseAndFrobenius) {
  SplitMix64 rng(4);
  for (int i = 0; i < 200; ++i) {
    EF a = rng.ext();
    EXPECT_EQ(a * a.inverse(), EF::one());
    EXPECT_EQ(a.frobenius(), a.pow(F::kP));
  }
  EXPECT_EQ(EF(F::from_u32(7)).inverse(), EF(F::from_u32(7).inverse()));
}

TEST(BabyBear4, Plonky3Constants) {
  // DTH_ROOT = 11^((p-1)/4).
  EXPECT_EQ(F::from_u32(11).pow((F::kP - 1) / 4).as_canonical(), 1728404513u);
  // TWO_ADIC_EXTENSION_GENERATORS: orders 2^28 and 2^29, the second squares
  // to the first, and the first squares to the base field's 2^27 generator.
  EF g28 = EF::from_canonical(0, 0, 1996171314, 0);
  EF g29 = EF::from_canonical(0, 0, 0, 124907976);
  EXPECT_EQ(g28.exp_power_of_2(28), EF::one());
  EXPECT_NE(g28.exp_power_of_2(27), EF::one());
  EXPECT_EQ(g29.square(), g28);
  EXPECT_EQ(g28.square(), EF(F::two_adic_generator(27)));
}

}  // namespace
}  // namespace swirl
