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
// Emits the span `whir`.
#pragma once

#include <span>
#include <vector>

#include "swirl/crypto/merkle.h"
#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// One committed stacked matrix: its evaluations (height 2^m) and the Merkle
/// tree over its RS codeword (height 2^(m + log_blowup), 2^k rows per query).
struct WhirCommitted {
  const ColMajorMatrix<BabyBear>* stacked = nullptr;
  const MerkleTree<BabyBear>* tree = nullptr;
};

/// Proves the openings of all committed matrices at `u_cube` (m
/// coordinates). Commitments in commitment order (common main first). Throws
/// std::invalid_argument on inconsistent shapes before touching the
/// transcript. Proof-of-work witnesses are the smallest passing ones.
WhirProof prove_whir_opening(Transcript& transcript, int l_skip, int log_blowup, const WhirConfig& config,
                             std::span<const WhirCommitted> committed, std::span<const BabyBear4> u_cube);

}  // namespace swirl
