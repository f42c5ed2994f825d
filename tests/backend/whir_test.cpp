// The WHIR stage (backend/whir.h) on every backend of stage_backends():
// random stacked inputs under several WHIR configurations (the test-small
// shapes and a small app-params shape), committed through the backend and
// driven with random challenges; every backend's raw outputs (round sums,
// roots, OOD values, final polynomial, query openings) equal the CPU
// backend's bit for bit. The CPU stage is checked against a naive model
// from the definitions (f-hat from the stacked columns by interpolation on
// D and subset sums, the Moebius-eq weight by its product formula, folds,
// weight updates and the final polynomial by direct sums), and the proofs
// the coordinator makes over each backend's stage verify.
#include <gtest/gtest.h>

#include <string>

#include "backend/stage_backends.h"
#include "support/prism_model.h"
#include "swirl/backend/cpu/whir.h"
#include "swirl/protocol/stacked_opening.h"
#include "swirl/prover/whir.h"
#include "swirl/field/rng.h"
#include "swirl/verifier/whir.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

struct Case {
  std::string name;
  SystemParams params;
  bool verify = true;  // cheap enough to grind
};

std::vector<Case> cases() {
  return {
      {"small_2_4_2", test_params_small(2, 4, 2)},
      {"small_2_3_3", test_params_small(2, 3, 3)},
      {"small_3_3_1", test_params_small(3, 3, 1)},
      {"small_2_4_3_final0", test_params_small(2, 4, 3, 0)},
      {"small_1_5_2_final1", test_params_small(1, 5, 2, 0)},
      {"default_small", default_test_params_small()},
      {"app_100_12", app_params_100_bits(12), false},  // one round
      {"app_100_15", app_params_100_bits(15), false},  // two rounds
  };
}

ColMajorMatrix<F> random_matrix(SplitMix64& rng, size_t height, size_t width) {
  ColMajorMatrix<F> m(height, width);
  for (auto& v : m.values()) v = rng.field();
  return m;
}

struct RoundChallenges {
  std::vector<EF> alphas;
  EF z, gamma;
  std::vector<size_t> indices;
  int query_bits = 0;
};

struct Inputs {
  SystemParams params;
  int m = 0;
  std::vector<std::vector<ColMajorMatrix<F>>> traces;  // per commitment, tallest first
  EF mu;
  std::vector<EF> u_prism, u_cube;
  std::vector<RoundChallenges> rounds;
};

Inputs make_inputs(const SystemParams& params, uint64_t seed) {
  SplitMix64 rng(seed);
  Inputs in;
  in.params = params;
  in.m = params.l_skip + params.n_stack;
  const size_t h = size_t{1} << in.m;
  // Commitment 0: a full-height trace, a shorter one and a one-row trace;
  // commitment 1: one trace of half height; commitment 2: one column.
  std::vector<ColMajorMatrix<F>> c0;
  c0.push_back(random_matrix(rng, h, 2));
  c0.push_back(random_matrix(rng, std::max<size_t>(h >> 3, 1), 1));
  c0.push_back(random_matrix(rng, 1, 2));
  in.traces.push_back(std::move(c0));
  in.traces.emplace_back();
  in.traces.back().push_back(random_matrix(rng, h >> 1, 3));
  in.traces.emplace_back();
  in.traces.back().push_back(random_matrix(rng, h, 1));
  in.mu = rng.ext();
  for (int i = 0; i <= params.n_stack; ++i) in.u_prism.push_back(rng.ext());
  in.u_cube = stacked_u_to_cube(params.l_skip, in.u_prism);
  int log_rs = in.m + params.log_blowup;
  for (const auto& rc : params.whir.rounds) {
    RoundChallenges ch;
    for (int s = 0; s < params.whir.k; ++s) ch.alphas.push_back(rng.ext());
    ch.z = rng.ext();
    ch.gamma = rng.ext();
    ch.query_bits = log_rs - params.whir.k;
    for (int q = 0; q < rc.num_queries; ++q) ch.indices.push_back(static_cast<size_t>(rng.below(uint64_t{1} << ch.query_bits)));
    in.rounds.push_back(std::move(ch));
    --log_rs;
  }
  return in;
}

struct Committed {
  std::vector<std::shared_ptr<const BackendMatrix>> mats;
  std::vector<std::shared_ptr<const BackendPcsData>> pcs;
  std::vector<const BackendPcsData*> data() const {
    std::vector<const BackendPcsData*> v;
    for (const auto& p : pcs) v.push_back(p.get());
    return v;
  }
};

Committed commit_all(ProverBackend& backend, const Inputs& in) {
  Committed out;
  for (const auto& traces : in.traces) {
    std::vector<const BackendMatrix*> ptrs;
    for (const auto& t : traces) {
      out.mats.push_back(backend.load_trace(t));
      ptrs.push_back(out.mats.back().get());
    }
    out.pcs.push_back(backend.commit(in.params, ptrs));
  }
  return out;
}

struct RawOutputs {
  std::vector<std::array<EF, 2>> sums;
  std::vector<Digest> roots;
  std::vector<EF> ood;
  std::vector<EF> final_poly;
  std::vector<WhirQueryOpenings> openings;
};

bool same(const WhirQueryOpenings& a, const WhirQueryOpenings& b) {
  return a.initial_rows == b.initial_rows && a.initial_paths == b.initial_paths && a.values == b.values &&
         a.paths == b.paths;
}

RawOutputs run_stage(WhirStage& stage, const Inputs& in) {
  RawOutputs out;
  stage.begin(in.mu, in.u_cube);
  for (size_t r = 0; r < in.rounds.size(); ++r) {
    const RoundChallenges& ch = in.rounds[r];
    const bool last = r + 1 == in.rounds.size();
    for (const EF& a : ch.alphas) {
      out.sums.push_back(stage.round_sums());
      stage.fold(a);
    }
    if (!last) {
      out.roots.push_back(stage.commit_round());
      out.ood.push_back(stage.eval_ood(ch.z));
    } else {
      out.final_poly = stage.final_poly();
    }
    out.openings.push_back(stage.open_queries(r, ch.indices));
    if (!last) stage.update_weights(ch.gamma, ch.z, ch.indices, ch.query_bits);
  }
  return out;
}

const StackedPcsData& host_pcs(const BackendPcsData* d) { return cpu::cpu_pcs_data(d, "whir_test").data(); }

// ---- The naive model ----

// f-hat over the hypercube: stacked column q's prismalinear polynomial is
// sum_b r[b] eq(b_lo, (Z, Z^2, ..)) eq(b_hi, x); r[b_lo + 2^l x] is the
// multilinear-in-(Z, Z^2, ..) value at b_lo of q's x-slice's monomial
// coefficients (a subset sum of them), and f-hat, the multilinear polynomial
// with coefficients r, has hypercube values f-hat(b) = sum_{S subset b} r[S].
std::vector<EF> model_fhat(int l, int m, std::span<const F> q) {
  const size_t N = size_t{1} << l, H = size_t{1} << m;
  const F omega_inv = F::two_adic_generator(l).inverse();
  const F n_inv = F::from_canonical(static_cast<uint32_t>(N)).inverse();
  std::vector<EF> r(H, EF::zero());
  for (size_t x = 0; x < H / N; ++x) {
    std::vector<F> mono(N, F::zero());
    for (size_t a = 0; a < N; ++a)
      for (size_t z = 0; z < N; ++z) mono[a] += omega_inv.pow(a * z) * q[z + N * x] * n_inv;
    for (size_t b = 0; b < N; ++b)
      for (size_t a = 0; a < N; ++a)
        if ((a & b) == a) r[b + N * x] += EF(mono[a]);
  }
  // Subset sums, one bit at a time.
  for (size_t bit = 1; bit < H; bit <<= 1)
    for (size_t b = 0; b < H; ++b)
      if (b & bit) r[b] += r[b ^ bit];
  return r;
}

// prod_k (b_k ? x_k : 1 - x_k) with x = (p, p^2, p^4, ..).
EF eq_pow(size_t b, int dim, EF p) {
  EF acc = EF::one();
  for (int k = 0; k < dim; ++k) {
    acc *= ((b >> k) & 1) ? p : EF::one() - p;
    p = p.square();
  }
  return acc;
}

// The multilinear coefficients of the hypercube values f (Moebius inversion).
std::vector<EF> coeffs_of(const std::vector<EF>& f) {
  std::vector<EF> c = f;
  for (size_t bit = 1; bit < c.size(); bit <<= 1)
    for (size_t b = 0; b < c.size(); ++b)
      if (b & bit) c[b] -= c[b ^ bit];
  return c;
}

EF eval_univariate(const std::vector<EF>& c, const EF& x) {
  EF acc = EF::zero(), p = EF::one();
  for (const EF& v : c) {
    acc += v * p;
    p *= x;
  }
  return acc;
}

struct ModelRun {
  EF initial_sum;  // sum_b f(b) w(b)
  std::vector<std::array<EF, 2>> sums;
  std::vector<EF> ood;
  std::vector<EF> final_poly;
  std::vector<std::vector<std::vector<EF>>> values;  // per round > 0, per query, 2^k codeword values
};

ModelRun model_run(const Inputs& in, const Committed& cm) {
  const int l = in.params.l_skip, k = in.params.whir.k;
  int m = in.m;
  const size_t H = size_t{1} << m;
  std::vector<EF> f(H, EF::zero()), w(H);
  EF mu_pow = EF::one();
  for (const auto& p : cm.pcs) {
    const ColMajorMatrix<F>& s = host_pcs(p.get()).matrix;
    for (size_t j = 0; j < s.width(); ++j) {
      const std::vector<EF> fj = model_fhat(l, m, s.column(j));
      for (size_t b = 0; b < H; ++b) f[b] += mu_pow * fj[b];
      mu_pow *= in.mu;
    }
  }
  for (size_t b = 0; b < H; ++b) {
    EF acc = EF::one();
    for (int i = 0; i < m; ++i)
      acc *= ((b >> i) & 1) ? in.u_cube[static_cast<size_t>(i)] : EF::one() - in.u_cube[static_cast<size_t>(i)].doubled();
    w[b] = acc;
  }
  ModelRun out;
  out.initial_sum = EF::zero();
  for (size_t b = 0; b < H; ++b) out.initial_sum += f[b] * w[b];
  const EF two = EF::one().doubled();
  int log_rs = m + in.params.log_blowup;
  std::vector<EF> prev_g;  // the previous round's g (coefficients)
  for (size_t r = 0; r < in.rounds.size(); ++r) {
    const RoundChallenges& ch = in.rounds[r];
    const bool last = r + 1 == in.rounds.size();
    for (const EF& a : ch.alphas) {
      std::array<EF, 2> s{EF::zero(), EF::zero()};
      for (size_t y = 0; y < f.size() / 2; ++y) {
        const EF f0 = f[2 * y], f1 = f[2 * y + 1], w0 = w[2 * y], w1 = w[2 * y + 1];
        s[0] += f1 * w1;
        s[1] += (f0 + (f1 - f0) * two) * (w0 + (w1 - w0) * two);
      }
      out.sums.push_back(s);
      std::vector<EF> nf(f.size() / 2), nw(f.size() / 2);
      for (size_t y = 0; y < nf.size(); ++y) {
        nf[y] = f[2 * y] * (EF::one() - a) + f[2 * y + 1] * a;
        nw[y] = w[2 * y] * (EF::one() - a) + w[2 * y + 1] * a;
      }
      f = std::move(nf);
      w = std::move(nw);
      --m;
    }
    const std::vector<EF> g = coeffs_of(f);
    if (r > 0) {
      // Query i opens the previous codeword (g_prev on the order-2^log_rs
      // subgroup) at rows q + t 2^(log_rs - k).
      const F omega = F::two_adic_generator(log_rs);
      std::vector<std::vector<EF>> vals;
      for (size_t q : ch.indices) {
        std::vector<EF> v;
        for (size_t t = 0; t < (size_t{1} << k); ++t)
          v.push_back(eval_univariate(prev_g, EF(omega.pow(q + (t << (log_rs - k))))));
        vals.push_back(std::move(v));
      }
      out.values.push_back(std::move(vals));
    }
    if (last) {
      out.final_poly = g;
      break;
    }
    out.ood.push_back(eval_univariate(g, ch.z));
    const F omega_q = F::two_adic_generator(ch.query_bits);
    EF gp = ch.gamma * ch.gamma;
    std::vector<EF> pts;
    for (size_t q : ch.indices) pts.push_back(EF(omega_q.pow(q)));
    for (size_t b = 0; b < w.size(); ++b) {
      w[b] += ch.gamma * eq_pow(b, m, ch.z);
      EF gq = gp;
      for (const EF& p : pts) {
        w[b] += gq * eq_pow(b, m, p);
        gq *= ch.gamma;
      }
    }
    prev_g = g;
    --log_rs;
  }
  return out;
}

// ---- Tests ----

TEST(WhirStage, BackendsAgreeWithCpu) {
  const auto backends = testing::stage_backends("whir");
  for (const Case& c : cases()) {
    const Inputs in = make_inputs(c.params, 21);
    RawOutputs cpu_out;
    for (const auto& nb : backends) {
      SCOPED_TRACE(c.name + " on " + nb.name);
      const Committed cm = commit_all(*nb.backend, in);
      auto stage = nb.backend->whir(in.params, cm.data());
      const RawOutputs out = run_stage(*stage, in);
      EXPECT_EQ(out.sums.size(), static_cast<size_t>(in.params.whir.num_sumcheck_rounds()));
      EXPECT_EQ(out.roots.size() + 1, in.params.whir.rounds.size());
      if (nb.name == "cpu") {
        cpu_out = out;
        continue;
      }
      EXPECT_EQ(out.sums, cpu_out.sums);
      EXPECT_EQ(out.roots, cpu_out.roots);
      EXPECT_EQ(out.ood, cpu_out.ood);
      EXPECT_EQ(out.final_poly, cpu_out.final_poly);
      ASSERT_EQ(out.openings.size(), cpu_out.openings.size());
      for (size_t r = 0; r < out.openings.size(); ++r)
        EXPECT_TRUE(same(out.openings[r], cpu_out.openings[r])) << "round " << r << " query openings";
    }
  }
}

TEST(WhirStage, CpuMatchesNaiveModel) {
  cpu::CpuBackend backend;
  for (const Case& c : cases()) {
    for (uint64_t seed : {1u, 2u}) {
      SCOPED_TRACE(c.name + " seed " + std::to_string(seed));
      const Inputs in = make_inputs(c.params, seed);
      const Committed cm = commit_all(backend, in);
      std::vector<cpu::WhirCommitted> committed;
      for (const auto& p : cm.pcs) committed.push_back({&host_pcs(p.get()).matrix, &host_pcs(p.get()).tree});
      cpu::Whir stage(in.params.l_skip, in.params.log_blowup, in.params.whir, committed);
      const RawOutputs out = run_stage(stage, in);
      const ModelRun model = model_run(in, cm);

      // The model's f-hat and weight have the claimed inner product: the
      // mu-batched stacked openings at u.
      EF claim = EF::zero(), mu_pow = EF::one();
      for (const auto& p : cm.pcs) {
        const ColMajorMatrix<F>& s = host_pcs(p.get()).matrix;
        for (size_t j = 0; j < s.width(); ++j) {
          claim += mu_pow * testing::column_claim(in.params.l_skip, s.column(j), in.u_prism, false);
          mu_pow *= in.mu;
        }
      }
      EXPECT_EQ(model.initial_sum, claim);
      ASSERT_FALSE(out.sums.empty());
      // s(0) + s(1) of the first step is the claim (s(0) from the model's split).
      EXPECT_EQ(out.sums, model.sums);
      EXPECT_EQ(out.ood, model.ood);
      EXPECT_EQ(out.final_poly, model.final_poly);
      ASSERT_EQ(out.openings.size(), in.rounds.size());
      for (size_t r = 1; r < out.openings.size(); ++r)
        EXPECT_EQ(out.openings[r].values, model.values[r - 1]) << "round " << r;
      // Round 0 opens the stacked codewords' rows.
      for (size_t c2 = 0; c2 < cm.pcs.size(); ++c2) {
        const auto& tree = host_pcs(cm.pcs[c2].get()).tree;
        ASSERT_EQ(out.openings[0].initial_rows[c2].size(), in.rounds[0].indices.size());
        for (size_t i = 0; i < in.rounds[0].indices.size(); ++i)
          EXPECT_EQ(out.openings[0].initial_rows[c2][i], tree.opened_rows(in.rounds[0].indices[i]));
      }
    }
  }
}

TEST(WhirStage, ProofsVerify) {
  for (const auto& nb : testing::stage_backends("whir")) {
    for (const Case& c : cases()) {
      if (!c.verify) continue;
      SCOPED_TRACE(c.name + " on " + nb.name);
      const Inputs in = make_inputs(c.params, 7);
      const Committed cm = commit_all(*nb.backend, in);
      auto stage = nb.backend->whir(in.params, cm.data());
      Transcript pt;
      TranscriptLog plog, vlog;
      pt.record_into(&plog);
      const WhirProof proof = prove_whir_opening(pt, *nb.backend, *stage, in.params.l_skip, in.m,
                                                 in.params.log_blowup, in.params.whir, in.u_cube);
      std::vector<std::vector<EF>> openings;
      std::vector<Digest> commits;
      cpu::CpuBackend cpu;
      const Committed host = commit_all(cpu, in);
      for (const auto& p : host.pcs) {
        const ColMajorMatrix<F>& s = host_pcs(p.get()).matrix;
        openings.emplace_back();
        for (size_t j = 0; j < s.width(); ++j)
          openings.back().push_back(testing::column_claim(in.params.l_skip, s.column(j), in.u_prism, false));
        commits.push_back(p->commit());
      }
      Transcript vt;
      vt.record_into(&vlog);
      WhirVerifyParams vp{in.params.l_skip, in.params.n_stack, in.params.log_blowup, &in.params.whir};
      const auto rej = verify_whir(vt, vp, proof, openings, commits, in.u_cube);
      EXPECT_FALSE(rej.has_value()) << (rej ? rej->message : "");
      EXPECT_EQ(plog, vlog);
      openings[1][0] += EF::one();
      Transcript vt2;
      EXPECT_TRUE(verify_whir(vt2, vp, proof, openings, commits, in.u_cube).has_value());
    }
  }
}

}  // namespace
}  // namespace swirl
