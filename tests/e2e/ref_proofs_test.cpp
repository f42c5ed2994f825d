// Proofs made by the reference (stark-backend v2.0.1) for the same AIRs,
// traces and parameters, when present in ../shared/ref/e2e/ (format in
// docs/testing.md): each must decode, verify under swirl's key, and equal
// swirl's own proof byte for byte. Absent files skip with a message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/verifier.h"

#ifndef SWIRL_REF_DIR
#define SWIRL_REF_DIR "../shared/ref"
#endif

namespace swirl {
namespace {

std::vector<bool> alternating(size_t n) {
  std::vector<bool> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = i % 2 == 0;
  return s;
}

struct RefCase {
  std::string file;  // under SWIRL_REF_DIR/e2e/
  std::function<SystemParams()> params;
  std::function<Fixture()> fixture;
};

std::vector<RefCase> ref_cases() {
  return {
      {"fib_8.proof", [] { return default_test_params_small(); }, [] { return fib_fixture(0, 1, 8); }},
      {"interactions11.proof", [] { return default_test_params_small(); }, [] { return interactions_fixture_11(); }},
      {"cached11.proof", [] { return default_test_params_small(); }, [] { return cached_fixture_11(); }},
      {"preprocessed_fib_8.proof", [] { return default_test_params_small(); },
       [] { return preprocessed_fib_fixture(0, 1, alternating(8)); }},
      {"mixture_3.proof", [] { return default_test_params_small(); }, [] { return mixture_fixture_standard(3); }},
      {"keccakf_8_app100_20.proof", [] { return app_params_100_bits(20); },
       [] {
         Fixture fx;
         fx.airs.push_back(std::make_shared<keccakf::KeccakfAir>());
         AirTraces t;
         t.common_main = keccakf::generate_trace(keccakf::example_inputs(8));
         fx.traces.push_back(std::move(t));
         return fx;
       }},
  };
}

TEST(RefProofs, AcceptedAndReproduced) {
  size_t found = 0;
  for (const RefCase& c : ref_cases()) {
    const std::filesystem::path path = std::filesystem::path(SWIRL_REF_DIR) / "e2e" / c.file;
    std::ifstream f(path, std::ios::binary);
    if (!f) continue;
    ++found;
    SCOPED_TRACE(c.file);
    const std::vector<uint8_t> ref((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const SystemParams sp = c.params();
    const Fixture fx = c.fixture();
    MultiStarkKeygenBuilder kb(sp);
    for (const auto& a : fx.airs) kb.add_air(a);
    auto pk = kb.generate_pk();
    ASSERT_TRUE(pk.has_value());
    auto decoded = decode_proof(ref);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().reason;
    const auto rej = verify(sp, pk->get_vk(), *decoded);
    EXPECT_FALSE(rej.has_value()) << rej->to_string();
    cpu::CpuBackend backend;
    EXPECT_EQ(encode_proof(prove(backend, *pk, fx.traces)), ref);
  }
  if (found == 0) GTEST_SKIP() << "no reference proofs in " << SWIRL_REF_DIR << "/e2e (see docs/testing.md)";
}

}  // namespace
}  // namespace swirl
