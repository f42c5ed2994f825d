// The prover's LogUp GKR protocol: the proof of work and challenges that
// precede it, and the GKR fractional sumcheck's transcript order over a
// LogupGkrStage (backend/logup_gkr.h), which holds the fraction tree and
// does the compute. Independent of AIRs: the backend builds the input layer
// from the traces with the challenges sampled before it.
//
// Protocol (docs/protocol.md, "LogUp GKR"; reference
// prover/logup_zerocheck/fractional_sumcheck_gkr.rs and mod.rs):
//  1. grind logup.pow_bits, sample alpha, sample beta (always, also when no
//     AIR has interactions);
//  2. the input layer: 2^L leaves (p_i, q_i), leaf i at hypercube point
//     bits(i) (coordinate k = bit k), denominators already including alpha;
//  3. the fraction tree: a parent is the sum of its children 2x and 2x + 1;
//     the root is p0 / q0;
//  4. observe p0 (unless asserting it is zero) and q0; then layer by layer
//     the claims and sumchecks, ending in claims about the input layer's
//     multilinear extensions at a point xi of L coordinates.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "swirl/backend/logup_gkr.h"
#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/poly/fraction.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// Step 1: the proof-of-work witness and the LogUp challenges.
struct LogupChallenges {
  BabyBear pow_witness;
  BabyBear4 alpha;  // added to every denominator (also of padding leaves)
  BabyBear4 beta;   // message compression: sum_i m_i beta^i + (bus + 1) beta^len
};

/// Grinds `pow_bits` (smallest witness; see Transcript::grind), then samples
/// alpha and beta.
LogupChallenges logup_grind_and_sample(Transcript& transcript, int pow_bits, int threads = 0);

/// What the fractional sumcheck proves and hands on.
struct FractionalSumcheckResult {
  /// The root fraction p0 / q0 (the sum of all leaves).
  Frac root;
  /// The GkrProof fields (see protocol/proof.h).
  std::vector<GkrLayerClaims> claims_per_layer;
  std::vector<std::vector<std::array<BabyBear4, 3>>> sumcheck_polys;
  /// The final point xi (one coordinate per input variable) and the claimed
  /// values of the input layer's multilinear extensions there:
  /// p_hat(xi) and q_hat(xi). These are what the batch-constraint phase must
  /// justify from the trace openings.
  std::vector<BabyBear4> xi;
  BabyBear4 p_at_xi;
  BabyBear4 q_at_xi;
};

/// Runs the GKR fractional sumcheck over `stage`'s fraction tree: every
/// observe and sample of protocol step 5 (span `logup_gkr`). With
/// `assert_zero` the root numerator must be zero and is not observed (the
/// protocol's use); std::invalid_argument otherwise, before the transcript
/// is touched. A single leaf (num_vars 0) observes the root and gives no
/// layers (the reference does not support this size; the protocol never
/// produces it).
FractionalSumcheckResult prove_fractional_sumcheck(Transcript& transcript, LogupGkrStage& stage,
                                                   bool assert_zero = true);

/// The result without interactions (no stage): root 0 / 1, no layers,
/// xi = [] (the reference's convention); observes nothing.
FractionalSumcheckResult empty_fractional_sumcheck();

/// Host convenience over the CPU stage (backend/cpu/logup_gkr.h): the GKR
/// fractional sumcheck on `leaves` (empty, or a power-of-two length;
/// std::invalid_argument otherwise, before the transcript is touched). An
/// empty input is empty_fractional_sumcheck() (span included).
FractionalSumcheckResult prove_fractional_sumcheck(Transcript& transcript, std::span<const Frac> leaves,
                                                   bool assert_zero = true);

/// The proof's GKR part from the two steps' outputs.
GkrProof make_gkr_proof(const LogupChallenges& challenges, const FractionalSumcheckResult& result);

/// After the GKR the point xi is extended by fresh samples to
/// l_skip + max(n_max, n_logup) coordinates (batch-constraint phase).
void extend_xi(Transcript& transcript, std::vector<BabyBear4>& xi, size_t length);

}  // namespace swirl
