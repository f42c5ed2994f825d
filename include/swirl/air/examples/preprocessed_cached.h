// Preprocessed + cached: the reference's PreprocessedCachedAir
// (test_utils/dummy_airs/preprocessed_cached_air, v2.0.1). A preprocessed
// boolean column sel, a common main counter c (0 on the first row, +1 per
// row) and num_cached_parts cached partitions of width 1, each equal to the
// previous partition plus sel (on the local and the next row).
#pragma once

#include <vector>

#include "swirl/air/builder.h"

namespace swirl {

class PreprocessedCachedAir final : public Air {
 public:
  /// Throws std::invalid_argument if num_cached_parts is 0.
  PreprocessedCachedAir(std::vector<bool> sels, size_t num_cached_parts);
  std::string name() const override { return "PreprocessedCachedAir"; }
  size_t width() const override { return 1 + num_cached_parts_; }
  std::vector<size_t> cached_main_widths() const override { return std::vector<size_t>(num_cached_parts_, 1); }
  size_t common_main_width() const override { return 1; }
  std::optional<ColMajorMatrix<BabyBear>> preprocessed_trace() const override;
  void eval(AirBuilder& b) const override;

 private:
  std::vector<bool> sels_;
  size_t num_cached_parts_;
};

/// The common main (row i = i) and the cached parts (part k, row i =
/// i + (k + 1) * sel[i]), as the reference's PreprocessedAndCachedFixture.
struct PreprocessedCachedTraces {
  ColMajorMatrix<BabyBear> common_main;
  std::vector<ColMajorMatrix<BabyBear>> cached_mains;
};
PreprocessedCachedTraces preprocessed_cached_traces(const std::vector<bool>& sels, size_t num_cached_parts);

}  // namespace swirl
