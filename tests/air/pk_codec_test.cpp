// Proving-key files (air/pk_codec.h): a decoded key proves the same bytes as
// the key it was made from, for AIRs with and without preprocessed traces;
// truncated, corrupted or mismatched files are rejected as values, never a
// throw or a key that does not hold together.
#include "swirl/air/pk_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/keygen.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"

namespace swirl {
namespace {

std::vector<uint8_t> prove_bytes(const MultiStarkProvingKey& pk, const Fixture& fx) {
  cpu::CpuBackend backend;
  return encode_proof(prove(backend, pk, fx.traces));
}

struct Case {
  std::string name;
  Fixture fx;
};

std::vector<Case> cases() {
  std::vector<Case> v;
  v.push_back({"fib", fib_fixture(0, 1, 64)});
  v.push_back({"preprocessed", preprocessed_fib_fixture(0, 1, alternating_selectors(64))});
  v.push_back({"preprocessed-cached", preprocessed_and_cached_fixture(alternating_selectors(32), 2)});
  v.push_back({"mixture", mixture_fixture_standard(5)});
  return v;
}

TEST(PkCodec, DecodedKeyProvesTheSameBytes) {
  const SystemParams sp = default_test_params_small();
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    const MultiStarkProvingKey pk = testing::keygen_fixture(sp, c.fx);
    const std::vector<uint8_t> bytes = encode_proving_key(pk);
    auto back = decode_proving_key(bytes);
    ASSERT_TRUE(back.has_value()) << back.error().reason;
    EXPECT_EQ(back->get_vk(), pk.get_vk());
    ASSERT_EQ(back->per_air.size(), pk.per_air.size());
    for (size_t i = 0; i < pk.per_air.size(); ++i) {
      EXPECT_EQ(back->per_air[i].air_name, pk.per_air[i].air_name);
      EXPECT_EQ(back->per_air[i].preprocessed_trace.has_value(), pk.per_air[i].preprocessed_trace.has_value());
      if (pk.per_air[i].preprocessed_data) {
        EXPECT_EQ(back->per_air[i].preprocessed_trace->values(), pk.per_air[i].preprocessed_trace->values());
        EXPECT_EQ(back->per_air[i].preprocessed_data->commit(), pk.per_air[i].preprocessed_data->commit());
        EXPECT_EQ(back->per_air[i].preprocessed_data->matrix.values(), pk.per_air[i].preprocessed_data->matrix.values());
      }
    }
    EXPECT_EQ(encode_proving_key(*back), bytes);
    EXPECT_TRUE(prove_bytes(*back, c.fx) == prove_bytes(pk, c.fx));
  }
}

// Every prefix fails, a changed byte anywhere (the header, the vk, the
// trace, the tree's layers) fails the checksum, a changed version or magic
// its own check, and trailing bytes too.
TEST(PkCodec, RejectsTruncatedCorruptedAndForeignFiles) {
  const SystemParams sp = default_test_params_small();
  const Fixture fx = preprocessed_fib_fixture(0, 1, alternating_selectors(64));
  const std::vector<uint8_t> bytes = encode_proving_key(testing::keygen_fixture(sp, fx));
  for (size_t n = 0; n < bytes.size(); n += 1 + n / 16) {
    auto r = decode_proving_key(std::span<const uint8_t>(bytes.data(), n));
    EXPECT_FALSE(r.has_value()) << "prefix of " << n << " bytes";
  }
  std::vector<uint8_t> trailing = bytes;
  trailing.push_back(0);
  EXPECT_FALSE(decode_proving_key(trailing).has_value());
  for (size_t at = 0; at < bytes.size(); at += 1 + at / 8) {
    std::vector<uint8_t> bad = bytes;
    bad[at] ^= 1;
    EXPECT_FALSE(decode_proving_key(bad).has_value()) << "byte " << at;
  }
}

// A file that is internally consistent (its checksum matches) but whose
// tree is not the verifying key's commitment, or whose version is not this
// build's: rejected by name.
TEST(PkCodec, RootMustBeTheKeysCommitmentAndVersionThisBuilds) {
  const SystemParams sp = default_test_params_small();
  const Fixture fx = preprocessed_fib_fixture(0, 1, alternating_selectors(64));
  MultiStarkProvingKey pk = testing::keygen_fixture(sp, fx);
  MultiStarkProvingKey other = pk;
  other.per_air[0].vk.preprocessed_data->commit[0] += BabyBear::one();
  auto r = decode_proving_key(encode_proving_key(other));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().reason.find("commitment"), std::string::npos) << r.error().reason;
  // Version 2 with a checksum that matches it.
  std::vector<uint8_t> v2 = encode_proving_key(pk);
  v2.resize(v2.size() - 8);
  v2[8] = 2;
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t b : v2) h = (h ^ b) * 0x100000001b3ull;
  for (int i = 0; i < 8; ++i) v2.push_back(static_cast<uint8_t>(h >> (8 * i)));
  r = decode_proving_key(v2);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().reason.find("version 2"), std::string::npos) << r.error().reason;
}

}  // namespace
}  // namespace swirl
