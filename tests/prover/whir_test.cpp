// WHIR: prover and verifier against each other on committed stacked
// matrices (cpu::stacked_commit), with openings computed from the columns by
// a plain Lagrange model. Scenarios mirror the reference's
// (backend-tests whir_single_fib for several (n_stack, log_blowup, k_whir,
// log_final_poly_len), whir_multiple_commitments and its negative case);
// every tampered opening, codeword, Merkle path, OOD value, final polynomial
// and proof-of-work witness is rejected.
#include "swirl/prover/whir.h"

#include <gtest/gtest.h>

#include <omp.h>

#include <functional>

#include "support/prism_model.h"
#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/protocol/stacked_opening.h"
#include "swirl/field/rng.h"
#include "swirl/verifier/whir.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;
using K = WhirRejectionKind;

struct WhirCase {
  int l = 0, n_stack = 0, log_blowup = 0;
  WhirConfig config;
  std::vector<cpu::StackedPcsData> pcs;
  std::vector<Digest> commits;
  std::vector<EF> z_prism, z_cube;
  std::vector<std::vector<EF>> openings;

  void commit(const std::vector<std::vector<ColMajorMatrix<F>>>& per_commit) {
    for (const auto& traces : per_commit) {
      std::vector<const ColMajorMatrix<F>*> ptrs;
      for (const auto& t : traces) ptrs.push_back(&t);
      auto [root, data] = cpu::stacked_commit(l, n_stack, log_blowup, config.k, ptrs);
      commits.push_back(root);
      pcs.push_back(std::move(data));
    }
  }
  void draw_point(SplitMix64& rng) {
    z_prism.clear();
    for (int i = 0; i <= n_stack; ++i) z_prism.push_back(rng.ext());
    z_cube = stacked_u_to_cube(l, z_prism);
    openings.clear();
    for (const auto& d : pcs) {
      std::vector<EF> o;
      for (size_t j = 0; j < d.matrix.width(); ++j)
        o.push_back(testing::column_claim(l, d.matrix.column(j), z_prism, false));
      openings.push_back(std::move(o));
    }
  }
  std::vector<WhirCommitted> committed() const {
    std::vector<WhirCommitted> v;
    for (const auto& d : pcs) v.push_back({&d.matrix, &d.tree});
    return v;
  }
  WhirProof prove(TranscriptLog* log = nullptr) const {
    Transcript t;
    if (log) t.record_into(log);
    return prove_whir_opening(t, l, log_blowup, config, committed(), z_cube);
  }
  std::optional<WhirRejection> verify(const WhirProof& p, TranscriptLog* log = nullptr,
                                      const std::vector<std::vector<EF>>* other_openings = nullptr) const {
    Transcript t;
    if (log) t.record_into(log);
    WhirVerifyParams params{l, n_stack, log_blowup, &config};
    return verify_whir(t, params, p, other_openings ? *other_openings : openings, commits, z_cube);
  }
};

void expect_honest(const WhirCase& s, const WhirProof& proof, const TranscriptLog& plog) {
  TranscriptLog vlog;
  const auto res = s.verify(proof, &vlog);
  EXPECT_FALSE(res.has_value()) << (res ? whir_rejection_name(res->kind) + std::string(": ") + res->message : "");
  EXPECT_EQ(plog, vlog);
  // Shape as the parameters fix it.
  const size_t R = s.config.rounds.size(), k = static_cast<size_t>(s.config.k);
  EXPECT_EQ(proof.whir_sumcheck_polys.size(), R * k);
  EXPECT_EQ(proof.codeword_commits.size(), R - 1);
  EXPECT_EQ(proof.final_poly.size(), size_t{1} << (s.l + s.n_stack - static_cast<int>(R * k)));
}

// The reference's whir_single_fib: l_skip 2, one fibonacci trace filling the
// stacked matrix, test_whir_config_small (pow 1/2/3 bits, split unique/list
// decoding from round 1, 5 bits of security).
struct FibCase {
  int n_stack, log_blowup, k, log_final;
};
class WhirSingleFib : public ::testing::TestWithParam<FibCase> {};

TEST_P(WhirSingleFib, ProvesAndVerifies) {
  const FibCase c = GetParam();
  WhirCase s;
  s.l = 2;
  s.n_stack = c.n_stack;
  s.log_blowup = c.log_blowup;
  WhirParams wp;
  wp.k = c.k;
  wp.log_final_poly_len = c.log_final;
  wp.query_phase_pow_bits = 1;
  wp.folding_pow_bits = 2;
  wp.mu_pow_bits = 3;
  wp.proximity = {WhirProximityStrategy::Kind::kSplitUniqueList, 3, 1};
  s.config = WhirConfig::make(c.log_blowup, s.l + c.n_stack, wp, 5);
  s.commit({{testing::fib_trace(size_t{1} << (s.l + c.n_stack))}});
  SplitMix64 rng(0);
  s.draw_point(rng);
  TranscriptLog plog;
  const WhirProof proof = s.prove(&plog);
  expect_honest(s, proof, plog);
}

INSTANTIATE_TEST_SUITE_P(Reference, WhirSingleFib,
                         ::testing::Values(FibCase{0, 1, 1, 0}, FibCase{2, 1, 1, 2}, FibCase{2, 1, 2, 0},
                                           FibCase{2, 1, 3, 1}, FibCase{2, 1, 4, 0}, FibCase{2, 2, 4, 0}));

// The reference's whir_test_config(2): k 2, two rounds of 6 and 5 queries,
// every proof of work 1 bit; l_skip 3, n_stack 3, 5 random commitments.
WhirCase multiple_commitments(int pow_bits) {
  WhirCase s;
  s.l = 3;
  s.n_stack = 3;
  s.log_blowup = 1;
  s.config.k = 2;
  s.config.rounds = {{6}, {5}};
  s.config.mu_pow_bits = s.config.query_phase_pow_bits = s.config.folding_pow_bits = pow_bits;
  SplitMix64 rng(42);
  std::vector<std::vector<ColMajorMatrix<F>>> mats;
  for (int c = 0; c < 5; ++c) {
    const size_t width = 3 + rng.below(10);
    ColMajorMatrix<F> m(size_t{1} << (s.l + s.n_stack), width);
    for (auto& v : m.values()) v = rng.field();
    mats.push_back({std::move(m)});
  }
  s.commit(mats);
  s.draw_point(rng);
  return s;
}

TEST(Whir, MultipleCommitments) {
  const WhirCase s = multiple_commitments(1);
  TranscriptLog plog;
  const WhirProof proof = s.prove(&plog);
  expect_honest(s, proof, plog);
}

TEST(Whir, MultipleCommitmentsNegative) {
  // The reference's negative case: one changed opening claim.
  const WhirCase s = multiple_commitments(1);
  const WhirProof proof = s.prove();
  auto openings = s.openings;
  openings[1][2] = EF::one();
  const auto res = s.verify(proof, nullptr, &openings);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->kind, K::kFinalPolyConstraint);
}

TEST(Whir, StridedAndShortTraces) {
  // Several traces, some shorter than 2^l_skip (strided), two commitments.
  WhirCase s;
  s.l = 2;
  s.n_stack = 3;
  s.log_blowup = 1;
  s.config = test_params_small(2, 3, 2).whir;
  SplitMix64 rng(5);
  auto rnd = [&](size_t h, size_t w) {
    ColMajorMatrix<F> m(h, w);
    for (auto& v : m.values()) v = rng.field();
    return m;
  };
  s.commit({{rnd(32, 1), rnd(8, 3), rnd(2, 2), rnd(1, 1)}, {rnd(16, 2)}});
  s.draw_point(rng);
  TranscriptLog plog;
  expect_honest(s, s.prove(&plog), plog);
}

TEST(Whir, NamedParameterSets) {
  // The round and query counts of named sets: test sets and app-100 at a
  // small height (grinding 15/5/20 bits).
  for (const char* name : {"test-small:2,3,2", "test-small:3,4,3,1", "test-small:1,5,4", "app-100:12"}) {
    SCOPED_TRACE(name);
    const SystemParams p = *params_by_name(name);
    WhirCase s;
    s.l = p.l_skip;
    s.n_stack = p.n_stack;
    s.log_blowup = p.log_blowup;
    s.config = p.whir;
    SplitMix64 rng(11);
    ColMajorMatrix<F> m(size_t{1} << (p.l_skip + p.n_stack), 3);
    for (auto& v : m.values()) v = rng.field();
    s.commit({{std::move(m)}});
    s.draw_point(rng);
    TranscriptLog plog;
    expect_honest(s, s.prove(&plog), plog);
  }
}

// ---- Tampering ----

void expect_rejected(const WhirCase& s, const WhirProof& p, const char* what, std::optional<K> kind = std::nullopt) {
  const auto res = s.verify(p);
  EXPECT_TRUE(res.has_value()) << what << " accepted";
  if (res && kind) {
    EXPECT_EQ(res->kind, *kind) << what << ": " << whir_rejection_name(res->kind);
  }
}

TEST(Whir, EveryTamperingIsRejected) {
  const WhirCase s = multiple_commitments(0);  // no grinding: kinds are deterministic
  const WhirProof honest = s.prove();
  ASSERT_FALSE(s.verify(honest).has_value());
  const EF one = EF::one();
  const F f1 = F::one();
  // Opened rows and paths are not observed: only their Merkle check fails.
  for (size_t c = 0; c < honest.initial_round_opened_rows.size(); ++c)
    for (size_t q = 0; q < honest.initial_round_opened_rows[c].size(); q += 2)
      for (size_t t = 0; t < honest.initial_round_opened_rows[c][q].size(); ++t) {
        WhirProof p = honest;
        p.initial_round_opened_rows[c][q][t][t % p.initial_round_opened_rows[c][q][t].size()] += f1;
        expect_rejected(s, p, "initial row", K::kMerkleVerify);
      }
  for (size_t c = 0; c < honest.initial_round_merkle_proofs.size(); ++c)
    for (size_t q = 0; q < honest.initial_round_merkle_proofs[c].size(); ++q)
      for (size_t d = 0; d < honest.initial_round_merkle_proofs[c][q].size(); ++d) {
        WhirProof p = honest;
        p.initial_round_merkle_proofs[c][q][d][d % 8] += f1;
        expect_rejected(s, p, "initial path", K::kMerkleVerify);
      }
  for (size_t r = 0; r < honest.codeword_opened_values.size(); ++r)
    for (size_t q = 0; q < honest.codeword_opened_values[r].size(); ++q) {
      for (size_t t = 0; t < honest.codeword_opened_values[r][q].size(); ++t) {
        WhirProof p = honest;
        p.codeword_opened_values[r][q][t] += one;
        expect_rejected(s, p, "codeword value", K::kMerkleVerify);
      }
      for (size_t d = 0; d < honest.codeword_merkle_proofs[r][q].size(); ++d) {
        WhirProof p = honest;
        p.codeword_merkle_proofs[r][q][d][0] += f1;
        expect_rejected(s, p, "codeword path", K::kMerkleVerify);
      }
    }
  // Observed values change every later challenge (query indices included).
  for (size_t i = 0; i < honest.whir_sumcheck_polys.size(); ++i)
    for (int e = 0; e < 2; ++e) {
      WhirProof p = honest;
      p.whir_sumcheck_polys[i][e] += one;
      expect_rejected(s, p, "sumcheck value");
    }
  for (size_t i = 0; i < honest.codeword_commits.size(); ++i) {
    WhirProof p = honest;
    p.codeword_commits[i][3] += f1;
    expect_rejected(s, p, "codeword commitment");
  }
  for (size_t i = 0; i < honest.ood_values.size(); ++i) {
    WhirProof p = honest;
    p.ood_values[i] += one;
    expect_rejected(s, p, "OOD value");
  }
  for (size_t i = 0; i < honest.final_poly.size(); ++i) {
    WhirProof p = honest;
    p.final_poly[i] += one;
    expect_rejected(s, p, "final polynomial");
  }
  {
    WhirProof p = honest;
    p.final_poly.push_back(one);
    expect_rejected(s, p, "final polynomial length");
    p = honest;
    p.initial_round_opened_rows[0].pop_back();
    expect_rejected(s, p, "missing query", K::kProofShape);
    p = honest;
    p.codeword_merkle_proofs[0][0].pop_back();
    expect_rejected(s, p, "short path", K::kProofShape);
    p = honest;
    p.initial_round_opened_rows[2][1][0].push_back(f1);
    expect_rejected(s, p, "wide row", K::kProofShape);
  }
  // A wrong commitment.
  {
    WhirCase t = s;
    t.commits[3][0] += f1;
    const auto res = t.verify(honest);
    ASSERT_TRUE(res.has_value());
    EXPECT_EQ(res->kind, K::kMerkleVerify);
  }
}

// A changed witness fails its own check unless it happens to pass too; then
// it changes every later challenge, and the proof fails later on. Among a few
// candidates at least one must fail with the expected kind, and none may be
// accepted.
void check_pow_field(const WhirCase& s, const WhirProof& honest, const std::function<BabyBear&(WhirProof&)>& field,
                     K kind, const char* what) {
  int rejected = 0;
  for (uint32_t d = 1; d <= 16; ++d) {
    WhirProof p = honest;
    field(p) += F::from_u32(d);
    const auto res = s.verify(p);
    EXPECT_TRUE(res.has_value()) << what;
    if (res && res->kind == kind) ++rejected;
  }
  EXPECT_GT(rejected, 0) << what;
}

TEST(Whir, ProofOfWorkWitnessesAreChecked) {
  const WhirCase s = multiple_commitments(3);
  const WhirProof honest = s.prove();
  ASSERT_FALSE(s.verify(honest).has_value());
  check_pow_field(s, honest, [](WhirProof& p) -> BabyBear& { return p.mu_pow_witness; }, K::kMuPowInvalid, "mu");
  for (size_t i = 0; i < honest.folding_pow_witnesses.size(); ++i)
    check_pow_field(s, honest, [i](WhirProof& p) -> BabyBear& { return p.folding_pow_witnesses[i]; },
                    K::kFoldingPowInvalid, "folding");
  for (size_t i = 0; i < honest.query_phase_pow_witnesses.size(); ++i)
    check_pow_field(s, honest, [i](WhirProof& p) -> BabyBear& { return p.query_phase_pow_witnesses[i]; },
                    K::kQueryPhasePowInvalid, "query phase");
}

TEST(Whir, RejectsBadArguments) {
  const WhirCase s = multiple_commitments(0);
  Transcript t;
  auto committed = s.committed();
  EXPECT_THROW(prove_whir_opening(t, s.l, s.log_blowup, s.config, committed,
                                  std::span<const EF>(s.z_cube).first(s.z_cube.size() - 1)),
               std::invalid_argument);
  WhirConfig bad = s.config;
  bad.k = 3;  // trees were built with 2^2 rows per query
  EXPECT_THROW(prove_whir_opening(t, s.l, s.log_blowup, bad, committed, s.z_cube), std::invalid_argument);
  EXPECT_THROW(prove_whir_opening(t, s.l, s.log_blowup + 1, s.config, committed, s.z_cube), std::invalid_argument);
  EXPECT_EQ(t.sponge().absorb_idx(), 0);
  EXPECT_EQ(t.sponge().sample_idx(), 0);
}

}  // namespace
}  // namespace swirl

namespace swirl {
namespace {

// Random structural and value mutations of an honest proof: the verifier
// must neither throw nor crash, and must reject every structural change.
template <typename T>
bool mutate_vec(std::vector<T>& v, SplitMix64& rng, const T& filler) {
  switch (rng.below(3)) {
    case 0:
      v.push_back(filler);
      return true;
    case 1:
      if (v.empty()) return false;
      v.pop_back();
      return true;
    default:
      if (v.empty()) return false;
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(rng.below(v.size())));
      return true;
  }
}

TEST(Whir, RandomMutationsNeverCrash) {
  const WhirCase s = multiple_commitments(1);
  const WhirProof honest = s.prove();
  SplitMix64 rng(77);
  int structural = 0;
  for (int iter = 0; iter < 300; ++iter) {
    WhirProof p = honest;
    bool changed = false;
    const EF e = rng.ext();
    const F f = rng.field();
    const Digest d{};
    switch (rng.below(11)) {
      case 0: changed = mutate_vec(p.whir_sumcheck_polys, rng, {e, e}); break;
      case 1: changed = mutate_vec(p.codeword_commits, rng, d); break;
      case 2: changed = mutate_vec(p.ood_values, rng, e); break;
      case 3: changed = mutate_vec(p.folding_pow_witnesses, rng, f); break;
      case 4: changed = mutate_vec(p.query_phase_pow_witnesses, rng, f); break;
      case 5: changed = mutate_vec(p.final_poly, rng, e); break;
      case 6: {
        auto& c = p.initial_round_opened_rows[rng.below(p.initial_round_opened_rows.size())];
        auto& q = c[rng.below(c.size())];
        changed = rng.below(2) ? mutate_vec(q, rng, q[0]) : mutate_vec(q[rng.below(q.size())], rng, f);
        break;
      }
      case 7: {
        auto& c = p.initial_round_merkle_proofs[rng.below(p.initial_round_merkle_proofs.size())];
        changed = rng.below(2) ? mutate_vec(c, rng, c[0]) : mutate_vec(c[rng.below(c.size())], rng, d);
        break;
      }
      case 8: {
        auto& r = p.codeword_opened_values[rng.below(p.codeword_opened_values.size())];
        changed = rng.below(2) ? mutate_vec(r, rng, r[0]) : mutate_vec(r[rng.below(r.size())], rng, e);
        break;
      }
      case 9: {
        auto& r = p.codeword_merkle_proofs[rng.below(p.codeword_merkle_proofs.size())];
        changed = rng.below(2) ? mutate_vec(r, rng, r[0]) : mutate_vec(r[rng.below(r.size())], rng, d);
        break;
      }
      default:
        changed = mutate_vec(p.initial_round_opened_rows, rng, p.initial_round_opened_rows[0]);
        break;
    }
    if (!changed) continue;
    ++structural;
    std::optional<WhirRejection> res;
    EXPECT_NO_THROW(res = s.verify(p)) << "iteration " << iter;
    EXPECT_TRUE(res.has_value()) << "iteration " << iter;
  }
  EXPECT_GT(structural, 200);
}

}  // namespace
}  // namespace swirl

namespace swirl {
namespace {

TEST(Whir, ResultDoesNotDependOnThreads) {
  // Large enough that every parallel path runs (2^16 rows).
  WhirCase s;
  s.l = 2;
  s.n_stack = 14;
  s.log_blowup = 1;
  s.config = test_params_small(2, 14, 3).whir;
  SplitMix64 rng(21);
  ColMajorMatrix<F> m(size_t{1} << 16, 1);
  for (auto& v : m.values()) v = rng.field();
  s.commit({{std::move(m)}});
  s.draw_point(rng);
  const WhirProof a = s.prove();
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const WhirProof b = s.prove();
  omp_set_num_threads(before);
  EXPECT_EQ(a, b);
  EXPECT_FALSE(s.verify(a).has_value());
}

}  // namespace
}  // namespace swirl
