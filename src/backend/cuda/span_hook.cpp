#include "swirl/backend/cuda/span_hook.h"

#include <cuda_runtime.h>

#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/memory.h"

namespace swirl::cuda {

DeviceSpanHook cuda_span_hook() {
  DeviceSpanHook h;
  h.synchronize = [] { SWIRL_CUDA_CHECK(cudaDeviceSynchronize()); };
  h.memory = [] {
    const DeviceMemoryStats s = device_memory_stats();
    return std::pair<int64_t, int64_t>(static_cast<int64_t>(s.bytes_in_use), static_cast<int64_t>(s.peak_bytes));
  };
  return h;
}

}  // namespace swirl::cuda
