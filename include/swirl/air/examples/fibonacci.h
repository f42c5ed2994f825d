// Fibonacci with public values: the reference's FibonacciAir and its trace
// (crates/stark-backend/src/test_utils/dummy_airs/fib_air, v2.0.1).
// Columns (left, right); public values (a, b, x): the first row is (a, b),
// each next row is (right, left + right), and the last row's right is x.
#pragma once

#include <cstdint>

#include "swirl/air/builder.h"

namespace swirl {

class FibonacciAir final : public Air {
 public:
  std::string name() const override { return "FibonacciAir"; }
  size_t width() const override { return 2; }
  size_t num_public_values() const override { return 3; }
  void eval(AirBuilder& b) const override;
};

/// Rows (a, b), (b, a + b), ... of height n (a power of two).
ColMajorMatrix<BabyBear> fibonacci_trace(uint64_t a, uint64_t b, size_t n);
/// The right column of the last row of fibonacci_trace(a, b, n).
BabyBear fibonacci_number(uint64_t a, uint64_t b, size_t n);

}  // namespace swirl
