// The stacked opening reduction's protocol order (docs/protocol.md, step 8):
// every sample and observe; the compute is the stage's.
#include "swirl/prover/stacked_reduction.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/stacked_reduction.h"
#include "swirl/util/span.h"

namespace swirl {

StackedReductionOutput prove_stacked_opening_reduction(Transcript& transcript, StackedReductionStage& stage,
                                                       int l_skip, int n_stack) {
  if (l_skip < 0 || n_stack < 0)
    throw std::invalid_argument("stacked reduction: bad l_skip " + std::to_string(l_skip) + " / n_stack " +
                                std::to_string(n_stack));
  ScopedSpan span("stacked_reduction");
  StackedReductionOutput out;
  const BabyBear4 lambda = transcript.sample_ext();
  out.proof.univariate_round_coeffs = stage.round0(lambda);
  for (const BabyBear4& c : out.proof.univariate_round_coeffs) transcript.observe_ext(c);
  out.u.reserve(static_cast<size_t>(n_stack) + 1);
  out.u.push_back(transcript.sample_ext());
  stage.fold_round0(out.u[0]);
  for (int j = 1; j <= n_stack; ++j) {
    const std::array<BabyBear4, 2> s = stage.round(j);
    transcript.observe_ext(s[0]);
    transcript.observe_ext(s[1]);
    out.proof.sumcheck_round_polys.push_back(s);
    const BabyBear4 uj = transcript.sample_ext();
    out.u.push_back(uj);
    stage.fold(j, uj);
  }
  out.proof.stacking_openings = stage.openings();
  for (const auto& per_commit : out.proof.stacking_openings)
    for (const BabyBear4& v : per_commit) transcript.observe_ext(v);
  return out;
}

StackedReductionOutput prove_stacked_opening_reduction(Transcript& transcript, int l_skip, int n_stack,
                                                       std::span<const ColMajorMatrix<BabyBear>* const> stacked,
                                                       std::span<const StackedOpeningColumn> columns,
                                                       std::span<const BabyBear4> r) {
  cpu::StackedReduction stage(l_skip, n_stack, stacked, columns, r);
  return prove_stacked_opening_reduction(transcript, stage, l_skip, n_stack);
}

}  // namespace swirl
