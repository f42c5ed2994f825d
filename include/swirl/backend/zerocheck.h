// Stage interface: the batched constraint sumcheck (protocol step 7,
// zerocheck with univariate skip + LogUp input consistency), compute only.
// The coordinator (prover/rap_constraints.cpp) owns the transcript and the
// batching of the AIRs' polynomials with mu and the eq factors; the stage
// evaluates constraints and interactions over the traces it holds and folds
// them. CPU: backend/cpu/zerocheck.cpp; CUDA: backend/cuda/zerocheck.cu.
//
// All AIRs go together through each call: one call per round, one host
// synchronisation per round on a GPU (round0, each mle_round,
// column_openings); fold_round0 and fold are asynchronous.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "swirl/field/babybear4.h"

namespace swirl {

/// The challenges round 0 needs (sampled before it).
struct ZerocheckChallenges {
  /// xi: l_skip + max(n_max, n_logup) coordinates (GKR point, extended).
  std::span<const BabyBear4> xi;
  BabyBear4 lambda;  // constraint batching
  BabyBear4 beta;    // message compression of interactions
  /// Per AIR (sorted order), per interaction: the eq weight of its block in
  /// the GKR input layer, eq(xi[l + n_lift .. l + n_logup], block bits)
  /// (protocol/logup.h, logup_eq_weights).
  std::span<const std::vector<BabyBear4>> eq3b;
};

/// Round 0 of one AIR: sp_zc (d_T (2^l - 1) + 1 coefficients, empty when
/// the AIR's degree d_T is 0), sp_p and sp_q (d (2^l - 1) + 1 coefficients
/// each, the numerator already normalised by 2^-max(0, -n)).
struct ZerocheckRound0Air {
  std::vector<BabyBear4> zc, p, q;
};

/// MLE round j of one AIR.
struct ZerocheckRoundAir {
  /// Head AIR (n_lift >= j): the sums at X = 1..d of the zerocheck, the
  /// interaction numerator (normalised) and denominator, eq(xi, y)-weighted
  /// over the remaining hypercube. Empty otherwise.
  std::vector<BabyBear4> zc, p, q;
  /// The AIR whose folds ended (j == n_lift + 1): the batched constraint
  /// value, numerator (normalised) and denominator at its folded point.
  bool at_point = false;
  BabyBear4 point_zc, point_p, point_q;
};

class ZerocheckStage {
 public:
  virtual ~ZerocheckStage() = default;
  /// Round 0 for every AIR (sorted order).
  virtual std::vector<ZerocheckRound0Air> round0(const ZerocheckChallenges& ch) = 0;
  /// Folds the skip domain at r_0 (Lagrange weights of the skip domain).
  virtual void fold_round0(const BabyBear4& r0) = 0;
  /// MLE round j (1 <= j <= n_max) for every AIR.
  virtual std::vector<ZerocheckRoundAir> mle_round(size_t j) = 0;
  /// Binds round j's variable to r_j (AIRs with n_lift < j are unchanged).
  virtual void fold(const BabyBear4& r) = 0;
  /// After the last fold: per AIR, per part in the proof's order [common
  /// main, preprocessed, cached...], the column openings (with rotation
  /// interleaved [col_0, rot_0, col_1, ...]): BatchConstraintProof's
  /// column_openings.
  virtual std::vector<std::vector<std::vector<BabyBear4>>> column_openings() = 0;
};

}  // namespace swirl
