// The constraint program (constraint_program.h) on the device: one thread
// per (point, group) runs its group's instructions, slots in per-thread
// local memory, the instruction stream uniform across a block (every block
// runs one group). The result per point is sum_k lambda^k c_k, the same
// value run_constraint_program gives on the host.
#pragma once

#include <cuda_runtime.h>

#include "swirl/backend/cuda/constraint_program.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/transport.h"

namespace swirl::cuda {

/// A constraint program on the device.
struct DeviceConstraintProgram {
  DeviceBuffer<ProgramInstr> instrs;
  DeviceBuffer<ProgramGroup> groups;
  DeviceBuffer<BabyBear> constants;
  uint32_t num_groups = 0, num_columns = 0, num_constraints = 0, max_slots = 0;
};

/// Uploads `program`. Throws std::invalid_argument when its slots exceed
/// kMaxProgramSlots (compile with more groups).
DeviceConstraintProgram upload_constraint_program(Transporter& t, const ConstraintProgram& program);

inline constexpr uint32_t kMaxProgramSlots = 256;

/// out[p] = sum_k lambda^k c_k at point p, for `points` points whose flat
/// column c is cols[c * points + p] (column-major, coalesced per column).
/// `public_values` and `lambda_pows` (num_constraints entries) are device
/// arrays; `partial` is scratch of num_groups * points entries. Queued on
/// `stream`. T = BabyBear or BabyBear4.
template <typename T>
void eval_constraint_program(const DeviceConstraintProgram& program, const T* cols, size_t points,
                             const BabyBear* public_values, const BabyBear4* lambda_pows, BabyBear4* partial,
                             BabyBear4* out, cudaStream_t stream);

}  // namespace swirl::cuda
