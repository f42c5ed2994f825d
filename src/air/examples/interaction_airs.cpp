#include "swirl/air/examples/interaction_airs.h"

#include <bit>
#include <stdexcept>

#include <fmt/format.h>

namespace swirl {

void DummyInteractionAir::eval(AirBuilder& b) const {
  std::vector<Expr> fields;
  Expr count;
  if (partition_) {
    count = b.common_main().local(0);
    for (const Var& v : b.cached_mains()[0].local_row()) fields.emplace_back(v);
  } else {
    const Window& main = b.main();
    count = main.local(0);
    for (size_t i = 0; i < field_width_; ++i) fields.emplace_back(main.local(1 + i));
  }
  if (is_send_)
    b.push_interaction(bus_, std::move(fields), count, count_weight_);
  else
    b.push_interaction(bus_, std::move(fields), Expr(-1) * count, count_weight_);
}

void SelfInteractionAir::eval(AirBuilder& b) const {
  const Window& main = b.main();
  std::vector<Expr> local, next;
  for (const Var& v : main.local_row()) local.emplace_back(v);
  for (const Var& v : main.next_row()) next.emplace_back(v);
  // Both sums fold the LOCAL row from zero: ((0 + l0) + l1) + ... (the
  // reference computes next_sum from `local` too; kept for equal DAGs).
  Expr local_sum(0), next_sum(0);
  for (const Expr& e : local) local_sum = local_sum + e;
  for (const Expr& e : local) next_sum = next_sum + e;

  b.push_interaction(bus_, local, Expr(1), 1);
  b.push_interaction(bus_, next, Expr(-1), 1);
  b.push_interaction(bus_, local, local_sum, 1);
  b.push_interaction(bus_, next, -next_sum, 1);
  b.push_interaction(bus_, local, local[0], 1);
  b.push_interaction(bus_, next, -next[0], 1);
  std::vector<Expr> local_rev(local.rbegin(), local.rend()), next_rev(next.rbegin(), next.rend());
  b.push_interaction(bus_, local_rev, local_sum, 1);
  b.push_interaction(bus_, next_rev, -next_sum, 1);
}

ColMajorMatrix<BabyBear> dummy_interaction_trace(const std::vector<uint32_t>& count,
                                                 const std::vector<std::vector<uint32_t>>& fields) {
  if (count.size() != fields.size() || count.empty())
    throw std::invalid_argument(fmt::format("dummy_interaction_trace: {} counts for {} field rows", count.size(),
                                            fields.size()));
  const size_t w = fields[0].size();
  const size_t h = std::bit_ceil(count.size());
  ColMajorMatrix<BabyBear> t(h, 1 + w);
  for (size_t r = 0; r < count.size(); ++r) {
    if (fields[r].size() != w)
      throw std::invalid_argument(fmt::format("dummy_interaction_trace: row {} has {} fields, not {}", r,
                                              fields[r].size(), w));
    t.at(r, 0) = BabyBear::from_u32(count[r]);
    for (size_t i = 0; i < w; ++i) t.at(r, 1 + i) = BabyBear::from_u32(fields[r][i]);
  }
  return t;
}

ColMajorMatrix<BabyBear> self_interaction_trace(size_t width, size_t log_height) {
  if (width == 0) throw std::invalid_argument("self_interaction_trace: width 0");
  const size_t h = size_t{1} << log_height;
  ColMajorMatrix<BabyBear> t(h, width);
  for (size_t r = 0; r < h; ++r)
    for (size_t i = 0; i < width; ++i) t.at(r, i) = BabyBear::from_u64((r + i) % width);
  return t;
}

}  // namespace swirl
