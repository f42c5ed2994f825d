#include "swirl/protocol/stacking.h"

#include <gtest/gtest.h>

#include <vector>

#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;

std::vector<F> fs(std::initializer_list<uint32_t> v) {
  std::vector<F> out;
  for (uint32_t x : v) out.push_back(F::from_u32(x));
  return out;
}

ColMajorMatrix<F> column(std::initializer_list<uint32_t> v) { return ColMajorMatrix<F>(v.size(), 1, fs(v)); }

StackedMatrix stack(int l_skip, int n_stack, const std::vector<ColMajorMatrix<F>>& mats) {
  std::vector<const ColMajorMatrix<F>*> ptrs;
  for (const auto& m : mats) ptrs.push_back(&m);
  return stacked_matrix(l_skip, n_stack, ptrs);
}

// The three worked examples of the reference's stacked_pcs.rs tests.
TEST(Stacking, ReferenceExamples) {
  std::vector<ColMajorMatrix<F>> mats{column({1, 2, 3, 4}), column({5, 6}), column({7})};
  auto a = stack(0, 2, mats);
  EXPECT_EQ(a.matrix.height(), 4u);
  EXPECT_EQ(a.matrix.width(), 2u);
  EXPECT_EQ(a.matrix.values(), fs({1, 2, 3, 4, 5, 6, 7, 0}));
  EXPECT_EQ(a.layout.mat_starts(), (std::vector<size_t>{0, 1, 2}));

  auto b = stack(2, 0, mats);
  EXPECT_EQ(b.matrix.height(), 4u);
  EXPECT_EQ(b.matrix.width(), 3u);
  EXPECT_EQ(b.matrix.values(), fs({1, 2, 3, 4, 5, 0, 6, 0, 7, 0, 0, 0}));

  auto c = stack(3, 0, mats);
  EXPECT_EQ(c.matrix.height(), 8u);
  EXPECT_EQ(c.matrix.width(), 3u);
  EXPECT_EQ(c.matrix.values(), fs({1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0}));
}

// Independent model for tallest-first input: slices are packed without gaps,
// so a column's slice starts at the running total of the slice lengths
// before it, split into (stacked column, row) by the stacked height.
void check_against_model(int l_skip, int n_stack, const std::vector<ColMajorMatrix<F>>& mats) {
  auto s = stack(l_skip, n_stack, mats);
  const StackedLayout& L = s.layout;
  size_t H = size_t{1} << (l_skip + n_stack);
  ASSERT_EQ(L.height(), H);
  ASSERT_EQ(L.num_matrices(), mats.size());
  size_t offset = 0;
  std::vector<F> model;  // column-major stacked values, built cell by cell
  size_t k = 0;
  for (size_t m = 0; m < mats.size(); ++m) {
    ASSERT_EQ(L.width_of(m), mats[m].width());
    ASSERT_EQ(L.mat_starts()[m], k);
    for (size_t c = 0; c < mats[m].width(); ++c, ++k) {
      size_t h = mats[m].height();
      int lh = __builtin_ctzll(h);
      size_t len = std::max(h, size_t{1} << l_skip), stride = len / h;
      const StackedColumn& sc = L.sorted_cols()[k];
      ASSERT_EQ(sc.mat_idx, m);
      ASSERT_EQ(sc.col_idx, c);
      ASSERT_EQ(sc.slice, (StackedSlice{offset / H, offset % H, lh}));
      ASSERT_EQ(&L.slice(m, c), &sc.slice);
      ASSERT_EQ(sc.slice.len(l_skip), len);
      ASSERT_EQ(sc.slice.stride(l_skip), stride);
      for (size_t r = 0; r < len; ++r) model.push_back(r % stride == 0 ? mats[m].at(r / stride, c) : F::zero());
      offset += len;
    }
  }
  ASSERT_EQ(k, L.sorted_cols().size());
  size_t width = (offset + H - 1) / H;
  ASSERT_EQ(L.width(), width);
  model.resize(width * H, F::zero());
  ASSERT_EQ(s.matrix.values(), model);
  // Unstack gives back every matrix; the view reads the same values.
  for (size_t m = 0; m < mats.size(); ++m) {
    auto v = stacked_mat_view(L, s.matrix, m);
    auto u = unstack_matrix(L, s.matrix, m);
    if (mats[m].width() == 0) {
      EXPECT_EQ(v.width, 0u);
      EXPECT_EQ(u.width(), 0u);
      continue;
    }
    ASSERT_EQ(u, mats[m]) << "matrix " << m;
    ASSERT_EQ(v.height, mats[m].height());
    ASSERT_EQ(v.lifted_height, v.height * v.stride);
    for (size_t c = 0; c < v.width; ++c)
      for (size_t r = 0; r < v.height; ++r) ASSERT_EQ(v.at(r, c), mats[m].at(r, c));
  }
}

ColMajorMatrix<F> random_matrix(SplitMix64& rng, size_t h, size_t w) {
  ColMajorMatrix<F> m(h, w);
  for (auto& v : m.values()) v = rng.field();
  return m;
}

TEST(Stacking, MixedHeightsBelowAtAndAboveLSkip) {
  SplitMix64 rng(41);
  // l_skip 3: heights 2^5 (above), 2^3 (at), 2^2, 2^1, 2^0 (below), with a
  // zero-width matrix in the middle and at the end.
  std::vector<ColMajorMatrix<F>> mats{random_matrix(rng, 32, 3), random_matrix(rng, 8, 5), ColMajorMatrix<F>(8, 0),
                                     random_matrix(rng, 4, 2),   random_matrix(rng, 2, 7), random_matrix(rng, 1, 3),
                                     ColMajorMatrix<F>(0, 0)};
  check_against_model(3, 3, mats);  // stacked height 64: several stacked columns
  check_against_model(3, 2, mats);  // stacked height 32: the tallest fills a column
  check_against_model(0, 5, mats);  // no striding at all
  check_against_model(5, 0, mats);  // everything strided to 32
  // Only short traces, only zero-width matrices, nothing at all.
  check_against_model(4, 1, {random_matrix(rng, 2, 3), random_matrix(rng, 1, 1)});
  check_against_model(2, 2, {ColMajorMatrix<F>(4, 0), ColMajorMatrix<F>(0, 0)});
  check_against_model(2, 2, {});
}

TEST(Stacking, LayoutByDimsAndRandomShapes) {
  SplitMix64 rng(42);
  for (int trial = 0; trial < 30; ++trial) {
    int l_skip = static_cast<int>(rng.below(4)), n_stack = static_cast<int>(rng.below(4));
    int max_lh = l_skip + n_stack;
    std::vector<int> lhs;
    for (size_t m = 0, n = 1 + rng.below(6); m < n; ++m) lhs.push_back(static_cast<int>(rng.below(max_lh + 1)));
    std::sort(lhs.rbegin(), lhs.rend());
    std::vector<ColMajorMatrix<F>> mats;
    for (int lh : lhs) mats.push_back(random_matrix(rng, size_t{1} << lh, rng.below(4)));
    check_against_model(l_skip, n_stack, mats);
  }
  // build() on dims alone gives the same layout as stacked_matrix.
  std::vector<MatrixDims> dims{{2, 5}, {0, 9}, {3, 1}};
  auto L = StackedLayout::build(2, 5, dims);
  std::vector<ColMajorMatrix<F>> mats{random_matrix(rng, 32, 2), ColMajorMatrix<F>(4, 0), random_matrix(rng, 2, 3)};
  EXPECT_EQ(stack(2, 3, mats).layout, L);
  EXPECT_EQ(L.width(), 3u);  // 2 full columns + 3 slices of 4 rows
}

TEST(Stacking, Errors) {
  auto kind_of = [](auto&& f) {
    try {
      f();
    } catch (const StackingError& e) {
      return static_cast<int>(e.kind());
    }
    return -1;
  };
  using K = StackingError::Kind;
  // Taller than the stacked height.
  EXPECT_EQ(kind_of([] { stack(1, 1, {ColMajorMatrix<F>(8, 1)}); }), static_cast<int>(K::kHeightExceeded));
  std::vector<MatrixDims> tall{{1, 5}};
  EXPECT_EQ(kind_of([&] { StackedLayout::build(2, 4, tall); }), static_cast<int>(K::kHeightExceeded));
  // A zero-width matrix is never checked, whatever its height.
  EXPECT_NO_THROW(stack(1, 1, {ColMajorMatrix<F>(64, 0), ColMajorMatrix<F>(3, 0)}));
  // Unsorted: a short slice leaves the column partly filled, the tall one overflows.
  EXPECT_EQ(kind_of([] { stack(0, 2, {ColMajorMatrix<F>(1, 1), ColMajorMatrix<F>(4, 1)}); }),
            static_cast<int>(K::kRowOverflow));
  // Heights that are zero or not powers of two (with columns).
  EXPECT_EQ(kind_of([] { stack(0, 2, {ColMajorMatrix<F>(0, 1)}); }), static_cast<int>(K::kBadHeight));
  EXPECT_EQ(kind_of([] { stack(0, 2, {ColMajorMatrix<F>(3, 1)}); }), static_cast<int>(K::kBadHeight));
  std::vector<MatrixDims> neg{{1, -1}};
  EXPECT_EQ(kind_of([&] { StackedLayout::build(0, 2, neg); }), static_cast<int>(K::kBadHeight));
  // Parameters.
  EXPECT_EQ(kind_of([] { StackedLayout::build(3, 2, {}); }), static_cast<int>(K::kBadParams));
  EXPECT_EQ(kind_of([] { StackedLayout::build(-1, 2, {}); }), static_cast<int>(K::kBadParams));
  EXPECT_EQ(kind_of([] { StackedLayout::build(0, 28, {}); }), static_cast<int>(K::kBadParams));
  EXPECT_EQ(kind_of([] { stack(1, -1, {}); }), static_cast<int>(K::kBadParams));
  // StackingError is an invalid_argument.
  EXPECT_THROW(stack(1, 1, {ColMajorMatrix<F>(8, 1)}), std::invalid_argument);
  // Index errors of the accessors.
  auto s = stack(1, 1, {ColMajorMatrix<F>(4, 1)});
  EXPECT_THROW(s.layout.width_of(1), std::out_of_range);
  EXPECT_THROW(s.layout.slice(0, 1), std::out_of_range);
  EXPECT_THROW(unstack_matrix(s.layout, s.matrix, 1), std::out_of_range);
  EXPECT_THROW(stacked_mat_view(s.layout, ColMajorMatrix<F>(4, 2), 0), std::invalid_argument);
  std::vector<const ColMajorMatrix<F>*> null_trace{nullptr};
  EXPECT_THROW(stacked_matrix(0, 1, null_trace), std::invalid_argument);
}

}  // namespace
}  // namespace swirl
