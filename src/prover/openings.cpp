// INTERIM (removed by the openings restructure): the new prove_openings
// signature over the old host stage functions, so the tree builds while
// the stages move.
#include "swirl/prover/openings.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/protocol/stacked_opening.h"
#include "swirl/prover/stacked_reduction.h"
#include "swirl/prover/whir.h"
#include "swirl/util/span.h"

namespace swirl {

OpeningsProof prove_openings(Transcript& transcript, ProverBackend& /*backend*/, const SystemParams& params,
                             std::span<const OpeningsCommitment> commitments, std::span<const BabyBear4> r) {
  std::vector<StackedLayout> layouts;
  std::vector<std::vector<bool>> need_rot;
  std::vector<const ColMajorMatrix<BabyBear>*> stacked;
  std::vector<WhirCommitted> committed;
  for (size_t c = 0; c < commitments.size(); ++c) {
    const StackedPcsData& d = cpu::cpu_pcs_data(commitments[c].data, "prove_openings").data();
    layouts.push_back(d.layout);
    need_rot.push_back(commitments[c].need_rot);
    stacked.push_back(&d.matrix);
    committed.push_back({&d.matrix, &d.tree});
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

namespace swirl::cpu {

std::unique_ptr<StackedReductionStage> CpuBackend::stacked_reduction(const SystemParams&,
                                                                     std::span<const BackendPcsData* const>,
                                                                     std::span<const StackedOpeningColumn>,
                                                                     std::span<const BabyBear4>) {
  throw std::logic_error("interim: CpuBackend::stacked_reduction is not written yet");
}

std::unique_ptr<WhirStage> CpuBackend::whir(const SystemParams&, std::span<const BackendPcsData* const>) {
  throw std::logic_error("interim: CpuBackend::whir is not written yet");
}

}  // namespace swirl::cpu
