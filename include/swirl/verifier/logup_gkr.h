// The verifier's LogUp GKR (reference verifier/fractional_sumcheck_gkr.rs
// and the LogUp part of verifier/batch_constraints.rs). Never throws on a
// malformed proof: every failure is a GkrRejection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/proof.h"
#include "swirl/util/expected.h"

namespace swirl {

enum class GkrRejectionKind {
  kInvalidPowWitness,             // the LogUp proof-of-work witness fails
  kInvalidZeroRoundValue,         // no interactions, but q0_claim != 1
  kIncorrectLayerCount,           // claims_per_layer has the wrong length
  kIncorrectSumcheckPolyCount,    // sumcheck_polys has the wrong length
  kIncorrectSubroundCount,        // a layer has the wrong number of rounds
  kZeroCheckFailed,               // the root numerator (from layer 1) is not 0
  kRootConsistencyCheckFailed,    // layer 1 does not give q0_claim
  kLayerConsistencyCheckFailed,   // a layer's sumcheck does not match its claims
};

const char* gkr_rejection_name(GkrRejectionKind kind);

struct GkrRejection {
  GkrRejectionKind kind;
  size_t layer = 0;  // the GKR layer concerned (1-based), where one is
  std::string message;
};

/// What a successful GKR verification establishes, conditioned on the
/// caller checking these against the input layer: p_hat(xi) = p_at_xi and
/// q_hat(xi) = q_at_xi, where p_hat, q_hat are the multilinear extensions of
/// the leaves' numerators and denominators (coordinate k = bit k of the leaf
/// index).
struct GkrClaims {
  BabyBear4 p_at_xi;
  BabyBear4 q_at_xi;
  std::vector<BabyBear4> xi;
};

/// The GKR fractional sumcheck with `num_layers` = log2(number of leaves),
/// asserting the root numerator is zero. The transcript must stand where the
/// prover called prove_fractional_sumcheck. num_layers = 0 (one leaf, a swirl
/// extension; the reference requires >= 1) observes q0 and returns
/// (0, q0_claim, []).
Expected<GkrClaims, GkrRejection> verify_fractional_sumcheck(const GkrProof& proof, Transcript& transcript,
                                                             size_t num_layers);

/// The LogUp part of the batch-constraint verifier, from the proof-of-work
/// check to the GKR's claims: checks the witness (pow_bits), samples alpha and
/// beta; with interactions (total_interactions > 0) verifies the GKR over
/// l_skip + calculate_n_logup(l_skip, total) layers; without, requires
/// q0_claim == 1 and no layers, observes nothing more and returns
/// p_at_xi = 0, q_at_xi = alpha, xi = [].
struct LogupGkrVerified {
  BabyBear4 alpha;
  BabyBear4 beta;
  size_t n_logup = 0;
  GkrClaims claims;
};
Expected<LogupGkrVerified, GkrRejection> verify_logup_gkr(const GkrProof& proof, Transcript& transcript, int pow_bits,
                                                          size_t l_skip, uint64_t total_interactions);

}  // namespace swirl
