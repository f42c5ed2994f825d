// The stacked opening reduction, verifier side (reference
// verifier/stacked_reduction.rs). Never throws on a malformed proof: every
// failure is a StackedReductionRejection. Caller bugs (inconsistent
// arguments that do not come from the proof) throw std::invalid_argument.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/proof.h"
#include "swirl/protocol/stacked_opening.h"
#include "swirl/util/expected.h"

namespace swirl {

enum class StackedReductionRejectionKind {
  kProofShape,        // wrong number of coefficients, rounds or openings
  kBadLayout,         // a column's slice lies outside its stacked matrix
  kS0Mismatch,        // sum over D of s_0 differs from the batched column claims
  kFinalSumMismatch,  // the last round's value differs from the openings' combination
};
const char* stacked_reduction_rejection_name(StackedReductionRejectionKind kind);

struct StackedReductionRejection {
  StackedReductionRejectionKind kind;
  std::string message;
};

/// `columns` in batching order (protocol/stacked_opening.h); `claims[i]` =
/// (t_i(r), rotated t_i(r)) with the rotated claim 0 when the column does not
/// need it (the reference's column_openings_by_rot); `stacked_widths[c]` the
/// width of commitment c's stacked matrix (from its layout); `r` the
/// batch-constraint point. Returns u = (u_0, ..., u_n_stack).
Expected<std::vector<BabyBear4>, StackedReductionRejection> verify_stacked_reduction(
    Transcript& transcript, const StackingProof& proof, int l_skip, int n_stack,
    std::span<const StackedOpeningColumn> columns, std::span<const std::array<BabyBear4, 2>> claims,
    std::span<const size_t> stacked_widths, std::span<const BabyBear4> r);

}  // namespace swirl
