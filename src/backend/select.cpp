// Backend choice for the CLI and callers (backend/select.h). Compiled into
// swirl_select, above the CPU and CUDA libraries.
#include "swirl/backend/select.h"

#include <stdexcept>

#include "swirl/backend/cpu/cpu_backend.h"
#ifdef SWIRL_HAVE_CUDA
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

namespace {

// Why the CUDA backend cannot prove here, or empty when it can. Today it
// always can't: its RAP-constraints and openings stages do not exist yet.
std::string cuda_unavailable_reason() {
#ifndef SWIRL_HAVE_CUDA
  return "swirl was built without CUDA (nvcc not found or -DSWIRL_CUDA=OFF)";
#else
  const char* stages =
      "only its main-trace commit exists (backend/cuda/commit.h); the RAP-constraints and openings stages "
      "are not on the device yet";
  if (!cuda::device_available()) return std::string("no CUDA device is present, and ") + stages;
  return stages;
#endif
}

}  // namespace

std::unique_ptr<ProverBackend> make_backend(BackendChoice choice) {
  switch (choice) {
    case BackendChoice::kCpu:
      return std::make_unique<cpu::CpuBackend>();
    case BackendChoice::kAuto:
      // The CUDA backend when it can prove (never yet, see above).
      return std::make_unique<cpu::CpuBackend>();
    case BackendChoice::kCuda:
      throw std::runtime_error("the CUDA backend cannot prove yet: " + cuda_unavailable_reason() +
                               ". Use --backend cpu (or auto).");
  }
  throw std::invalid_argument("make_backend: bad choice");
}

}  // namespace swirl
