#include "swirl/verifier/openings.h"

#include <stdexcept>

#include "swirl/protocol/stacked_opening.h"

namespace swirl {

std::optional<OpeningsRejection> verify_openings(Transcript& transcript, const SystemParams& params,
                                                 const StackingProof& stacking, const WhirProof& whir,
                                                 std::span<const StackedLayout> layouts,
                                                 std::span<const std::vector<bool>> need_rot_per_commit,
                                                 const std::vector<std::vector<std::vector<BabyBear4>>>& column_openings,
                                                 std::span<const Digest> commitments, std::span<const BabyBear4> r) {
  if (layouts.size() != commitments.size())
    throw std::invalid_argument("verify_openings: one layout per commitment expected");
  const std::vector<StackedOpeningColumn> columns = stacked_opening_columns(layouts, need_rot_per_commit);
  const auto claims = stacked_claims_from_openings(column_openings, need_rot_per_commit);
  if (!claims) return ColumnOpeningsMismatch{"column openings do not fit the commitments' layouts"};
  if (claims->size() != columns.size())
    return ColumnOpeningsMismatch{"column openings: " + std::to_string(claims->size()) + " claims for " +
                                  std::to_string(columns.size()) + " columns"};
  std::vector<size_t> widths;
  for (const auto& l : layouts) widths.push_back(l.width());
  auto u = verify_stacked_reduction(transcript, stacking, params.l_skip, params.n_stack, columns, *claims, widths, r);
  if (!u) return u.error();
  WhirVerifyParams wp{params.l_skip, params.n_stack, params.log_blowup, &params.whir};
  if (auto rej = verify_whir(transcript, wp, whir, stacking.stacking_openings, commitments,
                             stacked_u_to_cube(params.l_skip, *u)))
    return *rej;
  return std::nullopt;
}

}  // namespace swirl
