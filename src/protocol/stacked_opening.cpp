#include "swirl/protocol/stacked_opening.h"

#include <stdexcept>
#include <string>

namespace swirl {

std::vector<StackedOpeningColumn> stacked_opening_columns(std::span<const StackedLayout> layouts,
                                                          std::span<const std::vector<bool>> need_rot_per_commit) {
  if (layouts.size() != need_rot_per_commit.size())
    throw std::invalid_argument("stacked_opening_columns: " + std::to_string(layouts.size()) + " layouts but " +
                                std::to_string(need_rot_per_commit.size()) + " need_rot lists");
  std::vector<StackedOpeningColumn> out;
  for (size_t c = 0; c < layouts.size(); ++c) {
    const StackedLayout& layout = layouts[c];
    if (need_rot_per_commit[c].size() != layout.num_matrices())
      throw std::invalid_argument("stacked_opening_columns: commitment " + std::to_string(c) +
                                  ": need_rot list length != number of matrices");
    for (const StackedColumn& col : layout.sorted_cols())
      out.push_back({c, col.slice.col_idx, col.slice.row_idx, col.slice.log_height,
                     static_cast<bool>(need_rot_per_commit[c][col.mat_idx])});
  }
  return out;
}

std::optional<std::vector<std::array<BabyBear4, 2>>> stacked_claims_from_openings(
    const std::vector<std::vector<std::vector<BabyBear4>>>& column_openings,
    std::span<const std::vector<bool>> need_rot_per_commit) {
  std::vector<std::array<BabyBear4, 2>> out;
  auto append = [&](const std::vector<BabyBear4>& v, bool rot) {
    if (rot) {
      if (v.size() % 2 != 0) return false;
      for (size_t i = 0; i < v.size(); i += 2) out.push_back({v[i], v[i + 1]});
    } else {
      for (const BabyBear4& x : v) out.push_back({x, BabyBear4::zero()});
    }
    return true;
  };
  if (need_rot_per_commit.empty()) return column_openings.empty() ? std::optional(out) : std::nullopt;
  for (size_t air = 0; air < column_openings.size(); ++air) {
    if (column_openings[air].empty() || air >= need_rot_per_commit[0].size()) return std::nullopt;
    if (!append(column_openings[air][0], need_rot_per_commit[0][air])) return std::nullopt;
  }
  size_t commit = 1;
  for (const auto& parts : column_openings)
    for (size_t p = 1; p < parts.size(); ++p, ++commit) {
      if (commit >= need_rot_per_commit.size() || need_rot_per_commit[commit].empty()) return std::nullopt;
      if (!append(parts[p], need_rot_per_commit[commit][0])) return std::nullopt;
    }
  return out;
}

}  // namespace swirl
