#include "swirl/protocol/proof_codec.h"

#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace swirl {

namespace {

using EF = BabyBear4;

[[noreturn]] void unrepresentable(const std::string& what) {
  throw std::invalid_argument("encode_proof: " + what + " (the format cannot express this shape)");
}

[[noreturn]] void bad_shape(const std::string& what) { throw DecodeError(DecodeErrorKind::kInvalidShape, what); }

// Lengths the format leaves implicit can make a decoder build containers
// without consuming input (rows of width 0, Merkle proofs of depth 0, rounds
// of zero evaluations). Each component decoder may create at most this many
// containers beyond one per input byte; honest proofs use far fewer (every
// container of an honest proof holds at least one 4-byte element).
class ContainerBudget {
 public:
  explicit ContainerBudget(const ByteReader& r) : left_(r.size() + 4096) {}
  void charge() {
    if (left_ == 0)
      throw DecodeError(DecodeErrorKind::kTooLarge, "codec: implied lengths exceed what the input can hold");
    --left_;
  }

 private:
  size_t left_;
};

// 2^k as a count of rows, saturated far beyond any input (the budget or the
// end of input stops a decoder long before it gets there).
uint64_t rows_per_query(size_t k) { return k >= 40 ? (uint64_t{1} << 40) : (uint64_t{1} << k); }

EF read_ext(ByteReader& r) { return r.ext(); }
BabyBear read_field(ByteReader& r) { return r.field(); }
Digest read_digest(ByteReader& r) { return r.digest(); }
std::array<EF, 2> read_ext2(ByteReader& r) {
  EF a = r.ext();
  EF b = r.ext();
  return {a, b};
}

void write_ext_vec(ByteWriter& w, const std::vector<EF>& v) {
  w.usize(v.size());
  w.exts(v.data(), v.size());
}

}  // namespace

// ---- TraceVData -------------------------------------------------------------

void write_trace_vdata(ByteWriter& w, const TraceVData& v) {
  w.usize(v.log_height);
  w.usize(v.cached_commitments.size());
  w.digests(v.cached_commitments.data(), v.cached_commitments.size());
}

TraceVData read_trace_vdata(ByteReader& r) {
  TraceVData v;
  v.log_height = r.usize();
  v.cached_commitments = r.vec<Digest>(read_digest);
  return v;
}

// ---- GkrProof ---------------------------------------------------------------

void write_gkr_proof(ByteWriter& w, const GkrProof& p) {
  const size_t layers = p.claims_per_layer.size();
  const size_t expected_polys = layers == 0 ? 0 : layers - 1;
  if (p.sumcheck_polys.size() != expected_polys)
    unrepresentable(fmt::format("GKR proof with {} layers has {} sumcheck entries, expected {}", layers,
                                p.sumcheck_polys.size(), expected_polys));
  for (size_t j = 0; j < p.sumcheck_polys.size(); ++j)
    if (p.sumcheck_polys[j].size() != j + 1)
      unrepresentable(fmt::format("GKR layer {} has {} sumcheck rounds, expected {}", j + 2,
                                  p.sumcheck_polys[j].size(), j + 1));
  w.field(p.logup_pow_witness);
  w.ext(p.q0_claim);
  w.usize(layers);
  for (const GkrLayerClaims& c : p.claims_per_layer) {
    w.ext(c.p_xi_0);
    w.ext(c.p_xi_1);
    w.ext(c.q_xi_0);
    w.ext(c.q_xi_1);
  }
  for (const auto& layer : p.sumcheck_polys)
    for (const auto& evals : layer) w.exts(evals.data(), evals.size());
}

GkrProof read_gkr_proof(ByteReader& r) {
  ContainerBudget budget(r);
  GkrProof p;
  p.logup_pow_witness = r.field();
  p.q0_claim = r.ext();
  p.claims_per_layer = r.vec<GkrLayerClaims>([](ByteReader& in) {
    GkrLayerClaims c;
    c.p_xi_0 = in.ext();
    c.p_xi_1 = in.ext();
    c.q_xi_0 = in.ext();
    c.q_xi_1 = in.ext();
    return c;
  });
  const size_t layers = p.claims_per_layer.size();
  const size_t num_polys = layers == 0 ? 0 : layers - 1;
  p.sumcheck_polys.reserve(r.prealloc(num_polys));
  for (size_t j = 0; j < num_polys; ++j) {
    budget.charge();
    p.sumcheck_polys.push_back(r.vec_n<std::array<EF, 3>>(j + 1, [](ByteReader& in) {
      EF a = in.ext();
      EF b = in.ext();
      EF c = in.ext();
      return std::array<EF, 3>{a, b, c};
    }));
  }
  return p;
}

// ---- BatchConstraintProof ---------------------------------------------------

void write_batch_constraint_proof(ByteWriter& w, const BatchConstraintProof& p) {
  const size_t airs = p.numerator_term_per_air.size();
  if (p.denominator_term_per_air.size() != airs)
    unrepresentable(fmt::format("{} denominator terms for {} numerator terms", p.denominator_term_per_air.size(), airs));
  if (p.column_openings.size() != airs)
    unrepresentable(fmt::format("column openings for {} AIRs, but {} numerator terms", p.column_openings.size(), airs));
  const size_t n_max = p.sumcheck_round_polys.size();
  for (size_t i = 1; i < n_max; ++i)
    if (p.sumcheck_round_polys[i].size() != p.sumcheck_round_polys[0].size())
      unrepresentable(fmt::format("batch sumcheck round {} has {} evaluations, round 1 has {}", i + 1,
                                  p.sumcheck_round_polys[i].size(), p.sumcheck_round_polys[0].size()));
  write_ext_vec(w, p.numerator_term_per_air);
  w.exts(p.denominator_term_per_air.data(), airs);
  write_ext_vec(w, p.univariate_round_coeffs);
  w.usize(n_max);
  if (n_max > 0) {
    w.usize(p.sumcheck_round_polys[0].size());
    for (const auto& round : p.sumcheck_round_polys) w.exts(round.data(), round.size());
  }
  for (const auto& parts : p.column_openings) {
    w.usize(parts.size());
    for (const auto& part : parts) write_ext_vec(w, part);
  }
}

BatchConstraintProof read_batch_constraint_proof(ByteReader& r) {
  ContainerBudget budget(r);
  BatchConstraintProof p;
  p.numerator_term_per_air = r.vec<EF>(read_ext);
  const size_t airs = p.numerator_term_per_air.size();
  p.denominator_term_per_air = r.vec_n<EF>(airs, read_ext);
  p.univariate_round_coeffs = r.vec<EF>(read_ext);
  const size_t n_max = r.usize();
  if (n_max > 0) {
    const size_t evals_per_round = r.usize();
    p.sumcheck_round_polys.reserve(r.prealloc(n_max));
    for (size_t i = 0; i < n_max; ++i) {
      budget.charge();
      p.sumcheck_round_polys.push_back(r.vec_n<EF>(evals_per_round, read_ext));
    }
  }
  p.column_openings.reserve(r.prealloc(airs));
  for (size_t a = 0; a < airs; ++a) {
    budget.charge();
    const size_t parts = r.usize();
    std::vector<std::vector<EF>> per_part;
    per_part.reserve(r.prealloc(parts));
    for (size_t i = 0; i < parts; ++i) {
      budget.charge();
      per_part.push_back(r.vec<EF>(read_ext));
    }
    p.column_openings.push_back(std::move(per_part));
  }
  return p;
}

// ---- StackingProof ----------------------------------------------------------

void write_stacking_proof(ByteWriter& w, const StackingProof& p) {
  write_ext_vec(w, p.univariate_round_coeffs);
  w.usize(p.sumcheck_round_polys.size());
  for (const auto& evals : p.sumcheck_round_polys) w.exts(evals.data(), evals.size());
  w.usize(p.stacking_openings.size());
  for (const auto& openings : p.stacking_openings) write_ext_vec(w, openings);
}

StackingProof read_stacking_proof(ByteReader& r) {
  ContainerBudget budget(r);
  StackingProof p;
  p.univariate_round_coeffs = r.vec<EF>(read_ext);
  p.sumcheck_round_polys = r.vec<std::array<EF, 2>>(read_ext2);
  const size_t commits = r.usize();
  p.stacking_openings.reserve(r.prealloc(commits));
  for (size_t c = 0; c < commits; ++c) {
    budget.charge();
    p.stacking_openings.push_back(r.vec<EF>(read_ext));
  }
  return p;
}

// ---- WhirProof --------------------------------------------------------------

void write_whir_proof(ByteWriter& w, const WhirProof& p) {
  const size_t rounds = p.codeword_commits.size() + 1;
  const size_t sumcheck_rounds = p.whir_sumcheck_polys.size();
  if (sumcheck_rounds % rounds != 0)
    unrepresentable(fmt::format("{} WHIR sumcheck rounds is not a multiple of {} WHIR rounds", sumcheck_rounds, rounds));
  const size_t k = sumcheck_rounds / rounds;
  // Rows per query and values per query must be 2^k; a size that is not is
  // rejected below (k >= 63 cannot match any vector size).
  auto is_two_to_k = [k](size_t n) { return k < 63 && n == (size_t{1} << k); };
  if (p.ood_values.size() != rounds - 1)
    unrepresentable(fmt::format("{} OOD values for {} WHIR rounds", p.ood_values.size(), rounds));
  if (p.folding_pow_witnesses.size() != sumcheck_rounds)
    unrepresentable(fmt::format("{} folding PoW witnesses for {} sumcheck rounds", p.folding_pow_witnesses.size(),
                                sumcheck_rounds));
  if (p.query_phase_pow_witnesses.size() != rounds)
    unrepresentable(
        fmt::format("{} query PoW witnesses for {} WHIR rounds", p.query_phase_pow_witnesses.size(), rounds));
  const size_t commits = p.initial_round_opened_rows.size();
  if (commits == 0) unrepresentable("WHIR proof without initial-round commitments");
  if (p.initial_round_merkle_proofs.size() != commits)
    unrepresentable(fmt::format("initial Merkle proofs for {} commitments, opened rows for {}",
                                p.initial_round_merkle_proofs.size(), commits));
  const size_t queries = p.initial_round_opened_rows[0].size();
  size_t depth0 = 0;
  std::vector<size_t> widths(commits, 0);
  for (size_t c = 0; c < commits; ++c) {
    const auto& per_query = p.initial_round_opened_rows[c];
    const auto& proofs = p.initial_round_merkle_proofs[c];
    if (per_query.size() != queries || proofs.size() != queries)
      unrepresentable(fmt::format("commitment {} has {} opened queries and {} Merkle proofs, commitment 0 has {}", c,
                                  per_query.size(), proofs.size(), queries));
    if (queries == 0) continue;
    if (!is_two_to_k(per_query[0].size()))
      unrepresentable(fmt::format("commitment {} query 0 opens {} rows, expected 2^{}", c, per_query[0].size(), k));
    widths[c] = per_query[0][0].size();
    if (c == 0) depth0 = proofs[0].size();
    for (size_t q = 0; q < queries; ++q) {
      if (!is_two_to_k(per_query[q].size()))
        unrepresentable(fmt::format("commitment {} query {} opens {} rows, expected 2^{}", c, q, per_query[q].size(), k));
      for (const auto& row : per_query[q])
        if (row.size() != widths[c])
          unrepresentable(fmt::format("commitment {} has rows of width {} and {}", c, widths[c], row.size()));
      if (proofs[q].size() != depth0)
        unrepresentable(fmt::format("initial Merkle proofs of depth {} and {}", depth0, proofs[q].size()));
    }
  }
  if (p.codeword_opened_values.size() != rounds - 1 || p.codeword_merkle_proofs.size() != rounds - 1)
    unrepresentable(fmt::format("{} / {} later-round openings / Merkle proof sets for {} WHIR rounds",
                                p.codeword_opened_values.size(), p.codeword_merkle_proofs.size(), rounds));
  size_t depth1 = 0;
  if (rounds > 1 && queries > 0) {
    if (p.codeword_merkle_proofs[0].empty()) unrepresentable("WHIR round 1 has no queries while round 0 has some");
    depth1 = p.codeword_merkle_proofs[0][0].size();
  }
  for (size_t r = 0; r + 1 < rounds; ++r) {
    const auto& values = p.codeword_opened_values[r];
    const auto& proofs = p.codeword_merkle_proofs[r];
    if (proofs.size() != values.size())
      unrepresentable(fmt::format("WHIR round {} has {} opened queries and {} Merkle proofs", r + 1, values.size(),
                                  proofs.size()));
    for (const auto& v : values)
      if (!is_two_to_k(v.size()))
        unrepresentable(fmt::format("WHIR round {} opens {} values per query, expected 2^{}", r + 1, v.size(), k));
    for (const auto& proof : proofs)
      if (depth1 < r || proof.size() != depth1 - r)
        unrepresentable(fmt::format("WHIR round {} Merkle proof of depth {}, the format implies {} - {}", r + 1,
                                    proof.size(), depth1, r));
  }

  w.field(p.mu_pow_witness);
  w.usize(sumcheck_rounds);
  for (const auto& evals : p.whir_sumcheck_polys) w.exts(evals.data(), evals.size());
  w.usize(p.codeword_commits.size());
  w.digests(p.codeword_commits.data(), p.codeword_commits.size());
  w.exts(p.ood_values.data(), p.ood_values.size());
  w.fields(p.folding_pow_witnesses.data(), p.folding_pow_witnesses.size());
  w.fields(p.query_phase_pow_witnesses.data(), p.query_phase_pow_witnesses.size());
  w.usize(commits);
  w.usize(queries);
  if (queries > 0) {
    w.usize(depth0);
    for (size_t width : widths) w.usize(width);
    for (const auto& per_query : p.initial_round_opened_rows)
      for (const auto& rows : per_query)
        for (const auto& row : rows) w.fields(row.data(), row.size());
    for (const auto& proofs : p.initial_round_merkle_proofs)
      for (const auto& proof : proofs) w.digests(proof.data(), proof.size());
  }
  for (const auto& values : p.codeword_opened_values) {
    w.usize(values.size());
    for (const auto& v : values) w.exts(v.data(), v.size());
  }
  w.usize(depth1);
  for (const auto& proofs : p.codeword_merkle_proofs)
    for (const auto& proof : proofs) w.digests(proof.data(), proof.size());
  write_ext_vec(w, p.final_poly);
}

WhirProof read_whir_proof(ByteReader& r) {
  ContainerBudget budget(r);
  WhirProof p;
  p.mu_pow_witness = r.field();
  p.whir_sumcheck_polys = r.vec<std::array<EF, 2>>(read_ext2);
  const size_t sumcheck_rounds = p.whir_sumcheck_polys.size();
  p.codeword_commits = r.vec<Digest>(read_digest);
  const size_t rounds = p.codeword_commits.size() + 1;
  if (sumcheck_rounds % rounds != 0)
    bad_shape(fmt::format("codec: {} WHIR sumcheck rounds is not a multiple of {} rounds", sumcheck_rounds, rounds));
  const uint64_t rows = rows_per_query(sumcheck_rounds / rounds);
  p.ood_values = r.vec_n<EF>(rounds - 1, read_ext);
  p.folding_pow_witnesses = r.vec_n<BabyBear>(sumcheck_rounds, read_field);
  p.query_phase_pow_witnesses = r.vec_n<BabyBear>(rounds, read_field);

  const size_t commits = r.usize();
  if (commits == 0) bad_shape("codec: WHIR proof with zero commitments");
  const size_t queries = r.usize();
  size_t depth0 = 0;
  std::vector<size_t> widths;
  if (queries > 0) {
    depth0 = r.usize();
    widths = r.vec_n<size_t>(commits, [](ByteReader& in) { return in.usize(); });
  }
  p.initial_round_opened_rows.reserve(r.prealloc(commits));
  for (size_t c = 0; c < commits; ++c) {
    budget.charge();
    const size_t width = queries > 0 ? widths[c] : 0;
    std::vector<std::vector<std::vector<BabyBear>>> per_query;
    per_query.reserve(r.prealloc(queries));
    for (size_t q = 0; q < queries; ++q) {
      budget.charge();
      std::vector<std::vector<BabyBear>> opened;
      opened.reserve(r.prealloc(static_cast<size_t>(rows)));
      for (uint64_t j = 0; j < rows; ++j) {
        budget.charge();
        opened.push_back(r.vec_n<BabyBear>(width, read_field));
      }
      per_query.push_back(std::move(opened));
    }
    p.initial_round_opened_rows.push_back(std::move(per_query));
  }
  p.initial_round_merkle_proofs.reserve(r.prealloc(commits));
  for (size_t c = 0; c < commits; ++c) {
    budget.charge();
    std::vector<MerkleProof> proofs;
    proofs.reserve(r.prealloc(queries));
    for (size_t q = 0; q < queries; ++q) {
      budget.charge();
      proofs.push_back(r.vec_n<Digest>(depth0, read_digest));
    }
    p.initial_round_merkle_proofs.push_back(std::move(proofs));
  }

  p.codeword_opened_values.reserve(r.prealloc(rounds - 1));
  for (size_t round = 1; round < rounds; ++round) {
    budget.charge();
    const size_t round_queries = r.usize();
    std::vector<std::vector<EF>> values;
    values.reserve(r.prealloc(round_queries));
    for (size_t q = 0; q < round_queries; ++q) {
      budget.charge();
      values.push_back(r.vec_n<EF>(static_cast<size_t>(rows), read_ext));
    }
    p.codeword_opened_values.push_back(std::move(values));
  }
  // The depth of round-1 proofs; each later round's proofs are one shorter.
  const size_t depth1 = r.usize();
  p.codeword_merkle_proofs.reserve(r.prealloc(rounds - 1));
  for (size_t i = 0; i + 1 < rounds; ++i) {
    budget.charge();
    const size_t round_queries = p.codeword_opened_values[i].size();
    if (round_queries > 0 && depth1 < i)
      bad_shape(fmt::format("codec: WHIR round {} Merkle depth {} - {} is negative", i + 1, depth1, i));
    std::vector<MerkleProof> proofs;
    proofs.reserve(r.prealloc(round_queries));
    for (size_t q = 0; q < round_queries; ++q) {
      budget.charge();
      proofs.push_back(r.vec_n<Digest>(depth1 - i, read_digest));
    }
    p.codeword_merkle_proofs.push_back(std::move(proofs));
  }
  p.final_poly = r.vec<EF>(read_ext);
  return p;
}

// ---- Proof ------------------------------------------------------------------

void write_proof(ByteWriter& w, const Proof& p) {
  w.u32(kCodecVersion);
  w.digest(p.common_main_commit);
  const size_t airs = p.trace_vdata.size();
  w.usize(airs);
  // Presence bitmap: bit i of byte b says whether AIR 8b + i has a trace.
  for (size_t b = 0; b < airs; b += 8) {
    uint8_t byte = 0;
    for (size_t i = 0; i < 8 && b + i < airs; ++i)
      if (p.trace_vdata[b + i].has_value()) byte |= static_cast<uint8_t>(1u << i);
    w.u8(byte);
  }
  for (const auto& v : p.trace_vdata)
    if (v) write_trace_vdata(w, *v);
  w.usize(p.public_values.size());
  for (const auto& pvs : p.public_values) {
    w.usize(pvs.size());
    w.fields(pvs.data(), pvs.size());
  }
  write_gkr_proof(w, p.gkr_proof);
  write_batch_constraint_proof(w, p.batch_constraint_proof);
  write_stacking_proof(w, p.stacking_proof);
  write_whir_proof(w, p.whir_proof);
}

Proof read_proof(ByteReader& r) {
  Proof p;
  const uint32_t version = r.u32();
  if (version != kCodecVersion)
    throw DecodeError(DecodeErrorKind::kVersionMismatch,
                      fmt::format("codec: proof version {}, this build reads {}", version, kCodecVersion));
  p.common_main_commit = r.digest();
  const size_t airs = r.usize();
  std::vector<uint8_t> bitmap = r.vec_n<uint8_t>((airs + 7) / 8, [](ByteReader& in) { return in.u8(); });
  p.trace_vdata.reserve(r.prealloc(airs));
  for (size_t b = 0; b < bitmap.size(); ++b) {
    const size_t in_byte = std::min<size_t>(8, airs - 8 * b);
    if (in_byte < 8 && (bitmap[b] >> in_byte) != 0)
      throw DecodeError(DecodeErrorKind::kNonCanonical, "codec: trace_vdata bitmap padding bits set");
    for (size_t i = 0; i < in_byte; ++i) {
      if (bitmap[b] & (1u << i))
        p.trace_vdata.emplace_back(read_trace_vdata(r));
      else
        p.trace_vdata.emplace_back(std::nullopt);
    }
  }
  p.public_values = r.vec<std::vector<BabyBear>>([](ByteReader& in) { return in.vec<BabyBear>(read_field); });
  p.gkr_proof = read_gkr_proof(r);
  p.batch_constraint_proof = read_batch_constraint_proof(r);
  p.stacking_proof = read_stacking_proof(r);
  p.whir_proof = read_whir_proof(r);
  return p;
}

std::vector<uint8_t> encode_proof(const Proof& proof) {
  ByteWriter w;
  write_proof(w, proof);
  return w.take();
}

Expected<Proof, DecodeFailure> decode_proof(std::span<const uint8_t> bytes) {
  ByteReader r(bytes);
  try {
    Proof p = read_proof(r);
    r.expect_end();
    // Canonical form: accept only what encode_proof writes for this value.
    std::vector<uint8_t> again;
    try {
      again = encode_proof(p);
    } catch (const std::invalid_argument& e) {
      return Unexpected(DecodeFailure{DecodeErrorKind::kNonCanonical, r.position(), e.what()});
    }
    if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) {
      auto diff = std::mismatch(again.begin(), again.end(), bytes.begin(), bytes.end());
      const size_t at = static_cast<size_t>(diff.second - bytes.begin());
      return Unexpected(DecodeFailure{DecodeErrorKind::kNonCanonical, at,
                                      fmt::format("codec: byte {} differs from the canonical encoding", at)});
    }
    return p;
  } catch (const DecodeError& e) {
    return Unexpected(DecodeFailure{e.kind(), r.position(), e.what()});
  } catch (const std::bad_alloc&) {
    return Unexpected(DecodeFailure{DecodeErrorKind::kTooLarge, r.position(), "codec: out of memory while decoding"});
  } catch (const std::exception& e) {
    // Defensive: no other exception is expected from bad input.
    return Unexpected(DecodeFailure{DecodeErrorKind::kInvalidShape, r.position(), e.what()});
  }
}

}  // namespace swirl
