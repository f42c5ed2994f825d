// Stage interface: the stacked opening reduction (protocol step 8), compute
// only. The coordinator (prover/openings.cpp) samples lambda and u_j and
// observes what these calls return. CPU: backend/cpu/stacked_reduction.cpp;
// CUDA: backend/cuda/stacked_reduction.cu.
//
// The stage is made over the commitments' PCS data (commitment order), the
// trace columns in batching order (protocol/stacked_opening.h) and the
// batch-constraint point r. Host synchronisations: round0 and each round
// one, openings one; the folds are asynchronous.
#pragma once

#include <array>
#include <vector>

#include "swirl/field/babybear4.h"

namespace swirl {

class StackedReductionStage {
 public:
  virtual ~StackedReductionStage() = default;
  /// The round-0 polynomial s_0(Z) (2 (2^l - 1) + 1 coefficients) for the
  /// batching challenge lambda.
  virtual std::vector<BabyBear4> round0(const BabyBear4& lambda) = 0;
  /// Folds Z at u_0.
  virtual void fold_round0(const BabyBear4& u0) = 0;
  /// Round j (1 <= j <= n_stack): s_j(1), s_j(2).
  virtual std::array<BabyBear4, 2> round(int j) = 0;
  /// Binds round j's variable to u_j.
  virtual void fold(int j, const BabyBear4& uj) = 0;
  /// After round n_stack: per commitment, per stacked column, q_c(u).
  virtual std::vector<std::vector<BabyBear4>> openings() = 0;
};

}  // namespace swirl
