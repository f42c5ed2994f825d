// WHIR opening of the stacked matrices, prover side (reference
// prover/whir.rs; protocol in docs/protocol.md, "WHIR").
//
// Every stacked column q_j (height 2^m, m = l_skip + n_stack) is committed as
// the RS codeword of its eval-to-coeff message r_j (poly/rs_code.h). Let
// f-hat_j be the multilinear polynomial whose coefficients are r_j; then
// f_j(X) = f-hat_j(X, X^2, X^4, ...) is the committed univariate polynomial,
// and sum_b f-hat_j(b) mobius_eq(u, b) = q_j(u_prism) for the WHIR point
// u = (u_0, u_0^2, .., u_0^(2^(l-1)), u_1, ..). WHIR proves, for
// f-hat = sum_j mu^j f-hat_j (mu sampled after a proof of work), the claim
// sum_b f-hat(b) w(b) = sum_j mu^j q_j(u_prism) with w = mobius_eq(u), in
// rounds of k sumcheck steps followed by a fold, a new codeword commitment,
// an out-of-domain sample and in-domain queries; the last round sends the
// final polynomial instead of a commitment.
//
// The protocol order (every grind, sample and observe) lives here, over the
// stage interface (backend/whir.h); the compute is the backend's (CPU:
// backend/cpu/whir.h). Emits the span `whir`, with `whir_grinding` around
// each proof of work.
#pragma once

#include <span>
#include <vector>

#include "swirl/backend/backend.h"
#include "swirl/backend/cpu/whir.h"
#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"

namespace swirl {

using cpu::WhirCommitted;

/// Runs WHIR on `stage` (fresh, made over the commitments for `config`) at
/// `u_cube` (m coordinates); grinds through `backend`. Checks the inputs
/// (WhirConfig::check_shape, u_cube's length) before touching the transcript.
/// Proof-of-work witnesses are the smallest passing ones.
WhirProof prove_whir_opening(Transcript& transcript, ProverBackend& backend, WhirStage& stage, int l_skip, int m,
                             int log_blowup, const WhirConfig& config, std::span<const BabyBear4> u_cube);

/// Convenience over host data (tests, benches): the CPU stage (cpu::Whir)
/// and the CPU backend's grinding under the function above. Commitments in
/// commitment order (common main first). Throws std::invalid_argument on
/// inconsistent shapes before touching the transcript.
WhirProof prove_whir_opening(Transcript& transcript, int l_skip, int log_blowup, const WhirConfig& config,
                             std::span<const WhirCommitted> committed, std::span<const BabyBear4> u_cube);

}  // namespace swirl
