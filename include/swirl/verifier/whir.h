// WHIR verifier (reference verifier/whir.rs). Never throws on a malformed
// proof: every failure is a WhirRejection. Caller bugs (u of the wrong
// length, parameters that cannot be valid) throw std::invalid_argument.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"

namespace swirl {

enum class WhirRejectionKind {
  kProofShape,            // counts or lengths differ from what the parameters fix
  kMuPowInvalid,          // proof of work before mu
  kFoldingPowInvalid,     // proof of work before a folding challenge
  kQueryPhasePowInvalid,  // proof of work before a round's queries
  kMerkleVerify,          // an opened row or codeword value does not hash to its commitment
  kFinalPolyDegree,       // the final polynomial has the wrong length
  kFinalPolyConstraint,   // the final claim does not hold
};
const char* whir_rejection_name(WhirRejectionKind kind);

struct WhirRejection {
  WhirRejectionKind kind;
  size_t round = 0;  // WHIR round concerned, where one is
  std::string message;
};

struct WhirVerifyParams {
  int l_skip = 0;
  int n_stack = 0;
  int log_blowup = 0;
  const WhirConfig* config = nullptr;
};

/// Verifies `proof` for the claims stacking_openings[c][j] = q_{c,j}(u) of
/// the stacked columns committed in `commitments[c]` (same order), at the
/// WHIR point `u_cube` (l_skip + n_stack coordinates). Returns nullopt when
/// the proof is accepted.
std::optional<WhirRejection> verify_whir(Transcript& transcript, const WhirVerifyParams& params,
                                         const WhirProof& proof,
                                         std::span<const std::vector<BabyBear4>> stacking_openings,
                                         std::span<const Digest> commitments, std::span<const BabyBear4> u_cube);

}  // namespace swirl
