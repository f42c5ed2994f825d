// The AIR interface and the builder an AIR's eval() writes its constraints
// and interactions to.
//
// Writing an AIR (the reference's FibonacciAir, in swirl):
//
//   class FibonacciAir final : public swirl::Air {
//    public:
//     std::string name() const override { return "FibonacciAir"; }
//     size_t width() const override { return 2; }             // common main
//     size_t num_public_values() const override { return 3; } // a, b, x
//     void eval(swirl::AirBuilder& b) const override {
//       const swirl::Window& main = b.main();
//       auto pis = b.public_values();
//       auto first = b.when_first_row();
//       first.assert_eq(main.local(0), pis[0]);
//       first.assert_eq(main.local(1), pis[1]);
//       auto trans = b.when_transition();
//       trans.assert_eq(main.local(1), main.next(0));                 // a' = b
//       trans.assert_eq(main.local(0) + main.local(1), main.next(1)); // b' = a + b
//       b.when_last_row().assert_eq(main.local(1), pis[2]);
//     }
//   };
//
// Interactions (LogUp): `b.push_interaction(bus, {f0, f1}, count, count_weight)`
// adds count * [message on bus] to the bus's multiset; a bus balances when
// every message's counts sum to zero over all AIRs and rows. push_send /
// push_receive are the reference's PermutationCheckBus::send / receive
// (count and -count, count_weight 1); lookup_key / add_key_with_lookups are
// LookupBus's.
//
// Exactness: every call appends to the builder exactly the expression tree
// the reference's p3 AirBuilder default methods build for the same call, in
// the same order, so the keygen DAG (and the vk pre-hash) equal the
// reference's for an AIR written with the same calls:
//   assert_one(x)       assert_zero(x - 1)
//   assert_eq(x, y)     assert_zero(x - y)
//   assert_bool(x)      assert_zero(x * (x - 1))
//   when(c).assert_zero(x)           assert_zero(c * x)
//   when(a).when(b).assert_zero(x)   assert_zero(a * (b * x))
//   when_ne(x, y)       when(x - y)
//   push_receive(bus, m, c)          push_interaction(bus, m, -c, 1)
// Writing `Expr(-1) * c` instead of `-c` gives a different DAG (Mul, not
// Neg), as in the reference; fixtures that use one keep it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "swirl/air/symbolic.h"
#include "swirl/field/babybear.h"
#include "swirl/util/matrix.h"

namespace swirl {

/// Bus identifier (u16 as in the reference, so p - 1 is unrepresentable).
using BusIndex = uint16_t;

/// One interaction: `count` copies of (bus_index, message) are added to the
/// bus's multiset. `count_weight` enters the verifier's trace-height
/// constraint for this bus (see keygen).
template <typename E>
struct Interaction {
  std::vector<E> message;
  E count;
  BusIndex bus_index = 0;
  uint32_t count_weight = 0;
  friend bool operator==(const Interaction&, const Interaction&) = default;  // E = size_t (DAG form)
};
using SymbolicInteraction = Interaction<Expr>;

/// Widths of an AIR's trace partitions (the reference's TraceWidth).
struct TraceWidth {
  std::optional<size_t> preprocessed;
  std::vector<size_t> cached_mains;
  size_t common_main = 0;

  /// Cached main widths, then the common main width if it is nonzero: the
  /// main partitions in `part_index` order.
  std::vector<size_t> main_widths() const;
  size_t main_width() const;
  size_t total_width() const { return preprocessed.value_or(0) + main_width(); }
  friend bool operator==(const TraceWidth&, const TraceWidth&) = default;
};

/// The two-row window (local and next row) of one trace partition.
class Window {
 public:
  Window() = default;
  /// Variables of `entry`'s partition: offset 0 is local, 1 is next.
  Window(EntryKind kind, size_t part_index, size_t width);

  size_t width() const { return width_; }
  /// Column `col` of the local row (throws std::out_of_range past width()).
  const Var& local(size_t col) const;
  /// Column `col` of the next row.
  const Var& next(size_t col) const;
  std::span<const Var> local_row() const { return {vars_.data(), width_}; }
  std::span<const Var> next_row() const { return {vars_.data() + width_, width_}; }
  /// Row `offset` (0 local, 1 next), like p3's row_slice.
  std::span<const Var> row(size_t offset) const;

 private:
  size_t width_ = 0;
  std::vector<Var> vars_;  // local row then next row
};

class AirBuilder;

/// Constraints under a condition: `b.when(c).assert_zero(x)` asserts c * x.
/// Conditions nest (`b.when_transition().when(sel)`), outermost applied last.
/// Holds a reference to its builder: use it while the builder lives.
class ConditionalBuilder {
 public:
  void assert_zero(const Expr& x);
  void assert_one(const Expr& x) { assert_zero(x - Expr(1)); }
  void assert_eq(const Expr& x, const Expr& y) { assert_zero(x - y); }
  void assert_bool(const Expr& x) { assert_zero(x.bool_check()); }
  /// assert_zero / assert_bool of each element, in order (each under the condition).
  void assert_zeros(std::span<const Expr> xs) {
    for (const Expr& x : xs) assert_zero(x);
  }
  void assert_bools(std::span<const Expr> xs) {
    for (const Expr& x : xs) assert_bool(x);
  }
  ConditionalBuilder when(const Expr& condition) const;
  ConditionalBuilder when_ne(const Expr& x, const Expr& y) const { return when(x - y); }
  ConditionalBuilder when_first_row() const { return when(Expr::is_first_row()); }
  ConditionalBuilder when_last_row() const { return when(Expr::is_last_row()); }
  ConditionalBuilder when_transition() const { return when(Expr::is_transition()); }

 private:
  friend class AirBuilder;
  ConditionalBuilder(AirBuilder* builder, std::vector<Expr> conditions)
      : builder_(builder), conditions_(std::move(conditions)) {}
  AirBuilder* builder_;
  std::vector<Expr> conditions_;  // outermost first
};

/// The symbolic builder: hands out the variables of the evaluation window and
/// records constraints (each asserted to vanish on every row) and
/// interactions, in call order.
class AirBuilder {
 public:
  AirBuilder(const TraceWidth& width, size_t num_public_values);

  // ---- the evaluation window ----
  /// The preprocessed partition (throws std::logic_error if the AIR has none).
  const Window& preprocessed() const;
  /// The only main partition (throws if there are cached partitions or no
  /// main at all, as the reference's main() panics).
  const Window& main() const;
  /// Cached main partitions, part_index 0.. in order.
  std::span<const Window> cached_mains() const;
  /// The common main partition (throws if its width is 0).
  const Window& common_main() const;
  /// Public values (Entry kPublic, index 0..).
  std::span<const Var> public_values() const { return public_values_; }

  // ---- row selectors ----
  Expr is_first_row() const { return Expr::is_first_row(); }
  Expr is_last_row() const { return Expr::is_last_row(); }
  Expr is_transition() const { return Expr::is_transition(); }

  // ---- constraints ----
  void assert_zero(const Expr& x) { constraints_.push_back(x); }
  void assert_one(const Expr& x) { assert_zero(x - Expr(1)); }
  void assert_eq(const Expr& x, const Expr& y) { assert_zero(x - y); }
  void assert_bool(const Expr& x) { assert_zero(x.bool_check()); }
  /// assert_zero of each element, in order.
  void assert_zeros(std::span<const Expr> xs);
  /// assert_bool of each element, in order.
  void assert_bools(std::span<const Expr> xs);
  /// x * (x - 1) * (x - 2) (the reference's InteractionBuilder::assert_tern).
  void assert_tern(const Expr& x) { assert_zero(x * (x - Expr(1)) * (x - Expr(2))); }

  ConditionalBuilder when(const Expr& condition) { return ConditionalBuilder(this, {condition}); }
  ConditionalBuilder when_ne(const Expr& x, const Expr& y) { return when(x - y); }
  ConditionalBuilder when_first_row() { return when(is_first_row()); }
  ConditionalBuilder when_last_row() { return when(is_last_row()); }
  ConditionalBuilder when_transition() { return when(is_transition()); }

  // ---- interactions ----
  void push_interaction(BusIndex bus, std::vector<Expr> message, const Expr& count, uint32_t count_weight);
  /// PermutationCheckBus::send: count `enabled`, weight 1.
  void push_send(BusIndex bus, std::vector<Expr> message, const Expr& enabled) {
    push_interaction(bus, std::move(message), enabled, 1);
  }
  /// PermutationCheckBus::receive: count `-enabled` (a Neg node), weight 1.
  void push_receive(BusIndex bus, std::vector<Expr> message, const Expr& enabled) {
    push_interaction(bus, std::move(message), -enabled, 1);
  }
  /// LookupBus::lookup_key: count `enabled`, weight 1.
  void lookup_key(BusIndex bus, std::vector<Expr> query, const Expr& enabled) {
    push_interaction(bus, std::move(query), enabled, 1);
  }
  /// LookupBus::add_key_with_lookups: count `-num_lookups`, weight 0.
  void add_key_with_lookups(BusIndex bus, std::vector<Expr> key, const Expr& num_lookups) {
    push_interaction(bus, std::move(key), -num_lookups, 0);
  }

  // ---- results ----
  const TraceWidth& width() const { return width_; }
  size_t num_public_values() const { return public_values_.size(); }
  const std::vector<Expr>& constraints() const { return constraints_; }
  const std::vector<SymbolicInteraction>& interactions() const { return interactions_; }

 private:
  TraceWidth width_;
  std::optional<Window> preprocessed_;
  std::vector<Window> mains_;  // cached..., then common if its width is nonzero
  std::vector<Var> public_values_;
  std::vector<Expr> constraints_;
  std::vector<SymbolicInteraction> interactions_;
};

/// An AIR: trace shape, public values, optional preprocessed trace, and its
/// constraints (eval). The reference's BaseAir + PartitionedBaseAir +
/// BaseAirWithPublicValues + Air in one interface.
class Air {
 public:
  virtual ~Air() = default;
  /// Display name (goes into the proving key, not the verifying key).
  virtual std::string name() const = 0;
  /// Total main width (BaseAir::width): cached mains plus common main.
  virtual size_t width() const = 0;
  /// Widths of the cached main partitions (none by default).
  virtual std::vector<size_t> cached_main_widths() const { return {}; }
  /// Width of the common main partition (width() by default).
  virtual size_t common_main_width() const { return width(); }
  virtual size_t num_public_values() const { return 0; }
  /// The fixed preprocessed trace, if the AIR has one (height a power of two).
  virtual std::optional<ColMajorMatrix<BabyBear>> preprocessed_trace() const { return std::nullopt; }
  /// Writes the constraints and interactions to `b`.
  virtual void eval(AirBuilder& b) const = 0;
};

/// Runs `air.eval` on a fresh builder for `width` (the reference's
/// get_symbolic_builder).
AirBuilder symbolic_builder(const Air& air, const TraceWidth& width);

/// The trace widths an AIR declares, with `preprocessed_width` for its
/// preprocessed trace (nullopt if none).
TraceWidth trace_width_of(const Air& air, std::optional<size_t> preprocessed_width);

}  // namespace swirl
