// Protocol steps 4-7 (docs/protocol.md, "Protocol order", "LogUp GKR",
// "Batch constraint sumcheck"): every observe, sample and proof-of-work
// check of the RAP constraints. The stages (backend/logup_gkr.h,
// backend/zerocheck.h) compute; this file combines what they return with
// the eq factors and the mu batching and drives the transcript.
#include "swirl/prover/rap_constraints.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "swirl/field/powers.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/protocol/logup.h"
#include "swirl/prover/logup_gkr.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

std::vector<EF> poly_mul(std::span<const EF> a, std::span<const EF> b, size_t keep) {
  std::vector<EF> out(keep, EF::zero());
  for (size_t i = 0; i < a.size() && i < keep; ++i)
    for (size_t j = 0; j < b.size() && i + j < keep; ++j) out[i + j] += a[i] * b[j];
  return out;
}

// The stages of a ProverBackend over one proving key and AIR list.
class BackendStages final : public RapStages {
 public:
  BackendStages(ProverBackend& backend, const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                const BatchConstraintParams& params, std::span<const RapAir> airs)
      : backend_(backend), pk_(pk), host_pk_(host_pk), params_(params), airs_(airs) {}
  BabyBear grind(const DuplexSponge& sponge, int bits) override { return backend_.grind(sponge, bits); }
  std::unique_ptr<LogupGkrStage> logup_gkr(const BabyBear4& alpha, const BabyBear4& beta) override {
    return backend_.logup_gkr(pk_, host_pk_, params_, airs_, alpha, beta);
  }
  std::unique_ptr<ZerocheckStage> zerocheck() override { return backend_.zerocheck(pk_, host_pk_, params_, airs_); }

 private:
  ProverBackend& backend_;
  const BackendProvingKey& pk_;
  const MultiStarkProvingKey& host_pk_;
  BatchConstraintParams params_;
  std::span<const RapAir> airs_;
};

}  // namespace

RapConstraintsOutput prove_rap_constraints(Transcript& transcript, RapStages& stages,
                                           const BatchConstraintParams& params, std::span<const RapAirInfo> airs) {
  const int l = params.l_skip;
  const size_t d = params.max_constraint_degree;
  if (l < 0 || l > 20) throw std::invalid_argument("prove_rap_constraints: l_skip " + std::to_string(l) + " out of range");
  if (airs.empty()) throw std::invalid_argument("prove_rap_constraints: no present AIR");
  const size_t A = airs.size();
  const size_t N = size_t{1} << l;
  std::vector<LogupAirSize> sizes(A);
  for (size_t t = 0; t < A; ++t) {
    const size_t h = airs[t].height;
    if (!std::has_single_bit(h))
      throw std::invalid_argument("prove_rap_constraints: AIR " + std::to_string(t) + " has height " +
                                  std::to_string(h) + ", not a power of two");
    if (t > 0 && h > airs[t - 1].height) throw std::invalid_argument("prove_rap_constraints: AIRs not sorted by height");
    const int log_h = std::countr_zero(h);
    sizes[t] = LogupAirSize{static_cast<size_t>(std::max(log_h - l, 0)), airs[t].num_interactions};
  }
  const size_t n_max = sizes[0].n_lift;
  const LogupLayout lay = logup_layout(static_cast<size_t>(l), sizes);
  RapConstraintsOutput res;
  res.n_logup = lay.n_logup;
  // Made first: the stage checks its inputs before the transcript moves.
  std::unique_ptr<ZerocheckStage> zc = stages.zerocheck();

  // Step 4: the LogUp proof of work and challenges.
  LogupChallenges ch;
  ch.pow_witness = stages.grind(transcript.sponge(), params.logup_pow_bits);
  if (!transcript.check_witness(params.logup_pow_bits, ch.pow_witness))
    throw std::logic_error("prove_rap_constraints: the backend's proof-of-work witness does not pass");
  ch.alpha = transcript.sample_ext();
  ch.beta = transcript.sample_ext();
  res.alpha = ch.alpha;
  res.beta = ch.beta;

  // Step 5: the GKR on the input layer.
  FractionalSumcheckResult gkr;
  {
    std::unique_ptr<LogupGkrStage> stage = stages.logup_gkr(ch.alpha, ch.beta);
    if ((stage != nullptr) != (lay.total > 0) || (stage && stage->num_vars() != static_cast<size_t>(l) + lay.n_logup))
      throw std::logic_error("prove_rap_constraints: the backend's GKR input layer differs from the LogUp layout");
    gkr = stage ? prove_fractional_sumcheck(transcript, *stage, true) : empty_fractional_sumcheck();
  }
  res.gkr_proof = make_gkr_proof(ch, gkr);

  // Step 6: complete xi.
  std::vector<EF> xi = gkr.xi;
  extend_xi(transcript, xi, static_cast<size_t>(l) + std::max(n_max, lay.n_logup));
  const std::vector<std::vector<EF>> eq3b = logup_eq_weights(static_cast<size_t>(l), sizes, lay, xi);

  // Step 7: the batch sumcheck.
  const EF lambda = transcript.sample_ext();
  res.lambda = lambda;
  const size_t sp0_len = d * (N - 1) + 1;
  const size_t s0_len = (d + 1) * (N - 1) + 1;
  BatchConstraintProof& proof = res.batch_proof;
  EF prev_s;
  std::vector<EF> r;
  {
    ScopedSpan span("round0");
    const std::vector<ZerocheckRound0Air> polys = zc->round0(ZerocheckChallenges{xi, lambda, ch.beta, eq3b});
    if (polys.size() != A) throw std::logic_error("prove_rap_constraints: round0 returned the wrong AIR count");

    // Per AIR: sp, sq times eq_sharp; their sums over D are observed.
    const std::vector<EF> eq_sharp = eq_sharp_uni_poly(std::span<const EF>(xi.data(), static_cast<size_t>(l)));
    std::vector<std::vector<EF>> sp(A), sq(A);
    for (size_t t = 0; t < A; ++t) {
      sp[t] = poly_mul(eq_sharp, std::span<const EF>(polys[t].p.data(), std::min(sp0_len, polys[t].p.size())), s0_len);
      sq[t] = poly_mul(eq_sharp, std::span<const EF>(polys[t].q.data(), std::min(sp0_len, polys[t].q.size())), s0_len);
      EF sum_p = EF::zero(), sum_q = EF::zero();
      for (size_t j = 0; j < s0_len; j += N) {
        sum_p += sp[t][j];
        sum_q += sq[t][j];
      }
      sum_p = sum_p * F::from_u64(N);
      sum_q = sum_q * F::from_u64(N);
      transcript.observe_ext(sum_p);
      transcript.observe_ext(sum_q);
      proof.numerator_term_per_air.push_back(sum_p);
      proof.denominator_term_per_air.push_back(sum_q);
    }
    const EF mu = transcript.sample_ext();
    res.mu = mu;
    // s0 = eq_D(xi_0, Z) sum_t mu^{2A+t} sp_zc_t + sum_t (mu^{2t} sp_t + mu^{2t+1} sq_t).
    const std::vector<EF> mu_pows = powers(mu, 3 * A);
    std::vector<EF> zc_batch(sp0_len, EF::zero());
    for (size_t t = 0; t < A; ++t)
      for (size_t j = 0; j < sp0_len && j < polys[t].zc.size(); ++j) zc_batch[j] += mu_pows[2 * A + t] * polys[t].zc[j];
    std::vector<EF> s0 = poly_mul(eq_uni_poly(l, xi[0]), zc_batch, s0_len);
    for (size_t t = 0; t < A; ++t)
      for (size_t j = 0; j < s0_len; ++j) s0[j] += mu_pows[2 * t] * sp[t][j] + mu_pows[2 * t + 1] * sq[t][j];
    for (const EF& c : s0) transcript.observe_ext(c);
    proof.univariate_round_coeffs = s0;
    const EF r0 = transcript.sample_ext();
    r.push_back(r0);
    prev_s = horner(s0, r0);
    zc->fold_round0(r0);
  }

  {
    ScopedSpan span("mle_rounds");
    const std::vector<EF> mu_pows = powers(res.mu, 3 * A);
    // eq_ns[j] = eq_D(xi_0, r_0) prod_{i<j} eq1(xi_{l+i}, r_{i+1}); eq_sharp_ns likewise from eq_sharp(r_0).
    std::vector<EF> eq_ns{eval_eq_uni<EF>(l, xi[0], r[0])};
    std::vector<EF> eq_sharp_ns{eval_eq_sharp_uni(std::span<const EF>(xi.data(), static_cast<size_t>(l)), r[0])};
    // The tail AIRs (n_lift < j): their folded values times the eq factors
    // and the later challenges.
    std::vector<EF> tilde_zc(A, EF::zero()), tilde_p(A, EF::zero()), tilde_q(A, EF::zero());
    for (size_t j = 1; j <= n_max; ++j) {
      const std::vector<ZerocheckRoundAir> rounds = zc->mle_round(j);
      if (rounds.size() != A) throw std::logic_error("prove_rap_constraints: mle_round returned the wrong AIR count");
      std::vector<EF> head_zc(d, EF::zero()), head_lu(d, EF::zero());
      EF tail = EF::zero();
      for (size_t t = 0; t < A; ++t) {
        const ZerocheckRoundAir& o = rounds[t];
        if (sizes[t].n_lift >= j) {
          if (o.zc.size() != d || o.p.size() != d || o.q.size() != d)
            throw std::logic_error("prove_rap_constraints: mle_round returned the wrong degree");
          for (size_t i = 0; i < d; ++i) {
            head_zc[i] += mu_pows[2 * A + t] * o.zc[i];
            head_lu[i] += mu_pows[2 * t] * o.p[i] + mu_pows[2 * t + 1] * o.q[i];
          }
        } else {
          if (j == sizes[t].n_lift + 1) {
            if (!o.at_point) throw std::logic_error("prove_rap_constraints: mle_round lacks a tail AIR's point values");
            tilde_zc[t] = eq_ns[j - 1] * o.point_zc;
            tilde_p[t] = eq_sharp_ns[j - 1] * o.point_p;
            tilde_q[t] = eq_sharp_ns[j - 1] * o.point_q;
          } else {
            tilde_zc[t] *= r[j - 1];
            tilde_p[t] *= r[j - 1];
            tilde_q[t] *= r[j - 1];
          }
          tail += mu_pows[2 * A + t] * tilde_zc[t] + mu_pows[2 * t] * tilde_p[t] + mu_pows[2 * t + 1] * tilde_q[t];
        }
      }
      // s'(X) at X = 0..d; s'(0) from s(0) + s(1) = prev.
      const EF xc = xi[static_cast<size_t>(l) + j - 1];
      std::vector<EF> spv(d + 1);
      for (size_t i = 0; i < d; ++i) spv[i + 1] = eq_ns[j - 1] * head_zc[i] + eq_sharp_ns[j - 1] * head_lu[i];
      const EF sp1 = d >= 1 ? spv[1] : EF::zero();
      spv[0] = (prev_s - xc * sp1 - tail) * (EF::one() - xc).inverse();
      auto s_at = [&](const EF& X) { return eq1(xc, X) * eval_from_integer_points(spv, X) + tail * X; };
      std::vector<EF> evals(d + 1);
      for (size_t i = 1; i <= d + 1; ++i) {
        evals[i - 1] = s_at(EF(F::from_u64(i)));
        transcript.observe_ext(evals[i - 1]);
      }
      proof.sumcheck_round_polys.push_back(evals);
      const EF rj = transcript.sample_ext();
      r.push_back(rj);
      prev_s = s_at(rj);
      zc->fold(rj);
      const EF e = eq1(xc, rj);
      eq_ns.push_back(eq_ns[j - 1] * e);
      eq_sharp_ns.push_back(eq_sharp_ns[j - 1] * e);
    }
  }

  // Column openings: per AIR, part order [common, preprocessed, cached...];
  // observed common mains first (every AIR), then the other parts. Without
  // rotation each opening is observed with a zero in the rotation's place.
  proof.column_openings = zc->column_openings();
  if (proof.column_openings.size() != A)
    throw std::logic_error("prove_rap_constraints: column_openings returned the wrong AIR count");
  auto observe_part = [&](const std::vector<EF>& o, bool rot) {
    for (size_t i = 0; i < o.size(); i += rot ? 2 : 1) {
      transcript.observe_ext(o[i]);
      transcript.observe_ext(rot ? o[i + 1] : EF::zero());
    }
  };
  for (size_t t = 0; t < A; ++t) observe_part(proof.column_openings[t].at(0), airs[t].need_rot);
  for (size_t t = 0; t < A; ++t)
    for (size_t p = 1; p < proof.column_openings[t].size(); ++p)
      observe_part(proof.column_openings[t][p], airs[t].need_rot);

  res.r = std::move(r);
  res.xi = std::move(xi);
  return res;
}

RapConstraintsOutput prove_rap_constraints(Transcript& transcript, ProverBackend& backend,
                                           const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                           const BatchConstraintParams& params, std::span<const RapAir> airs) {
  std::vector<RapAirInfo> info;
  info.reserve(airs.size());
  for (const RapAir& a : airs) {
    if (a.air >= host_pk.per_air.size())
      throw std::invalid_argument("prove_rap_constraints: AIR index " + std::to_string(a.air) + " outside the key");
    if (a.common_main == nullptr)
      throw std::invalid_argument("prove_rap_constraints: AIR " + std::to_string(a.air) + " lacks a common main");
    const StarkVerifyingKey& vk = host_pk.per_air[a.air].vk;
    info.push_back(RapAirInfo{a.common_main->height(), vk.num_interactions(), vk.params.need_rot});
  }
  BackendStages stages(backend, pk, host_pk, params, airs);
  return prove_rap_constraints(transcript, stages, params, info);
}

}  // namespace swirl
