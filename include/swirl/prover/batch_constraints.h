// The prover's RAP-constraints phase: LogUp preamble, the GKR input layer
// built from the traces, the GKR (prover/logup_gkr.h), xi completion and the
// batched constraint sumcheck (zerocheck with univariate skip + LogUp input
// consistency). Protocol: docs/protocol.md, "Protocol order" step 4-7 and
// "Batch constraint sumcheck"; reference prover/logup_zerocheck/mod.rs
// (prove_zerocheck_and_logup) and cpu.rs.
//
// Host code; OpenMP over rows (round 0, GKR input, MLE rounds) and columns
// (folds). The result does not depend on the thread count. Emits the spans
// `round0` and `mle_rounds` (util/span.h).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/poly/fraction.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/air_constraints.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// One present AIR, in sorted order (decreasing height, ties by AIR index).
/// Every trace part has the same power-of-two height (>= 1).
struct BatchAirInput {
  const AirConstraints* air = nullptr;
  AirShape shape;
  const ColMajorMatrix<BabyBear>* preprocessed = nullptr;  // iff shape.has_preprocessed
  std::vector<const ColMajorMatrix<BabyBear>*> cached;     // one per shape.cached_widths
  const ColMajorMatrix<BabyBear>* common_main = nullptr;
  std::vector<BabyBear> public_values;
};

/// Everything the phase produces. The challenges are returned for tests and
/// debugging; the protocol only hands on `r`.
struct ZerocheckLogupResult {
  GkrProof gkr_proof;
  BatchConstraintProof batch_proof;
  /// (r_0, r_1, ..., r_{n_max}): the point of the column openings.
  std::vector<BabyBear4> r;
  BabyBear4 alpha, beta, lambda, mu;
  std::vector<BabyBear4> xi;
  size_t n_logup = 0;
};

/// Runs protocol steps 4-7 on `airs` (sorted order, at least one). Throws
/// std::invalid_argument on inconsistent inputs (shapes, heights not sorted
/// or not powers of two, a constraint degree above d) and when the
/// interactions do not balance (the GKR root numerator is not zero; thrown
/// after the LogUp preamble touched the transcript).
ZerocheckLogupResult prove_zerocheck_and_logup(Transcript& transcript, const BatchConstraintParams& params,
                                               std::span<const BatchAirInput> airs);

/// The GKR input layer (leaves p/q with alpha added to every denominator)
/// for the traces and challenges; exposed for tests. Empty without
/// interactions.
std::vector<Frac> logup_input_layer(const BatchConstraintParams& params, std::span<const BatchAirInput> airs,
                                    const BabyBear4& alpha, const BabyBear4& beta);

}  // namespace swirl
