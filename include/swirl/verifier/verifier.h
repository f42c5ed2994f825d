// The SWIRL verifier (the reference's verifier/mod.rs verify): parameters,
// presence, proof shape, trace-height constraints, the transcript preamble,
// the LogUp GKR and batch constraints, the stacked reduction and WHIR, in
// that order; the first failure is returned. Never throws or crashes on a
// malformed proof: every outcome is a value.
//
//   auto proof = decode_proof(bytes);
//   if (!proof) ...;  // DecodeFailure
//   if (auto rej = verify(params, vk, *proof)) fmt::print("{}\n", rej->to_string());
#pragma once

#include <optional>
#include <string>

#include "swirl/air/keygen.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"

namespace swirl {

enum class VerifyRejectionKind {
  kSystemParamsMismatch,             // the parameters differ from the key's
  kEmptyTraces,                      // no AIR is present
  kProofShape,                       // a length disagrees with the key (verifier/proof_shape.h)
  kTraceHeightsTooLarge,             // a trace-height constraint of the key fails
  kPreprocessedTraceHeightMismatch,  // a preprocessed AIR's log_height differs from its key
  kInvalidKey,                       // the verifying key itself is unusable (its DAG)
  kBatchConstraint,                  // LogUp PoW, GKR or batch constraint sumcheck
  kStackedReduction,                 // the stacked opening reduction (or the openings' shape)
  kWhir,                             // WHIR
  kInternalError,                    // a stage threw (a bug; tests require it never happens)
};
const char* verify_rejection_name(VerifyRejectionKind kind);

struct VerifyRejection {
  VerifyRejectionKind kind;
  std::string message;  // the sub-verifier's reason
  std::string to_string() const;
};

/// Verifies `proof` for `vk` under `params`. Returns nullopt when accepted.
std::optional<VerifyRejection> verify(const SystemParams& params, const MultiStarkVerifyingKey& vk, const Proof& proof);

}  // namespace swirl
