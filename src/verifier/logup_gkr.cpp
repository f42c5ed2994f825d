#include "swirl/verifier/logup_gkr.h"

#include <fmt/format.h>

#include "swirl/poly/sumcheck.h"
#include "swirl/protocol/logup.h"

namespace swirl {

namespace {

using EF = BabyBear4;

Unexpected<GkrRejection> reject(GkrRejectionKind kind, size_t layer, std::string message) {
  return Unexpected(GkrRejection{kind, layer, std::move(message)});
}

void observe_claims(Transcript& t, const GkrLayerClaims& c) {
  t.observe_ext(c.p_xi_0);
  t.observe_ext(c.q_xi_0);
  t.observe_ext(c.p_xi_1);
  t.observe_ext(c.q_xi_1);
}

// The parent's numerator and denominator from its children's claims.
EF cross_p(const GkrLayerClaims& c) { return c.p_xi_0 * c.q_xi_1 + c.p_xi_1 * c.q_xi_0; }
EF cross_q(const GkrLayerClaims& c) { return c.q_xi_0 * c.q_xi_1; }

}  // namespace

const char* gkr_rejection_name(GkrRejectionKind kind) {
  switch (kind) {
    case GkrRejectionKind::kInvalidPowWitness: return "invalid LogUp proof-of-work witness";
    case GkrRejectionKind::kInvalidZeroRoundValue: return "q0_claim must be 1 without interactions";
    case GkrRejectionKind::kIncorrectLayerCount: return "wrong number of GKR layers";
    case GkrRejectionKind::kIncorrectSumcheckPolyCount: return "wrong number of GKR sumcheck entries";
    case GkrRejectionKind::kIncorrectSubroundCount: return "wrong number of GKR sumcheck rounds";
    case GkrRejectionKind::kZeroCheckFailed: return "GKR root numerator is not zero";
    case GkrRejectionKind::kRootConsistencyCheckFailed: return "GKR layer 1 inconsistent with q0_claim";
    case GkrRejectionKind::kLayerConsistencyCheckFailed: return "GKR layer sumcheck inconsistent with its claims";
  }
  return "unknown";
}

Expected<GkrClaims, GkrRejection> verify_fractional_sumcheck(const GkrProof& proof, Transcript& transcript,
                                                             size_t num_layers) {
  if (proof.claims_per_layer.size() != num_layers)
    return reject(GkrRejectionKind::kIncorrectLayerCount, 0,
                  fmt::format("{} GKR layers, expected {}", proof.claims_per_layer.size(), num_layers));
  const size_t expected_polys = num_layers == 0 ? 0 : num_layers - 1;
  if (proof.sumcheck_polys.size() != expected_polys)
    return reject(GkrRejectionKind::kIncorrectSumcheckPolyCount, 0,
                  fmt::format("{} GKR sumcheck entries, expected {}", proof.sumcheck_polys.size(), expected_polys));

  transcript.observe_ext(proof.q0_claim);
  if (num_layers == 0) return GkrClaims{EF::zero(), proof.q0_claim, {}};

  // Layer 1: the root is checked directly against its two children.
  const GkrLayerClaims& first = proof.claims_per_layer[0];
  observe_claims(transcript, first);
  if (!cross_p(first).is_zero())
    return reject(GkrRejectionKind::kZeroCheckFailed, 1, "the children of the root give a nonzero numerator");
  if (cross_q(first) != proof.q0_claim)
    return reject(GkrRejectionKind::kRootConsistencyCheckFailed, 1, "the children of the root do not give q0_claim");
  EF mu = transcript.sample_ext();
  EF numer = interpolate_linear_01(first.p_xi_0, first.p_xi_1, mu);
  EF denom = interpolate_linear_01(first.q_xi_0, first.q_xi_1, mu);
  std::vector<EF> point = {mu};

  // Layers 2..L: a sumcheck of j - 1 rounds reduces the claim on layer j - 1
  // at `point` to the four claims on layer j.
  for (size_t j = 2; j <= num_layers; ++j) {
    const EF lambda = transcript.sample_ext();
    EF claim = numer + lambda * denom;
    const auto& rounds = proof.sumcheck_polys[j - 2];
    if (rounds.size() != j - 1)
      return reject(GkrRejectionKind::kIncorrectSubroundCount, j,
                    fmt::format("GKR layer {} has {} sumcheck rounds, expected {}", j, rounds.size(), j - 1));
    std::vector<EF> rho;
    rho.reserve(j - 1);
    EF eq = EF::one();  // eq(point, rho), built round by round
    for (size_t t = 0; t < rounds.size(); ++t) {
      const auto& s = rounds[t];
      for (const EF& v : s) transcript.observe_ext(v);
      const EF r = transcript.sample_ext();
      rho.push_back(r);
      const EF e[4] = {claim - s[0], s[0], s[1], s[2]};  // s(0) = claim - s(1)
      claim = interpolate_cubic_0123(e, r);
      eq *= eq1(point[t], r);
    }
    const GkrLayerClaims& c = proof.claims_per_layer[j - 1];
    observe_claims(transcript, c);
    if ((cross_p(c) + lambda * cross_q(c)) * eq != claim)
      return reject(GkrRejectionKind::kLayerConsistencyCheckFailed, j,
                    fmt::format("GKR layer {}: the final sumcheck claim does not match the layer claims", j));
    mu = transcript.sample_ext();
    numer = interpolate_linear_01(c.p_xi_0, c.p_xi_1, mu);
    denom = interpolate_linear_01(c.q_xi_0, c.q_xi_1, mu);
    point.clear();
    point.push_back(mu);
    point.insert(point.end(), rho.begin(), rho.end());
  }
  return GkrClaims{numer, denom, std::move(point)};
}

Expected<LogupGkrVerified, GkrRejection> verify_logup_gkr(const GkrProof& proof, Transcript& transcript, int pow_bits,
                                                          size_t l_skip, uint64_t total_interactions) {
  if (!transcript.check_witness(pow_bits, proof.logup_pow_witness))
    return reject(GkrRejectionKind::kInvalidPowWitness, 0, "the LogUp proof-of-work witness fails");
  LogupGkrVerified out;
  out.alpha = transcript.sample_ext();
  out.beta = transcript.sample_ext();
  if (total_interactions == 0) {
    // The reference's proof-shape check requires no layers here; repeated so
    // this function stands on its own.
    if (!proof.claims_per_layer.empty())
      return reject(GkrRejectionKind::kIncorrectLayerCount, 0,
                    fmt::format("{} GKR layers without interactions", proof.claims_per_layer.size()));
    if (!proof.sumcheck_polys.empty())
      return reject(GkrRejectionKind::kIncorrectSumcheckPolyCount, 0, "GKR sumcheck entries without interactions");
    if (proof.q0_claim != EF::one())
      return reject(GkrRejectionKind::kInvalidZeroRoundValue, 0, "q0_claim must be 1 without interactions");
    out.claims = GkrClaims{EF::zero(), out.alpha, {}};
    return out;
  }
  out.n_logup = calculate_n_logup(l_skip, total_interactions);
  auto claims = verify_fractional_sumcheck(proof, transcript, l_skip + out.n_logup);
  if (!claims) return Unexpected(claims.error());
  out.claims = std::move(*claims);
  return out;
}

}  // namespace swirl
