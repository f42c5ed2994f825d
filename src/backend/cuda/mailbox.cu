#include "swirl/backend/cuda/mailbox.h"

#include <atomic>
#include <stdexcept>
#include <string>

#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/launch.h"

namespace swirl::cuda {

namespace {
size_t round_up(size_t v, size_t a) { return (v + a - 1) / a * a; }

__global__ void post_kernel(const uint32_t* src, size_t words, uint32_t* dst, volatile uint32_t* flag, uint32_t seq) {
  for (size_t i = threadIdx.x; i < words; i += blockDim.x) dst[i] = src[i];
  __syncthreads();
  if (threadIdx.x == 0) {
    __threadfence_system();
    *flag = seq;
  }
}
}  // namespace

uint32_t HostMailbox::post(const void* device_src, size_t bytes) {
  if (bytes % 4 != 0 || bytes > bytes_)
    throw std::invalid_argument("HostMailbox::post: " + std::to_string(bytes) + " bytes (capacity " +
                                std::to_string(bytes_) + ", whole words only)");
  const uint32_t seq = arm();
  SWIRL_LAUNCH(post_kernel, dim3(1), dim3(256), 0, stream_, static_cast<const uint32_t*>(device_src), bytes / 4,
               static_cast<uint32_t*>(device_payload_), device_flag_, seq);
  return seq;
}

HostMailbox::HostMailbox(size_t bytes, cudaStream_t stream) : stream_(stream), bytes_(bytes) {
  const size_t off = round_up(bytes, 64);
  block_ = PinnedPool::global().acquire(off + 64);
  host_flag_ = reinterpret_cast<volatile uint32_t*>(block_.data() + off);
  *host_flag_ = 0;
  void* dev = nullptr;
  SWIRL_CUDA_CHECK(cudaHostGetDevicePointer(&dev, block_.data(), 0));
  device_payload_ = dev;
  device_flag_ = reinterpret_cast<volatile uint32_t*>(static_cast<std::byte*>(dev) + off);
}

void HostMailbox::wait(uint32_t seq) const {
  for (uint64_t spins = 1;; ++spins) {
    if (*host_flag_ == seq) break;
    if ((spins & 0x3ff) == 0) {
      const cudaError_t e = cudaStreamQuery(stream_);
      if (e != cudaErrorNotReady) {
        check(e, "cudaStreamQuery (mailbox wait)", __FILE__, __LINE__);
        if (*host_flag_ != seq) throw std::logic_error("HostMailbox::wait: the stream finished without the result");
        break;
      }
    }
  }
  std::atomic_thread_fence(std::memory_order_acquire);
}

}  // namespace swirl::cuda
