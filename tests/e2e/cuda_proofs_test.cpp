// Whole proofs on the CUDA backend: for the same key, traces and parameters
// its proof bytes equal the CPU backend's and verify, it reproduces every
// reference proof file, every cache configuration gives the same bytes, and
// many proofs in one process are identical (no race, no uninitialised
// memory). Skipped without a device; without CUDA in the build the file
// holds one test that says so.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/ref_cases.h"
#include "support/keygen.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/select.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/verifier.h"
#ifdef SWIRL_HAVE_CUDA
#include "swirl/backend/cuda/cuda_backend.h"
#include "swirl/backend/cuda/error.h"
#endif

namespace swirl {
namespace {

#ifdef SWIRL_HAVE_CUDA

#define SKIP_WITHOUT_GPU() \
  if (!cuda::device_available()) GTEST_SKIP() << "no CUDA device"

std::vector<uint8_t> prove_bytes(ProverBackend& backend, const MultiStarkProvingKey& pk, const Fixture& fx) {
  return encode_proof(prove(backend, pk, fx.traces));
}

// The CUDA proof (under `cache`) equals the CPU proof and verifies.
void expect_same_proof(const SystemParams& sp, const Fixture& fx, cuda::ProverCacheConfig cache = {}) {
  const MultiStarkProvingKey pk = testing::keygen_fixture(sp, fx);
  cpu::CpuBackend host;
  const std::vector<uint8_t> want = prove_bytes(host, pk, fx);
  cuda::CudaBackend device(cache);
  const std::vector<uint8_t> got = prove_bytes(device, pk, fx);
  EXPECT_EQ(got.size(), want.size());
  EXPECT_TRUE(got == want) << "the CUDA proof differs from the CPU proof";
  auto decoded = decode_proof(got);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().reason;
  const auto rej = verify(sp, pk.get_vk(), *decoded);
  EXPECT_FALSE(rej.has_value()) << rej->to_string();
}

struct Named {
  std::string name;
  Fixture fx;
};

// The CLI's eight example AIR sets (tools/example_airs.cpp), small.
std::vector<Named> example_airs() {
  std::vector<Named> v;
  v.push_back({"fib", fib_fixture(0, 1, 256)});
  v.push_back({"keccakf", keccakf_fixture(8, 1)});
  v.push_back({"interactions", interactions_fixture_11()});
  v.push_back({"cached", cached_fixture_11()});
  v.push_back({"preprocessed", preprocessed_fib_fixture(0, 1, alternating_selectors(256))});
  v.push_back({"preprocessed-cached", preprocessed_and_cached_fixture(alternating_selectors(256), 2)});
  v.push_back({"self-interaction", self_interaction_fixture({4, 7, 8, 8, 10, 100}, 8, 4)});
  v.push_back({"mixture", mixture_fixture_standard(8)});
  return v;
}

TEST(CudaProofs, ExampleAirsEqualCpu) {
  SKIP_WITHOUT_GPU();
  for (const Named& n : example_airs()) {
    SCOPED_TRACE(n.name);
    expect_same_proof(default_test_params_small(), n.fx);
  }
}

// Every cache choice reads or rebuilds the same data: the same bytes.
TEST(CudaProofs, CacheConfigurationsEqualCpu) {
  SKIP_WITHOUT_GPU();
  const Fixture fx = preprocessed_and_cached_fixture(alternating_selectors(64), 2);
  for (bool stacked : {false, true})
    for (bool codeword : {false, true}) {
      SCOPED_TRACE("cache_stacked_matrix " + std::to_string(stacked) + ", cache_rs_codeword " +
                   std::to_string(codeword));
      expect_same_proof(default_test_params_small(), fx, {stacked, codeword});
    }
}

TEST(CudaProofs, TestSmallVariantsEqualCpu) {
  SKIP_WITHOUT_GPU();
  Fixture fx = mixture_fixture_standard(6);
  fx.append(fib_fixture(0, 1, 128));
  for (const SystemParams& sp :
       {test_params_small(2, 8, 3), test_params_small(3, 5, 2), test_params_small(1, 7, 4, 0)}) {
    SCOPED_TRACE("l_skip " + std::to_string(sp.l_skip) + " n_stack " + std::to_string(sp.n_stack) + " k " +
                 std::to_string(sp.whir.k));
    expect_same_proof(sp, fx);
  }
}

TEST(CudaProofs, KeccakfEqualCpu) {
  SKIP_WITHOUT_GPU();
  for (size_t perms : {8, 64, 1024}) {
    SCOPED_TRACE("keccak-f " + std::to_string(perms) + " permutations, app-100:21");
    expect_same_proof(app_params_100_bits(21), keccakf_fixture(perms, 3));
  }
  for (int log_h : {18, 19, 20, 22}) {
    SCOPED_TRACE("keccak-f 64 permutations, app-100:" + std::to_string(log_h));
    expect_same_proof(app_params_100_bits(log_h), keccakf_fixture(64, 4));
  }
}

TEST(CudaProofs, ReferenceFilesReproduced) {
  SKIP_WITHOUT_GPU();
  size_t found = 0;
  for (const testing::RefCase& c : testing::ref_cases()) {
    const auto ref = testing::read_ref_file(c.file);
    if (!ref) continue;
    ++found;
    SCOPED_TRACE(c.file);
    const Fixture fx = c.fixture();
    const MultiStarkProvingKey pk = testing::keygen_fixture(c.params(), fx);
    cuda::CudaBackend device;
    EXPECT_TRUE(prove_bytes(device, pk, fx) == *ref) << "the CUDA proof differs from the reference file";
  }
  if (found == 0) GTEST_SKIP() << "no reference proofs in " << testing::ref_dir() << "/e2e";
}

// One backend, one key, many proofs: every one the same bytes.
TEST(CudaProofs, HundredProofsIdentical) {
  SKIP_WITHOUT_GPU();
  const SystemParams sp = app_params_100_bits(20);
  const Fixture fx = keccakf_fixture(8, 5);
  const MultiStarkProvingKey pk = testing::keygen_fixture(sp, fx);
  cuda::CudaBackend device;
  const std::vector<uint8_t> first = prove_bytes(device, pk, fx);
  size_t differ = 0;
  for (int i = 1; i < 100; ++i) differ += prove_bytes(device, pk, fx) != first;
  EXPECT_EQ(differ, 0u);
  cpu::CpuBackend host;
  EXPECT_TRUE(prove_bytes(host, pk, fx) == first);
}

TEST(CudaProofs, AutoPicksCuda) {
  SKIP_WITHOUT_GPU();
  EXPECT_EQ(make_backend(BackendChoice::kAuto)->name(), "cuda");
  EXPECT_EQ(make_backend(BackendChoice::kCuda)->name(), "cuda");
}

#else

TEST(CudaProofs, NotBuilt) { GTEST_SKIP() << "swirl was built without CUDA"; }

#endif

}  // namespace
}  // namespace swirl
