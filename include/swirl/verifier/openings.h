// The verifier's openings phase (docs/protocol.md verifier steps 7-8): the
// column openings of the batch-constraint proof are put in batching order,
// the stacked reduction is verified, then WHIR at the reduction's point.
// Never throws on a malformed proof.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"
#include "swirl/protocol/stacking.h"
#include "swirl/verifier/stacked_reduction.h"
#include "swirl/verifier/whir.h"

namespace swirl {

/// The column openings do not fit the layouts (count, or odd length with rotation).
struct ColumnOpeningsMismatch {
  std::string message;
};

using OpeningsRejection = std::variant<ColumnOpeningsMismatch, StackedReductionRejection, WhirRejection>;

/// `layouts[c]`, `need_rot_per_commit[c]` (one flag per matrix of the
/// layout) and `commitments[c]` per commitment in commitment order;
/// `column_openings` as in BatchConstraintProof; `r` the batch-constraint
/// point. Returns nullopt when accepted.
std::optional<OpeningsRejection> verify_openings(Transcript& transcript, const SystemParams& params,
                                                 const StackingProof& stacking, const WhirProof& whir,
                                                 std::span<const StackedLayout> layouts,
                                                 std::span<const std::vector<bool>> need_rot_per_commit,
                                                 const std::vector<std::vector<std::vector<BabyBear4>>>& column_openings,
                                                 std::span<const Digest> commitments, std::span<const BabyBear4> r);

}  // namespace swirl
