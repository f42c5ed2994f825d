#include "swirl/backend/cuda/span_hook.h"

#include <cuda_runtime.h>
#include <nvtx3/nvToolsExt.h>

#include <algorithm>

#include "swirl/backend/cuda/device.h"
#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/memory.h"

namespace swirl::cuda {

DeviceSpanHook cuda_span_hook(int device) {
  DeviceAllocator* a = &(device < 0 ? DeviceAllocator::current() : DeviceAllocator::of(device));
  const int d = a->device();
  DeviceSpanHook h;
  h.synchronize = [d] {
    const DeviceScope on(d);
    SWIRL_CUDA_CHECK(cudaDeviceSynchronize());
  };
  h.memory = [a] {
    const DeviceMemoryStats s = a->stats();
    return std::pair<int64_t, int64_t>(static_cast<int64_t>(s.bytes_in_use), static_cast<int64_t>(s.peak_bytes));
  };
  h.range_push = [](const std::string& name) { nvtxRangePushA(name.c_str()); };
  h.range_pop = [] { nvtxRangePop(); };
  h.reset_peak = [a] { return static_cast<int64_t>(a->reset_peak()); };
  h.raise_peak = [a](int64_t p) { a->raise_peak(static_cast<size_t>(std::max<int64_t>(p, 0))); };
  return h;
}

}  // namespace swirl::cuda
