// The device proof-of-work search against the host's (crypto/transcript.h):
// the same smallest witness for random sponge states, every absorb lane and
// bit counts from 0 to 20; the limit is honoured; CudaBackend::grind agrees.
#include <gtest/gtest.h>

#include "gpu_test_util.h"
#include "swirl/backend/cuda/cuda_backend.h"
#include "swirl/backend/cuda/grind.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/field/rng.h"

namespace swirl::cuda {
namespace {

// A transcript whose sponge has absorbed `absorbed` random elements.
Transcript random_transcript(SplitMix64& rng, int absorbed) {
  Transcript t;
  for (int i = 0; i < absorbed; ++i) t.observe(rng.field());
  return t;
}

TEST(CudaGrind, SmallestWitnessEqualsHost) {
  SKIP_WITHOUT_GPU();
  Stream stream;
  SplitMix64 rng(7);
  for (int bits : {0, 1, 2, 5, 8, 12, 16, 20}) {
    for (int absorbed : {0, 1, 7, 8, 13}) {  // lanes 0..7, and a full rate
      Transcript t = random_transcript(rng, absorbed);
      const std::optional<BabyBear> host = t.find_pow_witness(bits);
      const std::optional<BabyBear> dev = find_pow_witness_on_device(t.sponge(), bits, stream.get());
      ASSERT_TRUE(host && dev) << "bits " << bits;
      EXPECT_EQ(*dev, *host) << "bits " << bits << " absorbed " << absorbed;
      Transcript check = t;
      EXPECT_TRUE(check.check_witness(bits, *dev));
    }
  }
}

TEST(CudaGrind, LimitHonoured) {
  SKIP_WITHOUT_GPU();
  Stream stream;
  SplitMix64 rng(11);
  Transcript t = random_transcript(rng, 3);
  const BabyBear w = *t.find_pow_witness(14);
  const uint64_t wv = w.as_canonical();
  EXPECT_EQ(find_pow_witness_on_device(t.sponge(), 14, stream.get(), wv), std::nullopt);
  EXPECT_EQ(find_pow_witness_on_device(t.sponge(), 14, stream.get(), wv + 1), w);
  EXPECT_THROW(find_pow_witness_on_device(t.sponge(), 31, stream.get()), std::invalid_argument);
}

TEST(CudaGrind, BackendGrindEqualsCpuBackend) {
  SKIP_WITHOUT_GPU();
  CudaBackend backend;
  SplitMix64 rng(3);
  Transcript t = random_transcript(rng, 5);
  EXPECT_EQ(backend.grind(t.sponge(), 18), *t.find_pow_witness(18));
}

}  // namespace
}  // namespace swirl::cuda
