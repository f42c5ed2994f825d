// Protocol steps 4-7, the RAP constraints (docs/protocol.md, "Protocol
// order"): the LogUp proof of work and challenges, the GKR fractional
// sumcheck, xi's completion, and the batched constraint sumcheck with the
// column openings. This file owns every observe and sample of those steps;
// the compute runs in the backend's stages (backend/logup_gkr.h,
// backend/zerocheck.h). Spans: logup_gkr, round0, mle_rounds.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "swirl/backend/backend.h"
#include "swirl/crypto/transcript.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// What the phase produces. The challenges are returned for tests and
/// debugging; the protocol only hands on `r`.
struct RapConstraintsOutput {
  GkrProof gkr_proof;
  BatchConstraintProof batch_proof;
  /// (r_0, r_1, ..., r_{n_max}): the point of the column openings.
  std::vector<BabyBear4> r;
  BabyBear4 alpha, beta, lambda, mu;
  std::vector<BabyBear4> xi;
  size_t n_logup = 0;
};

/// What the coordinator knows of one present AIR (sorted order).
struct RapAirInfo {
  size_t height = 0;  // a power of two
  size_t num_interactions = 0;
  bool need_rot = false;
};

/// The compute steps 4-7 call, made on demand in protocol order; a
/// ProverBackend behind the overload below, the CPU stages directly in host
/// conveniences (prover/batch_constraints.h).
class RapStages {
 public:
  virtual ~RapStages() = default;
  /// ProverBackend::grind.
  virtual BabyBear grind(const DuplexSponge& sponge, int bits) = 0;
  /// ProverBackend::logup_gkr (nullptr without interactions).
  virtual std::unique_ptr<LogupGkrStage> logup_gkr(const BabyBear4& alpha, const BabyBear4& beta) = 0;
  /// ProverBackend::zerocheck; called before the transcript is touched, so
  /// it validates the inputs first.
  virtual std::unique_ptr<ZerocheckStage> zerocheck() = 0;
};

/// Runs steps 4-7 over `stages` for the AIRs `airs` (sorted order, at least
/// one). Throws std::invalid_argument on inconsistent inputs and when the
/// interactions do not balance (after the LogUp proof of work and
/// challenges touched the transcript).
RapConstraintsOutput prove_rap_constraints(Transcript& transcript, RapStages& stages,
                                           const BatchConstraintParams& params, std::span<const RapAirInfo> airs);

/// Runs steps 4-7 on `airs` (sorted order, at least one). Throws
/// std::invalid_argument on inconsistent inputs and when the interactions
/// do not balance (the GKR root numerator is not zero).
RapConstraintsOutput prove_rap_constraints(Transcript& transcript, ProverBackend& backend,
                                           const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                           const BatchConstraintParams& params, std::span<const RapAir> airs);

}  // namespace swirl
