// The LogUp GKR stage (backend/logup_gkr.h) and the LogUp input layer on
// every backend of stage_backends(): each backend's raw outputs equal the
// CPU backend's bit for bit; the CPU input layer equals the definition on
// the trace rows, and the CPU stage's root, claims and round sums equal
// direct sums over the hypercube of the tree's multilinear extensions.
#include <gtest/gtest.h>

#include <omp.h>

#include <bit>
#include <optional>

#include "backend/rap_cases.h"
#include "backend/stage_backends.h"
#include "swirl/backend/cpu/logup_gkr.h"
#include "swirl/backend/cpu/logup_input.h"
#include "swirl/protocol/logup.h"

namespace swirl::testing {
namespace {

// Everything a stage returns when driven with fixed challenges.
struct GkrRun {
  size_t n = 0;
  Frac root;
  std::vector<GkrLayerClaims> claims;
  std::vector<std::array<EF, 3>> sums;
  friend bool operator==(const GkrRun&, const GkrRun&) = default;
};

GkrRun run_gkr(LogupGkrStage& st, uint64_t seed) {
  SplitMix64 rng(seed);
  GkrRun out;
  out.n = st.num_vars();
  out.root = st.root();
  if (out.n == 0) return out;
  out.claims.push_back(st.layer1_claims());
  for (size_t j = 2; j <= out.n; ++j) {
    const std::vector<EF> xi = random_efs(rng, j - 1);
    st.begin_layer(j, xi, random_ef(rng));
    for (size_t t = 0; t + 1 < j; ++t) {
      out.sums.push_back(st.round_sums());
      st.fold(random_ef(rng));
    }
    out.claims.push_back(st.layer_claims());
  }
  return out;
}

std::vector<Frac> random_leaves(SplitMix64& rng, size_t n) {
  std::vector<Frac> v(n);
  for (auto& f : v) f = Frac{random_ef(rng), random_ef(rng)};
  return v;
}

// Layer k of the tree from the definition: node x is the sum of the leaves
// i with i >> (n - k) == x.
std::vector<Frac> tree_layer(const std::vector<Frac>& leaves, size_t k) {
  const size_t n = static_cast<size_t>(std::countr_zero(leaves.size()));
  std::vector<Frac> out(size_t{1} << k, Frac{EF::zero(), EF::one()});
  std::vector<bool> seen(out.size(), false);
  for (size_t i = 0; i < leaves.size(); ++i) {
    const size_t x = i >> (n - k);
    out[x] = seen[x] ? out[x] + leaves[i] : leaves[i];
    seen[x] = true;
  }
  return out;
}

// The multilinear extension of v (coordinate k pairs with bit k) at u.
EF mle(const std::vector<EF>& v, const std::vector<EF>& u) {
  const std::vector<EF> eq = eq_hypercube_table<EF>(std::span<const EF>(u));
  EF acc = EF::zero();
  for (size_t i = 0; i < v.size(); ++i) acc += eq[i] * v[i];
  return acc;
}

TEST(LogupGkrStage, CpuMatchesDefinition) {
  SplitMix64 rng(5);
  for (size_t n = 0; n <= 6; ++n) {
    SCOPED_TRACE("n = " + std::to_string(n));
    const std::vector<Frac> leaves = random_leaves(rng, size_t{1} << n);
    cpu::LogupGkr st(leaves);
    ASSERT_EQ(st.num_vars(), n);
    const Frac root = st.root();
    const Frac want = tree_layer(leaves, 0)[0];
    EXPECT_EQ(root.p, want.p);
    EXPECT_EQ(root.q, want.q);
    if (n == 0) continue;
    const std::vector<Frac> l1 = tree_layer(leaves, 1);
    EXPECT_EQ(st.layer1_claims(), (GkrLayerClaims{l1[0].p, l1[1].p, l1[0].q, l1[1].q}));
    for (size_t j = 2; j <= n; ++j) {
      // Layer j's columns over the parent's j - 1 variables.
      const std::vector<Frac> lj = tree_layer(leaves, j);
      const size_t m = j - 1;
      std::vector<EF> p0(size_t{1} << m), q0(p0.size()), p1(p0.size()), q1(p0.size());
      for (size_t y = 0; y < p0.size(); ++y) {
        p0[y] = lj[2 * y].p;
        q0[y] = lj[2 * y].q;
        p1[y] = lj[2 * y + 1].p;
        q1[y] = lj[2 * y + 1].q;
      }
      const std::vector<EF> xi = random_efs(rng, m);
      const EF lambda = random_ef(rng);
      st.begin_layer(j, xi, lambda);
      std::vector<EF> rho;
      for (size_t t = 0; t < m; ++t) {
        const std::array<EF, 3> got = st.round_sums();
        // s'_t(X) = sum_y eq(xi_{>t}, y) relation(rho, X, y).
        const size_t rest = m - t - 1;
        const std::vector<EF> xr(xi.begin() + static_cast<ptrdiff_t>(t) + 1, xi.end());
        const std::vector<EF> eqy = eq_hypercube_table<EF>(std::span<const EF>(xr));
        for (size_t X = 0; X < 3; ++X) {
          EF want_s = EF::zero();
          for (size_t y = 0; y < (size_t{1} << rest); ++y) {
            std::vector<EF> u = rho;
            u.push_back(EF(F::from_u64(X)));
            for (size_t k = 0; k < rest; ++k) u.push_back(((y >> k) & 1) ? EF::one() : EF::zero());
            want_s += eqy[y] * gkr_layer_relation(mle(p0, u), mle(q0, u), mle(p1, u), mle(q1, u), lambda);
          }
          EXPECT_EQ(got[X], want_s) << "layer " << j << " round " << t << " X " << X;
        }
        const EF r = random_ef(rng);
        rho.push_back(r);
        st.fold(r);
      }
      EXPECT_EQ(st.layer_claims(), (GkrLayerClaims{mle(p0, rho), mle(p1, rho), mle(q0, rho), mle(q1, rho)}))
          << "layer " << j;
    }
  }
}

TEST(LogupGkrStage, LargeLayersThreadIndependent) {
  // 2^14 leaves: the first layers run in parallel; the outputs equal a
  // single-thread run.
  SplitMix64 rng(9);
  const std::vector<Frac> leaves = random_leaves(rng, size_t{1} << 14);
  cpu::LogupGkr a(leaves);
  const GkrRun ra = run_gkr(a, 4);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  cpu::LogupGkr b(leaves);
  const GkrRun rb = run_gkr(b, 4);
  omp_set_num_threads(threads);
  EXPECT_TRUE(ra == rb);
}

TEST(LogupGkrStage, InvalidInputsThrow) {
  EXPECT_THROW(cpu::LogupGkr(std::vector<Frac>{}), std::invalid_argument);
  EXPECT_THROW(cpu::LogupGkr(std::vector<Frac>(6)), std::invalid_argument);
  SplitMix64 rng(1);
  cpu::LogupGkr st(random_leaves(rng, 8));
  EXPECT_THROW(st.begin_layer(1, {}, EF::one()), std::invalid_argument);
  EXPECT_THROW(st.round_sums(), std::invalid_argument);
  const std::vector<EF> xi = random_efs(rng, 1);
  EXPECT_THROW(st.begin_layer(3, xi, EF::one()), std::invalid_argument);  // xi too short
}

// The input layer from the definition: per AIR and interaction a block of
// lifted rows, (count * norm) / (h_beta(message, bus) + alpha) at row i mod h;
// padding 0 / alpha.
std::vector<Frac> model_input_layer(const RapCase& c, const EF& alpha, const EF& beta) {
  const int l = c.sp.l_skip;
  const std::vector<cpu::HostRapAir> host = c.host_airs();
  std::vector<LogupAirSize> sizes;
  for (const auto& a : host) sizes.push_back(LogupAirSize{RowModel(a, l).n_lift(), a.air->interactions().size()});
  const LogupLayout lay = logup_layout(static_cast<size_t>(l), sizes);
  if (lay.total == 0) return {};
  std::vector<Frac> out(size_t{1} << (static_cast<size_t>(l) + lay.n_logup), Frac{EF::zero(), alpha});
  for (size_t t = 0; t < host.size(); ++t) {
    const RowModel m(host[t], l);
    const size_t h = host[t].common_main->height();
    for (size_t k = 0; k < sizes[t].num_interactions; ++k) {
      std::vector<EF> unit(lay.offsets[t].size(), EF::zero());
      unit[k] = EF::one();
      for (size_t i = 0; i < m.rows(); ++i) {
        std::vector<EF> w(m.rows(), EF::zero());
        w[i % h] = EF::one();
        const std::vector<EF> nodes = m.nodes_at(w);
        EF num, den;
        m.interactions(nodes, unit, beta, num, den);
        out[lay.offsets[t][k] + i] = Frac{num, den + alpha};
      }
    }
  }
  return out;
}

TEST(LogupInput, CpuMatchesDefinition) {
  SplitMix64 rng(21);
  for (const auto& cp : rap_cases()) {
    const RapCase& c = *cp;
    SCOPED_TRACE(c.name);
    const EF alpha = random_ef(rng), beta = random_ef(rng);
    const std::vector<Frac> got = cpu::logup_input_layer(c.params(), c.host_airs(), alpha, beta);
    const std::vector<Frac> want = model_input_layer(c, alpha, beta);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].p, want[i].p) << "leaf " << i;
      EXPECT_EQ(got[i].q, want[i].q) << "leaf " << i;
    }
  }
}

TEST(LogupGkrStage, BackendsAgreeWithCpu) {
  SplitMix64 rng(33);
  for (const auto& cp : rap_cases()) {
    const RapCase& c = *cp;
    SCOPED_TRACE(c.name);
    const EF alpha = random_ef(rng), beta = random_ef(rng);
    std::optional<GkrRun> ref;
    for (const NamedBackend& nb : stage_backends("logup_gkr")) {
      const LoadedCase lc = load_case(*nb.backend, c);
      auto st = nb.backend->logup_gkr(*lc.pk, c.pk, c.params(), lc.airs, alpha, beta);
      ASSERT_EQ(st != nullptr, c.has_interactions()) << nb.name;
      if (!st) continue;
      const GkrRun run = run_gkr(*st, 17);
      if (!ref) {
        ASSERT_EQ(nb.name, "cpu");
        ref = run;
        // The balanced fixtures sum to zero; the stage equals the host stage.
        EXPECT_TRUE(run.root.p.is_zero());
        cpu::LogupGkr host(cpu::logup_input_layer(c.params(), c.host_airs(), alpha, beta));
        EXPECT_TRUE(run_gkr(host, 17) == run);
      } else {
        EXPECT_TRUE(*ref == run) << nb.name;
      }
    }
  }
}

}  // namespace
}  // namespace swirl::testing
