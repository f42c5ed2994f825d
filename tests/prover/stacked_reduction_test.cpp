// Stacked opening reduction: prover and verifier against each other and
// against direct definitions. The column claims (and rotated claims) are
// computed from the traces by Lagrange interpolation built from products;
// the stacked openings the prover sends are checked against the stacked
// columns' prismalinear extensions at u; every tampered field is rejected.
// Scenarios mirror the reference's test_stacked_opening_reduction (a
// two-column trace of log height 9, 2, 1, 0 under default_test_params_small:
// l_skip 2, n_stack 8) plus several traces and several commitments.
#include "swirl/prover/stacked_reduction.h"

#include <gtest/gtest.h>

#include <omp.h>

#include <algorithm>

#include "support/prism_model.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/field/rng.h"
#include "swirl/verifier/stacked_reduction.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

using testing::column_claim;
using testing::fib_trace;

struct Trace {
  ColMajorMatrix<F> m;
  bool need_rot = true;
};

// A test-local stacking with the reference's rules (stacked_pcs.rs
// StackedLayout::new / stacked_matrix): traces tallest first, slices of
// 2^max(h, l) rows, short columns strided.
struct Stacked {
  ColMajorMatrix<F> matrix;
  std::vector<StackedOpeningColumn> columns;  // commit filled by the caller
  std::vector<std::pair<size_t, size_t>> source;  // (trace, column)
};

Stacked stack(int l, int n_stack, const std::vector<Trace>& traces, size_t commit) {
  const size_t height = size_t{1} << (l + n_stack);
  Stacked s;
  size_t col = 0, row = 0;
  std::vector<std::vector<F>> cols;
  for (size_t t = 0; t < traces.size(); ++t) {
    const auto& m = traces[t].m;
    int log_h = 0;
    while ((size_t{1} << log_h) < m.height()) ++log_h;
    const size_t len = size_t{1} << std::max(log_h, l);
    const size_t stride = len / m.height();
    for (size_t j = 0; j < m.width(); ++j) {
      if (row + len > height) {
        ++col;
        row = 0;
      }
      if (cols.size() <= col) cols.emplace_back(height, F::zero());
      for (size_t i = 0; i < m.height(); ++i) cols[col][row + i * stride] = m.at(i, j);
      s.columns.push_back({commit, col, row, log_h, traces[t].need_rot});
      s.source.push_back({t, j});
      row += len;
    }
  }
  std::vector<F> values;
  for (auto& c : cols) values.insert(values.end(), c.begin(), c.end());
  s.matrix = ColMajorMatrix<F>(height, cols.size(), std::move(values));
  return s;
}

ColMajorMatrix<F> random_matrix(SplitMix64& rng, size_t height, size_t width) {
  ColMajorMatrix<F> m(height, width);
  for (auto& v : m.values()) v = rng.field();
  return m;
}

struct Instance {
  int l = 0, n_stack = 0;
  std::vector<std::vector<Trace>> commits;  // per commitment, traces tallest first
  std::vector<EF> r;

  std::vector<Stacked> stacked;
  std::vector<StackedOpeningColumn> columns;
  std::vector<std::array<EF, 2>> claims;
  std::vector<size_t> widths;

  void build() {
    stacked.clear();
    columns.clear();
    claims.clear();
    widths.clear();
    for (size_t c = 0; c < commits.size(); ++c) {
      stacked.push_back(stack(l, n_stack, commits[c], c));
      const Stacked& s = stacked.back();
      widths.push_back(s.matrix.width());
      for (size_t k = 0; k < s.columns.size(); ++k) {
        columns.push_back(s.columns[k]);
        const auto [t, j] = s.source[k];
        const Trace& tr = commits[c][t];
        const auto col = tr.m.column(j);
        claims.push_back({column_claim(l, col, r, false), tr.need_rot ? column_claim(l, col, r, true) : EF::zero()});
      }
    }
  }
  std::vector<const ColMajorMatrix<F>*> mats() const {
    std::vector<const ColMajorMatrix<F>*> v;
    for (const auto& s : stacked) v.push_back(&s.matrix);
    return v;
  }
};

std::vector<EF> random_point(SplitMix64& rng, size_t n) {
  std::vector<EF> v(n);
  for (auto& x : v) x = rng.ext();
  return v;
}

int max_n_lift(const Instance& in) {
  int n = 0;
  for (const auto& c : in.columns) n = std::max(n, c.n_lift(in.l));
  return n;
}

// Proves and verifies; checks the openings against the stacked columns'
// extensions at u and that both sides drove the transcript identically.
StackedReductionOutput prove_and_check(const Instance& in) {
  Transcript pt, vt;
  TranscriptLog plog, vlog;
  pt.record_into(&plog);
  vt.record_into(&vlog);
  const auto mats = in.mats();
  StackedReductionOutput out = prove_stacked_opening_reduction(pt, in.l, in.n_stack, mats, in.columns, in.r);
  EXPECT_EQ(out.u.size(), static_cast<size_t>(in.n_stack) + 1);
  EXPECT_EQ(out.proof.univariate_round_coeffs.size(), (size_t{2} << in.l) - 1);
  EXPECT_EQ(out.proof.sumcheck_round_polys.size(), static_cast<size_t>(in.n_stack));
  for (size_t c = 0; c < mats.size(); ++c) {
    EXPECT_EQ(out.proof.stacking_openings[c].size(), mats[c]->width());
    if (out.proof.stacking_openings[c].size() != mats[c]->width()) continue;
    for (size_t j = 0; j < mats[c]->width(); ++j)
      EXPECT_EQ(out.proof.stacking_openings[c][j], column_claim(in.l, mats[c]->column(j), out.u, false))
          << "opening " << c << "," << j;
  }
  auto res = verify_stacked_reduction(vt, out.proof, in.l, in.n_stack, in.columns, in.claims, in.widths, in.r);
  EXPECT_TRUE(res.has_value()) << (res ? "" : res.error().message);
  if (res) {
    EXPECT_EQ(*res, out.u);
  }
  EXPECT_EQ(plog, vlog);
  return out;
}

StackedReductionRejectionKind verify_kind(const Instance& in, const StackingProof& proof,
                                          const std::vector<std::array<EF, 2>>& claims) {
  Transcript vt;
  auto res = verify_stacked_reduction(vt, proof, in.l, in.n_stack, in.columns, claims, in.widths, in.r);
  if (res) ADD_FAILURE() << "tampered proof accepted";
  return res ? StackedReductionRejectionKind::kProofShape : res.error().kind;
}

void check_tampering(const Instance& in, const StackedReductionOutput& out) {
  using K = StackedReductionRejectionKind;
  const EF one = EF::one();
  for (size_t i = 0; i < out.proof.univariate_round_coeffs.size(); ++i) {
    StackingProof p = out.proof;
    p.univariate_round_coeffs[i] += one;
    // Coefficients at multiples of 2^l enter the sum over D; the others only
    // the later rounds.
    const K want = i % (size_t{1} << in.l) == 0 ? K::kS0Mismatch : K::kFinalSumMismatch;
    EXPECT_EQ(verify_kind(in, p, in.claims), want) << "coefficient " << i;
  }
  for (size_t j = 0; j < out.proof.sumcheck_round_polys.size(); ++j)
    for (int e = 0; e < 2; ++e) {
      StackingProof p = out.proof;
      p.sumcheck_round_polys[j][e] += one;
      EXPECT_EQ(verify_kind(in, p, in.claims), K::kFinalSumMismatch) << "round " << j << " value " << e;
    }
  for (size_t c = 0; c < out.proof.stacking_openings.size(); ++c)
    for (size_t j = 0; j < out.proof.stacking_openings[c].size(); ++j) {
      StackingProof p = out.proof;
      p.stacking_openings[c][j] += one;
      EXPECT_EQ(verify_kind(in, p, in.claims), K::kFinalSumMismatch) << "opening " << c << "," << j;
    }
  for (size_t i = 0; i < in.claims.size(); ++i)
    for (int e = 0; e < 2; ++e) {
      auto claims = in.claims;
      claims[i][e] += one;
      EXPECT_EQ(verify_kind(in, out.proof, claims), K::kS0Mismatch) << "claim " << i << "," << e;
    }
  {
    StackingProof p = out.proof;
    p.univariate_round_coeffs.pop_back();
    EXPECT_EQ(verify_kind(in, p, in.claims), K::kProofShape);
    p = out.proof;
    p.sumcheck_round_polys.push_back({one, one});
    EXPECT_EQ(verify_kind(in, p, in.claims), K::kProofShape);
    p = out.proof;
    p.stacking_openings.back().push_back(one);
    EXPECT_EQ(verify_kind(in, p, in.claims), K::kProofShape);
    p = out.proof;
    p.stacking_openings.pop_back();
    EXPECT_EQ(verify_kind(in, p, in.claims), K::kProofShape);
  }
}

// The reference's test_stacked_opening_reduction: one fibonacci trace of
// log height 9, 2 (= l_skip), 1 and 0 (below l_skip) with l 2, n_stack 8.
class StackedReductionFib : public ::testing::TestWithParam<int> {};

TEST_P(StackedReductionFib, ProvesAndVerifies) {
  SplitMix64 rng(100 + GetParam());
  Instance in;
  in.l = 2;
  in.n_stack = 8;
  in.commits = {{Trace{fib_trace(size_t{1} << GetParam()), true}}};
  in.r = random_point(rng, 1 + std::max(0, GetParam() - in.l));
  in.build();
  const auto out = prove_and_check(in);
  check_tampering(in, out);
}

INSTANTIATE_TEST_SUITE_P(LogHeights, StackedReductionFib, ::testing::Values(9, 2, 1, 0));

TEST(StackedReduction, ManyTracesAndCommitments) {
  SplitMix64 rng(7);
  for (int l : {0, 1, 2, 3}) {
    Instance in;
    in.l = l;
    in.n_stack = 4;
    const int m = l + in.n_stack;
    // Commitment 0: several traces of decreasing heights, mixed rotation needs,
    // some shorter than 2^l; commitment 1, 2: one trace each.
    in.commits.push_back({Trace{random_matrix(rng, size_t{1} << m, 2), true},
                          Trace{random_matrix(rng, size_t{1} << (m - 1), 3), false},
                          Trace{random_matrix(rng, size_t{1} << (m - 3), 1), true},
                          Trace{random_matrix(rng, size_t{1} << std::max(0, l - 1), 2), true},
                          Trace{random_matrix(rng, 1, 3), false}});
    in.commits.push_back({Trace{random_matrix(rng, size_t{1} << (m - 2), 5), true}});
    in.commits.push_back({Trace{random_matrix(rng, 1, 1), true}});
    in.r = random_point(rng, 1 + static_cast<size_t>(in.n_stack));
    in.build();
    ASSERT_LE(max_n_lift(in), in.n_stack);
    const auto out = prove_and_check(in);
    if (l == 2) check_tampering(in, out);
  }
}

TEST(StackedReduction, NoCubeRounds) {
  // n_stack = 0: only the univariate round; all traces at most 2^l rows.
  SplitMix64 rng(8);
  Instance in;
  in.l = 3;
  in.n_stack = 0;
  in.commits = {{Trace{random_matrix(rng, 8, 2), true}, Trace{random_matrix(rng, 2, 2), true}}};
  in.r = random_point(rng, 1);
  in.build();
  const auto out = prove_and_check(in);
  check_tampering(in, out);
}

TEST(StackedReduction, ResultDoesNotDependOnThreads) {
  SplitMix64 rng(9);
  Instance in;
  in.l = 2;
  in.n_stack = 6;
  in.commits = {{Trace{random_matrix(rng, 256, 4), true}, Trace{random_matrix(rng, 32, 7), false},
                 Trace{random_matrix(rng, 2, 3), true}}};
  in.r = random_point(rng, 7);
  in.build();
  Transcript t1, t2;
  const auto mats = in.mats();
  const auto a = prove_stacked_opening_reduction(t1, in.l, in.n_stack, mats, in.columns, in.r);
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto b = prove_stacked_opening_reduction(t2, in.l, in.n_stack, mats, in.columns, in.r);
  omp_set_num_threads(before);
  EXPECT_EQ(a.proof, b.proof);
  EXPECT_EQ(a.u, b.u);
}

// The adapters from the PCS layout and from the batch-constraint proof's
// column openings give the same columns and claims as the test's own
// stacking, and the layout's stacked matrix is the one the test builds.
TEST(StackedReduction, LayoutAndOpeningsAdapters) {
  SplitMix64 rng(12);
  Instance in;
  in.l = 2;
  in.n_stack = 4;
  // Commitment 0: two AIRs' common mains; commitments 1, 2: a cached part of
  // AIR 0 and of AIR 1 (same heights as their AIRs).
  in.commits = {{Trace{random_matrix(rng, 64, 3), true}, Trace{random_matrix(rng, 2, 2), false}},
                {Trace{random_matrix(rng, 64, 2), false}},
                {Trace{random_matrix(rng, 2, 1), true}}};
  in.r = random_point(rng, 1 + 4);
  in.build();
  std::vector<StackedLayout> layouts;
  std::vector<std::vector<bool>> need_rot;
  for (size_t c = 0; c < in.commits.size(); ++c) {
    std::vector<const ColMajorMatrix<F>*> ptrs;
    std::vector<bool> rot;
    for (const auto& t : in.commits[c]) {
      ptrs.push_back(&t.m);
      rot.push_back(t.need_rot);
    }
    StackedMatrix sm = stacked_matrix(in.l, in.n_stack, ptrs);
    EXPECT_EQ(sm.matrix, in.stacked[c].matrix) << "commitment " << c;
    layouts.push_back(sm.layout);
    need_rot.push_back(rot);
  }
  const auto cols = stacked_opening_columns(layouts, need_rot);
  ASSERT_EQ(cols.size(), in.columns.size());
  for (size_t i = 0; i < cols.size(); ++i) {
    EXPECT_EQ(cols[i].commit, in.columns[i].commit);
    EXPECT_EQ(cols[i].col, in.columns[i].col);
    EXPECT_EQ(cols[i].row, in.columns[i].row);
    EXPECT_EQ(cols[i].log_height, in.columns[i].log_height);
    EXPECT_EQ(cols[i].need_rot, in.columns[i].need_rot);
  }
  // Column openings as the batch-constraint proof lists them: per AIR, per
  // part (common main, cached), rotations interleaved where needed.
  auto part = [&](size_t commit, size_t trace) {
    std::vector<EF> v;
    size_t k = 0;
    for (size_t c = 0; c < commit; ++c)
      for (const auto& t : in.commits[c]) k += t.m.width();
    for (size_t t = 0; t < trace; ++t) k += in.commits[commit][t].m.width();
    const bool rot = in.commits[commit][trace].need_rot;
    for (size_t j = 0; j < in.commits[commit][trace].m.width(); ++j) {
      v.push_back(in.claims[k + j][0]);
      if (rot) v.push_back(in.claims[k + j][1]);
    }
    return v;
  };
  const std::vector<std::vector<std::vector<EF>>> openings = {{part(0, 0), part(1, 0)}, {part(0, 1), part(2, 0)}};
  const std::vector<std::vector<bool>> rot_per_commit = {{true, false}, {false}, {true}};
  const auto claims = stacked_claims_from_openings(openings, rot_per_commit);
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ(*claims, in.claims);
  auto odd = openings;
  odd[0][0].pop_back();
  EXPECT_FALSE(stacked_claims_from_openings(odd, rot_per_commit).has_value());
  auto extra = openings;
  extra[1].push_back({});
  EXPECT_FALSE(stacked_claims_from_openings(extra, rot_per_commit).has_value());
  EXPECT_THROW(stacked_opening_columns(layouts, std::span(need_rot).first(2)), std::invalid_argument);
}

TEST(StackedReduction, RejectsBadArguments) {
  SplitMix64 rng(10);
  Instance in;
  in.l = 2;
  in.n_stack = 2;
  in.commits = {{Trace{random_matrix(rng, 16, 2), true}}};
  in.r = random_point(rng, 3);
  in.build();
  Transcript t;
  const auto mats = in.mats();
  auto cols = in.columns;
  cols[0].col = 5;
  EXPECT_THROW(prove_stacked_opening_reduction(t, in.l, in.n_stack, mats, cols, in.r), std::invalid_argument);
  EXPECT_THROW(prove_stacked_opening_reduction(t, in.l, 3, mats, in.columns, in.r), std::invalid_argument);
  EXPECT_THROW(prove_stacked_opening_reduction(t, in.l, in.n_stack, mats, in.columns,
                                               std::span<const EF>(in.r).first(2)),
               std::invalid_argument);
  // The transcript was not touched by the failed calls.
  EXPECT_EQ(t.sponge().absorb_idx(), 0);
  EXPECT_EQ(t.sponge().sample_idx(), 0);
  // A layout outside the stacked matrix is a rejection for the verifier.
  Transcript pt;
  const auto out = prove_stacked_opening_reduction(pt, in.l, in.n_stack, mats, in.columns, in.r);
  Transcript vt;
  auto res = verify_stacked_reduction(vt, out.proof, in.l, in.n_stack, cols, in.claims, in.widths, in.r);
  ASSERT_FALSE(res.has_value());
  EXPECT_EQ(res.error().kind, StackedReductionRejectionKind::kBadLayout);
}

}  // namespace
}  // namespace swirl

namespace swirl {
namespace {

TEST(StackedReduction, RandomShapeMutationsNeverCrash) {
  SplitMix64 rng(13);
  Instance in;
  in.l = 2;
  in.n_stack = 3;
  in.commits = {{Trace{random_matrix(rng, 32, 2), true}, Trace{random_matrix(rng, 2, 1), false}},
                {Trace{random_matrix(rng, 8, 1), true}}};
  in.r = random_point(rng, 4);
  in.build();
  Transcript pt;
  const auto mats = in.mats();
  const auto out = prove_stacked_opening_reduction(pt, in.l, in.n_stack, mats, in.columns, in.r);
  for (int iter = 0; iter < 200; ++iter) {
    StackingProof p = out.proof;
    switch (rng.below(4)) {
      case 0:
        if (rng.below(2) || p.univariate_round_coeffs.empty()) {
          p.univariate_round_coeffs.push_back(rng.ext());
        } else {
          p.univariate_round_coeffs.pop_back();
        }
        break;
      case 1:
        if (rng.below(2) || p.sumcheck_round_polys.empty()) {
          p.sumcheck_round_polys.push_back({rng.ext(), rng.ext()});
        } else {
          p.sumcheck_round_polys.pop_back();
        }
        break;
      case 2:
        if (rng.below(2) || p.stacking_openings.empty()) {
          p.stacking_openings.push_back({rng.ext()});
        } else {
          p.stacking_openings.pop_back();
        }
        break;
      default: {
        auto& v = p.stacking_openings[rng.below(p.stacking_openings.size())];
        if (rng.below(2) || v.empty()) {
          v.push_back(rng.ext());
        } else {
          v.pop_back();
        }
        break;
      }
    }
    Transcript vt;
    EXPECT_NO_THROW({
      auto res = verify_stacked_reduction(vt, p, in.l, in.n_stack, in.columns, in.claims, in.widths, in.r);
      EXPECT_FALSE(res.has_value());
      if (!res) {
        EXPECT_EQ(res.error().kind, StackedReductionRejectionKind::kProofShape);
      }
    });
  }
}

}  // namespace
}  // namespace swirl
