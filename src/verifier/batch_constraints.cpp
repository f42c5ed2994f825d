#include "swirl/verifier/batch_constraints.h"

#include <algorithm>

#include "swirl/field/powers.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/protocol/logup.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;
using Result = Expected<std::vector<BabyBear4>, BatchConstraintRejection>;

Unexpected<BatchConstraintRejection> reject(BatchConstraintRejectionKind kind, std::string message) {
  return Unexpected(BatchConstraintRejection{kind, std::nullopt, std::move(message)});
}

// Shape checks on the batch proof (the reference does them in proof_shape.rs
// or asserts them); without them the verifier could index out of range.
std::optional<std::string> check_shape(const BatchConstraintParams& params, std::span<const VerifierAir> airs,
                                       const BatchConstraintProof& p, size_t n_max) {
  const size_t A = airs.size();
  const size_t N = size_t{1} << params.l_skip;
  const size_t d = params.max_constraint_degree;
  if (p.numerator_term_per_air.size() != A || p.denominator_term_per_air.size() != A)
    return "numerator/denominator terms: expected one per present AIR";
  if (p.univariate_round_coeffs.size() != (d + 1) * (N - 1) + 1) return "univariate_round_coeffs length";
  if (p.sumcheck_round_polys.size() != n_max) return "sumcheck_round_polys: expected n_max rounds";
  for (const auto& s : p.sumcheck_round_polys)
    if (s.size() != d + 1) return "sumcheck round polynomial: expected d + 1 values";
  if (p.column_openings.size() != A) return "column_openings: expected one list per present AIR";
  for (size_t t = 0; t < A; ++t) {
    const AirShape& sh = airs[t].shape;
    const size_t k = sh.need_rot ? 2 : 1;
    std::vector<size_t> widths{sh.common_main_width};
    if (sh.has_preprocessed) widths.push_back(sh.preprocessed_width);
    for (size_t w : sh.cached_widths) widths.push_back(w);
    if (p.column_openings[t].size() != widths.size()) return "column_openings: wrong number of parts for AIR " + std::to_string(t);
    for (size_t i = 0; i < widths.size(); ++i)
      if (p.column_openings[t][i].size() != widths[i] * k)
        return "column_openings: wrong length for AIR " + std::to_string(t) + " part " + std::to_string(i);
  }
  return std::nullopt;
}

EF hash_message(const InteractionNodes& it, const EF* nodes, const std::vector<EF>& beta_pows) {
  EF acc = beta_pows[it.message.size()] * F::from_u64(uint64_t{it.bus_index} + 1);
  for (size_t j = 0; j < it.message.size(); ++j) acc += beta_pows[j] * nodes[it.message[j]];
  return acc;
}

}  // namespace

const char* batch_constraint_rejection_name(BatchConstraintRejectionKind kind) {
  switch (kind) {
    case BatchConstraintRejectionKind::kProofShape: return "ProofShape";
    case BatchConstraintRejectionKind::kInvalidLogupPowWitness: return "InvalidLogupPowWitness";
    case BatchConstraintRejectionKind::kGkr: return "GkrVerificationFailed";
    case BatchConstraintRejectionKind::kGkrNumeratorMismatch: return "GkrNumeratorMismatch";
    case BatchConstraintRejectionKind::kGkrDenominatorMismatch: return "GkrDenominatorMismatch";
    case BatchConstraintRejectionKind::kSumClaimMismatch: return "SumClaimMismatch";
    case BatchConstraintRejectionKind::kInconsistentClaims: return "InconsistentClaims";
  }
  return "?";
}

Result verify_zerocheck_and_logup(Transcript& transcript, const BatchConstraintParams& params,
                                  std::span<const VerifierAir> airs, const GkrProof& gkr_proof,
                                  const BatchConstraintProof& bp) {
  using K = BatchConstraintRejectionKind;
  const int l = params.l_skip;
  const size_t d = params.max_constraint_degree;
  const size_t A = airs.size();
  if (A == 0) return reject(K::kProofShape, "no present AIR");
  if (l < 0 || l > 20) return reject(K::kProofShape, "l_skip out of range");
  for (size_t t = 0; t < A; ++t) {
    if (!airs[t].air) return reject(K::kProofShape, "AIR " + std::to_string(t) + " has no constraints");
    if (t > 0 && airs[t].log_height > airs[t - 1].log_height) return reject(K::kProofShape, "AIRs not sorted by height");
    if (airs[t].log_height > 40) return reject(K::kProofShape, "log_height too large");
    if (airs[t].public_values.size() != airs[t].shape.num_public_values)
      return reject(K::kProofShape, "AIR " + std::to_string(t) + ": wrong number of public values");
  }
  const size_t N = size_t{1} << l;
  auto n_of = [&](size_t t) { return static_cast<int>(airs[t].log_height) - l; };
  auto n_lift_of = [&](size_t t) { return static_cast<size_t>(std::max(n_of(t), 0)); };
  const size_t n_max = n_lift_of(0);
  if (auto err = check_shape(params, airs, bp, n_max)) return reject(K::kProofShape, *err);

  // 1-2: LogUp witness, alpha, beta, GKR.
  uint64_t total = 0;
  std::vector<std::vector<size_t>> offsets(A);
  for (size_t t = 0; t < A; ++t) {
    for (size_t i = 0; i < airs[t].air->interactions().size(); ++i) {
      offsets[t].push_back(total);
      total += uint64_t{1} << (static_cast<size_t>(l) + n_lift_of(t));
    }
  }
  auto gkr = verify_logup_gkr(gkr_proof, transcript, params.logup_pow_bits, static_cast<size_t>(l), total);
  if (!gkr) {
    if (gkr.error().kind == GkrRejectionKind::kInvalidPowWitness)
      return reject(K::kInvalidLogupPowWitness, gkr.error().message);
    return Unexpected(BatchConstraintRejection{K::kGkr, gkr.error(), gkr.error().message});
  }
  const LogupGkrVerified& lg = *gkr;
  const size_t n_logup = lg.n_logup;
  std::vector<EF> xi = lg.claims.xi;
  const size_t xi_len = static_cast<size_t>(l) + std::max(n_max, n_logup);
  while (xi.size() < xi_len) xi.push_back(transcript.sample_ext());

  const EF lambda = transcript.sample_ext();

  // 3: per-AIR sums against the GKR claims.
  EF p_claim = lg.claims.p_at_xi, q_claim = lg.claims.q_at_xi;
  for (size_t t = 0; t < A; ++t) {
    p_claim -= bp.numerator_term_per_air[t];
    q_claim -= bp.denominator_term_per_air[t];
    transcript.observe_ext(bp.numerator_term_per_air[t]);
    transcript.observe_ext(bp.denominator_term_per_air[t]);
  }
  if (!p_claim.is_zero()) return reject(K::kGkrNumeratorMismatch, "numerator terms do not sum to p_hat(xi)");
  if (q_claim != lg.alpha) return reject(K::kGkrDenominatorMismatch, "denominator terms do not sum to q_hat(xi) - alpha");

  // 4: mu and the batched sum claim.
  const EF mu = transcript.sample_ext();
  const std::vector<EF> mu_pows = powers(mu, 3 * A);
  EF sum_claim = EF::zero();
  for (size_t t = 0; t < A; ++t)
    sum_claim += mu_pows[2 * t] * bp.numerator_term_per_air[t] + mu_pows[2 * t + 1] * bp.denominator_term_per_air[t];

  // 5: round 0.
  for (const EF& c : bp.univariate_round_coeffs) transcript.observe_ext(c);
  const EF r0 = transcript.sample_ext();
  EF dom_sum = EF::zero();
  for (size_t j = 0; j < bp.univariate_round_coeffs.size(); j += N) dom_sum += bp.univariate_round_coeffs[j];
  dom_sum = dom_sum * F::from_u64(N);
  if (dom_sum != sum_claim) return reject(K::kSumClaimMismatch, "sum of s_0 over D differs from the batched claims");
  EF cur = horner(bp.univariate_round_coeffs, r0);
  std::vector<EF> rs{r0};

  // 6: MLE rounds.
  for (size_t j = 0; j < n_max; ++j) {
    const auto& ev = bp.sumcheck_round_polys[j];
    for (const EF& e : ev) transcript.observe_ext(e);
    std::vector<EF> vals(d + 2);
    vals[0] = cur - ev[0];
    for (size_t i = 0; i <= d; ++i) vals[i + 1] = ev[i];
    const EF r = transcript.sample_ext();
    cur = eval_from_integer_points(vals, r);
    rs.push_back(r);
  }

  // 7: eq3b per AIR and interaction.
  auto eq3b_of = [&](size_t t) {
    std::vector<EF> out;
    const size_t lo = static_cast<size_t>(l) + n_lift_of(t);
    for (size_t off : offsets[t]) {
      size_t b = off >> lo;
      EF acc = EF::one();
      for (size_t k = lo; k < static_cast<size_t>(l) + n_logup; ++k, b >>= 1)
        acc *= eq1(xi[k], (b & 1) ? EF::one() : EF::zero());
      out.push_back(acc);
    }
    return out;
  };

  // 8: eq_ns, eq_sharp_ns with the front-loading products r_{i+1}..r_{n_max}.
  std::vector<EF> eq_ns(n_max + 1), eq_sharp_ns(n_max + 1);
  eq_ns[0] = eval_eq_uni<EF>(l, xi[0], r0);
  eq_sharp_ns[0] = eval_eq_sharp_uni(std::span<const EF>(xi.data(), static_cast<size_t>(l)), r0);
  for (size_t i = 1; i <= n_max; ++i) {
    const EF e = eq1(xi[static_cast<size_t>(l) + i - 1], rs[i]);
    eq_ns[i] = eq_ns[i - 1] * e;
    eq_sharp_ns[i] = eq_sharp_ns[i - 1] * e;
  }
  {
    EF acc = rs[n_max];
    for (size_t i = n_max; i-- > 0;) {
      eq_ns[i] *= acc;
      eq_sharp_ns[i] *= acc;
      acc *= rs[i];
    }
  }

  // 9: observe openings (common mains first), evaluate.
  auto observe_part = [&](const std::vector<EF>& o, bool rot) {
    for (size_t i = 0; i < o.size(); i += rot ? 2 : 1) {
      transcript.observe_ext(o[i]);
      transcript.observe_ext(rot ? o[i + 1] : EF::zero());
    }
  };
  for (size_t t = 0; t < A; ++t) observe_part(bp.column_openings[t][0], airs[t].shape.need_rot);
  for (size_t t = 0; t < A; ++t)
    for (size_t p = 1; p < bp.column_openings[t].size(); ++p) observe_part(bp.column_openings[t][p], airs[t].shape.need_rot);

  size_t max_len = 0, max_constraints = 0;
  for (const auto& a : airs) {
    for (const auto& it : a.air->interactions()) max_len = std::max(max_len, it.message.size());
    max_constraints = std::max(max_constraints, a.air->constraint_nodes().size());
  }
  const std::vector<EF> beta_pows = powers(lg.beta, max_len + 1);
  const std::vector<EF> lambda_pows = powers(lambda, max_constraints);

  std::vector<EF> terms;  // num_0, den_0, num_1, ..., then zc_0, zc_1, ...
  std::vector<EF> zc_terms;
  for (size_t t = 0; t < A; ++t) {
    const VerifierAir& va = airs[t];
    const bool rot = va.shape.need_rot;
    const int n = n_of(t);
    const size_t n_lift = n_lift_of(t);
    // Split openings into local / next per part (next = 0 without rotation).
    const auto& parts = bp.column_openings[t];
    std::vector<std::vector<EF>> loc(parts.size()), nxt(parts.size());
    for (size_t p = 0; p < parts.size(); ++p) {
      const size_t w = parts[p].size() / (rot ? 2 : 1);
      loc[p].resize(w);
      nxt[p].assign(w, EF::zero());
      for (size_t c = 0; c < w; ++c) {
        loc[p][c] = parts[p][rot ? 2 * c : c];
        if (rot) nxt[p][c] = parts[p][2 * c + 1];
      }
    }
    // Window main parts: cached (proof parts 1 + has_prep ..), then common (part 0).
    const size_t cached_start = 1 + (va.shape.has_preprocessed ? 1 : 0);
    std::vector<const EF*> ml, mn;
    for (size_t p = cached_start; p < parts.size(); ++p) {
      ml.push_back(loc[p].data());
      mn.push_back(nxt[p].data());
    }
    ml.push_back(loc[0].data());
    mn.push_back(nxt[0].data());
    // Selectors at the (lifted) point.
    int lp = l;
    EF r0p = r0;
    std::span<const EF> rest;
    if (n < 0) {
      lp = l + n;
      for (int i = 0; i < -n; ++i) r0p = r0p * r0p;
    } else {
      rest = std::span<const EF>(rs.data() + 1, static_cast<size_t>(n));
    }
    EF prod0 = EF::one(), prod1 = EF::one();
    for (const EF& x : rest) {
      prod0 *= EF::one() - x;
      prod1 *= x;
    }
    RowWindow<EF> w;
    w.is_first_row = eval_eq_uni_at_one(lp, r0p) * prod0;
    w.is_last_row = eval_eq_uni_at_one(lp, r0p * BabyBear::two_adic_generator(lp)) * prod1;
    w.is_transition = EF::one() - w.is_last_row;
    if (va.shape.has_preprocessed) {
      w.preprocessed_local = loc[1].data();
      w.preprocessed_next = nxt[1].data();
    }
    w.main_local = std::span<const EF* const>(ml.data(), ml.size());
    w.main_next = std::span<const EF* const>(mn.data(), mn.size());
    w.public_values = va.public_values;
    std::vector<EF> nodes(va.air->num_nodes());
    va.air->eval(w, nodes.data());

    EF expr = EF::zero();
    const auto cidx = va.air->constraint_nodes();
    for (size_t k = 0; k < cidx.size(); ++k) expr += lambda_pows[k] * nodes[cidx[k]];
    zc_terms.push_back(eq_ns[n_lift] * expr);

    const std::vector<EF> eq3b = eq3b_of(t);
    EF num = EF::zero(), den = EF::zero();
    const auto its = va.air->interactions();
    for (size_t i = 0; i < its.size(); ++i) {
      num += eq3b[i] * nodes[its[i].count];
      den += eq3b[i] * hash_message(its[i], nodes.data(), beta_pows);
    }
    BabyBear norm = BabyBear::one();
    for (int i = 0; i < std::max(0, -n); ++i) norm = norm.halve();
    terms.push_back(num * norm * eq_sharp_ns[n_lift]);
    terms.push_back(den * eq_sharp_ns[n_lift]);
  }
  for (const EF& z : zc_terms) terms.push_back(z);
  EF evaluated = EF::zero();
  for (size_t i = 0; i < terms.size(); ++i) evaluated += terms[i] * mu_pows[i];
  if (evaluated != cur) return reject(K::kInconsistentClaims, "constraint and interaction evaluations differ from the last claim");
  return rs;
}

}  // namespace swirl
