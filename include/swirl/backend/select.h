// Choosing a backend. This sits above both backends (library swirl_select,
// which links the CUDA backend when swirl is built with it), so it can
// construct either; the interface below them (backend/backend.h) knows
// neither.
#pragma once

#include <memory>
#include <string>

#include "swirl/backend/backend.h"

namespace swirl {

/// Which backend `--backend` names.
enum class BackendChoice { kAuto, kCpu, kCuda };

/// Parses "auto", "cpu" or "cuda"; throws std::invalid_argument otherwise.
BackendChoice parse_backend_choice(const std::string& name);

/// Whether this build has the CUDA backend and a CUDA device is present.
bool cuda_device_present();
/// The number of CUDA devices this build can prove on (0 without CUDA).
int cuda_device_count();

/// The backend for `choice`. `auto` is the CUDA backend when swirl was built
/// with CUDA, a device is present and the CUDA backend can prove; otherwise
/// the CPU backend. `cuda` throws std::runtime_error saying why it cannot
/// prove here (no CUDA in this build, or no device); it never falls back to
/// host code silently.
/// `device` >= 0 picks the CUDA device by index (std::invalid_argument when
/// there is no such device, or the choice gives the CPU backend); -1 the
/// current device (0 unless the caller set another).
std::unique_ptr<ProverBackend> make_backend(BackendChoice choice, int device = -1);

}  // namespace swirl
