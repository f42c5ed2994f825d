// The stacked opening reduction, prover side (reference
// prover/stacked_reduction.rs; protocol in docs/protocol.md, "Stacked
// opening reduction"): the claims t_i(r) (and rotated claims) about trace
// columns, batched with powers of lambda, are reduced by one sumcheck over
// the stacked hyperprism D x {0,1}^n_stack to claims q_c(u) about the
// stacked columns q_c, which WHIR then opens.
//
// Transcript: sample lambda; observe the 2 (2^l - 1) + 1 round-0
// coefficients; sample u_0; rounds 1..n_stack: observe s(1), s(2), sample
// u_j; observe every stacked column's opening q_c(u) (commitment order,
// column order). Emits the span `stacked_reduction`.
//
// The protocol order lives here, over the stage interface
// (backend/stacked_reduction.h); the compute is the backend's (CPU:
// backend/cpu/stacked_reduction.h).
#pragma once

#include <span>
#include <vector>

#include "swirl/backend/stacked_reduction.h"
#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/proof.h"
#include "swirl/protocol/stacked_opening.h"

namespace swirl {

struct StackedReductionOutput {
  StackingProof proof;
  /// u = (u_0, u_1, ..., u_n_stack): the stacked openings are at the prism
  /// point (u_0, u_1..); WHIR opens at (u_0, u_0^2, .., u_0^(2^(l-1)), u_1, ..).
  std::vector<BabyBear4> u;
};

/// Runs the reduction on `stage` (fresh, made for the same l_skip and
/// n_stack): every sample and observe of step 8, in protocol order.
StackedReductionOutput prove_stacked_opening_reduction(Transcript& transcript, StackedReductionStage& stage,
                                                       int l_skip, int n_stack);

/// Convenience over host data (tests, benches): the CPU stage
/// (cpu::StackedReduction) under the function above.
/// `stacked[c]` is commitment c's stacked matrix (height 2^(l_skip + n_stack));
/// `columns` lists the trace columns in batching order (see
/// protocol/stacked_opening.h); `r` is the batch-constraint point (r_0, r_1..)
/// with at least 1 + max n_lift coordinates. Throws std::invalid_argument on
/// inconsistent shapes (before touching the transcript). OpenMP inside; the
/// result does not depend on the thread count.
StackedReductionOutput prove_stacked_opening_reduction(Transcript& transcript, int l_skip, int n_stack,
                                                       std::span<const ColMajorMatrix<BabyBear>* const> stacked,
                                                       std::span<const StackedOpeningColumn> columns,
                                                       std::span<const BabyBear4> r);

}  // namespace swirl
