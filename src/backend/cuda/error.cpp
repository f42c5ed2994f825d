#include "swirl/backend/cuda/error.h"

#include <fmt/format.h>

namespace swirl::cuda {

CudaError::CudaError(cudaError_t code, const char* expr, const char* file, int line)
    : std::runtime_error(
          fmt::format("CUDA error {} ({}): {} at {}@{}:{}", static_cast<int>(code), cudaGetErrorName(code),
                      cudaGetErrorString(code), expr, file, line)),
      code_(code) {}

DeviceOutOfMemory::DeviceOutOfMemory(size_t requested, size_t free_bytes, size_t total_bytes, const char* expr,
                                     const char* file, int line)
    : CudaError(cudaErrorMemoryAllocation,
                fmt::format("device out of memory: requested {} bytes, {} of {} bytes free, at {}@{}:{}", requested,
                            free_bytes, total_bytes, expr, file, line)),
      requested_(requested),
      free_(free_bytes) {}

PinnedOutOfMemory::PinnedOutOfMemory(size_t requested, size_t pinned_bytes, const std::string& why, const char* file,
                                     int line)
    : CudaError(cudaErrorMemoryAllocation,
                fmt::format("pinned host memory: requested {} bytes, {} bytes pinned already: {} at {}:{}", requested,
                            pinned_bytes, why, file, line)),
      requested_(requested),
      pinned_(pinned_bytes) {}

void check(cudaError_t code, const char* expr, const char* file, int line) {
  if (code == cudaSuccess) return;
  cudaGetLastError();  // clear a sticky-free error so later calls start clean
  throw CudaError(code, expr, file, line);
}

void check_launch(const char* kernel, const char* file, int line) {
  check(cudaGetLastError(), kernel, file, line);
}

bool device_available() {
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    cudaGetLastError();
    return false;
  }
  return n > 0;
}

}  // namespace swirl::cuda
