// The one way kernels are launched: launch() counts every launch (so tests
// can assert "this upload launched nothing") and checks the launch right
// away. Kernel faults surface at the next synchronisation as a CudaError.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "swirl/backend/cuda/error.h"

namespace swirl::cuda {

/// Kernels launched through launch() since the process started.
uint64_t launch_count();
/// Increments the counter (called by launch()); true when this launch is
/// the one fail_launch_number() named.
bool count_launch();
/// Fault injection for tests: launch number n (1-based, counted by
/// launch_count()) fails with a CudaError (cudaErrorLaunchFailure, naming
/// the kernel and call site) instead of running; 0 turns it off. The
/// environment variable SWIRL_CUDA_FAIL_LAUNCH=n sets it at start-up, so a
/// whole program's failure path (the CLI's exit status and output files)
/// can be tested.
void fail_launch_number(uint64_t n);

/// Lets `kernel` launch with up to `bytes` of dynamic shared memory on the
/// current device (CudaError when the device cannot give that much). The
/// attribute is set to the device's opt-in maximum, the same value from
/// every caller: a per-launch value would race between host threads
/// launching the kernel with different sizes (one thread lowering the limit
/// between another's set and launch). The limit does not change occupancy,
/// which depends on the bytes a launch asks for.
void allow_dynamic_smem(const void* kernel, size_t bytes, const char* file = __builtin_FILE(),
                        int line = __builtin_LINE());

#if defined(__CUDACC__)
/// Launches `kernel<<<grid, block, smem, stream>>>(args...)`, counts it and
/// checks the launch; errors name the kernel and the call site. Use through
/// SWIRL_LAUNCH.
template <typename... KArgs, typename... Args>
void launch_at(const char* file, int line, const char* name, void (*kernel)(KArgs...), dim3 grid, dim3 block,
               size_t smem, cudaStream_t stream, Args&&... args) {
  if (count_launch()) throw CudaError(cudaErrorLaunchFailure, name, file, line);
  kernel<<<grid, block, smem, stream>>>(static_cast<KArgs>(args)...);
  check_launch(name, file, line);
}
#define SWIRL_LAUNCH(kernel, grid, block, smem, stream, ...) \
  ::swirl::cuda::launch_at(__FILE__, __LINE__, #kernel, kernel, grid, block, smem, stream, __VA_ARGS__)
#endif

}  // namespace swirl::cuda
