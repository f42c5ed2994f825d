// Protocol steps 4-7, the RAP constraints (docs/protocol.md, "Protocol
// order"): the LogUp proof of work and challenges, the GKR fractional
// sumcheck, xi's completion, and the batched constraint sumcheck with the
// column openings. This file owns every observe and sample of those steps;
// the compute runs in the backend's stages (backend/logup_gkr.h,
// backend/zerocheck.h). Spans: logup_gkr, round0, mle_rounds.
#pragma once

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

/// Runs steps 4-7 on `airs` (sorted order, at least one). Throws
/// std::invalid_argument on inconsistent inputs and when the interactions
/// do not balance (the GKR root numerator is not zero).
RapConstraintsOutput prove_rap_constraints(Transcript& transcript, ProverBackend& backend,
                                           const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                           const BatchConstraintParams& params, std::span<const RapAir> airs);

}  // namespace swirl
