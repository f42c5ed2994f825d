// Preprocessed Fibonacci: the reference's FibonacciSelectorAir
// (test_utils/dummy_airs/fib_selector_air, v2.0.1). A preprocessed column
// `sel` enables the Fibonacci step on a row (otherwise the row is copied);
// with interactions enabled it adds (left + right) as a lookup key on bus 0
// with multiplicity sel (LookupBus::add_key_with_lookups).
#pragma once

#include <cstdint>
#include <vector>

#include "swirl/air/builder.h"

namespace swirl {

class FibonacciSelectorAir final : public Air {
 public:
  FibonacciSelectorAir(std::vector<bool> sels, bool enable_interactions)
      : sels_(std::move(sels)), interactions_(enable_interactions) {}
  std::string name() const override { return "FibonacciSelectorAir"; }
  size_t width() const override { return 2; }
  size_t num_public_values() const override { return 3; }
  std::optional<ColMajorMatrix<BabyBear>> preprocessed_trace() const override;
  void eval(AirBuilder& b) const override;
  const std::vector<bool>& sels() const { return sels_; }

 private:
  std::vector<bool> sels_;
  bool interactions_;
};

/// Row 0 is (a, b); row i is the Fibonacci step of row i-1 if sels[i-1],
/// else a copy. Height sels.size() (a power of two).
ColMajorMatrix<BabyBear> fib_selector_trace(uint64_t a, uint64_t b, const std::vector<bool>& sels);
/// The last row's right value.
BabyBear conditional_fibonacci_number(uint64_t a, uint64_t b, const std::vector<bool>& sels);

}  // namespace swirl
