// The zerocheck stage (backend/zerocheck.h) on every backend of
// stage_backends(): the raw outputs of each backend equal the CPU
// backend's bit for bit, and the CPU stage's outputs equal a plain model of
// the definitions (tests/backend/rap_cases.h's RowModel) at random points.
#include <gtest/gtest.h>

#include "backend/rap_cases.h"
#include "backend/stage_backends.h"
#include "swirl/backend/cpu/zerocheck.h"
#include "swirl/field/powers.h"
#include "swirl/poly/prism.h"
#include "swirl/protocol/logup.h"

namespace swirl::testing {
namespace {

// Fixed challenges for one case.
struct Challenges {
  std::vector<EF> xi;
  EF lambda, beta;
  std::vector<std::vector<EF>> eq3b;
  std::vector<EF> r;  // r_0 .. r_{n_max}
};

Challenges challenges_for(const RapCase& c, uint64_t seed) {
  SplitMix64 rng(seed);
  const int l = c.sp.l_skip;
  std::vector<LogupAirSize> sizes;
  for (size_t i : c.sorted) {
    const int log_h = std::countr_zero(c.fx.traces[i].height());
    sizes.push_back(LogupAirSize{static_cast<size_t>(std::max(log_h - l, 0)), c.pk.per_air[i].vk.num_interactions()});
  }
  const LogupLayout lay = logup_layout(static_cast<size_t>(l), sizes);
  const size_t n_max = sizes[0].n_lift;
  Challenges ch;
  ch.xi = random_efs(rng, static_cast<size_t>(l) + std::max(n_max, lay.n_logup));
  ch.lambda = random_ef(rng);
  ch.beta = random_ef(rng);
  ch.eq3b = logup_eq_weights(static_cast<size_t>(l), sizes, lay, ch.xi);
  ch.r = random_efs(rng, n_max + 1);
  return ch;
}

// Everything a stage returns over the whole run.
struct StageRun {
  std::vector<ZerocheckRound0Air> round0;
  std::vector<std::vector<ZerocheckRoundAir>> rounds;  // j = 1..n_max
  std::vector<std::vector<std::vector<EF>>> openings;
};

StageRun run_stage(ZerocheckStage& st, const Challenges& ch, size_t n_max) {
  StageRun t;
  t.round0 = st.round0(ZerocheckChallenges{ch.xi, ch.lambda, ch.beta, ch.eq3b});
  st.fold_round0(ch.r[0]);
  for (size_t j = 1; j <= n_max; ++j) {
    t.rounds.push_back(st.mle_round(j));
    st.fold(ch.r[j]);
  }
  t.openings = st.column_openings();
  return t;
}

size_t n_max_of(const RapCase& c) {
  const int log_h = std::countr_zero(c.fx.traces[c.sorted[0]].height());
  return static_cast<size_t>(std::max(log_h - c.sp.l_skip, 0));
}

void expect_same(const StageRun& a, const StageRun& b, const std::string& what) {
  ASSERT_EQ(a.round0.size(), b.round0.size()) << what;
  for (size_t t = 0; t < a.round0.size(); ++t) {
    EXPECT_EQ(a.round0[t].zc, b.round0[t].zc) << what << " AIR " << t;
    EXPECT_EQ(a.round0[t].p, b.round0[t].p) << what << " AIR " << t;
    EXPECT_EQ(a.round0[t].q, b.round0[t].q) << what << " AIR " << t;
  }
  ASSERT_EQ(a.rounds.size(), b.rounds.size()) << what;
  for (size_t j = 0; j < a.rounds.size(); ++j)
    for (size_t t = 0; t < a.rounds[j].size(); ++t) {
      const auto &x = a.rounds[j][t], &y = b.rounds[j][t];
      EXPECT_EQ(x.zc, y.zc) << what << " round " << j + 1 << " AIR " << t;
      EXPECT_EQ(x.p, y.p) << what << " round " << j + 1 << " AIR " << t;
      EXPECT_EQ(x.q, y.q) << what << " round " << j + 1 << " AIR " << t;
      EXPECT_EQ(x.at_point, y.at_point) << what << " round " << j + 1 << " AIR " << t;
      if (x.at_point && y.at_point) {
        EXPECT_EQ(x.point_zc, y.point_zc) << what;
        EXPECT_EQ(x.point_p, y.point_p) << what;
        EXPECT_EQ(x.point_q, y.point_q) << what;
      }
    }
  EXPECT_EQ(a.openings, b.openings) << what;
}

// Runs the stage on every backend and compares each with the CPU backend
// (and the CPU backend with the host stage over the case's own inputs).
void expect_backends_agree(const RapCase& c, uint64_t seed) {
  const Challenges ch = challenges_for(c, seed);
  const size_t n_max = n_max_of(c);
  StageRun ref;
  bool have_ref = false;
  for (const NamedBackend& nb : stage_backends("zerocheck")) {
    const LoadedCase lc = load_case(*nb.backend, c);
    auto st = nb.backend->zerocheck(*lc.pk, c.pk, c.params(), lc.airs);
    ASSERT_NE(st, nullptr) << c.name << " on " << nb.name;
    StageRun t = run_stage(*st, ch, n_max);
    if (!have_ref) {
      ASSERT_EQ(nb.name, "cpu");
      ref = std::move(t);
      have_ref = true;
      // The backend factory and the host stage agree (same code, other inputs).
      cpu::Zerocheck host(c.params(), c.host_airs());
      expect_same(ref, run_stage(host, ch, n_max), c.name + " host stage");
    } else {
      expect_same(ref, t, c.name + " on " + nb.name);
    }
  }
}

bool device_present() { return stage_backends("zerocheck").size() > 1; }

std::unique_ptr<RapCase> keccak_case(const SystemParams& sp, size_t perms) {
  return make_case("keccakf_" + std::to_string(perms) + "_l" + std::to_string(sp.l_skip), sp,
                   keccakf_fixture(perms, perms));
}

TEST(ZerocheckStage, BackendsAgreeWithCpu) {
  for (const auto& cp : rap_cases()) expect_backends_agree(*cp, 7);
}

// keccak-f (3,182 constraints, 2,633 columns with rotation, degree 3) at 1
// and 8 permutations; at 64 and 1,024 (app-100:21, the benchmark's shape)
// where a device is present (on the CPU alone that is minutes of CI).
TEST(ZerocheckStage, BackendsAgreeOnKeccakf) {
  for (size_t perms : {1, 8}) expect_backends_agree(*keccak_case(test_params_small(2, 8, 3), perms), perms);
  if (!device_present()) GTEST_SKIP() << "64 and 1024 permutations run only with a device";
  for (size_t perms : {64, 1024}) expect_backends_agree(*keccak_case(app_params_100_bits(21), perms), perms);
}

// Traces that violate their constraints (a corrupted cell in the middle,
// in the last row, in a cached part) give the same, failing, sums.
TEST(ZerocheckStage, BackendsAgreeOnViolatingTraces) {
  for (int l : {2, 4}) {
    const SystemParams sp = test_params_small(l, 8, 3);
    {
      Fixture f = fib_fixture(0, 1, 32);
      f.traces[0].common_main.at(13, 1) += F::one();
      expect_backends_agree(*make_case("fib_bad_mid_l" + std::to_string(l), sp, std::move(f)), 5);
    }
    {
      Fixture f = fib_fixture(0, 1, 8);
      f.traces[0].common_main.at(7, 0) += F::from_u64(5);
      expect_backends_agree(*make_case("fib_bad_last_l" + std::to_string(l), sp, std::move(f)), 6);
    }
    {
      Fixture f = cached_fixture_11();
      ColMajorMatrix<F>& m = f.traces[0].cached_mains.empty() ? f.traces[0].common_main : f.traces[0].cached_mains[0];
      m.at(0, 0) += F::one();
      expect_backends_agree(*make_case("cached_bad_l" + std::to_string(l), sp, std::move(f)), 8);
    }
  }
}

// Random traces of the mixture fixture's AIRs at several heights (1 up to
// 2^9, below and above 2^l_skip), l_skip 0 to 6 (the device's DFT path for
// 1..5, its matrix path otherwise).
TEST(ZerocheckStage, BackendsAgreeAtSeveralHeights) {
  for (int l : {0, 1, 2, 3, 4, 5, 6})
    for (size_t log_h : {0, 1, 3, 5, 9})
      expect_backends_agree(
          *make_case("mixture_h" + std::to_string(log_h) + "_l" + std::to_string(l), test_params_small(l, 10 - l, 3),
                     mixture_fixture_standard(log_h)),
          log_h + 1);
}

// The CPU stage against the definitions on the lifted rows.
TEST(ZerocheckStage, CpuMatchesModel) {
  for (const auto& cp : rap_cases()) {
    const RapCase& c = *cp;
    SCOPED_TRACE(c.name);
    const int l = c.sp.l_skip;
    const size_t N = size_t{1} << l;
    const size_t d = static_cast<size_t>(c.sp.max_constraint_degree);
    const Challenges ch = challenges_for(c, 11);
    const size_t n_max = n_max_of(c);
    const std::vector<cpu::HostRapAir> host = c.host_airs();
    cpu::Zerocheck st(c.params(), host);
    const StageRun out = run_stage(st, ch, n_max);
    SplitMix64 rng(3);
    const EF z = random_ef(rng);
    for (size_t t = 0; t < host.size(); ++t) {
      const RowModel m(host[t], l);
      const size_t nl = m.n_lift();
      const size_t dt = host[t].shape.constraint_degree;
      // Round 0 at a random z: sum_x eq(xi[l..l+n_lift], x) f(rows of block x at z).
      {
        const std::vector<EF> eqx = eq_hypercube_table<EF>(std::span<const EF>(ch.xi.data() + l, nl));
        EF zc = EF::zero(), p = EF::zero(), q = EF::zero();
        for (size_t x = 0; x < eqx.size(); ++x) {
          std::vector<EF> u(nl);
          for (size_t k = 0; k < nl; ++k) u[k] = ((x >> k) & 1) ? EF::one() : EF::zero();
          const std::vector<EF> nodes = m.nodes_at(m.weights(l, z, u));
          zc += eqx[x] * m.constraints(nodes, ch.lambda);
          EF num, den;
          m.interactions(nodes, ch.eq3b[t], ch.beta, num, den);
          p += eqx[x] * num;
          q += eqx[x] * den;
        }
        const ZerocheckRound0Air& o = out.round0[t];
        if (dt == 0) {
          EXPECT_TRUE(o.zc.empty());
        } else {
          EXPECT_EQ(o.zc.size(), dt * (N - 1) + 1);
          EXPECT_EQ(horner(o.zc, z), zc) << "round 0 zc, AIR " << t;
        }
        ASSERT_EQ(o.p.size(), d * (N - 1) + 1);
        EXPECT_EQ(horner(o.p, z), p) << "round 0 p, AIR " << t;
        EXPECT_EQ(horner(o.q, z), q) << "round 0 q, AIR " << t;
      }
      // MLE rounds: head AIRs at X = 1..d summed over the remaining cube;
      // the AIR whose folds end at its point.
      for (size_t j = 1; j <= n_max; ++j) {
        const ZerocheckRoundAir& o = out.rounds[j - 1][t];
        if (nl >= j) {
          ASSERT_EQ(o.zc.size(), d);
          EXPECT_FALSE(o.at_point);
          const size_t rest = nl - j;
          const std::vector<EF> eqy = eq_hypercube_table<EF>(std::span<const EF>(ch.xi.data() + l + j, rest));
          for (size_t X = 1; X <= d; ++X) {
            EF zc = EF::zero(), p = EF::zero(), q = EF::zero();
            for (size_t y = 0; y < eqy.size(); ++y) {
              std::vector<EF> u(ch.r.begin() + 1, ch.r.begin() + static_cast<ptrdiff_t>(j));
              u.push_back(EF(F::from_u64(X)));
              for (size_t k = 0; k < rest; ++k) u.push_back(((y >> k) & 1) ? EF::one() : EF::zero());
              const std::vector<EF> nodes = m.nodes_at(m.weights(l, ch.r[0], u));
              zc += eqy[y] * m.constraints(nodes, ch.lambda);
              EF num, den;
              m.interactions(nodes, ch.eq3b[t], ch.beta, num, den);
              p += eqy[y] * num;
              q += eqy[y] * den;
            }
            EXPECT_EQ(o.zc[X - 1], zc) << "round " << j << " X " << X << " AIR " << t;
            EXPECT_EQ(o.p[X - 1], p) << "round " << j << " X " << X << " AIR " << t;
            EXPECT_EQ(o.q[X - 1], q) << "round " << j << " X " << X << " AIR " << t;
          }
        } else if (j == nl + 1) {
          ASSERT_TRUE(o.at_point) << "round " << j << " AIR " << t;
          const std::vector<EF> u(ch.r.begin() + 1, ch.r.begin() + 1 + static_cast<ptrdiff_t>(nl));
          const std::vector<EF> nodes = m.nodes_at(m.weights(l, ch.r[0], u));
          EXPECT_EQ(o.point_zc, m.constraints(nodes, ch.lambda)) << "AIR " << t;
          EF num, den;
          m.interactions(nodes, ch.eq3b[t], ch.beta, num, den);
          EXPECT_EQ(o.point_p, num) << "AIR " << t;
          EXPECT_EQ(o.point_q, den) << "AIR " << t;
        } else {
          EXPECT_FALSE(o.at_point);
          EXPECT_TRUE(o.zc.empty());
        }
      }
      // Column openings at (r_0; r_1..r_{n_lift}), rotation interleaved.
      const std::vector<EF> u(ch.r.begin() + 1, ch.r.begin() + 1 + static_cast<ptrdiff_t>(nl));
      const std::vector<EF> w = m.weights(l, ch.r[0], u);
      const bool rot = host[t].shape.need_rot;
      const auto& op = out.openings[t];
      ASSERT_EQ(op.size(), host[t].shape.num_parts());
      for (size_t p = 0; p < op.size(); ++p) {
        const size_t width = p == 0 ? host[t].shape.common_main_width
                             : (host[t].shape.has_preprocessed && p == 1)
                                 ? host[t].shape.preprocessed_width
                                 : host[t].shape.cached_widths[p - 1 - (host[t].shape.has_preprocessed ? 1 : 0)];
        ASSERT_EQ(op[p].size(), width * (rot ? 2 : 1)) << "AIR " << t << " part " << p;
        for (size_t col = 0; col < width; ++col) {
          EXPECT_EQ(op[p][col * (rot ? 2 : 1)], m.column_at(w, p, col, false)) << "AIR " << t << " part " << p;
          if (rot) {
            EXPECT_EQ(op[p][col * 2 + 1], m.column_at(w, p, col, true)) << "AIR " << t << " part " << p;
          }
        }
      }
    }
  }
}

TEST(ZerocheckStage, InvalidInputsThrow) {
  const RapCase& c = *rap_cases()[0];
  std::vector<cpu::HostRapAir> host = c.host_airs();
  std::reverse(host.begin(), host.end());  // not sorted
  EXPECT_THROW(cpu::Zerocheck(c.params(), host), std::invalid_argument);
  EXPECT_THROW(cpu::Zerocheck(c.params(), {}), std::invalid_argument);
  cpu::Zerocheck st(c.params(), c.host_airs());
  EXPECT_THROW(st.mle_round(1), std::invalid_argument);  // before round 0
  const Challenges ch = challenges_for(c, 1);
  std::vector<std::vector<EF>> short_eq3b;
  EXPECT_THROW(st.round0(ZerocheckChallenges{ch.xi, ch.lambda, ch.beta, short_eq3b}), std::invalid_argument);
}

}  // namespace
}  // namespace swirl::testing
