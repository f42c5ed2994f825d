// The proof-shape check, in the reference's order (verifier/proof_shape.rs,
// v2.0.1; docs/protocol.md "Verifier order and checks", item 3).
#include "swirl/verifier/proof_shape.h"

#include <algorithm>
#include <exception>

#include "swirl/protocol/logup.h"

namespace swirl {
namespace {

using Result = Expected<std::vector<StackedLayout>, ProofShapeRejection>;

Unexpected<ProofShapeRejection> fail(ProofShapeSection s, std::string what, size_t expected, size_t actual) {
  return Unexpected(ProofShapeRejection{s, what + ": expected " + std::to_string(expected) + ", got " +
                                               std::to_string(actual)});
}

}  // namespace

const char* proof_shape_section_name(ProofShapeSection s) {
  switch (s) {
    case ProofShapeSection::kVData: return "trace vdata";
    case ProofShapeSection::kGkr: return "GKR proof";
    case ProofShapeSection::kBatchConstraint: return "batch constraint proof";
    case ProofShapeSection::kStacking: return "stacking proof";
    case ProofShapeSection::kWhir: return "WHIR proof";
  }
  return "?";
}

std::vector<size_t> sorted_present_airs(const Proof& proof) {
  std::vector<size_t> ids;
  for (size_t i = 0; i < proof.trace_vdata.size(); ++i)
    if (proof.trace_vdata[i]) ids.push_back(i);
  std::stable_sort(ids.begin(), ids.end(), [&](size_t a, size_t b) {
    return proof.trace_vdata[a]->log_height > proof.trace_vdata[b]->log_height;
  });
  return ids;
}

Result verify_proof_shape(const MultiStarkVerifyingKey0& vk, const Proof& proof) {
  using S = ProofShapeSection;
  const SystemParams& p = vk.params;
  const size_t num_airs = vk.per_air.size();
  const size_t l = static_cast<size_t>(p.l_skip);
  const size_t n_stack = static_cast<size_t>(p.n_stack);

  if (proof.trace_vdata.size() != num_airs) return fail(S::kVData, "trace_vdata length", num_airs, proof.trace_vdata.size());
  if (proof.public_values.size() != num_airs)
    return fail(S::kVData, "public_values length", num_airs, proof.public_values.size());
  for (size_t i = 0; i < num_airs; ++i) {
    const StarkVerifyingKey& avk = vk.per_air[i];
    const auto& vd = proof.trace_vdata[i];
    const std::string air = "AIR " + std::to_string(i);
    if (!vd) {
      if (avk.is_required) return Unexpected(ProofShapeRejection{S::kVData, air + " is required but absent"});
      if (!proof.public_values[i].empty())
        return Unexpected(ProofShapeRejection{S::kVData, air + " is absent but has public values"});
      continue;
    }
    if (vd->cached_commitments.size() != avk.num_cached_mains())
      return fail(S::kVData, air + " cached commitments", avk.num_cached_mains(), vd->cached_commitments.size());
    if (vd->log_height > l + n_stack)
      return Unexpected(ProofShapeRejection{S::kVData, air + " log_height " + std::to_string(vd->log_height) +
                                                           " exceeds l_skip + n_stack = " + std::to_string(l + n_stack)});
    if (proof.public_values[i].size() != avk.params.num_public_values)
      return fail(S::kVData, air + " public values", avk.params.num_public_values, proof.public_values[i].size());
  }

  const std::vector<size_t> sorted = sorted_present_airs(proof);
  if (sorted.empty()) return Unexpected(ProofShapeRejection{S::kVData, "no AIR is present"});
  const size_t num_present = sorted.size();

  // GKR: L = 0 without interactions, else l_skip + n_logup layers.
  uint64_t total = 0;
  for (size_t i : sorted) {
    const size_t h = std::max(proof.trace_vdata[i]->log_height, l);  // <= l + n_stack <= 27: no overflow
    total += static_cast<uint64_t>(vk.per_air[i].num_interactions()) << h;
  }
  const size_t num_layers = total == 0 ? 0 : l + calculate_n_logup(l, total);
  const GkrProof& gkr = proof.gkr_proof;
  if (gkr.claims_per_layer.size() != num_layers)
    return fail(S::kGkr, "claims_per_layer", num_layers, gkr.claims_per_layer.size());
  const size_t num_polys = num_layers == 0 ? 0 : num_layers - 1;
  if (gkr.sumcheck_polys.size() != num_polys) return fail(S::kGkr, "sumcheck_polys", num_polys, gkr.sumcheck_polys.size());
  for (size_t j = 0; j < gkr.sumcheck_polys.size(); ++j)
    if (gkr.sumcheck_polys[j].size() != j + 1)
      return fail(S::kGkr, "rounds of layer " + std::to_string(j + 2), j + 1, gkr.sumcheck_polys[j].size());

  // Batch constraints.
  const BatchConstraintProof& bp = proof.batch_constraint_proof;
  const size_t log_h0 = proof.trace_vdata[sorted[0]]->log_height;
  const size_t n_max = log_h0 > l ? log_h0 - l : 0;
  const size_t d = static_cast<size_t>(p.max_constraint_degree);
  const size_t s0_len = (d + 1) * ((size_t{1} << l) - 1) + 1;
  if (bp.numerator_term_per_air.size() != num_present)
    return fail(S::kBatchConstraint, "numerator terms", num_present, bp.numerator_term_per_air.size());
  if (bp.denominator_term_per_air.size() != num_present)
    return fail(S::kBatchConstraint, "denominator terms", num_present, bp.denominator_term_per_air.size());
  if (bp.univariate_round_coeffs.size() != s0_len)
    return fail(S::kBatchConstraint, "univariate round coefficients", s0_len, bp.univariate_round_coeffs.size());
  if (bp.sumcheck_round_polys.size() != n_max)
    return fail(S::kBatchConstraint, "sumcheck rounds", n_max, bp.sumcheck_round_polys.size());
  if (bp.column_openings.size() != num_present)
    return fail(S::kBatchConstraint, "column opening AIRs", num_present, bp.column_openings.size());
  for (size_t j = 0; j < bp.sumcheck_round_polys.size(); ++j)
    if (bp.sumcheck_round_polys[j].size() != d + 1)
      return fail(S::kBatchConstraint, "evaluations of sumcheck round " + std::to_string(j + 1), d + 1,
                  bp.sumcheck_round_polys[j].size());
  for (size_t t = 0; t < num_present; ++t) {
    const size_t i = sorted[t];
    const StarkVerifyingKey& avk = vk.per_air[i];
    const TraceWidth& w = avk.params.width;
    const size_t per_col = avk.params.need_rot ? 2 : 1;
    const auto& parts = bp.column_openings[t];
    const std::string air = "AIR " + std::to_string(i);
    if (parts.size() != avk.num_parts()) return fail(S::kBatchConstraint, air + " opened parts", avk.num_parts(), parts.size());
    if (parts[0].size() != w.common_main * per_col)
      return fail(S::kBatchConstraint, air + " common main openings", w.common_main * per_col, parts[0].size());
    size_t next = 1;
    if (avk.preprocessed_data) {
      const size_t pw = w.preprocessed.value_or(0);
      if (parts[1].size() != pw * per_col)
        return fail(S::kBatchConstraint, air + " preprocessed openings", pw * per_col, parts[1].size());
      next = 2;
    }
    for (size_t c = 0; c < w.cached_mains.size() && next + c < parts.size(); ++c)
      if (parts[next + c].size() != w.cached_mains[c] * per_col)
        return fail(S::kBatchConstraint, air + " cached main " + std::to_string(c) + " openings",
                    w.cached_mains[c] * per_col, parts[next + c].size());
  }

  // Stacking.
  const StackingProof& sp = proof.stacking_proof;
  const size_t st0_len = 2 * ((size_t{1} << l) - 1) + 1;
  if (sp.univariate_round_coeffs.size() != st0_len)
    return fail(S::kStacking, "univariate round coefficients", st0_len, sp.univariate_round_coeffs.size());
  if (sp.sumcheck_round_polys.size() != n_stack) return fail(S::kStacking, "sumcheck rounds", n_stack, sp.sumcheck_round_polys.size());
  std::vector<StackedLayout> layouts;
  try {
    std::vector<MatrixDims> common;
    for (size_t i : sorted)
      common.push_back({vk.per_air[i].params.width.common_main, static_cast<int>(proof.trace_vdata[i]->log_height)});
    layouts.push_back(StackedLayout::build(p.l_skip, p.log_stacked_height(), common));
    for (size_t i : sorted) {
      const TraceWidth& w = vk.per_air[i].params.width;
      const int lh = static_cast<int>(proof.trace_vdata[i]->log_height);
      std::vector<size_t> widths;
      if (vk.per_air[i].preprocessed_data) widths.push_back(w.preprocessed.value_or(0));
      widths.insert(widths.end(), w.cached_mains.begin(), w.cached_mains.end());
      for (size_t wd : widths) {
        const MatrixDims one[] = {{wd, lh}};
        layouts.push_back(StackedLayout::build(p.l_skip, p.log_stacked_height(), one));
      }
    }
  } catch (const std::exception& e) {
    return Unexpected(ProofShapeRejection{S::kStacking, std::string("layout: ") + e.what()});
  }
  size_t total_width = 0;
  for (const auto& lay : layouts) total_width += lay.width();
  if (total_width > static_cast<size_t>(p.w_stack))
    return Unexpected(ProofShapeRejection{S::kStacking, "total stacked width " + std::to_string(total_width) +
                                                            " exceeds w_stack " + std::to_string(p.w_stack)});
  if (sp.stacking_openings.size() != layouts.size())
    return fail(S::kStacking, "per-commit stacking openings", layouts.size(), sp.stacking_openings.size());
  for (size_t c = 0; c < layouts.size(); ++c)
    if (sp.stacking_openings[c].size() != layouts[c].width())
      return fail(S::kStacking, "stacking openings of commit " + std::to_string(c), layouts[c].width(),
                  sp.stacking_openings[c].size());

  // WHIR.
  const WhirProof& wp = proof.whir_proof;
  const size_t rounds = static_cast<size_t>(p.num_whir_rounds());
  if (rounds == 0) return Unexpected(ProofShapeRejection{S::kWhir, "the key's parameters have no WHIR round"});
  const size_t sc_rounds = static_cast<size_t>(p.num_whir_sumcheck_rounds());
  const size_t k = static_cast<size_t>(p.k_whir());
  const int lfp = p.log_final_poly_len();
  if (lfp < 0 || lfp > 30) return Unexpected(ProofShapeRejection{S::kWhir, "the key's final polynomial length is invalid"});
  if (wp.whir_sumcheck_polys.size() != sc_rounds) return fail(S::kWhir, "sumcheck polynomials", sc_rounds, wp.whir_sumcheck_polys.size());
  if (wp.codeword_commits.size() != rounds - 1) return fail(S::kWhir, "codeword commits", rounds - 1, wp.codeword_commits.size());
  if (wp.ood_values.size() != rounds - 1) return fail(S::kWhir, "OOD values", rounds - 1, wp.ood_values.size());
  if (wp.folding_pow_witnesses.size() != sc_rounds)
    return fail(S::kWhir, "folding PoW witnesses", sc_rounds, wp.folding_pow_witnesses.size());
  if (wp.query_phase_pow_witnesses.size() != rounds)
    return fail(S::kWhir, "query PoW witnesses", rounds, wp.query_phase_pow_witnesses.size());
  if (wp.initial_round_opened_rows.size() != layouts.size())
    return fail(S::kWhir, "initial round opened rows", layouts.size(), wp.initial_round_opened_rows.size());
  if (wp.initial_round_merkle_proofs.size() != layouts.size())
    return fail(S::kWhir, "initial round Merkle proofs", layouts.size(), wp.initial_round_merkle_proofs.size());
  if (wp.codeword_opened_values.size() != rounds - 1)
    return fail(S::kWhir, "codeword opened rounds", rounds - 1, wp.codeword_opened_values.size());
  if (wp.codeword_merkle_proofs.size() != rounds - 1)
    return fail(S::kWhir, "codeword Merkle rounds", rounds - 1, wp.codeword_merkle_proofs.size());
  if (wp.final_poly.size() != (size_t{1} << lfp))
    return fail(S::kWhir, "final polynomial length", size_t{1} << lfp, wp.final_poly.size());
  const size_t q0 = static_cast<size_t>(p.whir.rounds[0].num_queries);
  const size_t lsh = static_cast<size_t>(p.log_stacked_height()) + static_cast<size_t>(p.log_blowup);
  const size_t depth0 = lsh > k ? lsh - k : 0;
  for (size_t c = 0; c < layouts.size(); ++c) {
    const auto& rows = wp.initial_round_opened_rows[c];
    const auto& paths = wp.initial_round_merkle_proofs[c];
    if (rows.size() != q0) return fail(S::kWhir, "initial queries of commit " + std::to_string(c), q0, rows.size());
    if (paths.size() != q0) return fail(S::kWhir, "initial Merkle proofs of commit " + std::to_string(c), q0, paths.size());
    const size_t width = sp.stacking_openings[c].size();
    for (size_t q = 0; q < rows.size(); ++q) {
      if (rows[q].size() != (size_t{1} << k))
        return fail(S::kWhir, "rows of initial query " + std::to_string(q), size_t{1} << k, rows[q].size());
      for (const auto& row : rows[q])
        if (row.size() != width) return fail(S::kWhir, "initial row width of commit " + std::to_string(c), width, row.size());
    }
    for (const auto& path : paths)
      if (path.size() != depth0) return fail(S::kWhir, "initial Merkle depth of commit " + std::to_string(c), depth0, path.size());
  }
  for (size_t r = 1; r < rounds; ++r) {
    const size_t q = static_cast<size_t>(p.whir.rounds[r].num_queries);
    const auto& vals = wp.codeword_opened_values[r - 1];
    const auto& paths = wp.codeword_merkle_proofs[r - 1];
    if (vals.size() != q) return fail(S::kWhir, "queries of round " + std::to_string(r), q, vals.size());
    if (paths.size() != q) return fail(S::kWhir, "Merkle proofs of round " + std::to_string(r), q, paths.size());
    for (const auto& v : vals)
      if (v.size() != (size_t{1} << k)) return fail(S::kWhir, "values per query of round " + std::to_string(r), size_t{1} << k, v.size());
    const size_t depth = lsh >= k + r ? lsh - k - r : 0;
    for (const auto& path : paths)
      if (path.size() != depth) return fail(S::kWhir, "Merkle depth of round " + std::to_string(r), depth, path.size());
  }
  return layouts;
}

}  // namespace swirl
