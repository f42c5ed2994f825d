// The CPU backend's batched constraint sumcheck stage (backend/zerocheck.h)
// over host traces: round 0 on the cosets of the skip domain (through
// poly/coset_extend.h), the fold at r_0, the MLE rounds and folds, the
// column openings. OpenMP over rows (round 0, MLE rounds) and columns
// (folds); results do not depend on the thread count.
#pragma once

#include <memory>
#include <vector>

#include "swirl/backend/cpu/rap_air.h"
#include "swirl/backend/zerocheck.h"
#include "swirl/protocol/air_constraints.h"

namespace swirl::cpu {

class Zerocheck final : public ZerocheckStage {
 public:
  /// `airs` in sorted order (at least one). Throws std::invalid_argument on
  /// inconsistent inputs (shapes, heights not sorted or not powers of two, a
  /// constraint degree above d, l_skip out of range). The traces must
  /// outlive the stage.
  Zerocheck(const BatchConstraintParams& params, std::vector<HostRapAir> airs);
  ~Zerocheck() override;
  std::vector<ZerocheckRound0Air> round0(const ZerocheckChallenges& ch) override;
  void fold_round0(const BabyBear4& r0) override;
  std::vector<ZerocheckRoundAir> mle_round(size_t j) override;
  void fold(const BabyBear4& r) override;
  std::vector<std::vector<std::vector<BabyBear4>>> column_openings() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace swirl::cpu
