#include "swirl/crypto/hash.h"

#include <gtest/gtest.h>

#include <vector>

#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;

// The padding-free sponge written from its definition, block by block.
Digest model_hash(const std::vector<F>& in) {
  Poseidon2State s{};
  size_t i = 0;
  while (i < in.size()) {
    for (int j = 0; j < kPoseidon2Rate && i < in.size(); ++j, ++i) s[j] = in[i];
    s = poseidon2_permuted(s);
  }
  Digest d;
  for (int j = 0; j < kDigestSize; ++j) d[j] = s[j];
  return d;
}

TEST(Hash, EmptyInputIsZeroDigest) {
  Digest d = poseidon2_hash(nullptr, 0);
  for (F x : d) EXPECT_TRUE(x.is_zero());
}

TEST(Hash, SpongeBlockRules) {
  SplitMix64 rng(7);
  for (size_t n : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 100u}) {
    std::vector<F> in(n);
    for (auto& x : in) x = rng.field();
    EXPECT_EQ(poseidon2_hash(in.data(), n), model_hash(in)) << n;
  }
  // A partial last block keeps the previous output in its untouched lanes, so
  // [a..h, i] and [a..h, i, 0] differ only through lane 1 of the last block.
  std::vector<F> a(9), b(10);
  for (int i = 0; i < 9; ++i) a[i] = b[i] = rng.field();
  b[9] = F::zero();
  EXPECT_NE(poseidon2_hash(a.data(), 9), poseidon2_hash(b.data(), 10));
}

TEST(Hash, CompressIsTruncatedPermutation) {
  SplitMix64 rng(8);
  Digest l, r;
  for (auto& x : l) x = rng.field();
  for (auto& x : r) x = rng.field();
  Poseidon2State s{};
  for (int j = 0; j < 8; ++j) s[j] = l[j], s[8 + j] = r[j];
  s = poseidon2_permuted(s);
  Digest c = poseidon2_compress(l, r);
  for (int j = 0; j < 8; ++j) EXPECT_EQ(c[j], s[j]);
}

}  // namespace
}  // namespace swirl
