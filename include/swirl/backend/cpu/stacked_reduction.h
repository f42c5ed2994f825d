// The CPU stacked opening reduction stage (protocol step 8, compute only;
// the protocol order is prover/stacked_reduction.h): the round polynomials
// and openings over host stacked matrices. The math is in
// src/backend/cpu/stacked_reduction.cpp. OpenMP inside; results do not
// depend on the thread count.
#pragma once

#include <map>
#include <span>
#include <vector>

#include "swirl/backend/stacked_reduction.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/stacked_opening.h"
#include "swirl/protocol/stacked_reduction_math.h"

namespace swirl::cpu {

class StackedReduction final : public StackedReductionStage {
 public:
  /// `stacked[c]` is commitment c's stacked matrix (height 2^(l_skip +
  /// n_stack)), borrowed for the stage's lifetime; `columns` the trace
  /// columns in batching order; `r` the batch-constraint point with at least
  /// 1 + max n_lift coordinates (both copied). Throws std::invalid_argument
  /// on inconsistent shapes.
  StackedReduction(int l_skip, int n_stack, std::span<const ColMajorMatrix<BabyBear>* const> stacked,
                   std::span<const StackedOpeningColumn> columns, std::span<const BabyBear4> r);

  std::vector<BabyBear4> round0(const BabyBear4& lambda) override;
  void fold_round0(const BabyBear4& u0) override;
  std::array<BabyBear4, 2> round(int j) override;
  void fold(int j, const BabyBear4& uj) override;
  std::vector<std::vector<BabyBear4>> openings() override;

 private:

  int l_;
  int n_stack_;
  std::vector<const ColMajorMatrix<BabyBear>*> stacked_;
  std::vector<StackedOpeningColumn> columns_;
  std::vector<BabyBear4> r_;
  std::vector<BabyBear4> lambda_pows_;  // from round0
  StackedEqTables tables_;              // round 0's eq tables
  std::vector<std::vector<std::vector<BabyBear4>>> fq_;  // folded stacked columns
  std::map<int, StackedWeights> wt_;
  std::vector<BabyBear4> eq_ub_;  // eq(u_{n_lift+1..j}, bits of b_i)
  // Calls so far: round0 is call 0, fold_round0 call 1, round(j) call 2j,
  // fold(j) call 2j + 1, openings call 2 (n_stack + 1).
  int step_ = 0;
  void expect_step(int step, const char* what);
};

}  // namespace swirl::cpu
