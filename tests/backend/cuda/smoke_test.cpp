// Device smoke test: the field and Poseidon2 code compiled for the GPU gives
// the host's results bit for bit on 2^20 random inputs. Skips without a GPU.
#include <gtest/gtest.h>

#include "backend/cuda/gpu_test_util.h"
#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/selftest.h"
#include "swirl/crypto/poseidon2.h"
#include "swirl/field/rng.h"

namespace swirl::cuda {
namespace {

TEST(CudaSmoke, FieldArithmeticMatchesHost) {
  SKIP_WITHOUT_GPU();
  const size_t n = size_t{1} << 20;
  SplitMix64 rng(11);
  std::vector<BabyBear> a(n), b(n);
  std::vector<BabyBear4> ea(n), eb(n);
  for (size_t i = 0; i < n; ++i) a[i] = rng.field(), b[i] = rng.field(), ea[i] = rng.ext(), eb[i] = rng.ext();
  // Edge values first.
  const uint32_t edge[] = {0, 1, 2, BabyBear::kP - 1, BabyBear::kP - 2, BabyBear::kP / 2};
  for (size_t i = 0; i < std::size(edge); ++i)
    for (size_t j = 0; j < std::size(edge); ++j)
      a[i * 8 + j] = BabyBear::from_canonical(edge[i]), b[i * 8 + j] = BabyBear::from_canonical(edge[j]);
  FieldOpsResult r = field_ops_on_device(a, b, ea, eb);
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    bad += r.add[i] != a[i] + b[i];
    bad += r.sub[i] != a[i] - b[i];
    bad += r.mul[i] != a[i] * b[i];
    bad += r.inv[i] != a[i].inverse();
    bad += r.pow[i] != a[i].pow(b[i].as_canonical());
    bad += r.ext_mul[i] != ea[i] * eb[i];
    bad += r.ext_inv[i] != ea[i].inverse();
  }
  EXPECT_EQ(bad, 0u);
}

TEST(CudaSmoke, Poseidon2MatchesHost) {
  SKIP_WITHOUT_GPU();
  const size_t n = size_t{1} << 20;
  SplitMix64 rng(12);
  std::vector<BabyBear> states(n * kPoseidon2Width);
  for (auto& x : states) x = rng.field();
  std::vector<BabyBear> got = poseidon2_on_device(states);
  size_t bad = 0;
#pragma omp parallel for reduction(+ : bad)
  for (size_t i = 0; i < n; ++i) {
    BabyBear s[kPoseidon2Width];
    for (int j = 0; j < kPoseidon2Width; ++j) s[j] = states[i * kPoseidon2Width + j];
    poseidon2_permute(s);
    for (int j = 0; j < kPoseidon2Width; ++j) bad += s[j] != got[i * kPoseidon2Width + j];
  }
  EXPECT_EQ(bad, 0u);
}

}  // namespace
}  // namespace swirl::cuda
