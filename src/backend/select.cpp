// Backend choice for the CLI and callers (backend/backend.h).
#include <stdexcept>

#include "swirl/backend/backend.h"
#include "swirl/backend/cpu/cpu_backend.h"

namespace swirl {

BackendChoice parse_backend_choice(const std::string& name) {
  if (name == "auto") return BackendChoice::kAuto;
  if (name == "cpu") return BackendChoice::kCpu;
  if (name == "cuda") return BackendChoice::kCuda;
  throw std::invalid_argument("unknown backend '" + name + "' (expected auto, cpu or cuda)");
}

std::unique_ptr<ProverBackend> make_backend(BackendChoice choice) {
  switch (choice) {
    case BackendChoice::kCpu:
    case BackendChoice::kAuto:
      // auto: the CUDA backend cannot prove yet (below), so auto is the CPU.
      return std::make_unique<cpu::CpuBackend>();
    case BackendChoice::kCuda:
      throw std::runtime_error(
          "the CUDA backend cannot prove yet: only its main-trace commit exists "
          "(backend/cuda/commit.h); the RAP-constraints and openings stages are host-only. "
          "Use --backend cpu (or auto).");
  }
  throw std::invalid_argument("make_backend: bad choice");
}

}  // namespace swirl
