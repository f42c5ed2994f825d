#include "swirl/backend/cpu/stacked_commit.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <vector>

#include "support/pcs_model.h"
#include "swirl/field/rng.h"
#include "swirl/util/span.h"

namespace swirl::cpu {
namespace {

using F = BabyBear;

ColMajorMatrix<F> random_matrix(SplitMix64& rng, size_t h, size_t w) {
  ColMajorMatrix<F> m(h, w);
  for (auto& v : m.values()) v = rng.field();
  return m;
}

std::vector<const ColMajorMatrix<F>*> ptrs(const std::vector<ColMajorMatrix<F>>& mats) {
  std::vector<const ColMajorMatrix<F>*> p;
  for (const auto& m : mats) p.push_back(&m);
  return p;
}

// The commitment by plain models: each stacked column's codeword by Horner
// evaluation, the root by the recursive tree with scalar Poseidon2.
Digest model_commit(int l_skip, int log_blowup, int k_whir, const ColMajorMatrix<F>& stacked) {
  size_t n = stacked.height() << log_blowup;
  ColMajorMatrix<F> cw(n, stacked.width());
  for (size_t c = 0; c < stacked.width(); ++c) {
    std::vector<F> col(stacked.column(c).begin(), stacked.column(c).end());
    auto code = testing::model_codeword(l_skip, log_blowup, col);
    std::copy(code.begin(), code.end(), cw.column(c).begin());
  }
  return testing::model_root(cw, size_t{1} << k_whir);
}

struct Case {
  int l_skip, n_stack, log_blowup, k_whir;
  std::vector<std::pair<size_t, size_t>> shapes;  // (height, width), tallest first
};

TEST(StackedCommit, RootsMatchPlainModel) {
  SplitMix64 rng(51);
  const std::vector<Case> cases{
      {2, 3, 1, 2, {{32, 2}, {8, 3}, {4, 1}, {2, 2}, {1, 1}}},  // below, at, above 2^l_skip
      {0, 4, 1, 1, {{16, 1}, {4, 3}}},
      {4, 0, 2, 3, {{8, 2}, {1, 5}}},                           // only short traces
      {3, 2, 1, 4, {{32, 1}, {8, 0}, {8, 4}}},                  // zero-width matrix
      {1, 3, 3, 0, {{16, 3}}},                                  // one query row per leaf
      {2, 2, 1, 5, {{16, 1}}},                                  // one query leaf: rpq = codeword height
  };
  for (const Case& c : cases) {
    std::vector<ColMajorMatrix<F>> mats;
    for (auto [h, w] : c.shapes) mats.push_back(random_matrix(rng, h, w));
    auto [root, data] = stacked_commit(c.l_skip, c.n_stack, c.log_blowup, c.k_whir, ptrs(mats));
    StackedMatrix s = stacked_matrix(c.l_skip, c.n_stack, ptrs(mats));
    ASSERT_EQ(data.layout, s.layout);
    ASSERT_EQ(data.matrix, s.matrix);
    ASSERT_EQ(root, data.commit());
    ASSERT_EQ(data.tree.rows_per_query(), size_t{1} << c.k_whir);
    ASSERT_EQ(data.tree.matrix().height(), s.matrix.height() << c.log_blowup);
    ASSERT_EQ(root, model_commit(c.l_skip, c.log_blowup, c.k_whir, s.matrix))
        << "l_skip " << c.l_skip << " n_stack " << c.n_stack;
    for (size_t m = 0; m < mats.size(); ++m) {
      if (mats[m].width() == 0) continue;
      ASSERT_EQ(unstack_matrix(data.layout, data.matrix, m), mats[m]);
      auto v = data.mat_view(m);
      ASSERT_EQ(v.at(v.height - 1, v.width - 1), mats[m].at(mats[m].height() - 1, mats[m].width() - 1));
    }
  }
}

TEST(StackedCommit, OpeningsOfTheCommitVerify) {
  SplitMix64 rng(52);
  std::vector<ColMajorMatrix<F>> mats{random_matrix(rng, 64, 3), random_matrix(rng, 4, 2)};
  auto [root, data] = stacked_commit(2, 4, 1, 3, ptrs(mats));
  for (size_t q = 0; q < data.tree.query_stride(); q += 3) {
    auto rows = data.tree.opened_rows(q);
    ASSERT_EQ(merkle_verify_query(root, q, std::span<const std::vector<F>>(rows), data.tree.query_proof(q)),
              MerkleReject::kAccepted);
  }
}

TEST(StackedCommit, ThreadIndependentAndEmitsSpans) {
  SplitMix64 rng(53);
  std::vector<ColMajorMatrix<F>> mats{random_matrix(rng, 1 << 12, 9), random_matrix(rng, 1 << 9, 5),
                                     random_matrix(rng, 8, 3)};
  int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  auto one = stacked_commit(4, 10, 1, 4, ptrs(mats));
  omp_set_num_threads(2);
  SpanCollector metrics;
  std::pair<Digest, StackedPcsData> two;
  {
    SpanCollector::Install use(metrics);
    two = stacked_commit(4, 10, 1, 4, ptrs(mats));
  }
  omp_set_num_threads(saved);
  EXPECT_EQ(one.first, two.first);
  EXPECT_EQ(one.second.tree.digest_layers(), two.second.tree.digest_layers());
  std::vector<std::string> names;
  for (const auto& r : metrics.roots()) names.push_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{"rs_code_matrix", "merkle_tree"}));
}

TEST(StackedCommit, RejectsBadInput) {
  ColMajorMatrix<F> a(8, 1), empty(8, 0);
  std::vector<const ColMajorMatrix<F>*> one{&a}, none{&empty};
  EXPECT_THROW(stacked_commit(2, 1, 1, 1, none), std::invalid_argument);        // no columns
  EXPECT_THROW(stacked_commit(2, 1, 1, 1, {}), std::invalid_argument);          // no matrices
  EXPECT_THROW(stacked_commit(2, 0, 1, 1, one), StackingError);                 // taller than 2^2
  EXPECT_THROW(stacked_commit(2, 1, -1, 1, one), std::invalid_argument);
  EXPECT_THROW(stacked_commit(2, 1, 1, 5, one), std::invalid_argument);         // 2^5 rows per query > 2^4
  EXPECT_THROW(stacked_commit(2, 1, 1, -1, one), std::invalid_argument);
  EXPECT_THROW(stacked_commit(4, 20, 4, 4, one), std::invalid_argument);        // codeword 2^28
}

}  // namespace
}  // namespace swirl::cpu
