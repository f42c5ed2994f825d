// Proofs made by the reference (stark-backend v2.0.1) for the same AIRs,
// traces and parameters, when present in ../shared/ref/e2e/ (format in
// docs/testing.md): each must decode, verify under swirl's key, and equal
// swirl's own proof byte for byte. Absent files skip with a message.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/ref_cases.h"
#include "support/keygen.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/verifier.h"

namespace swirl {
namespace {

using testing::RefCase;
using testing::ref_cases;

TEST(RefProofs, AcceptedAndReproduced) {
  size_t found = 0;
  for (const RefCase& c : ref_cases()) {
    const auto file = testing::read_ref_file(c.file);
    if (!file) continue;
    ++found;
    SCOPED_TRACE(c.file);
    const std::vector<uint8_t>& ref = *file;
    const SystemParams sp = c.params();
    const Fixture fx = c.fixture();
    const MultiStarkProvingKey pk = testing::keygen_fixture(sp, fx);
    auto decoded = decode_proof(ref);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().reason;
    const auto rej = verify(sp, pk.get_vk(), *decoded);
    EXPECT_FALSE(rej.has_value()) << rej->to_string();
    cpu::CpuBackend backend;
    EXPECT_EQ(encode_proof(prove(backend, pk, fx.traces)), ref);
  }
  if (found == 0) GTEST_SKIP() << "no reference proofs in " << testing::ref_dir() << "/e2e (see docs/testing.md)";
}

}  // namespace
}  // namespace swirl
