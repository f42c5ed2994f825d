// The whole openings phase (stacked reduction + WHIR) over several
// commitments as the protocol lays them out: a common main commitment with
// three AIRs' traces (one shorter than 2^l_skip), a cached main of the first
// AIR and a preprocessed trace of the second. Claims come from the traces
// by a plain model; the proofs go through the byte codec; tampered claims,
// openings and WHIR data are rejected in the right stage.
#include "swirl/prover/openings.h"

#include <gtest/gtest.h>

#include "support/prism_model.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/protocol/codec.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/field/rng.h"
#include "swirl/verifier/openings.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

ColMajorMatrix<F> random_matrix(SplitMix64& rng, size_t height, size_t width) {
  ColMajorMatrix<F> m(height, width);
  for (auto& v : m.values()) v = rng.field();
  return m;
}

struct Phase {
  SystemParams params = test_params_small(2, 4, 2);
  // AIRs in sorted order: A (2^6 rows, rotation), B (2^3, none), C (1 row, rotation).
  ColMajorMatrix<F> main_a, main_b, main_c, cached_a, prep_b;
  std::vector<std::shared_ptr<const cpu::CpuPcsData>> pcs;
  std::vector<Digest> commits;
  std::vector<std::vector<bool>> need_rot = {{true, false, true}, {true}, {false}};
  std::vector<EF> r;
  std::vector<std::vector<std::vector<EF>>> column_openings;

  explicit Phase(uint64_t seed) {
    SplitMix64 rng(seed);
    main_a = random_matrix(rng, 64, 3);
    main_b = random_matrix(rng, 8, 2);
    main_c = random_matrix(rng, 1, 2);
    cached_a = random_matrix(rng, 64, 2);
    prep_b = random_matrix(rng, 8, 1);
    const int l = params.l_skip;
    auto commit = [&](std::vector<const ColMajorMatrix<F>*> traces) {
      auto [root, data] = cpu::stacked_commit(l, params.n_stack, params.log_blowup, params.whir.k, traces);
      commits.push_back(root);
      pcs.push_back(std::make_shared<const cpu::CpuPcsData>(std::make_shared<const StackedPcsData>(std::move(data))));
    };
    commit({&main_a, &main_b, &main_c});
    commit({&cached_a});
    commit({&prep_b});
    r.resize(1 + 6 - static_cast<size_t>(l));
    for (auto& x : r) x = rng.ext();
    auto openings = [&](const ColMajorMatrix<F>& m, bool rot) {
      std::vector<EF> v;
      for (size_t j = 0; j < m.width(); ++j) {
        v.push_back(testing::column_claim(l, m.column(j), r, false));
        if (rot) v.push_back(testing::column_claim(l, m.column(j), r, true));
      }
      return v;
    };
    column_openings = {{openings(main_a, true), openings(cached_a, true)},
                       {openings(main_b, false), openings(prep_b, false)},
                       {openings(main_c, true)}};
  }
  std::vector<OpeningsCommitment> for_prover() const {
    std::vector<OpeningsCommitment> v;
    for (size_t c = 0; c < pcs.size(); ++c) v.push_back({pcs[c].get(), need_rot[c]});
    return v;
  }
  std::vector<StackedLayout> layouts() const {
    std::vector<StackedLayout> v;
    for (const auto& d : pcs) v.push_back(d->layout());
    return v;
  }
  std::optional<OpeningsRejection> verify(const OpeningsProof& p, TranscriptLog* log = nullptr,
                                          const std::vector<std::vector<std::vector<EF>>>* openings = nullptr) const {
    Transcript t;
    if (log) t.record_into(log);
    const auto ls = layouts();
    return verify_openings(t, params, p.stacking, p.whir, ls, need_rot, openings ? *openings : column_openings,
                           commits, r);
  }
};

TEST(Openings, ProveVerifyAndCodecRoundTrip) {
  const Phase ph(1);
  cpu::CpuBackend backend;
  Transcript pt;
  TranscriptLog plog, vlog;
  pt.record_into(&plog);
  const OpeningsProof proof = prove_openings(pt, backend, ph.params, ph.for_prover(), ph.r);
  const auto res = ph.verify(proof, &vlog);
  EXPECT_FALSE(res.has_value());
  EXPECT_EQ(plog, vlog);
  ASSERT_EQ(proof.stacking.stacking_openings.size(), 3u);
  EXPECT_EQ(proof.whir.initial_round_opened_rows.size(), 3u);

  // The byte codec carries both parts unchanged (its implicit lengths fit
  // the shapes the prover makes).
  ByteWriter w;
  write_stacking_proof(w, proof.stacking);
  write_whir_proof(w, proof.whir);
  const std::vector<uint8_t> bytes = w.take();
  ByteReader rd(bytes);
  EXPECT_EQ(read_stacking_proof(rd), proof.stacking);
  EXPECT_EQ(read_whir_proof(rd), proof.whir);
}

TEST(Openings, RejectsInTheRightStage) {
  const Phase ph(2);
  cpu::CpuBackend backend;
  Transcript pt;
  const OpeningsProof proof = prove_openings(pt, backend, ph.params, ph.for_prover(), ph.r);
  ASSERT_FALSE(ph.verify(proof).has_value());
  {
    // A wrong column claim (AIR B's preprocessed part).
    auto openings = ph.column_openings;
    openings[1][1][0] += EF::one();
    const auto res = ph.verify(proof, nullptr, &openings);
    ASSERT_TRUE(res.has_value());
    ASSERT_TRUE(std::holds_alternative<StackedReductionRejection>(*res));
    EXPECT_EQ(std::get<StackedReductionRejection>(*res).kind, StackedReductionRejectionKind::kS0Mismatch);
  }
  {
    auto openings = ph.column_openings;
    openings[0][0].pop_back();  // odd length with rotation
    const auto res = ph.verify(proof, nullptr, &openings);
    ASSERT_TRUE(res.has_value());
    EXPECT_TRUE(std::holds_alternative<ColumnOpeningsMismatch>(*res));
    openings = ph.column_openings;
    openings[2][0].resize(2);  // one column missing
    const auto res2 = ph.verify(proof, nullptr, &openings);
    ASSERT_TRUE(res2.has_value());
    EXPECT_TRUE(std::holds_alternative<ColumnOpeningsMismatch>(*res2));
  }
  {
    OpeningsProof p = proof;
    p.stacking.stacking_openings[2][0] += EF::one();
    const auto res = ph.verify(p);
    ASSERT_TRUE(res.has_value());
    ASSERT_TRUE(std::holds_alternative<StackedReductionRejection>(*res));
    EXPECT_EQ(std::get<StackedReductionRejection>(*res).kind, StackedReductionRejectionKind::kFinalSumMismatch);
  }
  {
    OpeningsProof p = proof;
    p.whir.initial_round_opened_rows[1][0][0][0] += F::one();
    const auto res = ph.verify(p);
    ASSERT_TRUE(res.has_value());
    ASSERT_TRUE(std::holds_alternative<WhirRejection>(*res));
    EXPECT_EQ(std::get<WhirRejection>(*res).kind, WhirRejectionKind::kMerkleVerify);
  }
  {
    // Another commitment root.
    Phase other = ph;
    other.commits[2][5] += F::one();
    const auto res = other.verify(proof);
    ASSERT_TRUE(res.has_value());
    ASSERT_TRUE(std::holds_alternative<WhirRejection>(*res));
    EXPECT_EQ(std::get<WhirRejection>(*res).kind, WhirRejectionKind::kMerkleVerify);
  }
}

TEST(Openings, RejectsInconsistentInputs) {
  const Phase ph(3);
  cpu::CpuBackend backend;
  auto pc = ph.for_prover();
  pc[1].need_rot.push_back(true);  // more flags than matrices
  Transcript t;
  EXPECT_THROW(prove_openings(t, backend, ph.params, pc, ph.r), std::invalid_argument);
  pc = ph.for_prover();
  pc[0].data = nullptr;  // no PCS data
  EXPECT_THROW(prove_openings(t, backend, ph.params, pc, ph.r), std::invalid_argument);
  pc = ph.for_prover();
  {
    // PCS data of another stacked height than the params'.
    SystemParams other = ph.params;
    other.n_stack += 1;
    EXPECT_THROW(prove_openings(t, backend, other, pc, ph.r), std::invalid_argument);
  }
  {
    // r too short for AIR A (2^6 rows).
    const std::vector<EF> short_r(ph.r.begin(), ph.r.end() - 1);
    EXPECT_THROW(prove_openings(t, backend, ph.params, pc, short_r), std::invalid_argument);
  }
  {
    // A handle of another backend.
    struct Foreign final : BackendPcsData {
      const BackendPcsData* inner;
      explicit Foreign(const BackendPcsData* d) : inner(d) {}
      const Digest& commit() const override { return inner->commit(); }
      const StackedLayout& layout() const override { return inner->layout(); }
    };
    const Foreign foreign(pc[1].data);
    pc[1].data = &foreign;
    EXPECT_THROW(prove_openings(t, backend, ph.params, pc, ph.r), std::invalid_argument);
  }
  EXPECT_EQ(t.sponge().absorb_idx(), 0);
  EXPECT_EQ(t.sponge().sample_idx(), 0);
}

}  // namespace
}  // namespace swirl
