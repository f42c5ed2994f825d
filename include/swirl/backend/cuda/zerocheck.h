// The batched constraint sumcheck on the device (backend/zerocheck.h),
// beside backend/cpu/zerocheck.cpp and with the same math:
//  * round 0: per AIR and per tile of the hypercube, the flat columns are
//    extended to the cosets g^{1+c} D of the skip domain (one 2^l x 2^l
//    matrix per coset, built on the host by the host's own extender), the
//    constraint program (lambda-batched) and the interaction program
//    (eq3b-weighted numerator and denominator) run on every point, and the
//    eq(xi, x)-weighted sums over x accumulate on the device; the small
//    interpolation is protocol/zerocheck_math.h, shared with the CPU.
//  * fold_round0: every flat column is folded at r_0 into BabyBear4.
//  * MLE rounds: the programs run in BabyBear4 on the pairs of folded rows,
//    reading t0 + X (t1 - t0) in place (no point buffer), eq-weighted sums
//    per X; the AIR whose folds just ended is evaluated at its point.
// One host synchronisation per call that returns values (round0, each
// mle_round, column_openings) for all AIRs together; folds are queued.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "swirl/backend/cuda/constraint_eval.h"
#include "swirl/backend/cuda/logup_input.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/mailbox.h"
#include "swirl/backend/zerocheck.h"
#include "swirl/protocol/air_constraints.h"

namespace swirl::cuda {

/// One AIR as the device zerocheck reads it (sorted order, heights
/// non-increasing).
struct ZerocheckAir {
  const DeviceConstraintProgram* constraints = nullptr;  // its constraint program
  /// The same constraints in more cones, for MLE rounds with few points
  /// (nullptr: use `constraints`).
  const DeviceConstraintProgram* constraints_narrow = nullptr;
  const DeviceConstraintProgram* interactions = nullptr;  // its interaction program (none: nullptr)
  /// Flat column table (constraint_program.h's layout; entries 0..2 unused),
  /// pointing into device traces the stage's owner keeps alive.
  std::vector<FlatColumnRef> columns;
  size_t height = 0;             // trace rows, a power of two
  size_t constraint_degree = 0;  // d_T
  std::vector<BabyBear> public_values;
  /// Per interaction: beta^len (bus + 1) needs the message length and bus.
  std::vector<uint32_t> message_lengths, buses;
  /// Per part in the proof's order [common main, preprocessed, cached...],
  /// the flat columns of its openings ([col_0, rot_0, col_1, ...] with
  /// rotation).
  std::vector<std::vector<uint32_t>> openings;
};

class Zerocheck final : public ZerocheckStage {
 public:
  /// Throws std::invalid_argument on inconsistent shapes (unsorted or
  /// non-power-of-two heights, a degree above params' maximum, column tables
  /// of the wrong size). `tile_bytes` bounds round 0's coset buffer; MLE
  /// rounds of fewer than `narrow_below` points run the narrow programs.
  Zerocheck(const BatchConstraintParams& params, std::vector<ZerocheckAir> airs, cudaStream_t stream,
            size_t tile_bytes = size_t{256} << 20, size_t narrow_below = 2048);
  ~Zerocheck() override;

  std::vector<ZerocheckRound0Air> round0(const ZerocheckChallenges& ch) override;
  void fold_round0(const BabyBear4& r0) override;
  std::vector<ZerocheckRoundAir> mle_round(size_t j) override;
  void fold(const BabyBear4& r) override;
  std::vector<std::vector<std::vector<BabyBear4>>> column_openings() override;

 private:
  struct AirState;
  // Round 0's coset values of the skip-domain blocks [x0, x0 + tx).
  void launch_extend(const AirState& s, size_t m, size_t x0, size_t tx, BabyBear* ext, size_t stride);
  BatchConstraintParams params_;
  cudaStream_t stream_;
  size_t tile_bytes_, narrow_below_;
  // MLE-round scratch, sized at fold_round0 for round 1 (the largest).
  DeviceBuffer<BabyBear4> acc_, partial_, pnum_, pden_, eqy_, sum_part_;
  std::unique_ptr<HostMailbox> mailbox_;  // acc_ read back every MLE round
  std::vector<AirState> airs_;
  DeviceBuffer<BabyBear4> xi_, lambda_pows_, beta_pows_, lagrange_;
  DeviceBuffer<BabyBear> extend_matrix_;             // (m_max 2^l) x 2^l
  DeviceBuffer<BabyBear> dft_twiddles_, dft_twist_;  // the DFT path (l in 1..5)
  bool have_round0_ = false, have_folded_ = false;
};

}  // namespace swirl::cuda
