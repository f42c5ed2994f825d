// The verifier of the RAP-constraints phase: LogUp witness and challenges,
// the GKR (verifier/logup_gkr.h), xi completion and the batched constraint
// sumcheck (reference verifier/batch_constraints.rs, verifier/evaluator.rs;
// docs/protocol.md "Batch constraint sumcheck"). Never throws on a malformed
// proof: every failure is a BatchConstraintRejection.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/air_constraints.h"
#include "swirl/protocol/proof.h"
#include "swirl/util/expected.h"
#include "swirl/verifier/logup_gkr.h"

namespace swirl {

enum class BatchConstraintRejectionKind {
  kProofShape,               // a list of the batch proof has the wrong length
  kInvalidLogupPowWitness,   // the LogUp proof-of-work witness fails
  kGkr,                      // the GKR rejected (see `gkr`)
  kGkrNumeratorMismatch,     // sum of numerator terms != p_hat(xi)
  kGkrDenominatorMismatch,   // sum of denominator terms != q_hat(xi) - alpha
  kSumClaimMismatch,         // round-0 polynomial's sum over D != batched claims
  kInconsistentClaims,       // the final evaluation from the openings != last claim
};

const char* batch_constraint_rejection_name(BatchConstraintRejectionKind kind);

struct BatchConstraintRejection {
  BatchConstraintRejectionKind kind;
  std::optional<GkrRejection> gkr;  // for kGkr
  std::string message;
};

/// One present AIR as the verifier knows it, in sorted order. `shape` must
/// describe the same key as `air` (e.g. air_shape(vk) and DagConstraints(vk)):
/// the evaluator reads exactly the widths the shape promises.
struct VerifierAir {
  const AirConstraints* air = nullptr;
  AirShape shape;
  size_t log_height = 0;
  std::vector<BabyBear> public_values;
};

/// Checks the GKR and batch-constraint proofs, driving the transcript exactly
/// as prove_zerocheck_and_logup does. Returns r = (r_0, ..., r_{n_max}).
/// `airs` must be non-empty and sorted by decreasing log_height (the proof
/// shape check's business; a violation is reported as kProofShape).
Expected<std::vector<BabyBear4>, BatchConstraintRejection> verify_zerocheck_and_logup(
    Transcript& transcript, const BatchConstraintParams& params, std::span<const VerifierAir> airs,
    const GkrProof& gkr_proof, const BatchConstraintProof& batch_proof);

}  // namespace swirl
