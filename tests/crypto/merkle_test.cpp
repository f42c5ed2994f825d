#include "swirl/crypto/merkle.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <vector>

#include "swirl/crypto/hash.h"
#include "swirl/field/rng.h"
#include "swirl/util/span.h"
#include "support/pcs_model.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

template <typename T>
ColMajorMatrix<T> random_matrix(SplitMix64& rng, size_t h, size_t w) {
  ColMajorMatrix<T> m(h, w);
  for (auto& v : m.values()) v = rng.element<T>();
  return m;
}

using testing::model_query_leaves;
using testing::model_root;

template <typename T>
void check_tree_against_model(SplitMix64& rng, size_t h, size_t w, size_t rpq) {
  auto m = random_matrix<T>(rng, h, w);
  auto tree = MerkleTree<T>::build(m, rpq);
  ASSERT_EQ(tree.root(), model_root(m, rpq)) << "h " << h << " w " << w << " rpq " << rpq;
  ASSERT_EQ(tree.digest_layers().front(), model_query_leaves(m, rpq));
  ASSERT_EQ(tree.matrix(), m);
  ASSERT_EQ(tree.rows_per_query(), rpq);
  size_t leaves = 1;
  while (leaves < h) leaves <<= 1;
  ASSERT_EQ(tree.query_stride(), leaves / rpq);
  ASSERT_EQ(size_t{1} << tree.proof_depth(), tree.query_stride());
}

TEST(Merkle, RootMatchesPlainModelBabyBear) {
  SplitMix64 rng(31);
  for (size_t h : {1, 2, 4, 16, 64})
    for (size_t w : {0, 1, 7, 8, 9, 42})
      for (size_t rpq = 1; rpq <= h; rpq *= 2) check_tree_against_model<F>(rng, h, w, rpq);
  // Heights that are not powers of two: zero rows fill up to the next one.
  check_tree_against_model<F>(rng, 3, 5, 2);
  check_tree_against_model<F>(rng, 13, 2, 4);
}

TEST(Merkle, RootMatchesPlainModelExtension) {
  SplitMix64 rng(32);
  for (size_t h : {1, 2, 32})
    for (size_t w : {1, 2, 3})
      for (size_t rpq = 1; rpq <= h; rpq *= 4) check_tree_against_model<EF>(rng, h, w, rpq);
  check_tree_against_model<EF>(rng, 6, 1, 2);
}

TEST(Merkle, ExtensionRowsHashTheirCoefficients) {
  // A BabyBear4 column equals four BabyBear columns c0..c3 per entry.
  SplitMix64 rng(33);
  auto e = random_matrix<EF>(rng, 16, 2);
  ColMajorMatrix<F> flat(16, 8);
  for (size_t r = 0; r < 16; ++r)
    for (size_t c = 0; c < 2; ++c)
      for (int k = 0; k < 4; ++k) flat.at(r, 4 * c + k) = e.at(r, c)[k];
  EXPECT_EQ(MerkleTree<EF>::build(e, 4).root(), MerkleTree<F>::build(flat, 4).root());
  EXPECT_EQ(merkle_row_hash(std::span<const EF>(e.row(3))), merkle_row_hash(std::span<const F>(flat.row(3))));
}

TEST(Merkle, EmptyRowsHashToZero) {
  ColMajorMatrix<F> m(4, 0);
  auto t = MerkleTree<F>::build(m, 1);
  Digest zero{};
  EXPECT_EQ(t.digest_layers()[0][0], zero);
  EXPECT_EQ(t.root(), poseidon2_compress(poseidon2_compress(zero, zero), poseidon2_compress(zero, zero)));
}

TEST(Merkle, LargeTreeIsThreadIndependent) {
  SplitMix64 rng(34);
  auto m = random_matrix<F>(rng, 1 << 12, 11);
  int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  auto a = MerkleTree<F>::build(m, 16);
  omp_set_num_threads(2);
  auto b = MerkleTree<F>::build(m, 16);
  omp_set_num_threads(saved);
  EXPECT_EQ(a.digest_layers(), b.digest_layers());
  EXPECT_EQ(a.root(), model_root(m, 16));
}

template <typename T>
void check_openings(SplitMix64& rng, size_t h, size_t w, size_t rpq) {
  auto m = random_matrix<T>(rng, h, w);
  auto tree = MerkleTree<T>::build(m, rpq);
  const Digest root = tree.root();
  size_t stride = tree.query_stride();
  for (size_t q = 0; q < stride; ++q) {
    auto rows = tree.opened_rows(q);
    auto path = tree.query_proof(q);
    ASSERT_EQ(rows.size(), rpq);
    ASSERT_EQ(path.size(), tree.proof_depth());
    for (size_t t = 0; t < rpq; ++t)
      for (size_t c = 0; c < w; ++c) {
        size_t r = q + t * stride;
        ASSERT_EQ(rows[t][c], r < h ? m.at(r, c) : T{});
      }
    using Rows = std::vector<std::vector<T>>;
    ASSERT_EQ(merkle_verify_query(root, q, std::span<const std::vector<T>>(rows), path), MerkleReject::kAccepted);

    // Every sibling, every word of it: rejected.
    for (size_t l = 0; l < path.size(); ++l)
      for (int k = 0; k < kDigestSize; ++k) {
        auto bad = path;
        bad[l][k] += F::one();
        ASSERT_EQ(merkle_verify_query(root, q, std::span<const std::vector<T>>(rows), bad),
                  MerkleReject::kRootMismatch)
            << "q " << q << " layer " << l << " word " << k;
      }
    // Every opened value: rejected.
    if (w > 0)
      for (size_t t = 0; t < rpq; ++t)
        for (size_t c = 0; c < w; ++c) {
          Rows bad = rows;
          bad[t][c] += T(F::one());
          ASSERT_EQ(merkle_verify_query(root, q, std::span<const std::vector<T>>(bad), path),
                    MerkleReject::kRootMismatch);
        }
    // Another index with this opening: rejected (the path is position-bound).
    if (stride > 1) {
      ASSERT_EQ(merkle_verify_query(root, q ^ 1, std::span<const std::vector<T>>(rows), path),
                MerkleReject::kRootMismatch);
    }
    // Truncated or extended path.
    if (!path.empty()) {
      std::vector<Digest> shorter(path.begin(), path.end() - 1);
      ASSERT_NE(merkle_verify_query(root, q >> 1, std::span<const std::vector<T>>(rows), shorter),
                MerkleReject::kAccepted);
    }
    auto longer = path;
    longer.push_back(root);
    ASSERT_EQ(merkle_verify_query(root, q, std::span<const std::vector<T>>(rows), longer),
              MerkleReject::kRootMismatch);
    // Rows in another order (when they differ).
    if (rpq > 1 && w > 0) {
      Rows swapped = rows;
      std::swap(swapped[0], swapped[1]);
      ASSERT_EQ(merkle_verify_query(root, q, std::span<const std::vector<T>>(swapped), path),
                MerkleReject::kRootMismatch);
    }
    // Wrong root.
    Digest other = root;
    other[0] += F::one();
    ASSERT_EQ(merkle_verify_query(other, q, std::span<const std::vector<T>>(rows), path),
              MerkleReject::kRootMismatch);
  }
  // Structural rejections.
  auto rows = tree.opened_rows(0);
  auto path = tree.query_proof(0);
  EXPECT_EQ(merkle_verify_query(root, stride, std::span<const std::vector<T>>(rows), path),
            MerkleReject::kIndexOutOfRange);
  std::vector<std::vector<T>> none;
  EXPECT_EQ(merkle_verify_query(root, 0, std::span<const std::vector<T>>(none), path), MerkleReject::kBadRowCount);
  if (rpq >= 4) {
    std::vector<std::vector<T>> three(rows.begin(), rows.begin() + 3);
    EXPECT_EQ(merkle_verify_query(root, 0, std::span<const std::vector<T>>(three), path),
              MerkleReject::kBadRowCount);
  }
  if (rpq >= 2) {
    auto ragged = rows;
    ragged[1].push_back(T{});
    EXPECT_EQ(merkle_verify_query(root, 0, std::span<const std::vector<T>>(ragged), path),
              MerkleReject::kRowWidthMismatch);
  }
  EXPECT_THROW(tree.query_proof(stride), std::out_of_range);
  EXPECT_THROW(tree.opened_rows(stride), std::out_of_range);
}

TEST(Merkle, OpeningsVerifyAndEveryCorruptionIsRejected) {
  SplitMix64 rng(35);
  check_openings<F>(rng, 64, 5, 4);
  check_openings<F>(rng, 32, 1, 1);
  check_openings<F>(rng, 16, 3, 16);  // one query leaf: empty path
  check_openings<F>(rng, 12, 2, 2);   // zero rows past the height
  check_openings<EF>(rng, 32, 1, 4);
  check_openings<EF>(rng, 8, 2, 2);
}

TEST(Merkle, PlainVerifyFunctions) {
  Digest a{}, b{};
  a[0] = F::one();
  b[1] = F::two();
  Digest root = poseidon2_compress(a, b);
  std::vector<Digest> pa{b}, pb{a};
  EXPECT_EQ(merkle_verify(root, 0, a, pa), MerkleReject::kAccepted);
  EXPECT_EQ(merkle_verify(root, 1, b, pb), MerkleReject::kAccepted);
  EXPECT_EQ(merkle_verify(root, 1, a, pa), MerkleReject::kRootMismatch);
  EXPECT_EQ(merkle_verify(root, 2, a, pa), MerkleReject::kIndexOutOfRange);
  EXPECT_EQ(merkle_verify(a, 0, a, {}), MerkleReject::kAccepted);
  EXPECT_EQ(merkle_verify(a, 1, a, {}), MerkleReject::kIndexOutOfRange);
  EXPECT_EQ(merkle_tree_compress({a}), a);
  EXPECT_EQ(merkle_tree_compress({a, b}), root);
  EXPECT_THROW(merkle_tree_compress({a, b, a}), std::invalid_argument);
  EXPECT_THROW(merkle_tree_compress({}), std::invalid_argument);
  EXPECT_STREQ(to_string(MerkleReject::kRootMismatch), "merkle root mismatch");
}

TEST(Merkle, BuildRejectsBadArgumentsAndFromPartsChecksSizes) {
  SplitMix64 rng(36);
  EXPECT_THROW(MerkleTree<F>::build(ColMajorMatrix<F>(0, 1), 1), std::invalid_argument);
  EXPECT_THROW(MerkleTree<F>::build(ColMajorMatrix<F>(8, 1), 3), std::invalid_argument);
  EXPECT_THROW(MerkleTree<F>::build(ColMajorMatrix<F>(8, 1), 16), std::invalid_argument);
  EXPECT_THROW(MerkleTree<F>::build(ColMajorMatrix<F>(8, 1), 0), std::invalid_argument);

  auto m = random_matrix<F>(rng, 16, 2);
  auto t = MerkleTree<F>::build(m, 4);
  auto rebuilt = MerkleTree<F>::from_parts(m, t.digest_layers(), 4);
  EXPECT_EQ(rebuilt.root(), t.root());
  EXPECT_EQ(rebuilt.query_proof(2), t.query_proof(2));
  auto layers = t.digest_layers();
  layers.pop_back();
  EXPECT_THROW(MerkleTree<F>::from_parts(m, layers, 4), std::invalid_argument);
  EXPECT_THROW(MerkleTree<F>::from_parts(m, t.digest_layers(), 2), std::invalid_argument);
  EXPECT_THROW(MerkleTree<F>::from_parts(m, {}, 4), std::invalid_argument);
}

TEST(Merkle, EmitsSpan) {
  SpanCollector metrics;
  {
    SpanCollector::Install use(metrics);
    MerkleTree<F>::build(ColMajorMatrix<F>(4, 1), 2);
  }
  ASSERT_EQ(metrics.roots().size(), 1u);
  EXPECT_EQ(metrics.roots()[0].name, "merkle_tree");
}

}  // namespace
}  // namespace swirl
