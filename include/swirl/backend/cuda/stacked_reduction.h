// The stacked opening reduction stage on the device (backend/stacked_reduction.h),
// beside backend/cpu/stacked_reduction.cpp and with the same math: round 0's
// per-group accumulations over the stacked cells (one thread per trace
// column and skip-domain point), the Lagrange fold of every stacked column
// at u_0, the round sums (one thread per trace column) and the folds of the
// tables. The small polynomial work (s_0 from the accumulations, the weight
// tables after folding Z) is protocol/stacked_reduction_math.h, shared with
// the CPU. Host synchronisations: round0, each round, openings.
#pragma once

#include <cuda_runtime.h>

#include <map>
#include <memory>
#include <vector>

#include "swirl/backend/cuda/mailbox.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/stacked_reduction.h"
#include "swirl/protocol/stacked_reduction_math.h"

namespace swirl::cuda {

class StackedReduction final : public StackedReductionStage {
 public:
  /// `stacked[c]`: commitment c's stacked matrix on the device (height
  /// 2^(l_skip + n_stack)), borrowed for the stage's lifetime, except those
  /// in `owned` (matrices rebuilt for the stage, which it keeps). Throws
  /// std::invalid_argument on inconsistent shapes.
  StackedReduction(int l_skip, int n_stack, std::vector<const DeviceMatrix<BabyBear>*> stacked,
                   std::span<const StackedOpeningColumn> columns, std::span<const BabyBear4> r, cudaStream_t stream,
                   std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned = {});

  std::vector<BabyBear4> round0(const BabyBear4& lambda) override;
  void fold_round0(const BabyBear4& u0) override;
  std::array<BabyBear4, 2> round(int j) override;
  void fold(int j, const BabyBear4& uj) override;
  std::vector<std::vector<BabyBear4>> openings() override;

  /// One trace column as the kernels read it.
  struct Column {
    uint32_t commit, col;
    uint64_t row;
    int32_t n, n_lift;
    uint32_t need_rot;
  };

 private:
  void expect_step(int step, const char* what);

  int l_, n_stack_;
  cudaStream_t stream_;
  std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned_;
  std::vector<const DeviceMatrix<BabyBear>*> stacked_;
  std::vector<StackedOpeningColumn> columns_;
  std::vector<BabyBear4> r_;
  DeviceBuffer<Column> d_columns_;
  DeviceBuffer<const BabyBear*> d_stacked_;  // per commitment, its stacked matrix
  DeviceBuffer<BabyBear4> d_lambda_;         // 2 per column
  StackedEqTables tables_;                    // host, for the weights after round 0
  // Folded stacked columns per commitment (width x len, column-major) and
  // the weight tables per n (index n + l_skip), each ping-ponged.
  std::vector<DeviceBuffer<BabyBear4>> fq_, fq_next_;
  std::vector<DeviceBuffer<BabyBear4>> w_eq_, w_rot_, w_eq_next_, w_rot_next_;
  std::vector<size_t> w_len_;
  size_t fq_len_ = 0;
  DeviceBuffer<BabyBear4> eq_ub_;
  DeviceBuffer<BabyBear4> d_lag_;  // u_0's skip-domain Lagrange weights (read by the queued Z fold)
  DeviceBuffer<BabyBear4> partial_;
  HostMailbox mailbox_;  // each round's two sums
  int step_ = 0;
};

}  // namespace swirl::cuda
