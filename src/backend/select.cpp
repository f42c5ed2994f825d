// Backend choice for the CLI and callers (backend/select.h). Compiled into
// swirl_select, above the CPU and CUDA libraries.
#include "swirl/backend/select.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/cpu_backend.h"
#ifdef SWIRL_HAVE_CUDA
#include "swirl/backend/cuda/cuda_backend.h"
#include "swirl/backend/cuda/device.h"
#include "swirl/backend/cuda/error.h"
#endif

namespace swirl {

BackendChoice parse_backend_choice(const std::string& name) {
  if (name == "auto") return BackendChoice::kAuto;
  if (name == "cpu") return BackendChoice::kCpu;
  if (name == "cuda") return BackendChoice::kCuda;
  throw std::invalid_argument("unknown backend '" + name + "' (expected auto, cpu or cuda)");
}

bool cuda_device_present() {
#ifdef SWIRL_HAVE_CUDA
  return cuda::device_available();
#else
  return false;
#endif
}

int cuda_device_count() {
#ifdef SWIRL_HAVE_CUDA
  return cuda::device_count();
#else
  return 0;
#endif
}

namespace {

// Why the CUDA backend cannot prove here, or empty when it can.
std::string cuda_unavailable_reason() {
#ifndef SWIRL_HAVE_CUDA
  return "swirl was built without CUDA (nvcc not found or -DSWIRL_CUDA=OFF)";
#else
  if (!cuda::device_available()) return "no CUDA device is present";
  return {};
#endif
}

}  // namespace

std::unique_ptr<ProverBackend> make_backend(BackendChoice choice, int device) {
  const auto cpu_backend = [device]() -> std::unique_ptr<ProverBackend> {
    if (device >= 0)
      throw std::invalid_argument("device " + std::to_string(device) +
                                  ": a device index applies to the CUDA backend, and the CPU backend proves here");
    return std::make_unique<cpu::CpuBackend>();
  };
  switch (choice) {
    case BackendChoice::kCpu:
      return cpu_backend();
    case BackendChoice::kAuto:
#ifdef SWIRL_HAVE_CUDA
      if (cuda_unavailable_reason().empty()) return std::make_unique<cuda::CudaBackend>(cuda::ProverCacheConfig{}, device);
#endif
      return cpu_backend();
    case BackendChoice::kCuda: {
      const std::string why = cuda_unavailable_reason();
      if (!why.empty()) throw std::runtime_error("the CUDA backend cannot prove here: " + why + ". Use --backend cpu (or auto).");
#ifdef SWIRL_HAVE_CUDA
      return std::make_unique<cuda::CudaBackend>(cuda::ProverCacheConfig{}, device);
#endif
    }
  }
  throw std::invalid_argument("make_backend: bad choice");
}

}  // namespace swirl
