// keygen's default preprocessed committer (declared in air/keygen.h): the
// reference's stacked_commit of the preprocessed trace alone.
#include <array>
#include <memory>

#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/stacked_commit.h"

namespace swirl {

PreprocessedCommit stacked_preprocessed_commit(const SystemParams& params, const ColMajorMatrix<BabyBear>& trace) {
  const std::array<const ColMajorMatrix<BabyBear>*, 1> traces{&trace};
  auto [commit, data] = cpu::stacked_commit(params.l_skip, params.n_stack, params.log_blowup, params.k_whir(), traces);
  PreprocessedCommit pc;
  pc.commit = commit;
  pc.stacking_width = data.matrix.width();
  pc.data = std::make_shared<const StackedPcsData>(std::move(data));
  return pc;
}

}  // namespace swirl
