// Protocol steps 8-9 over the backend's stages: the input checks, the
// stacked reduction's columns, then the two protocol loops
// (prover/stacked_reduction.cpp, prover/whir.cpp), which own every observe,
// sample and grind.
#include "swirl/prover/openings.h"

#include <stdexcept>
#include <string>

#include "swirl/protocol/stacked_opening.h"
#include "swirl/prover/stacked_reduction.h"
#include "swirl/prover/whir.h"
#include "swirl/util/span.h"

namespace swirl {

OpeningsProof prove_openings(Transcript& transcript, ProverBackend& backend, const SystemParams& params,
                             std::span<const OpeningsCommitment> commitments, std::span<const BabyBear4> r) {
  // ---- Input checks (before the transcript) ----
  if (commitments.empty()) throw std::invalid_argument("prove_openings: no commitments");
  if (params.l_skip < 0 || params.n_stack < 0)
    throw std::invalid_argument("prove_openings: bad l_skip / n_stack");
  const int m = params.l_skip + params.n_stack;
  const size_t height = size_t{1} << m;
  std::vector<StackedLayout> layouts;
  std::vector<std::vector<bool>> need_rot;
  std::vector<const BackendPcsData*> data;
  for (size_t c = 0; c < commitments.size(); ++c) {
    const OpeningsCommitment& oc = commitments[c];
    if (oc.data == nullptr)
      throw std::invalid_argument("prove_openings: commitment " + std::to_string(c) + " has no PCS data");
    if (oc.data->layout().height() != height)
      throw std::invalid_argument("prove_openings: commitment " + std::to_string(c) + " has stacked height " +
                                  std::to_string(oc.data->layout().height()) + ", expected " +
                                  std::to_string(height));
    layouts.push_back(oc.data->layout());
    need_rot.push_back(oc.need_rot);
    data.push_back(oc.data);
  }
  const std::vector<StackedOpeningColumn> columns = stacked_opening_columns(layouts, need_rot);
  if (r.empty()) throw std::invalid_argument("prove_openings: r is empty");
  for (const StackedOpeningColumn& col : columns)
    if (r.size() < static_cast<size_t>(1 + col.n_lift(params.l_skip)))
      throw std::invalid_argument("prove_openings: r has " + std::to_string(r.size()) +
                                  " coordinates, too few for a trace of log height " +
                                  std::to_string(col.log_height));
  params.whir.check_shape(params.l_skip, m, params.log_blowup, "prove_whir_opening");
  // The stages check their own handles and shapes; neither touches the
  // transcript.
  std::unique_ptr<StackedReductionStage> reduction = backend.stacked_reduction(params, data, columns, r);
  std::unique_ptr<WhirStage> whir = backend.whir(params, data);

  ScopedSpan span("prover.openings");
  OpeningsProof out;
  StackedReductionOutput red = prove_stacked_opening_reduction(transcript, *reduction, params.l_skip, params.n_stack);
  reduction.reset();  // its folded tables are no longer needed
  out.stacking = std::move(red.proof);
  const std::vector<BabyBear4> u_cube = stacked_u_to_cube(params.l_skip, red.u);
  out.whir = prove_whir_opening(transcript, backend, *whir, params.l_skip, m, params.log_blowup, params.whir, u_cube);
  return out;
}

}  // namespace swirl
