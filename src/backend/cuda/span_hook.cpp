#include "swirl/backend/cuda/span_hook.h"

#include <cuda_runtime.h>
#include <nvtx3/nvToolsExt.h>

#include <algorithm>

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
  h.range_push = [](const std::string& name) { nvtxRangePushA(name.c_str()); };
  h.range_pop = [] { nvtxRangePop(); };
  h.reset_peak = [] { return static_cast<int64_t>(DeviceAllocator::instance().reset_peak()); };
  h.raise_peak = [](int64_t p) { DeviceAllocator::instance().raise_peak(static_cast<size_t>(std::max<int64_t>(p, 0))); };
  return h;
}

}  // namespace swirl::cuda
