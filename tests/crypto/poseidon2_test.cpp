#include "swirl/crypto/poseidon2.h"

#include <gtest/gtest.h>

#include "support/xoroshiro.h"
#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;

// Plonky3's Poseidon2 permutation with constants drawn from
// Xoroshiro128Plus::seed_from_u64(1) (Poseidon2::new_from_rng_128): 4 initial
// external rounds, 4 final external rounds, then 13 internal constants, each
// element a uniformly drawn Montgomery word.
Poseidon2Constants seeded_constants() {
  auto rng = testing::Xoroshiro128Plus::seed_from_u64(1);
  Poseidon2Constants c{};
  for (auto& round : c.external_initial)
    for (auto& x : round) x = rng.babybear();
  for (auto& round : c.external_final)
    for (auto& x : round) x = rng.babybear();
  for (auto& x : c.internal) x = rng.babybear();
  for (int i = 0; i < kPoseidon2Width; ++i) c.internal_diag[i] = kPoseidon2Default.internal_diag[i];
  return c;
}

TEST(Poseidon2, Plonky3PublishedVectorWidth16) {
  // Plonky3 baby-bear/src/poseidon2.rs, test_poseidon2_width_16_random.
  const uint32_t input[16] = {894848333, 1437655012, 1200606629, 1690012884, 71131202,  1749206695,
                              1717947831, 120589055, 19776022,   42382981,   1831865506, 724844064,
                              171220207, 1299207443, 227047920,  1783754913};
  const uint32_t expected[16] = {1255099308, 941729227,  93609187,   112406640,  492658670,  1824768948,
                                 812517469,  1055381989, 670973674,  1407235524, 891397172,  1003245378,
                                 1381303998, 1564172645, 1399931635, 1005462965};
  Poseidon2Constants c = seeded_constants();
  F s[16];
  for (int i = 0; i < 16; ++i) s[i] = F::from_canonical(input[i]);
  poseidon2_permute(s, c);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(s[i].as_canonical(), expected[i]) << "lane " << i;
}

TEST(Poseidon2, InternalDiagonalIsPlonky3s) {
  // V = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8, 1/2^27, -1/2^8, -1/16, -1/2^27]
  const int64_t num[16] = {-2, 1, 2, 1, 3, 4, -1, -3, -4, 1, 1, 1, 1, -1, -1, -1};
  const int pow2[16] = {0, 0, 0, 1, 0, 0, 1, 0, 0, 8, 2, 3, 27, 8, 4, 27};
  for (int i = 0; i < 16; ++i) {
    F v = kPoseidon2Default.internal_diag[i] * F::two().pow(pow2[i]);
    EXPECT_EQ(v, F::from_i64(num[i])) << i;
  }
}

TEST(Poseidon2, DefaultConstantsAreTheReferenceTables) {
  EXPECT_EQ(kPoseidon2Default.external_initial[0][0].as_canonical(), 0x69cbb6afu);
  EXPECT_EQ(kPoseidon2Default.external_final[3][15].as_canonical(), 0x608758b8u);
  EXPECT_EQ(kPoseidon2Default.internal[12].as_canonical(), 0x241af16du);
}

TEST(Poseidon2, ExternalLayerIsTheBlockCirculant) {
  // The external layer must equal multiplication by [[2M, M, M, M], ...] with
  // M = circ(2, 3, 1, 1) (rows [2 3 1 1], [1 2 3 1], [1 1 2 3], [3 1 1 2]).
  const int m4[4][4] = {{2, 3, 1, 1}, {1, 2, 3, 1}, {1, 1, 2, 3}, {3, 1, 1, 2}};
  SplitMix64 rng(6);
  F s[16], expect[16];
  for (auto& x : s) x = rng.field();
  for (int i = 0; i < 16; ++i) {
    F acc;
    for (int j = 0; j < 16; ++j) {
      int coef = m4[i % 4][j % 4] * (i / 4 == j / 4 ? 2 : 1);
      acc += F::from_u32(coef) * s[j];
    }
    expect[i] = acc;
  }
  poseidon2_detail::external_linear(s);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(s[i], expect[i]);
}

TEST(Poseidon2, IsAPermutationOnSamples) {
  // Distinct inputs give distinct outputs (a smoke check of state handling).
  Poseidon2State a{}, b{};
  b[15] = F::one();
  EXPECT_NE(poseidon2_permuted(a), poseidon2_permuted(b));
}

}  // namespace
}  // namespace swirl
