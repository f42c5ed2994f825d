#include "swirl/field/babybear4.h"

#include <gtest/gtest.h>

#include "swirl/util/rng.h"

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
