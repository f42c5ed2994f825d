#include "swirl/prover/openings.h"

#include <stdexcept>
#include <string>

#include "swirl/protocol/stacked_opening.h"
#include "swirl/prover/stacked_reduction.h"
#include "swirl/prover/whir.h"
#include "swirl/util/span.h"

namespace swirl {

OpeningsProof prove_openings(Transcript& transcript, const SystemParams& params,
                             std::span<const OpeningsCommitment> commitments, std::span<const BabyBear4> r) {
  std::vector<StackedLayout> layouts;
  std::vector<std::vector<bool>> need_rot;
  std::vector<const ColMajorMatrix<BabyBear>*> stacked;
  std::vector<WhirCommitted> committed;
  for (size_t c = 0; c < commitments.size(); ++c) {
    const OpeningsCommitment& oc = commitments[c];
    if (!oc.layout || !oc.stacked || !oc.tree)
      throw std::invalid_argument("prove_openings: commitment " + std::to_string(c) + " is incomplete");
    if (oc.layout->width() != oc.stacked->width() || oc.layout->height() != oc.stacked->height())
      throw std::invalid_argument("prove_openings: commitment " + std::to_string(c) +
                                  ": layout and stacked matrix differ in shape");
    layouts.push_back(*oc.layout);
    need_rot.push_back(oc.need_rot);
    stacked.push_back(oc.stacked);
    committed.push_back({oc.stacked, oc.tree});
  }
  const std::vector<StackedOpeningColumn> columns = stacked_opening_columns(layouts, need_rot);
  ScopedSpan span("prover.openings");
  OpeningsProof out;
  StackedReductionOutput red =
      prove_stacked_opening_reduction(transcript, params.l_skip, params.n_stack, stacked, columns, r);
  out.stacking = std::move(red.proof);
  const std::vector<BabyBear4> u_cube = stacked_u_to_cube(params.l_skip, red.u);
  out.whir = prove_whir_opening(transcript, params.l_skip, params.log_blowup, params.whir, committed, u_cube);
  return out;
}

}  // namespace swirl
