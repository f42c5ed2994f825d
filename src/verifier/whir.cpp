// WHIR verifier. Per round: replay the k sumcheck steps (claim <- s(alpha),
// s(0) = claim - s(1)), the commitment and OOD answer (or the final
// polynomial), the query proof of work and indices; evaluate the folded
// function at each query point from the opened rows (Merkle-checked), then
// add gamma y0 + sum_i gamma^(i+2) y_i to the claim. Finally the claim must
// equal the weight polynomial accumulated over all rounds applied to the
// final polynomial (see the comment at the final check).
#include "swirl/verifier/whir.h"

#include <stdexcept>

#include "swirl/crypto/merkle.h"
#include "swirl/poly/mle_transform.h"
#include "swirl/poly/prism.h"
#include "swirl/poly/sumcheck.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

WhirRejection reject(WhirRejectionKind kind, size_t round, std::string msg) {
  return WhirRejection{kind, round, std::move(msg)};
}

// Checks every count and length the parameters fix (the WHIR part of the
// reference's proof_shape.rs), except the final polynomial's length, which
// the reference checks after the rounds (FinalPolyDegree).
std::optional<WhirRejection> check_shape(const WhirProof& p, int m, int log_blowup, const WhirConfig& cfg,
                                         std::span<const std::vector<EF>> openings, size_t num_commits) {
  using K = WhirRejectionKind;
  const size_t R = cfg.rounds.size();
  const size_t k = static_cast<size_t>(cfg.k);
  const size_t rows = size_t{1} << k;
  if (p.whir_sumcheck_polys.size() != R * k) return reject(K::kProofShape, 0, "whir_sumcheck_polys length");
  if (p.folding_pow_witnesses.size() != R * k) return reject(K::kProofShape, 0, "folding_pow_witnesses length");
  if (p.codeword_commits.size() != R - 1) return reject(K::kProofShape, 0, "codeword_commits length");
  if (p.ood_values.size() != R - 1) return reject(K::kProofShape, 0, "ood_values length");
  if (p.query_phase_pow_witnesses.size() != R) return reject(K::kProofShape, 0, "query_phase_pow_witnesses length");
  if (p.initial_round_opened_rows.size() != num_commits || p.initial_round_merkle_proofs.size() != num_commits)
    return reject(K::kProofShape, 0, "initial round: one entry per commitment expected");
  const size_t q0 = static_cast<size_t>(cfg.rounds[0].num_queries);
  const size_t depth0 = static_cast<size_t>(m + log_blowup - cfg.k);
  for (size_t c = 0; c < num_commits; ++c) {
    if (p.initial_round_opened_rows[c].size() != q0 || p.initial_round_merkle_proofs[c].size() != q0)
      return reject(K::kProofShape, 0, "initial round: query count");
    for (size_t q = 0; q < q0; ++q) {
      if (p.initial_round_opened_rows[c][q].size() != rows) return reject(K::kProofShape, 0, "initial round: rows");
      for (const auto& row : p.initial_round_opened_rows[c][q])
        if (row.size() != openings[c].size()) return reject(K::kProofShape, 0, "initial round: row width");
      if (p.initial_round_merkle_proofs[c][q].size() != depth0)
        return reject(K::kProofShape, 0, "initial round: Merkle depth");
    }
  }
  if (p.codeword_opened_values.size() != R - 1 || p.codeword_merkle_proofs.size() != R - 1)
    return reject(K::kProofShape, 0, "codeword openings: one entry per round after the first");
  for (size_t i = 1; i < R; ++i) {
    const size_t nq = static_cast<size_t>(cfg.rounds[i].num_queries);
    const auto& vals = p.codeword_opened_values[i - 1];
    const auto& paths = p.codeword_merkle_proofs[i - 1];
    if (vals.size() != nq || paths.size() != nq) return reject(K::kProofShape, i, "codeword openings: query count");
    for (size_t q = 0; q < nq; ++q) {
      if (vals[q].size() != rows) return reject(K::kProofShape, i, "codeword openings: values per query");
      if (paths[q].size() != depth0 - i) return reject(K::kProofShape, i, "codeword openings: Merkle depth");
    }
  }
  return std::nullopt;
}

}  // namespace

const char* whir_rejection_name(WhirRejectionKind kind) {
  switch (kind) {
    case WhirRejectionKind::kProofShape: return "ProofShape";
    case WhirRejectionKind::kMuPowInvalid: return "MuPoWInvalid";
    case WhirRejectionKind::kFoldingPowInvalid: return "FoldingPoWInvalid";
    case WhirRejectionKind::kQueryPhasePowInvalid: return "QueryPhasePoWInvalid";
    case WhirRejectionKind::kMerkleVerify: return "MerkleVerify";
    case WhirRejectionKind::kFinalPolyDegree: return "FinalPolyDegree";
    case WhirRejectionKind::kFinalPolyConstraint: return "FinalPolyConstraint";
  }
  return "?";
}

std::optional<WhirRejection> verify_whir(Transcript& transcript, const WhirVerifyParams& params,
                                         const WhirProof& proof, std::span<const std::vector<EF>> stacking_openings,
                                         std::span<const Digest> commitments, std::span<const EF> u_cube) {
  using K = WhirRejectionKind;
  if (params.config == nullptr) throw std::invalid_argument("verify_whir: no WHIR config");
  const WhirConfig& cfg = *params.config;
  const int m = params.l_skip + params.n_stack;
  const int k = cfg.k;
  const size_t R = cfg.rounds.size();
  if (R == 0 || k < 1 || params.l_skip < 0 || params.n_stack < 0 || params.log_blowup < 0 ||
      cfg.num_sumcheck_rounds() > m || m + params.log_blowup > 27 || m + params.log_blowup - k < 0)
    throw std::invalid_argument("verify_whir: parameters cannot be valid");
  if (u_cube.size() != static_cast<size_t>(m))
    throw std::invalid_argument("verify_whir: u has " + std::to_string(u_cube.size()) + " coordinates, m = " +
                                std::to_string(m));
  if (stacking_openings.size() != commitments.size())
    throw std::invalid_argument("verify_whir: one list of openings per commitment expected");
  if (auto bad = check_shape(proof, m, params.log_blowup, cfg, stacking_openings, commitments.size())) return bad;

  if (!transcript.check_witness(cfg.mu_pow_bits, proof.mu_pow_witness))
    return reject(K::kMuPowInvalid, 0, "mu proof of work");
  const EF mu = transcript.sample_ext();

  std::vector<EF> mu_pows;
  EF claim = EF::zero();
  {
    EF p = EF::one();
    for (const auto& v : stacking_openings)
      for (const EF& o : v) {
        mu_pows.push_back(p);
        claim += p * o;
        p *= mu;
      }
  }

  const size_t rows = size_t{1} << k;
  std::vector<EF> alphas, gammas, z0s;
  std::vector<std::vector<F>> zs(R);
  int log_rs = m + params.log_blowup;
  size_t sc = 0;
  for (size_t round = 0; round < R; ++round) {
    const bool last = round + 1 == R;
    std::vector<EF> alphas_round;
    for (int step = 0; step < k; ++step, ++sc) {
      const auto& s = proof.whir_sumcheck_polys[sc];
      transcript.observe_ext(s[0]);
      transcript.observe_ext(s[1]);
      if (!transcript.check_witness(cfg.folding_pow_bits, proof.folding_pow_witnesses[sc]))
        return reject(K::kFoldingPowInvalid, round, "folding proof of work, sumcheck round " + std::to_string(sc));
      const EF alpha = transcript.sample_ext();
      alphas_round.push_back(alpha);
      const EF e[3] = {claim - s[0], s[0], s[1]};
      claim = interpolate_quadratic_012(e, alpha);
    }
    std::optional<EF> y0;
    if (last) {
      for (const EF& c : proof.final_poly) transcript.observe_ext(c);
    } else {
      transcript.observe_digest(proof.codeword_commits[round]);
      z0s.push_back(transcript.sample_ext());
      y0 = proof.ood_values[round];
      transcript.observe_ext(*y0);
    }
    if (!transcript.check_witness(cfg.query_phase_pow_bits, proof.query_phase_pow_witnesses[round]))
      return reject(K::kQueryPhasePowInvalid, round, "query phase proof of work");
    const size_t nq = static_cast<size_t>(cfg.rounds[round].num_queries);
    std::vector<size_t> indices(nq);
    for (auto& q : indices) q = transcript.sample_bits(log_rs - k);

    const F omega = F::two_adic_generator(log_rs);
    std::vector<EF> ys;
    for (size_t qi = 0; qi < nq; ++qi) {
      const size_t index = indices[qi];
      const F zi_root = omega.pow(index);
      std::vector<EF> vals(rows, EF::zero());
      if (round == 0) {
        size_t mu_idx = 0;
        for (size_t c = 0; c < commitments.size(); ++c) {
          const auto& opened = proof.initial_round_opened_rows[c][qi];
          const MerkleReject mr =
              merkle_verify_query(commitments[c], index, opened, proof.initial_round_merkle_proofs[c][qi]);
          if (mr != MerkleReject::kAccepted)
            return reject(K::kMerkleVerify, round,
                          "commitment " + std::to_string(c) + ", query " + std::to_string(qi) + ": " + to_string(mr));
          const size_t width = stacking_openings[c].size();
          for (size_t col = 0; col < width; ++col, ++mu_idx)
            for (size_t t = 0; t < rows; ++t) vals[t] += mu_pows[mu_idx] * opened[t][col];
        }
      } else {
        const auto& opened = proof.codeword_opened_values[round - 1][qi];
        std::vector<std::vector<EF>> as_rows(rows);
        for (size_t t = 0; t < rows; ++t) as_rows[t] = {opened[t]};
        const MerkleReject mr = merkle_verify_query(proof.codeword_commits[round - 1], index, as_rows,
                                                    proof.codeword_merkle_proofs[round - 1][qi]);
        if (mr != MerkleReject::kAccepted)
          return reject(K::kMerkleVerify, round, "codeword query " + std::to_string(qi) + ": " + to_string(mr));
        vals = opened;
      }
      ys.push_back(binary_k_fold(std::move(vals), alphas_round, zi_root));
      zs[round].push_back(zi_root.exp_power_of_2(k));
    }
    // gamma is sampled in the last round too (nothing follows it).
    const EF gamma = transcript.sample_ext();
    if (y0) claim += *y0 * gamma;
    EF gp = gamma * gamma;
    for (const EF& y : ys) {
      claim += y * gp;
      gp *= gamma;
    }
    gammas.push_back(gamma);
    alphas.insert(alphas.end(), alphas_round.begin(), alphas_round.end());
    log_rs -= 1;
  }

  const size_t t = static_cast<size_t>(k) * R;
  if (proof.final_poly.size() != size_t{1} << (static_cast<size_t>(m) - t))
    return reject(K::kFinalPolyDegree, R - 1, "final polynomial length");

  // The final weight, applied to the final polynomial g (coefficients c):
  //  * the initial weight mobius_eq(u, .) after folding t variables at alpha
  //    factors as mobius_eq(u[..t], alpha) * mobius_eq(u[t..], b); summed
  //    against g-hat's values that is the multilinear extension of the table
  //    c at u[t..];
  //  * each eq(., pow(z)) term added in round i, folded at the alphas of the
  //    later rounds, gives eq(alpha[k(i+1)..t], z^(2^0..)) times g evaluated
  //    as a univariate polynomial at z^(2^(t - k(i+1))).
  const std::span<const EF> alpha_span(alphas);
  EF acc = eval_mobius_eq_mle<EF>(u_cube.first(t), alpha_span) *
           eval_mle<EF>(proof.final_poly, u_cube.subspan(t));
  size_t j = static_cast<size_t>(k);
  for (size_t i = 0; i < R; ++i) {
    const std::span<const EF> alpha_slc = alpha_span.subspan(j, t - j);
    const size_t slc_len = t - j + 1;
    const EF gamma = gammas[i];
    if (i + 1 != R) {
      std::vector<EF> pows(slc_len);
      EF z = z0s[i];
      for (auto& p : pows) {
        p = z;
        z = z.square();
      }
      acc += gamma * eval_eq_mle<EF>(alpha_slc, std::span<const EF>(pows).first(slc_len - 1)) *
             horner(proof.final_poly, pows.back());
    }
    EF gp = gamma * gamma;
    for (const F& zi : zs[i]) {
      std::vector<EF> pows(slc_len);
      F z = zi;
      for (auto& p : pows) {
        p = EF(z);
        z = z.square();
      }
      acc += gp * eval_eq_mle<EF>(alpha_slc, std::span<const EF>(pows).first(slc_len - 1)) *
             horner(proof.final_poly, pows.back());
      gp *= gamma;
    }
    j += static_cast<size_t>(k);
  }
  if (acc != claim) return reject(K::kFinalPolyConstraint, R - 1, "final constraint does not hold");
  return std::nullopt;
}

}  // namespace swirl
