#include "swirl/air/examples/preprocessed_cached.h"

#include <bit>
#include <stdexcept>

#include <fmt/format.h>

namespace swirl {

PreprocessedCachedAir::PreprocessedCachedAir(std::vector<bool> sels, size_t num_cached_parts)
    : sels_(std::move(sels)), num_cached_parts_(num_cached_parts) {
  if (num_cached_parts == 0) throw std::invalid_argument("PreprocessedCachedAir: num_cached_parts must be at least 1");
}

std::optional<ColMajorMatrix<BabyBear>> PreprocessedCachedAir::preprocessed_trace() const {
  ColMajorMatrix<BabyBear> m(sels_.size(), 1);
  for (size_t i = 0; i < sels_.size(); ++i) m.at(i, 0) = sels_[i] ? BabyBear::one() : BabyBear::zero();
  return m;
}

void PreprocessedCachedAir::eval(AirBuilder& b) const {
  const Var &prep_local = b.preprocessed().local(0), &prep_next = b.preprocessed().next(0);
  const Var &common_local = b.common_main().local(0), &common_next = b.common_main().next(0);

  b.assert_zero(Expr(prep_local) * (Expr(prep_local) - Expr(1)));
  b.when_first_row().assert_zero(common_local);
  b.when_transition().assert_one(Expr(common_next) - common_local);

  // Each cached partition increments the previous partition by the selector bit.
  Expr prev_local = common_local, prev_next = common_next;
  for (const Window& cached : b.cached_mains()) {
    const Var &cached_local = cached.local(0), &cached_next = cached.next(0);
    b.assert_eq(prev_local + prep_local, cached_local);
    b.when_transition().assert_eq(prev_next + prep_next, cached_next);
    prev_local = cached_local;
    prev_next = cached_next;
  }
}

PreprocessedCachedTraces preprocessed_cached_traces(const std::vector<bool>& sels, size_t num_cached_parts) {
  const size_t n = sels.size();
  if (!std::has_single_bit(n))
    throw std::invalid_argument(fmt::format("preprocessed_cached_traces: {} selectors is not a power of two", n));
  PreprocessedCachedTraces t;
  t.common_main = ColMajorMatrix<BabyBear>(n, 1);
  for (size_t i = 0; i < n; ++i) t.common_main.at(i, 0) = BabyBear::from_u64(i);
  for (size_t k = 0; k < num_cached_parts; ++k) {
    ColMajorMatrix<BabyBear> c(n, 1);
    for (size_t i = 0; i < n; ++i)
      c.at(i, 0) = BabyBear::from_u64(i) + BabyBear::from_u64(k + 1) * (sels[i] ? BabyBear::one() : BabyBear::zero());
    t.cached_mains.push_back(std::move(c));
  }
  return t;
}

}  // namespace swirl
