// Every CUDA runtime call and every kernel launch is checked. A failure
// becomes a typed exception that names the failing expression and its call
// site, so a CUDA fault can never turn into a silently wrong proof.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <stdexcept>
#include <string>

namespace swirl::cuda {

/// A CUDA runtime error, with the expression and call site that produced it.
class CudaError : public std::runtime_error {
 public:
  CudaError(cudaError_t code, const char* expr, const char* file, int line);
  cudaError_t code() const { return code_; }

 protected:
  CudaError(cudaError_t code, const std::string& message) : std::runtime_error(message), code_(code) {}

 private:
  cudaError_t code_;
};

/// Device memory exhaustion: what was asked for and what the device had free.
class DeviceOutOfMemory : public CudaError {
 public:
  DeviceOutOfMemory(size_t requested, size_t free_bytes, size_t total_bytes, const char* expr, const char* file,
                    int line);
  size_t requested() const { return requested_; }
  size_t free_bytes() const { return free_; }

 private:
  size_t requested_, free_;
};

/// Pinned (page-locked) host memory that could not be had: the bytes asked
/// for and the bytes this process has pinned already (the pool's).
class PinnedOutOfMemory : public CudaError {
 public:
  PinnedOutOfMemory(size_t requested, size_t pinned_bytes, const std::string& why, const char* file, int line);
  size_t requested() const { return requested_; }
  size_t pinned_bytes() const { return pinned_; }

 private:
  size_t requested_, pinned_;
};

/// Throws CudaError for any code other than cudaSuccess.
void check(cudaError_t code, const char* expr, const char* file, int line);

/// Checks the launch that just happened (configuration errors are reported
/// by cudaGetLastError; faults inside the kernel surface at the next sync).
void check_launch(const char* kernel, const char* file, int line);

/// True when a CUDA device can be used by this process.
bool device_available();

}  // namespace swirl::cuda

#define SWIRL_CUDA_CHECK(expr) ::swirl::cuda::check((expr), #expr, __FILE__, __LINE__)
#define SWIRL_CUDA_CHECK_LAUNCH(kernel) ::swirl::cuda::check_launch(kernel, __FILE__, __LINE__)
