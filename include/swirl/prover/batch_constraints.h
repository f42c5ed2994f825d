// Host conveniences over protocol steps 4-7 for callers that hold host
// traces and their own constraint systems (tests, benchmarks): the
// coordinator (prover/rap_constraints.h) over the CPU stages directly
// (backend/cpu/logup_input.h, logup_gkr.h, zerocheck.h), without a proving
// key. Protocol: docs/protocol.md, "Protocol order" steps 4-7 and "Batch
// constraint sumcheck". Spans: logup_gkr, round0, mle_rounds.
#pragma once

#include <span>
#include <vector>

#include "swirl/backend/cpu/rap_air.h"
#include "swirl/crypto/transcript.h"
#include "swirl/poly/fraction.h"
#include "swirl/protocol/air_constraints.h"
#include "swirl/prover/rap_constraints.h"

namespace swirl {

/// One present AIR, in sorted order (decreasing height, ties by AIR index).
using BatchAirInput = cpu::HostRapAir;

/// Everything the phase produces (prover/rap_constraints.h).
using ZerocheckLogupResult = RapConstraintsOutput;

/// Runs protocol steps 4-7 on `airs` (sorted order, at least one) with the
/// CPU stages. Throws std::invalid_argument on inconsistent inputs (shapes,
/// heights not sorted or not powers of two, a constraint degree above d)
/// and when the interactions do not balance (the GKR root numerator is not
/// zero; thrown after the LogUp preamble touched the transcript).
ZerocheckLogupResult prove_zerocheck_and_logup(Transcript& transcript, const BatchConstraintParams& params,
                                               std::span<const BatchAirInput> airs);

/// The GKR input layer (leaves p/q with alpha added to every denominator)
/// for the traces and challenges (cpu::logup_input_layer); empty without
/// interactions.
std::vector<Frac> logup_input_layer(const BatchConstraintParams& params, std::span<const BatchAirInput> airs,
                                    const BabyBear4& alpha, const BabyBear4& beta);

}  // namespace swirl
