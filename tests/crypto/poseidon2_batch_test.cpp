#include "swirl/crypto/poseidon2_batch.h"

#include <gtest/gtest.h>

#include <vector>

#include "swirl/crypto/hash.h"
#include "swirl/field/rng.h"

namespace swirl {
namespace {

// Counts that exercise the 16-lane, 8-lane and scalar remainders.
const size_t kCounts[] = {0, 1, 7, 8, 9, 15, 16, 17, 24, 33};

TEST(Poseidon2Batch, PermuteMatchesScalar) {
  SplitMix64 rng(21);
  for (size_t count : kCounts) {
    std::vector<std::array<BabyBear, 16>> a(count), b(count);
    for (size_t j = 0; j < count; ++j)
      for (int i = 0; i < 16; ++i) a[j][i] = b[j][i] = (j == 0) ? BabyBear::neg_one() : rng.field();
    poseidon2_permute_many(reinterpret_cast<BabyBear(*)[16]>(a.data()), count);
    for (size_t j = 0; j < count; ++j) {
      poseidon2_permute(b[j].data());
      ASSERT_EQ(a[j], b[j]) << count << " " << j;
    }
  }
}

// The single-state vectorised permutation (the transcript's) on random
// states and the edges (zeros, p - 1 everywhere, a lone non-zero lane).
TEST(Poseidon2Batch, PermuteOneMatchesScalar) {
  SplitMix64 rng(22);
  for (int t = 0; t < 2000; ++t) {
    std::array<BabyBear, 16> a{}, b{};
    for (int i = 0; i < 16; ++i) {
      if (t == 1) a[i] = BabyBear::neg_one();
      else if (t >= 2 && t < 18) a[i] = i == t - 2 ? BabyBear::neg_one() : BabyBear::zero();
      else if (t >= 18) a[i] = rng.field();
    }
    b = a;
    poseidon2_permute_one(a.data());
    poseidon2_permute(b.data());
    ASSERT_EQ(a, b) << "state " << t;
    // Chained: each output is the next input.
    poseidon2_permute_one(a.data());
    poseidon2_permute(b.data());
    ASSERT_EQ(a, b) << "chained state " << t;
  }
}

TEST(Poseidon2Batch, HashMatchesScalarForEveryLength) {
  SplitMix64 rng(22);
  for (size_t count : {size_t{8}, size_t{16}, size_t{19}}) {
    for (size_t n = 0; n <= 26; ++n) {
      std::vector<std::vector<BabyBear>> in(count, std::vector<BabyBear>(n));
      std::vector<const BabyBear*> ptr(count);
      for (size_t j = 0; j < count; ++j) {
        for (auto& x : in[j]) x = rng.field();
        ptr[j] = in[j].data();
      }
      std::vector<Digest> out(count);
      poseidon2_hash_many(ptr.data(), count, n, 1, out.data());
      for (size_t j = 0; j < count; ++j) ASSERT_EQ(out[j], poseidon2_hash(in[j].data(), n)) << n << " " << j;
    }
  }
}

TEST(Poseidon2Batch, StridedHashReadsColumnMajorRows) {
  SplitMix64 rng(23);
  const size_t h = 37, w = 11;
  std::vector<BabyBear> m(h * w);
  for (auto& x : m) x = rng.field();
  std::vector<const BabyBear*> ptr(h);
  for (size_t r = 0; r < h; ++r) ptr[r] = m.data() + r;
  std::vector<Digest> out(h);
  poseidon2_hash_many(ptr.data(), h, w, h, out.data());
  for (size_t r = 0; r < h; ++r) {
    std::vector<BabyBear> row(w);
    for (size_t c = 0; c < w; ++c) row[c] = m[c * h + r];
    EXPECT_EQ(out[r], poseidon2_hash(row.data(), w)) << r;
  }
}

TEST(Poseidon2Batch, CompressAndPairsMatchScalar) {
  SplitMix64 rng(24);
  for (size_t count : kCounts) {
    std::vector<Digest> l(count), r(count), out(count), children(2 * count), parents(count);
    for (size_t j = 0; j < count; ++j)
      for (int k = 0; k < kDigestSize; ++k) l[j][k] = rng.field(), r[j][k] = rng.field();
    for (size_t j = 0; j < count; ++j) children[2 * j] = l[j], children[2 * j + 1] = r[j];
    poseidon2_compress_many(l.data(), r.data(), count, out.data());
    poseidon2_compress_pairs(children.data(), count, parents.data());
    for (size_t j = 0; j < count; ++j) {
      EXPECT_EQ(out[j], poseidon2_compress(l[j], r[j]));
      EXPECT_EQ(parents[j], out[j]);
    }
  }
  // A layer larger than the internal chunk.
  std::vector<Digest> children(2 * 600), parents(600);
  for (auto& d : children)
    for (auto& x : d) x = rng.field();
  poseidon2_compress_pairs(children.data(), 600, parents.data());
  for (size_t i = 0; i < 600; ++i) EXPECT_EQ(parents[i], poseidon2_compress(children[2 * i], children[2 * i + 1]));
}

TEST(Poseidon2Batch, ReportsLaneCount) {
  int lanes = poseidon2_batch_lanes();
  EXPECT_TRUE(lanes == 1 || lanes == 8 || lanes == 16);
}

}  // namespace
}  // namespace swirl
