// The stacked opening reduction stage (backend/stacked_reduction.h) on every
// backend of stage_backends(): random stacked inputs of several shapes
// (traces below, at and above 2^l_skip rows, height 1, width 1, several
// commitments, with and without rotation), committed through the backend,
// driven with random challenges; every backend's raw round outputs equal the
// CPU backend's bit for bit. The CPU stage is checked against a naive model
// built from the definitions (the batching weights placed on the stacked
// rows, Lagrange interpolation from the product formula, hypercube sums),
// and the proofs the coordinator makes over each backend's stage verify.
#include <gtest/gtest.h>

#include <string>

#include "backend/stage_backends.h"
#include "support/prism_model.h"
#include "swirl/backend/cpu/stacked_reduction.h"
#include "swirl/protocol/stacked_opening.h"
#include "swirl/prover/stacked_reduction.h"
#include "swirl/field/rng.h"
#include "swirl/verifier/stacked_reduction.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

struct TraceSpec {
  size_t height, width;
  bool rot;
};

struct Case {
  std::string name;
  int l, n_stack;
  std::vector<std::vector<TraceSpec>> commits;  // each tallest first
};

std::vector<Case> cases() {
  return {
      {"one_trace_above", 2, 3, {{{32, 2, true}}}},
      {"one_column_at", 2, 2, {{{4, 1, false}}}},
      {"height_one", 2, 2, {{{1, 3, true}}}},
      {"below_at_above", 2, 4, {{{64, 2, true}, {4, 1, false}, {2, 2, true}, {1, 1, true}}}},
      {"several_commitments", 3, 3,
       {{{64, 3, true}, {8, 2, false}, {1, 2, true}}, {{64, 1, true}}, {{4, 1, false}, {2, 1, true}}}},
      {"wide_no_rot", 2, 3, {{{16, 5, false}, {8, 3, false}}}},
      {"l_skip_zero", 0, 4, {{{16, 2, true}, {2, 1, true}}, {{1, 1, false}}}},
      {"no_cube_rounds", 3, 0, {{{8, 2, true}, {2, 1, true}}}},
  };
}

ColMajorMatrix<F> random_matrix(SplitMix64& rng, size_t height, size_t width) {
  ColMajorMatrix<F> m(height, width);
  for (auto& v : m.values()) v = rng.field();
  return m;
}

struct Inputs {
  SystemParams params;
  std::vector<std::vector<ColMajorMatrix<F>>> traces;  // per commitment
  std::vector<std::vector<bool>> need_rot;
  std::vector<EF> r;  // 1 + n_stack coordinates
  EF lambda;
  std::vector<EF> u;  // u_0 .. u_n_stack
};

Inputs make_inputs(const Case& c, uint64_t seed) {
  SplitMix64 rng(seed);
  Inputs in;
  in.params = test_params_small(c.l, c.n_stack, 1, 0);
  for (const auto& specs : c.commits) {
    in.traces.emplace_back();
    in.need_rot.emplace_back();
    for (const TraceSpec& t : specs) {
      in.traces.back().push_back(random_matrix(rng, t.height, t.width));
      in.need_rot.back().push_back(t.rot);
    }
  }
  for (int i = 0; i <= c.n_stack; ++i) in.r.push_back(rng.ext());
  in.lambda = rng.ext();
  for (int i = 0; i <= c.n_stack; ++i) in.u.push_back(rng.ext());
  return in;
}

// The inputs as one backend holds them.
struct Committed {
  std::vector<std::shared_ptr<const BackendMatrix>> mats;
  std::vector<std::shared_ptr<const BackendPcsData>> pcs;
  std::vector<StackedOpeningColumn> columns;
  std::vector<const BackendPcsData*> data() const {
    std::vector<const BackendPcsData*> v;
    for (const auto& p : pcs) v.push_back(p.get());
    return v;
  }
};

Committed commit_all(ProverBackend& backend, const Inputs& in) {
  Committed out;
  std::vector<StackedLayout> layouts;
  for (const auto& traces : in.traces) {
    std::vector<const BackendMatrix*> ptrs;
    for (const auto& t : traces) {
      out.mats.push_back(backend.load_trace(t));
      ptrs.push_back(out.mats.back().get());
    }
    out.pcs.push_back(backend.commit(in.params, ptrs));
    layouts.push_back(out.pcs.back()->layout());
  }
  out.columns = stacked_opening_columns(layouts, in.need_rot);
  return out;
}

struct RawOutputs {
  std::vector<EF> s0;
  std::vector<std::array<EF, 2>> rounds;
  std::vector<std::vector<EF>> openings;
  friend bool operator==(const RawOutputs&, const RawOutputs&) = default;
};

RawOutputs run_stage(StackedReductionStage& stage, const Inputs& in) {
  RawOutputs out;
  out.s0 = stage.round0(in.lambda);
  stage.fold_round0(in.u[0]);
  for (int j = 1; j <= in.params.n_stack; ++j) {
    out.rounds.push_back(stage.round(j));
    stage.fold(j, in.u[static_cast<size_t>(j)]);
  }
  out.openings = stage.openings();
  return out;
}

const ColMajorMatrix<F>& host_stacked(const BackendPcsData* d) {
  return cpu::cpu_pcs_data(d, "stacked_reduction_test").data().matrix;
}

// ---- The naive model ----

EF horner_eval(const std::vector<EF>& coeffs, const EF& x) {
  EF acc = EF::zero();
  for (size_t i = coeffs.size(); i-- > 0;) acc = acc * x + coeffs[i];
  return acc;
}

// Trace column `col`'s values, read back from its stacked slice.
std::vector<F> trace_values(int l, const ColMajorMatrix<F>& stacked, const StackedOpeningColumn& col) {
  const size_t h = size_t{1} << col.log_height;
  const size_t stride = col.len(l) / h;
  std::vector<F> v(h);
  for (size_t t = 0; t < h; ++t) v[t] = stacked.column(col.col)[col.row + t * stride];
  return v;
}

// Per commitment, per stacked column: the batched weight of every stacked
// row, i.e. the coefficient with which the row's value enters
// sum_i lambda^(2i) t_i(r) + lambda^(2i+1) t_i^rot(r).
std::vector<std::vector<std::vector<EF>>> model_weights(const Inputs& in, const Committed& cm) {
  const int l = in.params.l_skip;
  const size_t height = size_t{1} << (l + in.params.n_stack);
  std::vector<std::vector<std::vector<EF>>> w(cm.pcs.size());
  for (size_t c = 0; c < cm.pcs.size(); ++c)
    w[c].assign(cm.pcs[c]->layout().width(), std::vector<EF>(height, EF::zero()));
  EF lam_pow = EF::one();
  for (const StackedOpeningColumn& col : cm.columns) {
    const EF lam_eq = lam_pow, lam_rot = lam_pow * in.lambda;
    lam_pow = lam_rot * in.lambda;
    const size_t h = size_t{1} << col.log_height;
    const size_t stride = col.len(l) / h;
    // coef(t): the weight of trace row t in t(r) (testing::column_claim).
    auto coef = [&](size_t t) {
      if (col.log_height >= l) {
        const auto n = static_cast<size_t>(col.log_height - l);
        const size_t mask = (size_t{1} << l) - 1;
        return testing::lagrange(l, t & mask, in.r[0]) *
               testing::bit_eq(t >> l, std::span<const EF>(in.r).subspan(1, n));
      }
      return testing::lagrange(col.log_height, t, in.r[0].exp_power_of_2(l - col.log_height));
    };
    for (size_t t = 0; t < h; ++t) {
      EF v = lam_eq * coef(t);
      if (col.need_rot) v += lam_rot * coef((t + h - 1) % h);
      w[col.commit][col.col][col.row + t * stride] += v;
    }
  }
  return w;
}

// sum_z L_z(x) v[z + 2^l y] for each y: Z interpolated at x.
std::vector<EF> fold_z(int l, std::span<const EF> v, const EF& x) {
  const size_t N = size_t{1} << l;
  std::vector<EF> out(v.size() / N, EF::zero());
  for (size_t y = 0; y < out.size(); ++y)
    for (size_t z = 0; z < N; ++z) out[y] += testing::lagrange(l, z, x) * v[z + N * y];
  return out;
}

std::vector<EF> lift(std::span<const F> v) { return std::vector<EF>(v.begin(), v.end()); }

std::vector<EF> fold_low(const std::vector<EF>& v, const EF& x) {
  std::vector<EF> out(v.size() / 2);
  for (size_t y = 0; y < out.size(); ++y) out[y] = v[2 * y] * (EF::one() - x) + v[2 * y + 1] * x;
  return out;
}

// The model's raw outputs, except s0 which is checked by evaluation.
struct ModelRun {
  std::vector<std::array<EF, 3>> rounds;  // s_j(0), s_j(1), s_j(2)
  std::vector<std::vector<EF>> openings;
};

// s_0 at x from the definition: sum over the cube of q(x, y) W(x, y).
EF model_s0_at(const Inputs& in, const Committed& cm, const std::vector<std::vector<std::vector<EF>>>& w,
               const EF& x) {
  const int l = in.params.l_skip;
  EF acc = EF::zero();
  for (size_t c = 0; c < cm.pcs.size(); ++c) {
    const ColMajorMatrix<F>& m = host_stacked(cm.pcs[c].get());
    for (size_t j = 0; j < m.width(); ++j) {
      const std::vector<EF> q = fold_z(l, lift(m.column(j)), x);
      const std::vector<EF> wt = fold_z(l, w[c][j], x);
      for (size_t y = 0; y < q.size(); ++y) acc += q[y] * wt[y];
    }
  }
  return acc;
}

ModelRun model_run(const Inputs& in, const Committed& cm) {
  const int l = in.params.l_skip;
  const auto w = model_weights(in, cm);
  std::vector<std::vector<EF>> q, wt;
  for (size_t c = 0; c < cm.pcs.size(); ++c) {
    const ColMajorMatrix<F>& m = host_stacked(cm.pcs[c].get());
    for (size_t j = 0; j < m.width(); ++j) {
      q.push_back(fold_z(l, lift(m.column(j)), in.u[0]));
      wt.push_back(fold_z(l, w[c][j], in.u[0]));
    }
  }
  ModelRun out;
  const EF two = EF::one().doubled();
  for (int j = 1; j <= in.params.n_stack; ++j) {
    // s_j(X) = sum_y q(X, y) W(X, y), both multilinear in X.
    std::array<EF, 3> s{EF::zero(), EF::zero(), EF::zero()};
    for (size_t t = 0; t < q.size(); ++t) {
      for (size_t y = 0; y < q[t].size() / 2; ++y) {
        const EF q0 = q[t][2 * y], q1 = q[t][2 * y + 1], w0 = wt[t][2 * y], w1 = wt[t][2 * y + 1];
        s[0] += q0 * w0;
        s[1] += q1 * w1;
        s[2] += (q0 + (q1 - q0) * two) * (w0 + (w1 - w0) * two);
      }
    }
    out.rounds.push_back(s);
    for (size_t t = 0; t < q.size(); ++t) {
      q[t] = fold_low(q[t], in.u[static_cast<size_t>(j)]);
      wt[t] = fold_low(wt[t], in.u[static_cast<size_t>(j)]);
    }
  }
  // Openings: each stacked column's prismalinear polynomial at u.
  for (size_t c = 0; c < cm.pcs.size(); ++c) {
    const ColMajorMatrix<F>& m = host_stacked(cm.pcs[c].get());
    out.openings.emplace_back();
    for (size_t j = 0; j < m.width(); ++j) out.openings.back().push_back(testing::column_claim(l, m.column(j), in.u, false));
  }
  return out;
}

// ---- Tests ----

TEST(StackedReductionStage, BackendsAgreeWithCpu) {
  const auto backends = testing::stage_backends("stacked_reduction");
  for (const Case& c : cases()) {
    const Inputs in = make_inputs(c, 11);
    RawOutputs cpu_out;
    for (const auto& nb : backends) {
      SCOPED_TRACE(c.name + " on " + nb.name);
      const Committed cm = commit_all(*nb.backend, in);
      auto stage = nb.backend->stacked_reduction(in.params, cm.data(), cm.columns, in.r);
      const RawOutputs out = run_stage(*stage, in);
      EXPECT_EQ(out.s0.size(), 2 * (size_t{1} << c.l) - 1);
      EXPECT_EQ(out.rounds.size(), static_cast<size_t>(c.n_stack));
      if (nb.name == "cpu")
        cpu_out = out;
      else
        EXPECT_TRUE(out == cpu_out) << "raw outputs differ from the CPU backend's";
    }
  }
}

TEST(StackedReductionStage, CpuMatchesNaiveModel) {
  cpu::CpuBackend backend;
  for (const Case& c : cases()) {
    for (uint64_t seed : {1u, 2u}) {
      SCOPED_TRACE(c.name + " seed " + std::to_string(seed));
      const Inputs in = make_inputs(c, seed);
      const Committed cm = commit_all(backend, in);
      std::vector<const ColMajorMatrix<F>*> stacked;
      for (const auto& p : cm.pcs) stacked.push_back(&host_stacked(p.get()));
      cpu::StackedReduction stage(c.l, c.n_stack, stacked, cm.columns, in.r);
      const RawOutputs out = run_stage(stage, in);

      // s_0 at the points of D and at random points.
      const auto w = model_weights(in, cm);
      SplitMix64 rng(seed + 100);
      std::vector<EF> xs = {rng.ext(), rng.ext(), in.u[0]};
      const F omega = F::two_adic_generator(c.l);
      for (size_t z = 0; z < (size_t{1} << c.l); ++z) xs.push_back(EF(omega.pow(z)));
      for (const EF& x : xs) EXPECT_EQ(horner_eval(out.s0, x), model_s0_at(in, cm, w, x));

      // The claims: sum over D of s_0 is the batched sum of the trace
      // columns' claims (from the traces themselves).
      EF claimed = EF::zero(), lam_pow = EF::one();
      for (const StackedOpeningColumn& col : cm.columns) {
        const std::vector<F> t = trace_values(c.l, *stacked[col.commit], col);
        claimed += lam_pow * testing::column_claim(c.l, t, in.r, false);
        lam_pow *= in.lambda;
        if (col.need_rot) claimed += lam_pow * testing::column_claim(c.l, t, in.r, true);
        lam_pow *= in.lambda;
      }
      EF sum_d = EF::zero();
      for (size_t z = 0; z < (size_t{1} << c.l); ++z) sum_d += horner_eval(out.s0, EF(omega.pow(z)));
      EXPECT_EQ(sum_d, claimed);

      const ModelRun model = model_run(in, cm);
      ASSERT_EQ(out.rounds.size(), model.rounds.size());
      EXPECT_EQ(out.openings, model.openings);
      // Round j's s_j(1), s_j(2) are the model's; s_j(0) + s_j(1) is the
      // previous round's polynomial at its challenge.
      EF prev = horner_eval(out.s0, in.u[0]);
      const EF half = EF(F::from_canonical(2).inverse());
      for (size_t j = 0; j < out.rounds.size(); ++j) {
        const auto& s = model.rounds[j];
        EXPECT_EQ(out.rounds[j][0], s[1]) << "round " << j + 1 << " s(1)";
        EXPECT_EQ(out.rounds[j][1], s[2]) << "round " << j + 1 << " s(2)";
        EXPECT_EQ(s[0] + s[1], prev) << "round " << j + 1;
        // The quadratic through s(0), s(1), s(2), at u_j.
        const EF x = in.u[j + 1];
        prev = s[0] + (s[1] - s[0]) * x + (s[2] - s[1].doubled() + s[0]) * half * x * (x - EF::one());
      }
      // After the last round the claim is the batched openings times the
      // weights at u (the verifier's final check, here from the model).
      EF final_claim = EF::zero();
      for (size_t cc = 0; cc < cm.pcs.size(); ++cc) {
        const ColMajorMatrix<F>& m = *stacked[cc];
        for (size_t j = 0; j < m.width(); ++j) {
          std::vector<EF> wt = fold_z(c.l, w[cc][j], in.u[0]);
          for (int k = 1; k <= c.n_stack; ++k) wt = fold_low(wt, in.u[static_cast<size_t>(k)]);
          final_claim += model.openings[cc][j] * wt[0];
        }
      }
      EXPECT_EQ(final_claim, prev);
    }
  }
}

TEST(StackedReductionStage, ProofsVerify) {
  for (const auto& nb : testing::stage_backends("stacked_reduction")) {
    for (const Case& c : cases()) {
      SCOPED_TRACE(c.name + " on " + nb.name);
      const Inputs in = make_inputs(c, 5);
      const Committed cm = commit_all(*nb.backend, in);
      auto stage = nb.backend->stacked_reduction(in.params, cm.data(), cm.columns, in.r);
      Transcript pt;
      const StackedReductionOutput out = prove_stacked_opening_reduction(pt, *stage, c.l, c.n_stack);

      cpu::CpuBackend cpu;
      const Committed host = commit_all(cpu, in);
      std::vector<std::array<EF, 2>> claims;
      std::vector<size_t> widths;
      for (const auto& p : host.pcs) widths.push_back(p->layout().width());
      for (const StackedOpeningColumn& col : host.columns) {
        const std::vector<F> t = trace_values(c.l, host_stacked(host.pcs[col.commit].get()), col);
        claims.push_back({testing::column_claim(c.l, t, in.r, false),
                          col.need_rot ? testing::column_claim(c.l, t, in.r, true) : EF::zero()});
      }
      Transcript vt;
      auto u = verify_stacked_reduction(vt, out.proof, c.l, c.n_stack, host.columns, claims, widths, in.r);
      ASSERT_TRUE(u.has_value()) << u.error().message;
      EXPECT_EQ(*u, out.u);
      // A wrong claim is rejected.
      claims[0][0] += EF::one();
      Transcript vt2;
      EXPECT_FALSE(verify_stacked_reduction(vt2, out.proof, c.l, c.n_stack, host.columns, claims, widths, in.r));
    }
  }
}

TEST(StackedReductionStage, CallsOutOfOrderThrow) {
  cpu::CpuBackend backend;
  const Case c = cases()[0];
  const Inputs in = make_inputs(c, 3);
  const Committed cm = commit_all(backend, in);
  auto stage = backend.stacked_reduction(in.params, cm.data(), cm.columns, in.r);
  EXPECT_THROW(stage->round(1), std::logic_error);
  (void)stage->round0(in.lambda);
  EXPECT_THROW(stage->openings(), std::logic_error);
}

}  // namespace
}  // namespace swirl
