// The one way kernels are launched: launch() counts every launch (so tests
// can assert "this upload launched nothing") and checks the launch right
// away. Kernel faults surface at the next synchronisation as a CudaError.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "swirl/backend/cuda/error.h"

namespace swirl::cuda {

/// Kernels launched through launch() since the process started.
uint64_t launch_count();
/// Increments the counter (called by launch()).
void count_launch();

#if defined(__CUDACC__)
/// Launches `kernel<<<grid, block, smem, stream>>>(args...)`, counts it and
/// checks the launch; errors name the kernel and the call site. Use through
/// SWIRL_LAUNCH.
template <typename... KArgs, typename... Args>
void launch_at(const char* file, int line, const char* name, void (*kernel)(KArgs...), dim3 grid, dim3 block,
               size_t smem, cudaStream_t stream, Args&&... args) {
  count_launch();
  kernel<<<grid, block, smem, stream>>>(static_cast<KArgs>(args)...);
  check_launch(name, file, line);
}
#define SWIRL_LAUNCH(kernel, grid, block, smem, stream, ...) \
  ::swirl::cuda::launch_at(__FILE__, __LINE__, #kernel, kernel, grid, block, smem, stream, __VA_ARGS__)
#endif

}  // namespace swirl::cuda
