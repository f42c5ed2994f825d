// The host mailbox (backend/cuda/mailbox.h): a posted payload arrives whole
// and in order over many rounds, a post larger than the mailbox or of a
// partial word is refused, and wait() surfaces a stream error instead of
// hanging.
#include "swirl/backend/cuda/mailbox.h"

#include <gtest/gtest.h>

#include <vector>

#include "backend/cuda/gpu_test_util.h"
#include "swirl/backend/cuda/stream.h"

namespace swirl::cuda {
namespace {

TEST(HostMailbox, PostsArriveInOrder) {
  SKIP_WITHOUT_GPU();
  Stream stream;
  HostMailbox box(64 * sizeof(uint32_t), stream.get());
  DeviceBuffer<uint32_t> src(64);
  std::vector<uint32_t> v(64);
  for (uint32_t round = 0; round < 200; ++round) {
    for (uint32_t i = 0; i < 64; ++i) v[i] = round * 1000 + i;
    SWIRL_CUDA_CHECK(
        cudaMemcpyAsync(src.data(), v.data(), 64 * sizeof(uint32_t), cudaMemcpyHostToDevice, stream.get()));
    const uint32_t words = 1 + round % 64;
    box.wait(box.post(src.data(), words * sizeof(uint32_t)));
    for (uint32_t i = 0; i < words; ++i) ASSERT_EQ(box.read<uint32_t>()[i], round * 1000 + i) << "round " << round;
  }
}

TEST(HostMailbox, RefusesOversizedAndPartialWords) {
  SKIP_WITHOUT_GPU();
  Stream stream;
  HostMailbox box(16, stream.get());
  DeviceBuffer<uint32_t> src(8);
  EXPECT_THROW(box.post(src.data(), 32), std::invalid_argument);
  EXPECT_THROW(box.post(src.data(), 6), std::invalid_argument);
}

TEST(HostMailbox, WaitWithoutPostIsALogicError) {
  SKIP_WITHOUT_GPU();
  Stream stream;
  HostMailbox box(16, stream.get());
  // Nothing is queued: the stream is idle, so wait() must not spin forever.
  EXPECT_THROW(box.wait(box.arm()), std::logic_error);
}

}  // namespace
}  // namespace swirl::cuda
