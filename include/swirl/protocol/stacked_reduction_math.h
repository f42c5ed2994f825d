// The stacked opening reduction's small host math, shared by every backend's
// stage (backend/cpu/stacked_reduction.cpp, backend/cuda/stacked_reduction.cu):
// the eq tables over the trace cubes, the round-0 polynomial from the
// per-group accumulations, and the weight tables after folding Z. The bulk
// work (the accumulations over the stacked cells, the folds, the round sums)
// is the backends'. The math: docs/protocol.md, "Stacked opening reduction",
// and the comment at the top of backend/cpu/stacked_reduction.cpp.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string_view>
#include <vector>

#include "swirl/field/babybear4.h"
#include "swirl/protocol/stacked_opening.h"

namespace swirl {

/// The shape checks every backend's stage makes before its first call:
/// l_skip and n_stack in range, r non-empty, every commitment's stacked
/// matrix of height 2^(l_skip + n_stack) (`heights`, `widths` per
/// commitment), every column inside its matrix on an aligned slice, r long
/// enough for it. Throws std::invalid_argument prefixed with `who`.
void check_stacked_reduction_inputs(std::string_view who, int l_skip, int n_stack, std::span<const size_t> heights,
                                    std::span<const size_t> widths, std::span<const StackedOpeningColumn> columns,
                                    std::span<const BabyBear4> r);

/// Round 0's accumulator groups: 0..2 for E0 = eq_D(Z, r_0), E1 =
/// eq_D(Z, w r_0), E2 = eq_D(Z, 1) (n >= 0); then 3 + 2(-n - 1) and
/// 3 + 2(-n - 1) + 1 for A_n, B_n (n = -1..-l). Each group holds 2^l values.
inline size_t stacked_round0_groups(int l_skip) { return 3 + 2 * static_cast<size_t>(l_skip); }

/// (x - 1) mod 2^n.
inline size_t stacked_rot_prev(size_t x, int n) { return x == 0 ? (size_t{1} << n) - 1 : x - 1; }

/// The tables round 0 reads: per cube dimension n >= 0 in use, eq(x, r_1..r_n)
/// and eq(x - 1, r) - eq(x, r) (cyclic, the rotation kernel's boundary term).
struct StackedEqTables {
  std::map<int, std::vector<BabyBear4>> eq_r, eq_r_diff;
  BabyBear4 eq_const;  // eq_D(w r_0, 1)
};
StackedEqTables stacked_eq_tables(int l_skip, std::span<const StackedOpeningColumn> columns,
                                  std::span<const BabyBear4> r);

/// s_0 (2 (2^l - 1) + 1 coefficients) from the groups' accumulations
/// `q_acc` (stacked_round0_groups(l) x 2^l values, group-major).
std::vector<BabyBear4> stacked_round0_poly(int l_skip, const BabyBear4& r0, std::span<const BabyBear4> q_acc);

/// The trace columns' weights after folding Z at u_0, per n (may be
/// negative): for n >= 0 tables over {0,1}^n, for n < 0 one value each.
struct StackedWeights {
  std::vector<BabyBear4> eq, rot;
};
std::map<int, StackedWeights> stacked_weights(int l_skip, std::span<const StackedOpeningColumn> columns,
                                              const StackedEqTables& tables, const BabyBear4& r0,
                                              const BabyBear4& u0);

}  // namespace swirl
