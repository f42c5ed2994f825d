#include "swirl/backend/cpu/logup_input.h"

#include <omp.h>

#include <algorithm>

#include "backend/cpu/air_ctx.h"
#include "swirl/field/powers.h"

namespace swirl::cpu {
namespace {

using namespace rap;

std::vector<Frac> build_input_layer(int l, const std::vector<AirCtx>& ctxs, const LogupLayout& lay, const EF& alpha,
                                    const std::vector<EF>& beta_pows) {
  if (lay.total == 0) return {};
  std::vector<Frac> leaves(size_t{1} << (static_cast<size_t>(l) + lay.n_logup), Frac{EF::zero(), alpha});
  Combiner comb{nullptr, &beta_pows};
  for (size_t t = 0; t < ctxs.size(); ++t) {
    const AirCtx& a = ctxs[t];
    const auto its = a.air->interactions();
    if (its.empty()) continue;
    const size_t lifted = size_t{1} << (static_cast<size_t>(l) + a.n_lift);
    const size_t reps = lifted / a.h;
#pragma omp parallel if (a.h * a.ncols >= kParallelWork)
    {
      std::vector<F> vals(a.ncols), nodes(a.air->num_nodes());
      WindowBuilder<F> wb;
#pragma omp for schedule(static)
      for (int64_t ii = 0; ii < static_cast<int64_t>(a.h); ++ii) {
        const size_t i = static_cast<size_t>(ii);
        for (size_t c = 0; c < a.ncols; ++c) a.gather(c, i, 1, &vals[c]);
        wb.build(a, vals.data());
        a.air->eval(wb.w, nodes.data());
        for (size_t k = 0; k < its.size(); ++k) {
          const Frac f{EF(nodes[its[k].count] * a.norm), comb.hash(its[k], nodes.data()) + alpha};
          for (size_t r = 0; r < reps; ++r) leaves[lay.offsets[t][k] + r * a.h + i] = f;
        }
      }
    }
  }
  return leaves;
}

}  // namespace

std::vector<Frac> logup_input_layer(const BatchConstraintParams& params, std::span<const HostRapAir> airs,
                                    const BabyBear4& alpha, const BabyBear4& beta) {
  const std::vector<AirCtx> ctxs = make_contexts(params, airs, "logup_input_layer");
  const LogupLayout lay = logup_layout(static_cast<size_t>(params.l_skip), logup_sizes(ctxs));
  size_t max_len = 0;
  for (const auto& a : ctxs)
    for (const auto& it : a.air->interactions()) max_len = std::max(max_len, it.message.size());
  return build_input_layer(params.l_skip, ctxs, lay, alpha, powers(beta, max_len + 1));
}

}  // namespace swirl::cpu
