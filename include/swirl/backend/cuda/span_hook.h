// The CUDA backend's device hook for timing spans (util/span.h): at each span
// edge it waits for the device (so a span's time covers its device work) and
// reports the device allocator's bytes in use and peak.
#pragma once

#include "swirl/util/span.h"

namespace swirl::cuda {

/// For `device` (-1: the calling thread's current one): synchronize:
/// cudaDeviceSynchronize on it (checked); memory: its DeviceAllocator's
/// (bytes_in_use, peak_bytes); reset_peak / raise_peak: the allocator's, so
/// each span reports its own peak; range_push / range_pop: an NVTX range per
/// span (header-only NVTX 3 from the toolkit; free without a profiler).
DeviceSpanHook cuda_span_hook(int device = -1);

}  // namespace swirl::cuda
