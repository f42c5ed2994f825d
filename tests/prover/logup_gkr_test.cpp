// LogUp GKR: prover and verifier against each other, against an independent
// straightforward model of the reference's prover, and against direct
// definitions (fraction sums, multilinear extensions).
#include "swirl/prover/logup_gkr.h"

#include <gtest/gtest.h>
#include <omp.h>

#include "swirl/poly/sumcheck.h"
#include "swirl/protocol/logup.h"
#include "swirl/field/rng.h"
#include "swirl/verifier/logup_gkr.h"

namespace swirl {
namespace {

using EF = BabyBear4;

EF nonzero_ext(SplitMix64& rng) {
  EF x;
  do x = rng.ext();
  while (x.is_zero());
  return x;
}

std::vector<Frac> random_leaves(SplitMix64& rng, size_t n) {
  std::vector<Frac> v(n);
  for (auto& f : v) f = Frac{rng.ext(), nonzero_ext(rng)};
  return v;
}

// sum p_i / q_i computed with inverses.
EF direct_sum(const std::vector<Frac>& leaves) {
  EF s = EF::zero();
  for (const Frac& f : leaves) s += f.p * f.q.inverse();
  return s;
}

// Random fractions whose sum is zero (the last numerator compensates).
std::vector<Frac> zero_sum_leaves(SplitMix64& rng, size_t n) {
  std::vector<Frac> v = random_leaves(rng, n);
  v.back().p = EF::zero();
  v.back().p = -(direct_sum(v) * v.back().q);
  return v;
}

std::vector<EF> bits_of(size_t i, size_t n) {
  std::vector<EF> b(n);
  for (size_t k = 0; k < n; ++k) b[k] = ((i >> k) & 1) ? EF::one() : EF::zero();
  return b;
}

// The multilinear extensions of the numerators and denominators at x,
// straight from the definition sum_i eq(x, bits(i)) v_i.
std::pair<EF, EF> mle_at(const std::vector<Frac>& leaves, const std::vector<EF>& x) {
  EF p = EF::zero(), q = EF::zero();
  for (size_t i = 0; i < leaves.size(); ++i) {
    const EF w = eval_eq_mle<EF>(x, bits_of(i, x.size()));
    p += w * leaves[i].p;
    q += w * leaves[i].q;
  }
  return {p, q};
}

// ---- an independent model: the reference's algorithm, written plainly -------
// (full segment tree; per layer five columns eq, p0, q0, p1, q1 folded
// together; round values from linear extension of every column at 1, 2, 3).
GkrProof model_prove(Transcript& t, const std::vector<Frac>& leaves) {
  const size_t N = leaves.size();
  size_t n = 0;
  while ((size_t{1} << n) < N) ++n;
  std::vector<Frac> tree(2 * N);
  for (size_t i = 0; i < N; ++i) tree[N + i] = leaves[i];
  for (size_t node = N - 1; node >= 1; --node) tree[node] = tree[2 * node] + tree[2 * node + 1];
  GkrProof proof;
  proof.q0_claim = tree[1].q;
  t.observe_ext(tree[1].q);
  if (n == 0) return proof;
  auto observe = [&](const GkrLayerClaims& c) {
    t.observe_ext(c.p_xi_0);
    t.observe_ext(c.q_xi_0);
    t.observe_ext(c.p_xi_1);
    t.observe_ext(c.q_xi_1);
  };
  GkrLayerClaims c1{tree[2].p, tree[3].p, tree[2].q, tree[3].q};
  observe(c1);
  proof.claims_per_layer.push_back(c1);
  std::vector<EF> xi = {t.sample_ext()};
  for (size_t round = 1; round < n; ++round) {
    const EF lambda = t.sample_ext();
    const size_t size = size_t{1} << round;
    std::vector<EF> eq(size), p0(size), q0(size), p1(size), q1(size);
    for (size_t x = 0; x < size; ++x) {
      eq[x] = eval_eq_mle<EF>(xi, bits_of(x, round));
      const Frac& a = tree[2 * size + 2 * x];
      const Frac& b = tree[2 * size + 2 * x + 1];
      p0[x] = a.p, q0[x] = a.q, p1[x] = b.p, q1[x] = b.q;
    }
    std::vector<std::array<EF, 3>> polys;
    std::vector<EF> rho;
    for (size_t len = size; len > 1; len /= 2) {
      std::array<EF, 3> s{};
      for (uint32_t X = 1; X <= 3; ++X) {
        const EF x = EF::from_u32(X);
        for (size_t y = 0; y < len / 2; ++y) {
          auto lin = [&](const std::vector<EF>& c) { return c[2 * y] + (c[2 * y + 1] - c[2 * y]) * x; };
          const EF pp = lin(p0) * lin(q1) + lin(p1) * lin(q0);
          const EF qq = lin(q0) * lin(q1);
          s[X - 1] += lin(eq) * (pp + lambda * qq);
        }
      }
      for (const EF& v : s) t.observe_ext(v);
      polys.push_back(s);
      const EF r = t.sample_ext();
      rho.push_back(r);
      for (std::vector<EF>* c : {&eq, &p0, &q0, &p1, &q1}) {
        for (size_t y = 0; y < len / 2; ++y) (*c)[y] = (*c)[2 * y] + ((*c)[2 * y + 1] - (*c)[2 * y]) * r;
      }
    }
    GkrLayerClaims c{p0[0], p1[0], q0[0], q1[0]};
    observe(c);
    proof.claims_per_layer.push_back(c);
    proof.sumcheck_polys.push_back(polys);
    xi.clear();
    xi.push_back(t.sample_ext());
    xi.insert(xi.end(), rho.begin(), rho.end());
  }
  return proof;
}

// ---- honest proofs -----------------------------------------------------------

TEST(LogupGkr, HonestProofsVerifyAtEverySize) {
  SplitMix64 rng(11);
  for (size_t n = 0; n <= 12; ++n) {
    SCOPED_TRACE(n);
    std::vector<Frac> leaves = zero_sum_leaves(rng, size_t{1} << n);
    Transcript pt, vt, mt;
    TranscriptLog plog, vlog, mlog;
    pt.record_into(&plog);
    vt.record_into(&vlog);
    mt.record_into(&mlog);
    FractionalSumcheckResult res = prove_fractional_sumcheck(pt, leaves);
    EXPECT_TRUE(res.root.p.is_zero());
    GkrProof proof = make_gkr_proof(LogupChallenges{}, res);

    // Same proof and transcript as the plain model of the reference.
    GkrProof model = model_prove(mt, leaves);
    EXPECT_EQ(proof, model);
    EXPECT_EQ(plog, mlog);

    auto v = verify_fractional_sumcheck(proof, vt, n);
    ASSERT_TRUE(v.has_value()) << v.error().message;
    EXPECT_EQ(plog, vlog);  // the verifier walks the same transcript
    EXPECT_EQ(v->xi, res.xi);
    EXPECT_EQ(v->xi.size(), n);
    EXPECT_EQ(v->p_at_xi, res.p_at_xi);
    EXPECT_EQ(v->q_at_xi, res.q_at_xi);
    // The claims are the input layer's multilinear extensions at xi.
    auto [p, q] = mle_at(leaves, res.xi);
    EXPECT_EQ(p, res.p_at_xi);
    EXPECT_EQ(q, res.q_at_xi);
    // And they bind the input: change one leaf and they no longer match.
    std::vector<Frac> other = leaves;
    other[rng.below(other.size())].q += EF::one();
    EXPECT_NE(mle_at(other, res.xi).second, res.q_at_xi);
  }
}

TEST(LogupGkr, RootIsTheFractionalSum) {
  SplitMix64 rng(12);
  for (size_t n = 0; n <= 10; ++n) {
    std::vector<Frac> leaves = random_leaves(rng, size_t{1} << n);
    Transcript t;
    TranscriptLog log;
    t.record_into(&log);
    FractionalSumcheckResult res = prove_fractional_sumcheck(t, leaves, /*assert_zero=*/false);
    EXPECT_EQ(res.root.p * res.root.q.inverse(), direct_sum(leaves)) << n;
    // Without the zero assertion the root numerator is observed first.
    ASSERT_GE(log.size(), 8u);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(log.values[i], res.root.p[i]);
      EXPECT_EQ(log.values[4 + i], res.root.q[i]);
      EXPECT_FALSE(log.is_sample[i]);
    }
  }
}

// The exact sequence of observes and samples for 8 leaves (3 layers).
TEST(LogupGkr, TranscriptSequence) {
  SplitMix64 rng(13);
  std::vector<Frac> leaves = zero_sum_leaves(rng, 8);
  Transcript t;
  TranscriptLog log;
  t.record_into(&log);
  FractionalSumcheckResult res = prove_fractional_sumcheck(t, leaves);
  std::vector<bool> want;
  auto obs = [&](int ext_count) { want.insert(want.end(), 4 * ext_count, false); };
  auto smp = [&](int ext_count) { want.insert(want.end(), 4 * ext_count, true); };
  obs(1);  // q0
  obs(4);  // layer 1 claims
  smp(1);  // mu_1
  for (int layer = 2; layer <= 3; ++layer) {
    smp(1);  // lambda
    for (int round = 0; round < layer - 1; ++round) {
      obs(3);  // s(1), s(2), s(3)
      smp(1);  // r
    }
    obs(4);  // claims
    smp(1);  // mu
  }
  EXPECT_EQ(log.is_sample, want);
  // Layer 1's claims are observed as p0, q0, p1, q1.
  const GkrLayerClaims& c = res.claims_per_layer[0];
  const EF order[4] = {c.p_xi_0, c.q_xi_0, c.p_xi_1, c.q_xi_1};
  for (int e = 0; e < 4; ++e)
    for (int i = 0; i < 4; ++i) EXPECT_EQ(log.values[4 + 4 * e + i], order[e][i]);
}

// ---- tampering ---------------------------------------------------------------

TEST(LogupGkr, EveryTamperedElementIsRejected) {
  SplitMix64 rng(14);
  const size_t n = 5;
  std::vector<Frac> leaves = zero_sum_leaves(rng, size_t{1} << n);
  Transcript pt;
  const GkrProof proof = make_gkr_proof(LogupChallenges{}, prove_fractional_sumcheck(pt, leaves));
  auto verify = [&](const GkrProof& p) {
    Transcript vt;
    return verify_fractional_sumcheck(p, vt, n);
  };
  ASSERT_TRUE(verify(proof).has_value());
  const EF delta = EF::one();
  size_t checked = 0;
  {
    GkrProof p = proof;
    p.q0_claim += delta;
    auto r = verify(p);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, GkrRejectionKind::kRootConsistencyCheckFailed);
    ++checked;
  }
  for (size_t layer = 0; layer < n; ++layer) {
    for (int which = 0; which < 4; ++which) {
      GkrProof p = proof;
      GkrLayerClaims& c = p.claims_per_layer[layer];
      EF* fields[4] = {&c.p_xi_0, &c.p_xi_1, &c.q_xi_0, &c.q_xi_1};
      *fields[which] += delta;
      auto r = verify(p);
      ASSERT_FALSE(r.has_value()) << "layer " << layer + 1 << " claim " << which;
      if (layer > 0) {
        EXPECT_EQ(r.error().kind, GkrRejectionKind::kLayerConsistencyCheckFailed);
        EXPECT_EQ(r.error().layer, layer + 1);
      }
      ++checked;
    }
  }
  for (size_t j = 0; j < proof.sumcheck_polys.size(); ++j) {
    for (size_t round = 0; round < proof.sumcheck_polys[j].size(); ++round) {
      for (int e = 0; e < 3; ++e) {
        GkrProof p = proof;
        p.sumcheck_polys[j][round][e] += delta;
        auto r = verify(p);
        ASSERT_FALSE(r.has_value()) << "layer " << j + 2 << " round " << round << " eval " << e + 1;
        EXPECT_EQ(r.error().kind, GkrRejectionKind::kLayerConsistencyCheckFailed);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 1 + 4 * n + 3 * (n * (n - 1) / 2));

  // Shapes.
  GkrProof p = proof;
  p.claims_per_layer.pop_back();
  EXPECT_EQ(verify(p).error().kind, GkrRejectionKind::kIncorrectLayerCount);
  p = proof;
  p.sumcheck_polys.pop_back();
  EXPECT_EQ(verify(p).error().kind, GkrRejectionKind::kIncorrectSumcheckPolyCount);
  p = proof;
  p.sumcheck_polys[2].pop_back();
  auto r = verify(p);
  EXPECT_EQ(r.error().kind, GkrRejectionKind::kIncorrectSubroundCount);
  EXPECT_EQ(r.error().layer, 4u);
}

// ---- the reference's verifier-only cases (tests/fractional_sumcheck_gkr.rs) ---

TEST(LogupGkr, ReferenceVerifierCases) {
  {
    GkrProof p;
    p.q0_claim = EF::one();
    Transcript t;
    EXPECT_EQ(verify_fractional_sumcheck(p, t, 2).error().kind, GkrRejectionKind::kIncorrectLayerCount);
    GkrLayerClaims c{EF::zero(), EF::zero(), EF::one(), EF::one()};
    p.claims_per_layer = {c, c};
    Transcript t2;
    EXPECT_EQ(verify_fractional_sumcheck(p, t2, 2).error().kind, GkrRejectionKind::kIncorrectSumcheckPolyCount);
  }
  {
    // p0 = 1*4 + 2*3 = 10 != 0.
    GkrProof p;
    p.q0_claim = EF::from_u32(12);
    p.claims_per_layer = {{EF::from_u32(1), EF::from_u32(2), EF::from_u32(3), EF::from_u32(4)}};
    Transcript t;
    EXPECT_EQ(verify_fractional_sumcheck(p, t, 1).error().kind, GkrRejectionKind::kZeroCheckFailed);
  }
  for (size_t n : {1, 2, 3}) {
    std::vector<Frac> leaves(size_t{1} << n, Frac{EF::zero(), EF::one()});
    Transcript pt, vt;
    GkrProof p = make_gkr_proof(LogupChallenges{}, prove_fractional_sumcheck(pt, leaves));
    auto v = verify_fractional_sumcheck(p, vt, n);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->p_at_xi, EF::zero());
    EXPECT_NE(v->q_at_xi, EF::zero());
  }
  {
    std::vector<Frac> leaves = {Frac{EF::from_u32(5), EF::one()}, Frac{-EF::from_u32(5), EF::one()}};
    Transcript pt, vt;
    GkrProof p = make_gkr_proof(LogupChallenges{}, prove_fractional_sumcheck(pt, leaves));
    auto v = verify_fractional_sumcheck(p, vt, 1);
    ASSERT_TRUE(v.has_value());
    EXPECT_NE(v->q_at_xi, EF::zero());
  }
}

TEST(LogupGkr, ProverRejectsBadInput) {
  SplitMix64 rng(15);
  Transcript t;
  std::vector<Frac> leaves = random_leaves(rng, 8);  // nonzero sum
  EXPECT_THROW(prove_fractional_sumcheck(t, leaves), std::invalid_argument);
  EXPECT_EQ(t.sponge().absorb_idx(), 0);  // nothing observed before the check
  std::vector<Frac> six = zero_sum_leaves(rng, 6);
  EXPECT_THROW(prove_fractional_sumcheck(t, six), std::invalid_argument);
}

// ---- LogUp: proof of work, challenges, with and without interactions --------

TEST(LogupGkr, ZeroInteractions) {
  const int pow_bits = 6;
  Transcript pt, vt;
  TranscriptLog plog, vlog;
  pt.record_into(&plog);
  vt.record_into(&vlog);
  LogupChallenges ch = logup_grind_and_sample(pt, pow_bits);
  FractionalSumcheckResult res = prove_fractional_sumcheck(pt, {});
  EXPECT_TRUE(res.xi.empty());
  GkrProof proof = make_gkr_proof(ch, res);
  EXPECT_EQ(proof.q0_claim, EF::one());
  EXPECT_TRUE(proof.claims_per_layer.empty());
  auto v = verify_logup_gkr(proof, vt, pow_bits, /*l_skip=*/2, /*total_interactions=*/0);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  EXPECT_EQ(v->alpha, ch.alpha);
  EXPECT_EQ(v->beta, ch.beta);
  EXPECT_EQ(v->n_logup, 0u);
  EXPECT_EQ(v->claims.p_at_xi, EF::zero());
  EXPECT_EQ(v->claims.q_at_xi, ch.alpha);
  EXPECT_TRUE(v->claims.xi.empty());
  // Grinding (witness observed + one sample) then alpha and beta; nothing else.
  EXPECT_EQ(plog, vlog);
  EXPECT_EQ(plog.size(), 1u + 1u + 8u);

  // The xi completion continues the same transcript on both sides.
  std::vector<EF> px, vx;
  extend_xi(pt, px, 5);
  extend_xi(vt, vx, 5);
  EXPECT_EQ(px, vx);
  EXPECT_EQ(px.size(), 5u);
  EXPECT_THROW(extend_xi(pt, px, 4), std::invalid_argument);

  auto check = [&](GkrProof p, GkrRejectionKind kind) {
    Transcript t;
    auto r = verify_logup_gkr(p, t, pow_bits, 2, 0);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, kind);
  };
  GkrProof p = proof;
  p.q0_claim = EF::from_u32(2);
  check(p, GkrRejectionKind::kInvalidZeroRoundValue);
  p = proof;
  p.logup_pow_witness += BabyBear::one();
  check(p, GkrRejectionKind::kInvalidPowWitness);
  p = proof;
  p.claims_per_layer.push_back({EF::zero(), EF::zero(), EF::one(), EF::one()});
  check(p, GkrRejectionKind::kIncorrectLayerCount);
}

TEST(LogupGkr, WithInteractions) {
  SplitMix64 rng(16);
  const int pow_bits = 5;
  const size_t l_skip = 2;
  // Two traces of 2^3 rows with 2 and 3 interactions: 5 * 8 = 40 interaction
  // rows, so l_skip + n_logup = bit_length(40) = 6 and 64 leaves.
  const uint64_t total = 40;
  const size_t n_logup = calculate_n_logup(l_skip, total);
  ASSERT_EQ(n_logup, 4u);
  EXPECT_EQ(calculate_n_logup(l_skip, 0), 0u);
  EXPECT_EQ(calculate_n_logup(2, 4), 1u);  // 4 rows need 8 leaves: one padding at least
  Transcript pt, vt;
  LogupChallenges ch = logup_grind_and_sample(pt, pow_bits);
  // Leaves: interaction rows with denominators alpha + (message hash), the
  // numerators balancing; then padding leaves 0 / alpha.
  std::vector<Frac> leaves(size_t{1} << (l_skip + n_logup), Frac{EF::zero(), ch.alpha});
  for (size_t i = 0; i < total; ++i) leaves[i] = Frac{rng.ext(), ch.alpha + rng.ext()};
  leaves[total - 1].p = EF::zero();
  leaves[total - 1].p = -(direct_sum(leaves) * leaves[total - 1].q);
  FractionalSumcheckResult res = prove_fractional_sumcheck(pt, leaves);
  GkrProof proof = make_gkr_proof(ch, res);

  auto v = verify_logup_gkr(proof, vt, pow_bits, l_skip, total);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  EXPECT_EQ(v->n_logup, n_logup);
  EXPECT_EQ(v->alpha, ch.alpha);
  EXPECT_EQ(v->claims.xi, res.xi);
  auto [p, q] = mle_at(leaves, v->claims.xi);
  EXPECT_EQ(v->claims.p_at_xi, p);
  EXPECT_EQ(v->claims.q_at_xi, q);
  // A verifier expecting a different number of layers rejects.
  Transcript vt2;
  EXPECT_EQ(verify_logup_gkr(proof, vt2, pow_bits, l_skip, 2 * total).error().kind,
            GkrRejectionKind::kIncorrectLayerCount);
}

TEST(LogupGkr, ProofDoesNotDependOnThreadCount) {
  SplitMix64 rng(17);
  std::vector<Frac> leaves = zero_sum_leaves(rng, size_t{1} << 14);  // layers above the parallel threshold
  Transcript t1, t2;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  GkrProof a = make_gkr_proof(LogupChallenges{}, prove_fractional_sumcheck(t1, leaves));
  omp_set_num_threads(std::max(saved, 3));
  GkrProof b = make_gkr_proof(LogupChallenges{}, prove_fractional_sumcheck(t2, leaves));
  omp_set_num_threads(saved);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace swirl
