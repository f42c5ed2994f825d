// End to end on the host: keygen -> prove (prover/prover.h, CPU backend) ->
// encode -> decode -> verify (verifier/verifier.h) for the example AIRs and
// the scenarios of the reference's crates/backend-tests (list in
// docs/testing.md), plus rejections of tampered proofs.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/verifier.h"

namespace swirl {
namespace {

MultiStarkProvingKey keygen(const SystemParams& sp, const Fixture& fx, const std::vector<bool>& required = {}) {
  MultiStarkKeygenBuilder kb(sp);
  for (size_t i = 0; i < fx.airs.size(); ++i) {
    if (i < required.size() && required[i])
      kb.add_required_air(fx.airs[i]);
    else
      kb.add_air(fx.airs[i]);
  }
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error(pk.error().message());
  return std::move(*pk);
}

struct Run {
  MultiStarkProvingKey pk;
  MultiStarkVerifyingKey vk;
  Proof proof;
  std::vector<uint8_t> bytes;
};

Run prove_fixture(const SystemParams& sp, const Fixture& fx) {
  Run r;
  r.pk = keygen(sp, fx);
  r.vk = r.pk.get_vk();
  cpu::CpuBackend backend;
  r.proof = prove(backend, r.pk, fx.traces);
  r.bytes = encode_proof(r.proof);
  return r;
}

// prove -> encode -> decode -> verify; the decoded proof equals the proved one.
void roundtrip(const SystemParams& sp, const Fixture& fx) {
  const Run r = prove_fixture(sp, fx);
  auto decoded = decode_proof(r.bytes);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().reason;
  EXPECT_EQ(*decoded, r.proof);
  EXPECT_EQ(encode_proof(*decoded), r.bytes);
  const auto rej = verify(sp, r.vk, *decoded);
  EXPECT_FALSE(rej.has_value()) << rej->to_string();
}

std::vector<bool> alternating(size_t n) {
  std::vector<bool> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = i % 2 == 0;
  return s;
}

TEST(E2e, FibSmall) { roundtrip(default_test_params_small(), fib_fixture(0, 1, 8)); }

TEST(E2e, PreprocessedFib) { roundtrip(default_test_params_small(), preprocessed_fib_fixture(0, 1, alternating(8))); }
TEST(E2e, Interactions11) { roundtrip(default_test_params_small(), interactions_fixture_11()); }
TEST(E2e, Cached11) { roundtrip(default_test_params_small(), cached_fixture_11()); }

}  // namespace
}  // namespace swirl
