// End to end on the host: keygen -> prove (prover/prover.h, CPU backend) ->
// encode -> decode -> verify (verifier/verifier.h) for the example AIRs and
// the scenarios of the reference's crates/backend-tests (list in
// docs/testing.md), plus rejections of tampered proofs.
#include <gtest/gtest.h>
#include <omp.h>

#include <memory>
#include <random>
#include <tuple>
#include <string>
#include <vector>

#include "support/keygen.h"
#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/interaction_airs.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/select.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/proof_shape.h"
#include "swirl/verifier/verifier.h"

namespace swirl {
namespace {

using testing::keygen_fixture;

struct ProvedRun {
  MultiStarkProvingKey pk;
  MultiStarkVerifyingKey vk;
  Proof proof;
  std::vector<uint8_t> bytes;
};

ProvedRun prove_fixture(const SystemParams& sp, const Fixture& fx) {
  ProvedRun r;
  r.pk = keygen_fixture(sp, fx);
  r.vk = r.pk.get_vk();
  cpu::CpuBackend backend;
  r.proof = prove(backend, r.pk, fx.traces);
  r.bytes = encode_proof(r.proof);
  return r;
}

// prove -> encode -> decode -> verify; the decoded proof equals the proved one.
void roundtrip(const SystemParams& sp, const Fixture& fx) {
  const ProvedRun r = prove_fixture(sp, fx);
  auto decoded = decode_proof(r.bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().reason;
  EXPECT_EQ(*decoded, r.proof);
  EXPECT_EQ(encode_proof(*decoded), r.bytes);
  const auto rej = verify(sp, r.vk, *decoded);
  EXPECT_FALSE(rej.has_value()) << rej->to_string();
}



// ---- helpers for hand-built AIR sets ----------------------------------------

ColMajorMatrix<BabyBear> rows(size_t width, const std::vector<uint32_t>& v) {
  std::vector<BabyBear> f;
  for (uint32_t x : v) f.push_back(BabyBear::from_u32(x));
  return ColMajorMatrix<BabyBear>::from_row_major(v.size() / width, width, f);
}

// A DummyInteractionAir (field width w) with its trace from (count, fields)
// rows; with `partition` the count column is the common main and the
// fields a cached main.
void add_dummy(Fixture& fx, size_t w, bool send, BusIndex bus, bool partition, const std::vector<uint32_t>& count,
               const std::vector<std::vector<uint32_t>>& fields) {
  fx.airs.push_back(std::make_shared<DummyInteractionAir>(w, send, bus, partition));
  ColMajorMatrix<BabyBear> t = dummy_interaction_trace(count, fields);
  AirTraces tr;
  if (partition) {
    ColMajorMatrix<BabyBear> c(t.height(), 1), f(t.height(), w);
    for (size_t r = 0; r < t.height(); ++r) {
      c.at(r, 0) = t.at(r, 0);
      for (size_t i = 0; i < w; ++i) f.at(r, i) = t.at(r, 1 + i);
    }
    tr.common_main = std::move(c);
    tr.cached_mains.push_back(std::move(f));
  } else {
    tr.common_main = std::move(t);
  }
  fx.traces.push_back(std::move(tr));
}

void add_dummy_rows(Fixture& fx, bool send, const std::vector<uint32_t>& row_major) {
  fx.airs.push_back(std::make_shared<DummyInteractionAir>(1, send, 0));
  AirTraces tr;
  tr.common_main = rows(2, row_major);
  fx.traces.push_back(std::move(tr));
}

SystemParams fib_roundtrip_params(int l_skip) {
  WhirParams wp;
  wp.k = 4;
  wp.log_final_poly_len = 4;
  wp.query_phase_pow_bits = 1;
  wp.folding_pow_bits = 11;
  wp.mu_pow_bits = 10;
  wp.proximity = WhirProximityStrategy{};  // unique decoding
  SystemParams p;
  p.l_skip = l_skip;
  p.n_stack = 8;
  p.w_stack = 8;
  p.log_blowup = 1;
  p.whir = WhirConfig::make(1, l_skip + 8, wp, 80);
  p.logup = app_params_100_bits(21).logup;
  p.max_constraint_degree = 3;
  return p;
}

// ---- the reference's backend-tests scenarios (crates/backend-tests) ---------

TEST(E2e, FibSmall) { roundtrip(default_test_params_small(), fib_fixture(0, 1, 8)); }

// proof_shape_verifier: the shapes of honest proofs pass the shape check.
TEST(E2e, ProofShapeVerifier) {
  const SystemParams sp = default_test_params_small();
  for (const Fixture& fx : {fib_fixture(0, 1, 8), interactions_fixture_11(), cached_fixture_11(),
                            preprocessed_fib_fixture(0, 1, alternating_selectors(8))}) {
    const ProvedRun r = prove_fixture(sp, fx);
    EXPECT_TRUE(verify_proof_shape(r.vk.inner, r.proof).has_value());
  }
}

// proof_shape_verifier_rng_system_params: random small parameter sets
// (proved and verified in full here, not only shape-checked).
TEST(E2e, RandomSystemParams) {
  std::mt19937_64 rng(228);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1)); };
  for (int it = 0; it < 10; ++it) {
    SystemParams p;
    p.l_skip = pick(1, 2);
    p.n_stack = pick(8, 9);
    p.w_stack = 16;
    p.log_blowup = pick(1, 3);
    p.whir.k = pick(1, 4);
    const int rounds = pick(1, 2);
    for (int i = 0; i < rounds; ++i) p.whir.rounds.push_back({pick(1, 10)});
    p.whir.mu_pow_bits = 1;
    p.whir.query_phase_pow_bits = 1;
    p.whir.folding_pow_bits = 1;
    p.whir.proximity = WhirProximityStrategy{WhirProximityStrategy::Kind::kSplitUniqueList, 3, 1};
    p.logup = app_params_100_bits(21).logup;
    p.max_constraint_degree = 3;
    SCOPED_TRACE("iteration " + std::to_string(it) + ": l_skip " + std::to_string(p.l_skip) + " n_stack " +
                 std::to_string(p.n_stack) + " k " + std::to_string(p.whir.k) + " rounds " + std::to_string(rounds));
    roundtrip(p, interactions_fixture_11());
  }
}

TEST(E2e, InteractionsSingleSenderReceiver) { roundtrip(default_test_params_small(), interactions_fixture_11()); }
TEST(E2e, SingleCachedTrace) { roundtrip(default_test_params_small(), cached_fixture_11()); }

TEST(E2e, SinglePreprocessedTrace) {
  for (size_t lh : {10, 3, 2, 1, 0}) {
    SCOPED_TRACE(lh);
    roundtrip(default_test_params_small(), preprocessed_fib_fixture(0, 1, alternating_selectors(size_t{1} << lh)));
  }
}

TEST(E2e, MultiInteractionTraces) {
  for (size_t lh : {10, 3, 2, 1, 0}) {
    SCOPED_TRACE(lh);
    roundtrip(default_test_params_small(), self_interaction_fixture({4, 7, 8, 8, 10, 100}, lh, 4));
  }
}

TEST(E2e, MixtureTraces) {
  for (size_t lh : {10, 3, 2, 1, 0}) {
    SCOPED_TRACE(lh);
    roundtrip(default_test_params_small(), mixture_fixture_standard(lh));
  }
}

TEST(E2e, MatrixStackingOverflow) {
  roundtrip(test_params_small(3, 5, 3), self_interaction_fixture({4, 7, 8, 8, 10}, 1, 4));
}

TEST(E2e, FibAirRoundtrip) {
  for (auto [l, lh] : std::vector<std::pair<int, size_t>>{{2, 10}, {2, 1}, {2, 0}, {3, 2}, {6, 10}}) {
    SCOPED_TRACE("l_skip " + std::to_string(l) + " log height " + std::to_string(lh));
    roundtrip(fib_roundtrip_params(l), fib_fixture(0, 1, size_t{1} << lh));
  }
}

TEST(E2e, DummyInteractionsRoundtrip) {
  for (auto [l, n, k] : std::vector<std::tuple<int, int, int>>{{2, 8, 3}, {5, 5, 4}})
    roundtrip(test_params_small(l, n, k), interactions_fixture_11());
}

TEST(E2e, CachedTraceRoundtrip) {
  for (auto [l, n, k] : std::vector<std::tuple<int, int, int>>{{2, 8, 3}, {5, 5, 4}, {5, 8, 3}, {6, 7, 3}})
    roundtrip(test_params_small(l, n, k), cached_fixture_11());
}

TEST(E2e, PreprocessedTraceRoundtrip) {
  for (auto [l, n, k] : std::vector<std::tuple<int, int, int>>{{2, 8, 3}, {5, 5, 4}})
    roundtrip(test_params_small(l, n, k), preprocessed_fib_fixture(0, 1, alternating_selectors(256)));
}

TEST(E2e, PreprocessedAndCachedTraceRoundtrip) {
  for (auto [l, n, k] : std::vector<std::tuple<int, int, int>>{{2, 8, 3}, {5, 5, 4}})
    for (size_t parts : {1, 2, 3}) {
      SCOPED_TRACE(parts);
      roundtrip(test_params_small(l, n, k), preprocessed_and_cached_fixture(alternating_selectors(256), parts));
    }
}

// single_fib_and_dummy_trace_stark: interactions AIRs with taller traces
// beside a short fib trace.
TEST(E2e, SingleFibAndDummyTrace) {
  for (size_t lh : {3, 2, 1, 0}) {
    SCOPED_TRACE(lh);
    Fixture fx;
    const std::vector<uint32_t> s8 = {0, 1, 3, 5, 7, 4, 546, 889};
    const std::vector<uint32_t> r16 = {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456};
    std::vector<uint32_t> s, r;
    for (size_t i = 0; i < 2 * 16; ++i) s.push_back(s8[i % s8.size()]);
    for (size_t i = 0; i < 4 * 16; ++i) r.push_back(r16[i % r16.size()]);
    add_dummy_rows(fx, true, s);
    add_dummy_rows(fx, false, r);
    fx.append(fib_fixture(0, 1, 2 * (size_t{1} << lh)));
    roundtrip(default_test_params_small(), fx);
  }
}

// optional_air: all present; two absent; unbalanced with only the receiver.
TEST(E2e, OptionalAir) {
  const SystemParams sp = default_test_params_small();
  auto make = [](bool fib, std::vector<uint32_t> c1, std::vector<uint32_t> c2, std::vector<uint32_t> c3, bool s1,
                 bool s2) {
    const std::vector<std::vector<uint32_t>> fields = {{1}, {2}, {3}};
    Fixture fx = fib_fixture(0, 1, 8);
    if (!fib) fx.traces[0] = AirTraces{};
    add_dummy(fx, 1, true, 0, false, c1, fields);
    add_dummy(fx, 1, true, 0, true, c2, fields);
    add_dummy(fx, 1, false, 0, false, c3, fields);
    if (!s1) fx.traces[1] = AirTraces{};
    if (!s2) fx.traces[2] = AirTraces{};
    return fx;
  };
  roundtrip(sp, make(true, {1, 2, 4}, {1, 2, 8}, {2, 4, 12}, true, true));
  roundtrip(sp, make(false, {1, 2, 4}, {1, 2, 8}, {1, 2, 4}, true, false));
  const Fixture bad = make(false, {1, 2, 4}, {1, 2, 8}, {1, 2, 4}, false, false);
  const MultiStarkProvingKey pk = keygen_fixture(sp, bad);
  cpu::CpuBackend backend;
  EXPECT_THROW(prove(backend, pk, bad.traces), std::invalid_argument);
}

TEST(E2e, InteractionAllZeroSender) {
  Fixture fx;
  add_dummy_rows(fx, true, {0, 1, 0, 5, 0, 4, 0, 889});
  roundtrip(default_test_params_small(), fx);
}

TEST(E2e, InteractionMultiSenders) {
  Fixture fx;
  add_dummy_rows(fx, true, {0, 1, 3, 5, 6, 4, 333, 889});
  add_dummy_rows(fx, true, {1, 4, 213, 889});
  add_dummy_rows(fx, false, {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456});
  roundtrip(default_test_params_small(), fx);
}

TEST(E2e, InteractionMultiSenderReceiver) {
  Fixture fx;
  add_dummy_rows(fx, true, {0, 1, 3, 5, 6, 4, 333, 889});
  add_dummy_rows(fx, true, {1, 4, 213, 889});
  add_dummy_rows(fx, false, {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 0, 289, 0, 456});
  add_dummy_rows(fx, false, {1, 889});
  roundtrip(default_test_params_small(), fx);
}

// The negative interaction scenarios: the prover refuses unbalanced buses
// (the GKR root numerator is not zero).
void expect_prove_fails(const Fixture& fx) {
  const SystemParams sp = default_test_params_small();
  const MultiStarkProvingKey pk = keygen_fixture(sp, fx);
  cpu::CpuBackend backend;
  EXPECT_THROW(prove(backend, pk, fx.traces), std::invalid_argument);
}

TEST(E2e, InteractionMultiRowsNeg) {
  Fixture fx;
  add_dummy_rows(fx, true, {0, 1, 3, 5, 7, 4, 546, 0});
  add_dummy_rows(fx, false, {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 0, 0, 0, 0, 456});
  expect_prove_fails(fx);
}

TEST(E2e, InteractionMultiSendersNeg) {
  Fixture fx;
  add_dummy_rows(fx, true, {0, 1, 3, 5, 5, 4, 333, 889});
  add_dummy_rows(fx, true, {1, 4, 213, 889});
  add_dummy_rows(fx, false, {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456});
  expect_prove_fails(fx);
}

TEST(E2e, InteractionCachedTraceNeg) {
  Fixture fx;
  add_dummy(fx, 2, false, 0, true, {1, 3, 4, 2, 0, 545, 1, 0},
            {{5, 1}, {4, 2}, {4, 2}, {5, 1}, {123, 3}, {889, 4}, {889, 10}, {456, 5}});
  add_dummy(fx, 2, true, 0, false, {0, 7, 3, 546}, {{1, 1}, {4, 2}, {5, 1}, {889, 4}});
  expect_prove_fails(fx);
}

// ---- the example AIRs ----------------------------------------------------------

TEST(E2e, KeccakfSmall) {
  Fixture fx;
  fx.airs.push_back(std::make_shared<keccakf::KeccakfAir>());
  AirTraces t;
  t.common_main = keccakf::generate_trace(keccakf::example_inputs(2));
  fx.traces.push_back(std::move(t));
  roundtrip(test_params_small(2, 7, 3), fx);
}

// ---- verifier checks outside the proof ---------------------------------------

TEST(E2e, VerifierRejectsWrongParamsAndKey) {
  const SystemParams sp = default_test_params_small();
  const ProvedRun r = prove_fixture(sp, interactions_fixture_11());
  // Other parameters than the key's.
  auto rej = verify(test_params_small(2, 8, 2), r.vk, r.proof);
  ASSERT_TRUE(rej.has_value());
  EXPECT_EQ(rej->kind, VerifyRejectionKind::kSystemParamsMismatch);
  // A trace-height constraint the heights violate.
  MultiStarkVerifyingKey vk = r.vk;
  ASSERT_FALSE(vk.inner.trace_height_constraints.empty());
  vk.inner.trace_height_constraints[0].threshold = 1;
  rej = verify(sp, vk, r.proof);
  ASSERT_TRUE(rej.has_value());
  EXPECT_EQ(rej->kind, VerifyRejectionKind::kTraceHeightsTooLarge);
  // Another key's pre-hash: the transcript differs.
  vk = r.vk;
  vk.pre_hash[0] += BabyBear::one();
  rej = verify(sp, vk, r.proof);
  ASSERT_TRUE(rej.has_value());
  EXPECT_NE(rej->kind, VerifyRejectionKind::kInternalError);
  // No trace at all.
  Proof empty = r.proof;
  for (auto& v : empty.trace_vdata) v.reset();
  for (auto& v : empty.public_values) v.clear();
  rej = verify(sp, r.vk, empty);
  ASSERT_TRUE(rej.has_value());
  EXPECT_EQ(rej->kind, VerifyRejectionKind::kEmptyTraces);
}

TEST(E2e, ProverRejectsBadInputs) {
  const SystemParams sp = default_test_params_small();
  Fixture fx = fib_fixture(0, 1, 8);
  const MultiStarkProvingKey pk = keygen_fixture(sp, fx);
  cpu::CpuBackend backend;
  std::vector<AirTraces> none(1);
  EXPECT_THROW(prove(backend, pk, none), std::invalid_argument);  // no trace
  std::vector<AirTraces> two(2);
  EXPECT_THROW(prove(backend, pk, two), std::invalid_argument);  // count
  std::vector<AirTraces> bad_pv = fx.traces;
  bad_pv[0].public_values.pop_back();
  EXPECT_THROW(prove(backend, pk, bad_pv), std::invalid_argument);
  std::vector<AirTraces> bad_w = fx.traces;
  bad_w[0].common_main = ColMajorMatrix<BabyBear>(8, 3);
  EXPECT_THROW(prove(backend, pk, bad_w), std::invalid_argument);
  // A required AIR left out.
  Fixture two_fib = fib_fixture(0, 1, 8, 2, {1});
  MultiStarkKeygenBuilder kb(sp);
  kb.add_air(two_fib.airs[0]);
  kb.add_required_air(two_fib.airs[1]);
  const MultiStarkProvingKey pk2 = *kb.generate_pk();
  EXPECT_THROW(prove(backend, pk2, two_fib.traces), std::invalid_argument);
}

TEST(E2e, BackendChoice) {
  EXPECT_EQ(make_backend(BackendChoice::kCpu)->name(), "cpu");
  // auto: the CUDA backend where swirl has it and a device is present.
  EXPECT_EQ(make_backend(BackendChoice::kAuto)->name(), cuda_device_present() ? "cuda" : "cpu");
  if (cuda_device_present()) {
    EXPECT_EQ(make_backend(BackendChoice::kCuda)->name(), "cuda");
  } else {
    try {
      make_backend(BackendChoice::kCuda);
      ADD_FAILURE() << "--backend cuda was not refused without a device";
    } catch (const std::runtime_error& e) {
      // The refusal says why: no CUDA in the build, or no device.
      const std::string why = e.what();
      EXPECT_NE(why.find("cannot prove here"), std::string::npos) << why;
      EXPECT_TRUE(why.find("without CUDA") != std::string::npos || why.find("no CUDA device") != std::string::npos)
          << why;
    }
  }
  EXPECT_THROW(parse_backend_choice("gpu"), std::invalid_argument);
  EXPECT_EQ(parse_backend_choice("auto"), BackendChoice::kAuto);
}

// The proof does not depend on the thread count.
TEST(E2e, ThreadCountIndependent) {
  const SystemParams sp = default_test_params_small();
  Fixture fx = mixture_fixture_standard(6);
  fx.append(fib_fixture(0, 1, 512));
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const std::vector<uint8_t> one = prove_fixture(sp, fx).bytes;
  omp_set_num_threads(2);
  const std::vector<uint8_t> two = prove_fixture(sp, fx).bytes;
  omp_set_num_threads(3);
  const std::vector<uint8_t> three = prove_fixture(sp, fx).bytes;
  omp_set_num_threads(saved);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, three);
}

// The proof is a function of keys, traces and parameters only.
TEST(E2e, Deterministic) {
  const SystemParams sp = default_test_params_small();
  const Fixture fx = mixture_fixture_standard(3);
  EXPECT_EQ(prove_fixture(sp, fx).bytes, prove_fixture(sp, fx).bytes);
}

}  // namespace
}  // namespace swirl
