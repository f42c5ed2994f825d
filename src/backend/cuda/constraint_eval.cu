#include "swirl/backend/cuda/constraint_eval.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cuda/launch.h"
#include "program_interp.cuh"

namespace swirl::cuda {
namespace {

using interp::kBlock;

__global__ void sum_groups_kernel(const BabyBear4* partial, size_t points, uint32_t groups, BabyBear4* out) {
  const size_t p = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (p >= points) return;
  BabyBear4 acc = BabyBear4::zero();
  for (uint32_t g = 0; g < groups; ++g) acc += partial[g * points + p];
  out[p] = acc;
}

}  // namespace

DeviceConstraintProgram upload_constraint_program(Transporter& t, const ConstraintProgram& program) {
  if (program.max_slots > kMaxProgramSlots)
    throw std::invalid_argument("upload_constraint_program: " + std::to_string(program.max_slots) +
                                " slots exceed " + std::to_string(kMaxProgramSlots) + "; compile with more groups");
  DeviceConstraintProgram d;
  d.instrs = t.upload_vector(std::span<const ProgramInstr>(program.instrs));
  d.groups = t.upload_vector(std::span<const ProgramGroup>(program.groups));
  d.constants = t.upload_vector(std::span<const BabyBear>(program.constants));
  d.num_groups = static_cast<uint32_t>(program.groups.size());
  d.num_columns = program.num_columns;
  d.num_constraints = program.num_constraints;
  d.max_slots = program.max_slots;
  return d;
}

template <typename T>
void eval_constraint_program(const DeviceConstraintProgram& program, const T* cols, size_t points,
                             const BabyBear* public_values, const BabyBear4* lambda_pows, BabyBear4* partial,
                             BabyBear4* out, cudaStream_t stream) {
  if (points == 0) return;
  const unsigned blocks = static_cast<unsigned>((points + kBlock - 1) / kBlock);
  if (program.num_groups > 0) {
    const dim3 grid = interp::constraint_grid<T>(points, program.num_groups);
    interp::with_slots(program.max_slots, [&](auto slots) {
      SWIRL_LAUNCH((interp::constraint_partials_kernel<T, decltype(slots)::value, interp::StridedColumns<T>>), grid,
                   dim3(kBlock), 0, stream, program.instrs.data(), program.groups.data(), program.constants.data(),
                   public_values, interp::StridedColumns<T>{cols, points}, points, lambda_pows, partial);
    });
  }
  SWIRL_LAUNCH(sum_groups_kernel, dim3(blocks), dim3(kBlock), 0, stream, partial, points, program.num_groups, out);
}

template void eval_constraint_program<BabyBear>(const DeviceConstraintProgram&, const BabyBear*, size_t,
                                                const BabyBear*, const BabyBear4*, BabyBear4*, BabyBear4*,
                                                cudaStream_t);
template void eval_constraint_program<BabyBear4>(const DeviceConstraintProgram&, const BabyBear4*, size_t,
                                                 const BabyBear*, const BabyBear4*, BabyBear4*, BabyBear4*,
                                                 cudaStream_t);

}  // namespace swirl::cuda
