#include "swirl/backend/cuda/launch.h"

#include <atomic>
#include <cstdlib>

namespace swirl::cuda {
namespace {

std::atomic<uint64_t> g_launches{0};

// SWIRL_CUDA_FAIL_LAUNCH=N: the N-th launch of the process fails (tests of
// the failure paths; 0 or unset: none).
uint64_t fail_from_env() {
  const char* v = std::getenv("SWIRL_CUDA_FAIL_LAUNCH");
  return v == nullptr ? 0 : std::strtoull(v, nullptr, 10);
}
std::atomic<uint64_t> g_fail_at{fail_from_env()};

}  // namespace

uint64_t launch_count() { return g_launches.load(); }

bool count_launch() {
  const uint64_t n = g_launches.fetch_add(1) + 1;
  const uint64_t f = g_fail_at.load();
  return f != 0 && n == f;
}

void fail_launch_number(uint64_t n) { g_fail_at.store(n); }

void allow_dynamic_smem(const void* kernel, size_t bytes, const char* file, int line) {
  int device = 0, optin = 0;
  check(cudaGetDevice(&device), "cudaGetDevice", file, line);
  check(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device),
        "cudaDeviceGetAttribute(MaxSharedMemoryPerBlockOptin)", file, line);
  if (bytes > static_cast<size_t>(optin))
    throw CudaError(cudaErrorInvalidValue, "allow_dynamic_smem: more than the device's opt-in shared memory", file, line);
  check(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, optin),
        "cudaFuncSetAttribute(MaxDynamicSharedMemorySize)", file, line);
}

}  // namespace swirl::cuda
