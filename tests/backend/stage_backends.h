// The backends each stage test runs on: the CPU backend always (first: the
// one every other backend is compared with); the CUDA backend when swirl was
// built with it, a device is present and the CUDA backend has the stage
// (cuda::CudaBackend::has_stage). Each test compares every backend's outputs
// with the CPU backend's.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "swirl/backend/cpu/cpu_backend.h"
#ifdef SWIRL_HAVE_CUDA
#include "swirl/backend/cuda/cuda_backend.h"
#include "swirl/backend/cuda/error.h"
#endif

namespace swirl::testing {

struct NamedBackend {
  std::string name;
  std::shared_ptr<ProverBackend> backend;
};

/// `stage`: "commit", "grind", "logup_gkr", "zerocheck",
/// "stacked_reduction" or "whir".
inline std::vector<NamedBackend> stage_backends(std::string_view stage) {
  std::vector<NamedBackend> out;
  out.push_back({"cpu", std::make_shared<cpu::CpuBackend>()});
#ifdef SWIRL_HAVE_CUDA
  if (cuda::device_available() && cuda::CudaBackend::has_stage(stage))
    out.push_back({"cuda", std::make_shared<cuda::CudaBackend>()});
#else
  (void)stage;
#endif
  return out;
}

}  // namespace swirl::testing
