// Every single-field mutation of a valid proof is rejected with a typed
// reason (never accepted, never a crash, never an internal error): each base
// field element of the decoded proof (+1), each trace height and presence
// flag, each list's length (one more, one fewer), and each byte of the
// encoding (one bit flipped; a decode failure or a rejection).
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "swirl/air/examples/fixtures.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/verifier.h"

namespace swirl {
namespace {

struct Keyed {
  SystemParams params;
  MultiStarkVerifyingKey vk;
  Proof proof;
};

Keyed prove_keyed(const SystemParams& sp, const Fixture& fx) {
  MultiStarkKeygenBuilder kb(sp);
  for (const auto& a : fx.airs) kb.add_air(a);
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error(pk.error().message());
  cpu::CpuBackend backend;
  Keyed k{sp, pk->get_vk(), prove(backend, *pk, fx.traces)};
  return k;
}

using Slot = std::pair<std::string, BabyBear*>;

void add(std::vector<Slot>& out, const std::string& name, BabyBear& x) { out.emplace_back(name, &x); }
void add(std::vector<Slot>& out, const std::string& name, BabyBear4& x) {
  for (int i = 0; i < BabyBear4::kDegree; ++i) out.emplace_back(name + "." + std::to_string(i), &x[i]);
}
void add(std::vector<Slot>& out, const std::string& name, Digest& d) {
  for (size_t i = 0; i < d.size(); ++i) out.emplace_back(name + "." + std::to_string(i), &d[i]);
}
void add(std::vector<Slot>& out, const std::string& name, GkrLayerClaims& c) {
  add(out, name + ".p_xi_0", c.p_xi_0);
  add(out, name + ".p_xi_1", c.p_xi_1);
  add(out, name + ".q_xi_0", c.q_xi_0);
  add(out, name + ".q_xi_1", c.q_xi_1);
}
template <typename T, size_t N>
void add(std::vector<Slot>& out, const std::string& name, std::array<T, N>& a) {
  for (size_t i = 0; i < N; ++i) add(out, name + "[" + std::to_string(i) + "]", a[i]);
}
template <typename T>
void add(std::vector<Slot>& out, const std::string& name, std::vector<T>& v) {
  for (size_t i = 0; i < v.size(); ++i) add(out, name + "[" + std::to_string(i) + "]", v[i]);
}

// Every base field element of the proof, named by its path.
std::vector<Slot> field_slots(Proof& p) {
  std::vector<Slot> s;
  add(s, "common_main_commit", p.common_main_commit);
  for (size_t i = 0; i < p.trace_vdata.size(); ++i)
    if (p.trace_vdata[i]) add(s, "trace_vdata[" + std::to_string(i) + "].cached", p.trace_vdata[i]->cached_commitments);
  add(s, "public_values", p.public_values);
  add(s, "gkr.logup_pow_witness", p.gkr_proof.logup_pow_witness);
  add(s, "gkr.q0_claim", p.gkr_proof.q0_claim);
  add(s, "gkr.claims_per_layer", p.gkr_proof.claims_per_layer);
  add(s, "gkr.sumcheck_polys", p.gkr_proof.sumcheck_polys);
  auto& b = p.batch_constraint_proof;
  add(s, "batch.numerator", b.numerator_term_per_air);
  add(s, "batch.denominator", b.denominator_term_per_air);
  add(s, "batch.univariate", b.univariate_round_coeffs);
  add(s, "batch.rounds", b.sumcheck_round_polys);
  add(s, "batch.column_openings", b.column_openings);
  auto& st = p.stacking_proof;
  add(s, "stacking.univariate", st.univariate_round_coeffs);
  add(s, "stacking.rounds", st.sumcheck_round_polys);
  add(s, "stacking.openings", st.stacking_openings);
  auto& w = p.whir_proof;
  add(s, "whir.mu_pow_witness", w.mu_pow_witness);
  add(s, "whir.sumcheck_polys", w.whir_sumcheck_polys);
  add(s, "whir.codeword_commits", w.codeword_commits);
  add(s, "whir.ood_values", w.ood_values);
  add(s, "whir.folding_pow_witnesses", w.folding_pow_witnesses);
  add(s, "whir.query_phase_pow_witnesses", w.query_phase_pow_witnesses);
  add(s, "whir.initial_rows", w.initial_round_opened_rows);
  add(s, "whir.initial_merkle", w.initial_round_merkle_proofs);
  add(s, "whir.codeword_values", w.codeword_opened_values);
  add(s, "whir.codeword_merkle", w.codeword_merkle_proofs);
  add(s, "whir.final_poly", w.final_poly);
  return s;
}

void expect_rejected(const Keyed& k, const Proof& mutated, const std::string& what) {
  const auto rej = verify(k.params, k.vk, mutated);
  ASSERT_TRUE(rej.has_value()) << "accepted after mutating " << what;
  EXPECT_NE(rej->kind, VerifyRejectionKind::kInternalError) << what << ": " << rej->message;
}

// Mutations of one list: one element more (a copy of the last) and one fewer.
template <typename T>
void length_mutations(std::vector<std::pair<std::string, std::function<bool(Proof&)>>>& out, const std::string& name,
                      std::function<std::vector<T>&(Proof&)> get) {
  out.emplace_back(name + " +1", [get](Proof& p) {
    auto& v = get(p);
    v.push_back(v.empty() ? T{} : v.back());
    return true;
  });
  out.emplace_back(name + " -1", [get](Proof& p) {
    auto& v = get(p);
    if (v.empty()) return false;
    v.pop_back();
    return true;
  });
}

std::vector<std::pair<std::string, std::function<bool(Proof&)>>> structural_mutations() {
  std::vector<std::pair<std::string, std::function<bool(Proof&)>>> m;
  using E = BabyBear4;
  using EPair = std::array<E, 2>;
  using GkrRounds = std::vector<std::array<E, 3>>;
#define SWIRL_LEN(T, NAME, EXPR) length_mutations<T>(m, NAME, [](Proof& p) -> std::vector<T>& { return EXPR; })
  SWIRL_LEN(std::optional<TraceVData>, "trace_vdata", p.trace_vdata);
  SWIRL_LEN(std::vector<BabyBear>, "public_values", p.public_values);
  SWIRL_LEN(BabyBear, "public_values[0]", p.public_values[0]);
  SWIRL_LEN(GkrLayerClaims, "gkr.claims_per_layer", p.gkr_proof.claims_per_layer);
  SWIRL_LEN(GkrRounds, "gkr.sumcheck_polys", p.gkr_proof.sumcheck_polys);
  SWIRL_LEN(E, "batch.numerator", p.batch_constraint_proof.numerator_term_per_air);
  SWIRL_LEN(E, "batch.denominator", p.batch_constraint_proof.denominator_term_per_air);
  SWIRL_LEN(E, "batch.univariate", p.batch_constraint_proof.univariate_round_coeffs);
  SWIRL_LEN(std::vector<E>, "batch.rounds", p.batch_constraint_proof.sumcheck_round_polys);
  SWIRL_LEN(std::vector<std::vector<E>>, "batch.column_openings", p.batch_constraint_proof.column_openings);
  SWIRL_LEN(std::vector<E>, "batch.column_openings[0]", p.batch_constraint_proof.column_openings.at(0));
  SWIRL_LEN(E, "batch.column_openings[0][0]", p.batch_constraint_proof.column_openings.at(0).at(0));
  SWIRL_LEN(E, "stacking.univariate", p.stacking_proof.univariate_round_coeffs);
  SWIRL_LEN(EPair, "stacking.rounds", p.stacking_proof.sumcheck_round_polys);
  SWIRL_LEN(std::vector<E>, "stacking.openings", p.stacking_proof.stacking_openings);
  SWIRL_LEN(E, "stacking.openings[0]", p.stacking_proof.stacking_openings.at(0));
  SWIRL_LEN(EPair, "whir.sumcheck_polys", p.whir_proof.whir_sumcheck_polys);
  SWIRL_LEN(Digest, "whir.codeword_commits", p.whir_proof.codeword_commits);
  SWIRL_LEN(E, "whir.ood_values", p.whir_proof.ood_values);
  SWIRL_LEN(BabyBear, "whir.folding_pow_witnesses", p.whir_proof.folding_pow_witnesses);
  SWIRL_LEN(BabyBear, "whir.query_phase_pow_witnesses", p.whir_proof.query_phase_pow_witnesses);
  SWIRL_LEN(std::vector<std::vector<std::vector<BabyBear>>>, "whir.initial_rows", p.whir_proof.initial_round_opened_rows);
  SWIRL_LEN(std::vector<std::vector<BabyBear>>, "whir.initial_rows[0]", p.whir_proof.initial_round_opened_rows.at(0));
  SWIRL_LEN(std::vector<BabyBear>, "whir.initial_rows[0][0]", p.whir_proof.initial_round_opened_rows.at(0).at(0));
  SWIRL_LEN(BabyBear, "whir.initial_rows[0][0][0]", p.whir_proof.initial_round_opened_rows.at(0).at(0).at(0));
  SWIRL_LEN(std::vector<MerkleProof>, "whir.initial_merkle", p.whir_proof.initial_round_merkle_proofs);
  SWIRL_LEN(MerkleProof, "whir.initial_merkle[0]", p.whir_proof.initial_round_merkle_proofs.at(0));
  SWIRL_LEN(Digest, "whir.initial_merkle[0][0]", p.whir_proof.initial_round_merkle_proofs.at(0).at(0));
  SWIRL_LEN(std::vector<std::vector<E>>, "whir.codeword_values", p.whir_proof.codeword_opened_values);
  SWIRL_LEN(std::vector<MerkleProof>, "whir.codeword_merkle", p.whir_proof.codeword_merkle_proofs);
  SWIRL_LEN(E, "whir.final_poly", p.whir_proof.final_poly);
#undef SWIRL_LEN
  // Heights and presence.
  for (int d : {-1, 1, 64}) {
    m.emplace_back("log_height " + std::to_string(d), [d](Proof& p) {
      for (auto& v : p.trace_vdata)
        if (v) {
          if (d < 0 && v->log_height == 0) return false;
          v->log_height = static_cast<size_t>(static_cast<int64_t>(v->log_height) + d);
          return true;
        }
      return false;
    });
  }
  m.emplace_back("absent AIR 0", [](Proof& p) {
    p.trace_vdata.at(0).reset();
    p.public_values.at(0).clear();
    return true;
  });
  m.emplace_back("absent AIR 0, public values kept", [](Proof& p) {
    p.trace_vdata.at(0).reset();
    return true;
  });
  m.emplace_back("extra cached commitment", [](Proof& p) {
    p.trace_vdata.at(0)->cached_commitments.push_back(Digest{});
    return true;
  });
  return m;
}

// `opened_stride` > 1 samples the (many, alike) WHIR opened rows, values and
// Merkle siblings; every other element is mutated.
void run_all_mutations(const Keyed& k, size_t opened_stride = 1) {
  ASSERT_FALSE(verify(k.params, k.vk, k.proof).has_value());
  // Every base field element.
  Proof p = k.proof;
  const auto slots = field_slots(p);
  ASSERT_GT(slots.size(), 100u);
  size_t opened_seen = 0;
  for (const auto& [name, ptr] : slots) {
    const bool opened = name.starts_with("whir.initial") || name.starts_with("whir.codeword_");
    if (opened && opened_seen++ % opened_stride != 0) continue;
    const BabyBear old = *ptr;
    *ptr = old + BabyBear::one();
    expect_rejected(k, p, name);
    *ptr = old;
  }
  EXPECT_EQ(p, k.proof);
  // Structure.
  for (const auto& [name, mutate] : structural_mutations()) {
    Proof q = k.proof;
    bool applied = false;
    try {
      applied = mutate(q);
    } catch (const std::out_of_range&) {
      applied = false;  // the list to mutate does not exist in this proof
    }
    if (applied) expect_rejected(k, q, name);
  }
}

// The mutated bytes decode to something the verifier rejects, or do not decode.
void run_byte_mutations(const Keyed& k, size_t stride) {
  const std::vector<uint8_t> bytes = encode_proof(k.proof);
  for (size_t i = 0; i < bytes.size(); i += (i < 64 ? 1 : stride)) {
    {  // one bit per byte, cycling through the bit positions
      const int bit = static_cast<int>(i % 8);
      std::vector<uint8_t> b = bytes;
      b[i] ^= static_cast<uint8_t>(1u << bit);
      auto d = decode_proof(b);
      if (!d) continue;
      expect_rejected(k, *d, "byte " + std::to_string(i) + " bit " + std::to_string(bit));
    }
  }
  // Trailing bytes and truncations.
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(decode_proof(longer).has_value());
  for (size_t n = 0; n < bytes.size(); n += 1 + n / 4) EXPECT_FALSE(decode_proof(std::span(bytes).first(n)).has_value()) << n;
}

// The traces fill the stacked matrix (2^10 rows with these parameters):
// with a nearly empty one the last WHIR round's codeword can be constant,
// and then a different query-phase witness that also passes the 1-bit proof
// of work gives another valid proof (see DegenerateCodewordWitness below).
TEST(Mutation, FibEveryField) {
  const Keyed k = prove_keyed(default_test_params_small(), fib_fixture(0, 1, 512));
  run_all_mutations(k);
}

TEST(Mutation, FibEveryByte) {
  const Keyed k = prove_keyed(default_test_params_small(), fib_fixture(0, 1, 512));
  run_byte_mutations(k, 1);
}

// Interactions (GKR layers), cached and preprocessed commitments.
TEST(Mutation, PreprocessedCachedWithInteractionsEveryField) {
  Fixture fx = preprocessed_and_cached_fixture(alternating_selectors(256), 2);
  fx.append(interactions_fixture_11());
  fx.append(cached_fixture_11());
  const Keyed k = prove_keyed(default_test_params_small(), fx);
  run_all_mutations(k, 11);
  run_byte_mutations(k, 41);
}

// Random corruptions (several bytes at once, random cuts and tails): the
// decoder and verifier return values, never accept, never throw.
TEST(Mutation, RandomCorruptions) {
  const Keyed k = prove_keyed(default_test_params_small(), interactions_fixture_11());
  const std::vector<uint8_t> bytes = encode_proof(k.proof);
  std::mt19937_64 rng(7);
  for (int it = 0; it < 400; ++it) {
    std::vector<uint8_t> b = bytes;
    const int edits = 1 + static_cast<int>(rng() % 16);
    for (int e = 0; e < edits; ++e) b[rng() % b.size()] = static_cast<uint8_t>(rng());
    if (it % 4 == 1) b.resize(rng() % b.size());
    if (it % 4 == 2)
      for (int e = 0; e < 1 + static_cast<int>(rng() % 64); ++e) b.push_back(static_cast<uint8_t>(rng()));
    if (b == bytes) continue;  // the edits rewrote the same values
    auto d = decode_proof(b);
    if (!d) continue;
    expect_rejected(k, *d, "random corruption " + std::to_string(it));
  }
}

// A fact of the protocol, not of swirl: with 8 fib rows in a 2^10-row stacked
// matrix the last WHIR round folds to a constant codeword, whose Merkle tree
// has equal siblings on every level, so every query index verifies. The
// last query-phase witness then only has to pass its 1-bit proof of work:
// witness 0 + 1 does, and the changed proof is accepted (the reference's
// verifier does the same). The statement proved is unchanged.
TEST(Mutation, DegenerateCodewordWitness) {
  const Keyed k = prove_keyed(default_test_params_small(), fib_fixture(0, 1, 8));
  Proof p = k.proof;
  ASSERT_EQ(p.whir_proof.query_phase_pow_witnesses.size(), 3u);
  p.whir_proof.query_phase_pow_witnesses[2] += BabyBear::one();
  EXPECT_FALSE(verify(k.params, k.vk, p).has_value());
}

}  // namespace
}  // namespace swirl
