#include "swirl/air/examples/fib_selector.h"

#include <bit>
#include <stdexcept>

#include <fmt/format.h>

namespace swirl {

std::optional<ColMajorMatrix<BabyBear>> FibonacciSelectorAir::preprocessed_trace() const {
  ColMajorMatrix<BabyBear> m(sels_.size(), 1);
  for (size_t i = 0; i < sels_.size(); ++i) m.at(i, 0) = sels_[i] ? BabyBear::one() : BabyBear::zero();
  return m;
}

void FibonacciSelectorAir::eval(AirBuilder& b) const {
  auto pis = b.public_values();
  const Var& sel = b.preprocessed().local(0);
  const Window& main = b.main();
  const Var &left = main.local(0), &right = main.local(1);
  const Var &next_left = main.next(0), &next_right = main.next(1);

  auto first = b.when_first_row();
  first.assert_eq(left, pis[0]);
  first.assert_eq(right, pis[1]);

  // a' <- sel*b + (1 - sel)*a
  b.when_transition().when(sel).assert_eq(right, next_left);
  b.when_transition().when_ne(sel, Expr(1)).assert_eq(left, next_left);
  // b' <- sel*(a + b) + (1 - sel)*b
  b.when_transition().when(sel).assert_eq(Expr(left) + right, next_right);
  b.when_transition().when_ne(sel, Expr(1)).assert_eq(right, next_right);

  b.when_last_row().assert_eq(right, pis[2]);

  if (interactions_) b.add_key_with_lookups(0, {Expr(left) + right}, sel);
}

ColMajorMatrix<BabyBear> fib_selector_trace(uint64_t a, uint64_t b, const std::vector<bool>& sels) {
  const size_t n = sels.size();
  if (!std::has_single_bit(n))
    throw std::invalid_argument(fmt::format("fib_selector_trace: {} selectors is not a power of two", n));
  ColMajorMatrix<BabyBear> t(n, 2);
  t.at(0, 0) = BabyBear::from_u64(a);
  t.at(0, 1) = BabyBear::from_u64(b);
  for (size_t i = 1; i < n; ++i) {
    if (sels[i - 1]) {
      t.at(i, 0) = t.at(i - 1, 1);
      t.at(i, 1) = t.at(i - 1, 0) + t.at(i - 1, 1);
    } else {
      t.at(i, 0) = t.at(i - 1, 0);
      t.at(i, 1) = t.at(i - 1, 1);
    }
  }
  return t;
}

BabyBear conditional_fibonacci_number(uint64_t a, uint64_t b, const std::vector<bool>& sels) {
  BabyBear x = BabyBear::from_u64(a), y = BabyBear::from_u64(b);
  for (size_t i = 0; i + 1 < sels.size(); ++i) {
    if (!sels[i]) continue;
    BabyBear z = x + y;
    x = y;
    y = z;
  }
  return y;
}

}  // namespace swirl
