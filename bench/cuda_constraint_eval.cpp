// The device constraint interpreter (backend/cuda/constraint_eval.h) on the
// keccak-f AIR at the point counts of a keccak-f 1024-permutation proof
// (app-100:21): round 0 evaluates 2^16 base-field points, the first MLE
// round 3,072 extension-field points. For several cone counts: the median
// of 5 timed runs (CUDA events, after a warm-up) and the rate in
// instructions x points per second. Prints one table.
//   swirl_bench_cuda_constraint_eval
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "swirl/air/dag_constraints.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cuda/constraint_eval.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/field/powers.h"
#include "swirl/field/rng.h"

namespace {

using namespace swirl;
using namespace swirl::cuda;

template <typename T>
double time_eval(const DeviceConstraintProgram& prog, size_t points, Transporter& t) {
  SplitMix64 rng(1);
  std::vector<T> cols(size_t{prog.num_columns} * points);
  for (auto& c : cols) c = rng.template element<T>();
  std::vector<BabyBear4> lam = powers(rng.ext(), prog.num_constraints);
  DeviceBuffer<T> dcols = t.upload_vector(std::span<const T>(cols));
  DeviceBuffer<BabyBear4> dlam = t.upload_vector(std::span<const BabyBear4>(lam));
  DeviceBuffer<BabyBear> dpv(1);
  DeviceBuffer<BabyBear4> partial(size_t{prog.num_groups} * points), out(points);
  t.synchronize();
  cudaEvent_t a, b;
  cudaEventCreate(&a);
  cudaEventCreate(&b);
  std::vector<float> ms;
  for (int r = 0; r < 6; ++r) {
    cudaEventRecord(a, t.stream());
    eval_constraint_program<T>(prog, dcols.data(), points, dpv.data(), dlam.data(), partial.data(), out.data(),
                               t.stream());
    cudaEventRecord(b, t.stream());
    cudaEventSynchronize(b);
    float m = 0;
    cudaEventElapsedTime(&m, a, b);
    if (r > 0) ms.push_back(m);
  }
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main() {
  MultiStarkKeygenBuilder kb(app_params_100_bits(21));
  kb.add_air(std::make_shared<keccakf::KeccakfAir>());
  const MultiStarkProvingKey pk = *kb.generate_pk();
  const StarkVerifyingKey& vk = pk.per_air[0].vk;
  std::printf("%-8s %-6s %-12s %-6s %-10s %-10s\n", "field", "cones", "instructions", "slots", "points", "ms");
  Transporter t;
  for (size_t groups : {32, 64, 128, 256}) {
    const ConstraintProgram prog = compile_constraint_program(vk.symbolic_constraints, air_shape(vk), groups);
    if (prog.max_slots > kMaxProgramSlots) continue;
    const DeviceConstraintProgram dprog = upload_constraint_program(t, prog);
    const double f = time_eval<BabyBear>(dprog, size_t{1} << 16, t);
    std::printf("%-8s %-6zu %-12zu %-6u %-10d %-10.3f\n", "F", prog.groups.size(), prog.instrs.size(), prog.max_slots,
                1 << 16, f);
    const double e = time_eval<BabyBear4>(dprog, 3072, t);
    std::printf("%-8s %-6zu %-12zu %-6u %-10d %-10.3f\n", "EF", prog.groups.size(), prog.instrs.size(),
                prog.max_slots, 3072, e);
  }
  return 0;
}
