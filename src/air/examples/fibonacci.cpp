#include "swirl/air/examples/fibonacci.h"

#include <bit>
#include <stdexcept>

#include <fmt/format.h>

namespace swirl {

void FibonacciAir::eval(AirBuilder& b) const {
  const Window& main = b.main();
  auto pis = b.public_values();
  const Var &a = pis[0], &bb = pis[1], &x = pis[2];
  const Var &left = main.local(0), &right = main.local(1);
  const Var &next_left = main.next(0), &next_right = main.next(1);

  auto first = b.when_first_row();
  first.assert_eq(left, a);
  first.assert_eq(right, bb);

  auto trans = b.when_transition();
  trans.assert_eq(right, next_left);                 // a' <- b
  trans.assert_eq(Expr(left) + right, next_right);   // b' <- a + b

  b.when_last_row().assert_eq(right, x);
}

ColMajorMatrix<BabyBear> fibonacci_trace(uint64_t a, uint64_t b, size_t n) {
  if (!std::has_single_bit(n)) throw std::invalid_argument(fmt::format("fibonacci_trace: n = {} is not a power of two", n));
  ColMajorMatrix<BabyBear> t(n, 2);
  t.at(0, 0) = BabyBear::from_u64(a);
  t.at(0, 1) = BabyBear::from_u64(b);
  for (size_t i = 1; i < n; ++i) {
    t.at(i, 0) = t.at(i - 1, 1);
    t.at(i, 1) = t.at(i - 1, 0) + t.at(i - 1, 1);
  }
  return t;
}

BabyBear fibonacci_number(uint64_t a, uint64_t b, size_t n) {
  BabyBear x = BabyBear::from_u64(a), y = BabyBear::from_u64(b);
  for (size_t i = 1; i < n; ++i) {
    BabyBear z = x + y;
    x = y;
    y = z;
  }
  return y;
}

}  // namespace swirl
