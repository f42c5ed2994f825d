#include "swirl/crypto/poseidon2_x8.h"

#include <gtest/gtest.h>

#include <vector>

#include "swirl/crypto/hash.h"
#include "swirl/util/rng.h"

namespace swirl {
namespace {

TEST(Poseidon2x8, PermuteMatchesScalar) {
  SplitMix64 rng(21);
  for (int rep = 0; rep < 200; ++rep) {
    BabyBear states[8][16], expect[8][16];
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 16; ++i) states[j][i] = expect[j][i] = rng.field();
    if (rep == 0)  // edge values
      for (int j = 0; j < 8; ++j)
        for (int i = 0; i < 16; ++i) states[j][i] = expect[j][i] = BabyBear::from_u32((j & 1) ? BabyBear::kP - 1 : 0);
    for (auto& s : expect) poseidon2_permute(s);
    poseidon2_permute_x8(states);
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 16; ++i) ASSERT_EQ(states[j][i], expect[j][i]) << rep << " " << j << " " << i;
  }
}

TEST(Poseidon2x8, HashMatchesScalarForEveryLength) {
  SplitMix64 rng(22);
  for (size_t n = 0; n <= 40; ++n) {
    std::vector<std::vector<BabyBear>> in(8, std::vector<BabyBear>(n));
    const BabyBear* ptr[8];
    for (int j = 0; j < 8; ++j) {
      for (auto& x : in[j]) x = rng.field();
      ptr[j] = in[j].data();
    }
    BabyBear out[8][kDigestSize];
    poseidon2_hash_x8(ptr, n, out);
    for (int j = 0; j < 8; ++j) {
      Digest d = poseidon2_hash(in[j].data(), n);
      for (int k = 0; k < kDigestSize; ++k) ASSERT_EQ(out[j][k], d[k]) << n << " " << j;
    }
  }
}

TEST(Poseidon2x8, StridedHashReadsColumnMajorRows) {
  // Rows of a column-major 37 x 11 matrix.
  SplitMix64 rng(23);
  const size_t h = 37, w = 11;
  std::vector<BabyBear> m(h * w);
  for (auto& x : m) x = rng.field();
  const BabyBear* ptr[8];
  for (int j = 0; j < 8; ++j) ptr[j] = m.data() + 3 + j;  // rows 3..10
  BabyBear out[8][kDigestSize];
  poseidon2_hash_strided_x8(ptr, w, h, out);
  for (int j = 0; j < 8; ++j) {
    std::vector<BabyBear> row(w);
    for (size_t c = 0; c < w; ++c) row[c] = m[c * h + 3 + j];
    Digest d = poseidon2_hash(row.data(), w);
    for (int k = 0; k < kDigestSize; ++k) EXPECT_EQ(out[j][k], d[k]);
  }
}

TEST(Poseidon2x8, CompressMatchesScalar) {
  SplitMix64 rng(24);
  BabyBear l[8][kDigestSize], r[8][kDigestSize], out[8][kDigestSize];
  for (int j = 0; j < 8; ++j)
    for (int k = 0; k < kDigestSize; ++k) l[j][k] = rng.field(), r[j][k] = rng.field();
  poseidon2_compress_x8(l, r, out);
  for (int j = 0; j < 8; ++j) {
    BabyBear e[kDigestSize];
    poseidon2_compress(l[j], r[j], e);
    for (int k = 0; k < kDigestSize; ++k) EXPECT_EQ(out[j][k], e[k]);
  }
}

}  // namespace
}  // namespace swirl
