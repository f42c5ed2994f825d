#include "swirl/verifier/stacked_reduction.h"

#include <stdexcept>

#include "swirl/poly/prism.h"
#include "swirl/poly/sumcheck.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

Unexpected<StackedReductionRejection> reject(StackedReductionRejectionKind kind, std::string msg) {
  return Unexpected(StackedReductionRejection{kind, std::move(msg)});
}

}  // namespace

const char* stacked_reduction_rejection_name(StackedReductionRejectionKind kind) {
  switch (kind) {
    case StackedReductionRejectionKind::kProofShape: return "ProofShape";
    case StackedReductionRejectionKind::kBadLayout: return "BadLayout";
    case StackedReductionRejectionKind::kS0Mismatch: return "S0Mismatch";
    case StackedReductionRejectionKind::kFinalSumMismatch: return "FinalSumMismatch";
  }
  return "?";
}

Expected<std::vector<EF>, StackedReductionRejection> verify_stacked_reduction(
    Transcript& transcript, const StackingProof& proof, int l_skip, int n_stack,
    std::span<const StackedOpeningColumn> columns, std::span<const std::array<EF, 2>> claims,
    std::span<const size_t> stacked_widths, std::span<const EF> r) {
  using K = StackedReductionRejectionKind;
  if (l_skip < 0 || l_skip > 27 || n_stack < 0 || l_skip + n_stack > 27)
    throw std::invalid_argument("verify_stacked_reduction: bad l_skip / n_stack");
  if (claims.size() != columns.size())
    throw std::invalid_argument("verify_stacked_reduction: claims and columns differ in length");
  if (r.empty()) throw std::invalid_argument("verify_stacked_reduction: r is empty");
  const int l = l_skip;
  const size_t N = size_t{1} << l;
  const size_t height = size_t{1} << (l + n_stack);

  // Shape (the reference does this in proof_shape.rs, before the transcript).
  if (proof.univariate_round_coeffs.size() != 2 * N - 1)
    return reject(K::kProofShape, "univariate round has " + std::to_string(proof.univariate_round_coeffs.size()) +
                                      " coefficients, expected " + std::to_string(2 * N - 1));
  if (proof.sumcheck_round_polys.size() != static_cast<size_t>(n_stack))
    return reject(K::kProofShape, "expected " + std::to_string(n_stack) + " sumcheck rounds");
  if (proof.stacking_openings.size() != stacked_widths.size())
    return reject(K::kProofShape, "one list of stacking openings per commitment expected");
  for (size_t c = 0; c < stacked_widths.size(); ++c)
    if (proof.stacking_openings[c].size() != stacked_widths[c])
      return reject(K::kProofShape, "commitment " + std::to_string(c) + ": stacking openings != stacked width");
  for (size_t i = 0; i < columns.size(); ++i) {
    const StackedOpeningColumn& col = columns[i];
    const bool ok = col.commit < stacked_widths.size() && col.col < stacked_widths[col.commit] &&
                    col.log_height >= 0 && col.log_height <= l + n_stack && col.row % col.len(l) == 0 &&
                    col.row + col.len(l) <= height && r.size() >= size_t(1 + col.n_lift(l));
    if (!ok) return reject(K::kBadLayout, "column " + std::to_string(i) + " does not fit its stacked matrix");
  }

  const EF lambda = transcript.sample_ext();
  const EF lambda_sq = lambda.square();
  std::vector<EF> lambda_sq_pows(columns.size());
  EF s0_claim = EF::zero();
  {
    EF p = EF::one();
    for (size_t i = 0; i < columns.size(); ++i) {
      lambda_sq_pows[i] = p;
      s0_claim += (claims[i][0] + claims[i][1] * lambda) * p;
      p *= lambda_sq;
    }
  }
  // sum_{z in D} s_0(z) = |D| * (c_0 + c_N + c_2N + ...): sums of nontrivial
  // powers of a root of unity over D vanish.
  EF s0_sum = EF::zero();
  for (size_t k = 0; k < proof.univariate_round_coeffs.size(); k += N) s0_sum += proof.univariate_round_coeffs[k];
  s0_sum = s0_sum * F::from_u64(N);
  if (s0_sum != s0_claim) return reject(K::kS0Mismatch, "sum of s_0 over D differs from the batched claims");

  for (const EF& c : proof.univariate_round_coeffs) transcript.observe_ext(c);
  std::vector<EF> u;
  u.push_back(transcript.sample_ext());
  EF claim = horner(proof.univariate_round_coeffs, u[0]);
  for (int j = 1; j <= n_stack; ++j) {
    const auto& s = proof.sumcheck_round_polys[static_cast<size_t>(j - 1)];
    transcript.observe_ext(s[0]);
    transcript.observe_ext(s[1]);
    const EF uj = transcript.sample_ext();
    u.push_back(uj);
    const EF e[3] = {claim - s[0], s[0], s[1]};
    claim = interpolate_quadratic_012(e, uj);
  }

  // The final value must be sum_c coeff_c q_c(u), where coeff_c collects, for
  // every trace column in stacked column c, lambda^(2i) (kernel at (u, r)) and
  // lambda^(2i+1) (rotation kernel), times eq(u_hi, b_i) and the indicator.
  std::vector<std::vector<EF>> coeffs(stacked_widths.size());
  for (size_t c = 0; c < stacked_widths.size(); ++c) coeffs[c].assign(stacked_widths[c], EF::zero());
  for (size_t i = 0; i < columns.size(); ++i) {
    const StackedOpeningColumn& col = columns[i];
    const int n = col.n(l);
    const int n_lift = col.n_lift(l);
    std::vector<EF> b;
    for (int j = l + n_lift; j < l + n_stack; ++j) b.push_back(((col.row >> j) & 1) ? EF::one() : EF::zero());
    const EF eq_hi = eval_eq_mle<EF>(std::span<const EF>(u).subspan(static_cast<size_t>(n_lift) + 1), b);
    const EF ind = eval_in_uni(l, n, u[0]);
    int lp = l;
    std::vector<EF> rs;
    if (n < 0) {
      lp = l + n;
      rs = {r[0].exp_power_of_2(-n)};
    } else {
      rs.assign(r.begin(), r.begin() + n_lift + 1);
    }
    std::span<const EF> x(u.data(), static_cast<size_t>(n_lift) + 1);
    EF batched = lambda_sq_pows[i] * eval_eq_prism<EF>(lp, x, rs);
    if (col.need_rot) batched += lambda_sq_pows[i] * lambda * eval_rot_kernel_prism<EF>(lp, x, rs);
    coeffs[col.commit][col.col] += eq_hi * batched * ind;
  }
  EF final_sum = EF::zero();
  for (size_t c = 0; c < stacked_widths.size(); ++c)
    for (size_t k = 0; k < stacked_widths[c]; ++k) {
      transcript.observe_ext(proof.stacking_openings[c][k]);
      final_sum += coeffs[c][k] * proof.stacking_openings[c][k];
    }
  if (final_sum != claim) return reject(K::kFinalSumMismatch, "s_n(u_n) differs from the openings' combination");
  return u;
}

}  // namespace swirl
