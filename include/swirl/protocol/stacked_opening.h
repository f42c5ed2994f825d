// What the stacked opening reduction needs to know about each trace column
// it reduces: which commitment's stacked matrix holds it, where (the slice),
// its height, and whether a rotated opening is claimed for it. Shared by the
// prover (prover/stacked_reduction.h) and the verifier
// (verifier/stacked_reduction.h).
//
// The list order is the batching order (lambda powers): commitments in
// commitment order, and within one commitment its layout's sorted columns
// (stacking order). Column i is batched with lambda^(2i) for its opening and
// lambda^(2i+1) for its rotated opening.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "swirl/field/babybear4.h"
#include "swirl/protocol/stacking.h"

namespace swirl {

struct StackedOpeningColumn {
  size_t commit = 0;    // index of the commitment (stacked matrix)
  size_t col = 0;       // stacked column
  size_t row = 0;       // first stacked row of the slice
  int log_height = 0;   // the trace's log2 height (may be below l_skip)
  bool need_rot = false;

  /// n = log_height - l_skip (negative for traces shorter than 2^l_skip).
  int n(int l_skip) const { return log_height - l_skip; }
  /// max(n, 0): the number of cube coordinates of the trace.
  int n_lift(int l_skip) const { return log_height > l_skip ? log_height - l_skip : 0; }
  /// Rows the slice spans: 2^(l_skip + n_lift).
  size_t len(int l_skip) const { return size_t{1} << (l_skip + n_lift(l_skip)); }
};

/// The reduction's columns for the commitments laid out by `layouts`
/// (commitment order), each layout's sorted columns in order.
/// need_rot_per_commit[c][m]: whether matrix m of layout c needs its
/// rotated opening (one entry per matrix of the layout). Throws
/// std::invalid_argument when the sizes disagree.
std::vector<StackedOpeningColumn> stacked_opening_columns(std::span<const StackedLayout> layouts,
                                                          std::span<const std::vector<bool>> need_rot_per_commit);

/// The column claims in batching order from the batch-constraint proof's
/// column openings (per present AIR in sorted order, per part: common main,
/// preprocessed, cached; a part with rotation interleaves [t_0, rot_0, t_1,
/// ...]): first part 0 of every AIR (commitment 0, with
/// need_rot_per_commit[0][air]), then for each AIR its other parts in order
/// (commitments 1, 2, ..., with need_rot_per_commit[c][0]). A claim without
/// rotation gets a zero rotated claim (the reference's
/// column_openings_by_rot). nullopt when the openings do not fit (an odd
/// length with rotation, an AIR without part 0, more parts than commitments):
/// a malformed proof.
std::optional<std::vector<std::array<BabyBear4, 2>>> stacked_claims_from_openings(
    const std::vector<std::vector<std::vector<BabyBear4>>>& column_openings,
    std::span<const std::vector<bool>> need_rot_per_commit);

/// The WHIR point for the reduction's u = (u_0, u_1, ..., u_n):
/// (u_0, u_0^2, ..., u_0^(2^(l_skip-1)), u_1, ..., u_n). (An empty u gives [].)
inline std::vector<BabyBear4> stacked_u_to_cube(int l_skip, std::span<const BabyBear4> u) {
  std::vector<BabyBear4> out;
  if (u.empty()) return out;
  BabyBear4 p = u[0];
  for (int i = 0; i < l_skip; ++i) {
    out.push_back(p);
    p = p.square();
  }
  out.insert(out.end(), u.begin() + 1, u.end());
  return out;
}

}  // namespace swirl
