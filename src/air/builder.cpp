#include "swirl/air/builder.h"

#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

namespace swirl {

std::vector<size_t> TraceWidth::main_widths() const {
  std::vector<size_t> w = cached_mains;
  if (common_main != 0) w.push_back(common_main);
  return w;
}

size_t TraceWidth::main_width() const {
  return std::accumulate(cached_mains.begin(), cached_mains.end(), size_t{0}) + common_main;
}

Window::Window(EntryKind kind, size_t part_index, size_t width) : width_(width) {
  vars_.reserve(2 * width);
  for (size_t offset = 0; offset < 2; ++offset)
    for (size_t i = 0; i < width; ++i)
      vars_.push_back(Var{kind == EntryKind::kPreprocessed ? Entry::preprocessed(offset)
                                                           : Entry::main(part_index, offset),
                          i});
}

const Var& Window::local(size_t col) const {
  if (col >= width_) throw std::out_of_range(fmt::format("Window::local: column {} >= width {}", col, width_));
  return vars_[col];
}

const Var& Window::next(size_t col) const {
  if (col >= width_) throw std::out_of_range(fmt::format("Window::next: column {} >= width {}", col, width_));
  return vars_[width_ + col];
}

std::span<const Var> Window::row(size_t offset) const {
  if (offset > 1) throw std::out_of_range(fmt::format("Window::row: offset {} (window has rows 0 and 1)", offset));
  return {vars_.data() + offset * width_, width_};
}

void ConditionalBuilder::assert_zero(const Expr& x) {
  // p3's FilteredAirBuilder: each level multiplies its condition on the
  // left of what the inner level asserts, so the innermost goes first.
  Expr e = x;
  for (size_t i = conditions_.size(); i-- > 0;) e = conditions_[i] * e;
  builder_->assert_zero(e);
}

ConditionalBuilder ConditionalBuilder::when(const Expr& condition) const {
  std::vector<Expr> c = conditions_;
  c.push_back(condition);
  return ConditionalBuilder(builder_, std::move(c));
}

AirBuilder::AirBuilder(const TraceWidth& width, size_t num_public_values) : width_(width) {
  if (width.preprocessed) preprocessed_ = Window(EntryKind::kPreprocessed, 0, *width.preprocessed);
  for (size_t i = 0; i < width.cached_mains.size(); ++i) mains_.emplace_back(EntryKind::kMain, i, width.cached_mains[i]);
  if (width.common_main != 0) mains_.emplace_back(EntryKind::kMain, width.cached_mains.size(), width.common_main);
  public_values_.reserve(num_public_values);
  for (size_t i = 0; i < num_public_values; ++i) public_values_.push_back(Var{Entry::public_value(), i});
}

const Window& AirBuilder::preprocessed() const {
  if (!preprocessed_) throw std::logic_error("AirBuilder::preprocessed: the AIR has no preprocessed trace");
  return *preprocessed_;
}

const Window& AirBuilder::main() const {
  if (mains_.size() != 1)
    throw std::logic_error(fmt::format(
        "AirBuilder::main: the main trace has {} partitions (use cached_mains()/common_main())", mains_.size()));
  return mains_[0];
}

std::span<const Window> AirBuilder::cached_mains() const { return {mains_.data(), width_.cached_mains.size()}; }

const Window& AirBuilder::common_main() const {
  if (width_.common_main == 0) throw std::logic_error("AirBuilder::common_main: the AIR has no common main trace");
  return mains_[width_.cached_mains.size()];
}

void AirBuilder::assert_zeros(std::span<const Expr> xs) {
  for (const Expr& x : xs) assert_zero(x);
}

void AirBuilder::assert_bools(std::span<const Expr> xs) {
  for (const Expr& x : xs) assert_bool(x);
}

void AirBuilder::push_interaction(BusIndex bus, std::vector<Expr> message, const Expr& count,
                                  uint32_t count_weight) {
  interactions_.push_back(SymbolicInteraction{std::move(message), count, bus, count_weight});
}

AirBuilder symbolic_builder(const Air& air, const TraceWidth& width) {
  AirBuilder b(width, air.num_public_values());
  air.eval(b);
  return b;
}

TraceWidth trace_width_of(const Air& air, std::optional<size_t> preprocessed_width) {
  return TraceWidth{preprocessed_width, air.cached_main_widths(), air.common_main_width()};
}

}  // namespace swirl
