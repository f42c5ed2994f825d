#include "swirl/field/babybear.h"

#include <gtest/gtest.h>

#include <vector>

#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;
constexpr uint64_t kP = F::kP;

uint32_t mulmod(uint32_t a, uint32_t b) { return static_cast<uint32_t>(uint64_t{a} * b % kP); }

TEST(BabyBear, ModulusAndMontgomeryConstants) {
  EXPECT_EQ(kP, 15ull * (1ull << 27) + 1);
  EXPECT_EQ(static_cast<uint32_t>(F::kP * F::kPInv), 1u);  // p * p^-1 = 1 mod 2^32
  // Plonky3 stores one as 2^32 mod p = 0x0ffffffe.
  EXPECT_EQ(F::one().monty(), 0x0ffffffeu);
  EXPECT_EQ(F::one().as_canonical(), 1u);
}

TEST(BabyBear, PublishedProduct) {
  // Plonky3 baby-bear test: 0x34167c58 * 0x61f3207b = 0x1b5c8046.
  EXPECT_EQ(F::from_u32(0x34167c58) * F::from_u32(0x61f3207b), F::from_u32(0x1b5c8046));
}

TEST(BabyBear, ArithmeticMatchesIntegerModel) {
  SplitMix64 rng(1);
  const uint32_t edge[] = {0, 1, 2, static_cast<uint32_t>(kP - 1), static_cast<uint32_t>(kP - 2),
                           static_cast<uint32_t>(kP / 2), static_cast<uint32_t>(kP / 2 + 1), 0x7fffffff % kP};
  std::vector<uint32_t> vals(std::begin(edge), std::end(edge));
  for (int i = 0; i < 2000; ++i) vals.push_back(static_cast<uint32_t>(rng.below(kP)));
  for (size_t i = 0; i < vals.size(); ++i) {
    uint32_t a = vals[i], b = vals[(i * 7 + 3) % vals.size()];
    F fa = F::from_canonical(a), fb = F::from_canonical(b);
    ASSERT_EQ(fa.as_canonical(), a);
    EXPECT_EQ((fa + fb).as_canonical(), (uint64_t{a} + b) % kP);
    EXPECT_EQ((fa - fb).as_canonical(), (uint64_t{a} + kP - b) % kP);
    EXPECT_EQ((-fa).as_canonical(), (kP - a) % kP);
    EXPECT_EQ((fa * fb).as_canonical(), mulmod(a, b));
    EXPECT_EQ(fa.halve().doubled(), fa);
    EXPECT_EQ(fa.square(), fa * fa);
    if (a != 0) {
      EXPECT_EQ(fa * fa.inverse(), F::one());
    }
  }
}

// The shift-and-fold x * 2^-n (Poseidon2's internal diagonal) is the
// product by the inverse of 2^n for every n it takes, on edge words (the
// Montgomery words themselves: 0, 1, p - 1, all low bits set) and random ones.
TEST(BabyBear, MulTwoExpNegIsTheProductByTheInverse) {
  SplitMix64 rng(5);
  std::vector<uint32_t> words = {0, 1, 2, static_cast<uint32_t>(kP - 1), static_cast<uint32_t>(kP - 2), (1u << 27) - 1,
                                 (1u << 27), 0x77ffffffu, 0x7fffffffu % static_cast<uint32_t>(kP)};
  for (int i = 0; i < 3000; ++i) words.push_back(static_cast<uint32_t>(rng.below(kP)));
  for (int n = 1; n <= 27; ++n) {
    const F inv = F::two().pow(n).inverse();
    for (uint32_t w : words) {
      const F x = F::from_monty(w);
      ASSERT_EQ(x.mul_2exp_neg(n), x * inv) << "word " << w << " n " << n;
    }
  }
}

TEST(BabyBear, ConstructorsReduce) {
  EXPECT_EQ(F::from_u64(kP), F::zero());
  EXPECT_EQ(F::from_u64(kP + 5), F::from_u32(5));
  EXPECT_EQ(F::from_u64(~0ull).as_canonical(), ~0ull % kP);
  EXPECT_EQ(F::from_i64(-1), F::neg_one());
  EXPECT_EQ(F::from_i64(-static_cast<int64_t>(kP) - 3), F::from_i64(-3));
}

TEST(BabyBear, PowMatchesRepeatedProduct) {
  SplitMix64 rng(2);
  for (int i = 0; i < 50; ++i) {
    F x = rng.field();
    F acc = F::one();
    for (int e = 0; e < 40; ++e) {
      EXPECT_EQ(x.pow(e), acc);
      acc *= x;
    }
    EXPECT_EQ(x.exp_power_of_2(5), x.pow(32));
  }
  // Fermat: x^(p-1) = 1.
  EXPECT_EQ(F::from_u32(12345).pow(kP - 1), F::one());
}

TEST(BabyBear, TwoAdicGeneratorsMatchPlonky3) {
  // Plonky3's TWO_ADIC_GENERATORS table, bits = 0..27.
  const uint32_t table[28] = {0x1,        0x78000000, 0x67055c21, 0x5ee99486, 0xbb4c4e4,  0x2d4cc4da, 0x669d6090,
                              0x17b56c64, 0x67456167, 0x688442f9, 0x145e952d, 0x4fe61226, 0x4c734715, 0x11c33e2a,
                              0x62c3d2b1, 0x77cad399, 0x54c131f4, 0x4cabd6a6, 0x5cf5713f, 0x3e9430e8, 0xba067a3,
                              0x18adc27d, 0x21fd55bc, 0x4b859b3d, 0x3bd57996, 0x4483d85a, 0x3a26eef8, 0x1a427a41};
  for (int bits = 0; bits <= F::kTwoAdicity; ++bits) {
    F g = F::two_adic_generator(bits);
    EXPECT_EQ(g.as_canonical(), table[bits]) << "bits=" << bits;
    EXPECT_EQ(g.exp_power_of_2(bits), F::one());
    if (bits > 0) {
      EXPECT_NE(g.exp_power_of_2(bits - 1), F::one());
    }
  }
  // ROOTS_8 and INV_ROOTS_8.
  const uint32_t roots8[4] = {0x1, 0x5ee99486, 0x67055c21, 0xc9ea3ba};
  const uint32_t inv_roots8[4] = {0x1, 0x6b615c47, 0x10faa3e0, 0x19166b7b};
  F w = F::two_adic_generator(3);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(w.pow(i).as_canonical(), roots8[i]);
    EXPECT_EQ(w.pow(i).inverse().as_canonical(), inv_roots8[i]);
  }
}

TEST(BabyBear, GeneratorHasFullOrder) {
  // p - 1 = 2^27 * 3 * 5: 31 generates iff none of g^((p-1)/q) is one.
  F g = F::generator();
  EXPECT_EQ(g.as_canonical(), 31u);
  for (uint64_t q : {2ull, 3ull, 5ull}) EXPECT_NE(g.pow((kP - 1) / q), F::one());
}

}  // namespace
}  // namespace swirl
