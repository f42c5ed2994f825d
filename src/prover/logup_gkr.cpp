// The GKR protocol order over a LogupGkrStage (docs/protocol.md, "LogUp
// GKR"): the coordinator's side of step 5. The stage computes; this file
// observes and samples.
#include "swirl/prover/logup_gkr.h"

#include <bit>
#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/logup_gkr.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/util/span.h"

namespace swirl {

namespace {

using EF = BabyBear4;

void observe_claims(Transcript& t, const GkrLayerClaims& c) {
  // The transcript order differs from the struct order.
  t.observe_ext(c.p_xi_0);
  t.observe_ext(c.q_xi_0);
  t.observe_ext(c.p_xi_1);
  t.observe_ext(c.q_xi_1);
}

FractionalSumcheckResult empty_result() {
  FractionalSumcheckResult res;
  res.root = Frac{EF::zero(), EF::one()};
  res.p_at_xi = EF::zero();
  res.q_at_xi = EF::one();
  return res;
}

}  // namespace

LogupChallenges logup_grind_and_sample(Transcript& transcript, int pow_bits, int threads) {
  LogupChallenges c;
  c.pow_witness = transcript.grind(pow_bits, threads);
  c.alpha = transcript.sample_ext();
  c.beta = transcript.sample_ext();
  return c;
}

FractionalSumcheckResult empty_fractional_sumcheck() {
  ScopedSpan span("logup_gkr");  // the reference's span; inert without a collector
  return empty_result();
}

FractionalSumcheckResult prove_fractional_sumcheck(Transcript& transcript, LogupGkrStage& stage, bool assert_zero) {
  ScopedSpan span("logup_gkr");
  FractionalSumcheckResult res;
  const size_t n = stage.num_vars();
  const Frac root = stage.root();
  if (assert_zero && !root.p.is_zero())
    throw std::invalid_argument("prove_fractional_sumcheck: the fractions do not sum to zero");
  res.root = root;
  if (!assert_zero) transcript.observe_ext(root.p);
  transcript.observe_ext(root.q);
  if (n == 0) {
    res.p_at_xi = root.p;
    res.q_at_xi = root.q;
    return res;
  }

  // Layer 1: its two nodes are the claims directly.
  GkrLayerClaims claims = stage.layer1_claims();
  observe_claims(transcript, claims);
  res.claims_per_layer.push_back(claims);
  EF mu = transcript.sample_ext();
  std::vector<EF> xi = {mu};

  // Layers 2..n: a sumcheck over the parent layer's j - 1 variables of
  // sum_y eq(xi, y) relation(y). Round t's polynomial is
  //   s_t(X) = eq(xi_<t, rho_<t) * eq1(xi_t, X) * s'_t(X),
  // eq_acc carrying the first factor; s'_t has degree 2, so its values at
  // 0, 1, 2 fix it and s_t is observed at 1, 2, 3.
  const EF one = EF::one();
  const EF two = one.doubled();
  const EF three = two + one;
  for (size_t j = 2; j <= n; ++j) {
    const EF lambda = transcript.sample_ext();
    stage.begin_layer(j, xi, lambda);
    std::vector<EF> rho;
    std::vector<std::array<EF, 3>> round_polys;
    EF eq_acc = EF::one();
    for (size_t t = 0; t + 1 < j; ++t) {
      const std::array<EF, 3> sp = stage.round_sums();  // s'_t at 0, 1, 2
      const EF sp3 = extrapolate_quadratic_to_3(sp[0], sp[1], sp[2]);
      const std::array<EF, 3> s = {eq_acc * eq1(xi[t], one) * sp[1], eq_acc * eq1(xi[t], two) * sp[2],
                                   eq_acc * eq1(xi[t], three) * sp3};
      for (const EF& v : s) transcript.observe_ext(v);
      round_polys.push_back(s);
      const EF r = transcript.sample_ext();
      rho.push_back(r);
      eq_acc *= eq1(xi[t], r);
      stage.fold(r);
    }
    claims = stage.layer_claims();
    observe_claims(transcript, claims);
    res.claims_per_layer.push_back(claims);
    res.sumcheck_polys.push_back(std::move(round_polys));
    mu = transcript.sample_ext();
    xi.clear();
    xi.push_back(mu);
    xi.insert(xi.end(), rho.begin(), rho.end());
  }
  const GkrLayerClaims& last = res.claims_per_layer.back();
  res.p_at_xi = interpolate_linear_01(last.p_xi_0, last.p_xi_1, mu);
  res.q_at_xi = interpolate_linear_01(last.q_xi_0, last.q_xi_1, mu);
  res.xi = std::move(xi);
  return res;
}

FractionalSumcheckResult prove_fractional_sumcheck(Transcript& transcript, std::span<const Frac> leaves,
                                                   bool assert_zero) {
  if (leaves.empty()) return empty_fractional_sumcheck();
  if (!std::has_single_bit(leaves.size()))
    throw std::invalid_argument("prove_fractional_sumcheck: " + std::to_string(leaves.size()) +
                                " leaves is not a power of two");
  cpu::LogupGkr stage(std::vector<Frac>(leaves.begin(), leaves.end()));
  return prove_fractional_sumcheck(transcript, stage, assert_zero);
}

GkrProof make_gkr_proof(const LogupChallenges& challenges, const FractionalSumcheckResult& result) {
  GkrProof p;
  p.logup_pow_witness = challenges.pow_witness;
  p.q0_claim = result.root.q;
  p.claims_per_layer = result.claims_per_layer;
  p.sumcheck_polys = result.sumcheck_polys;
  return p;
}

void extend_xi(Transcript& transcript, std::vector<BabyBear4>& xi, size_t length) {
  if (xi.size() > length)
    throw std::invalid_argument("extend_xi: xi already has " + std::to_string(xi.size()) + " > " +
                                std::to_string(length) + " coordinates");
  while (xi.size() < length) xi.push_back(transcript.sample_ext());
}

}  // namespace swirl
