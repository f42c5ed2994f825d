// Symbolic variables and expressions: what an AIR's eval() computes with.
//
// An Expr is an immutable tree whose nodes are shared (copying an Expr copies
// a pointer). Every operator builds a new node and never simplifies: the
// tree records exactly the operations the AIR performed, in the order it
// performed them, because the constraint DAG built from it (air/dag.h) must
// match the reference node for node. Simplification (constant folding, x*1,
// x+0, ...) happens only when the DAG is built, with the reference's rules.
//
// Each node carries the reference's `degree_multiple`, the degree in the
// trace-row variables: variables of the trace and the row selectors have
// degree 1, public values, challenges and constants 0; Add/Sub take the max,
// Mul the sum, Neg keeps it. It is computed on the tree as written, before any
// simplification, exactly as the reference computes it.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "swirl/field/babybear.h"

namespace swirl {

/// Where a variable lives. The numeric values are the reference's serde
/// discriminants (crates/stark-backend/src/air_builders/symbolic/symbolic_variable.rs).
enum class EntryKind : uint8_t {
  kPreprocessed = 0,  // offset
  kMain = 1,          // part_index, offset
  kPublic = 2,
  kChallenge = 3,
};

/// The partition and row offset of a variable. `offset` is 0 for the local
/// row and 1 for the next row; `part_index` numbers the main partitions:
/// cached mains first (0..), the common main last. Fields that do not apply
/// to a kind are 0.
struct Entry {
  EntryKind kind = EntryKind::kMain;
  size_t part_index = 0;
  size_t offset = 0;

  static constexpr Entry preprocessed(size_t offset) { return {EntryKind::kPreprocessed, 0, offset}; }
  static constexpr Entry main(size_t part_index, size_t offset) { return {EntryKind::kMain, part_index, offset}; }
  static constexpr Entry public_value() { return {EntryKind::kPublic, 0, 0}; }
  static constexpr Entry challenge() { return {EntryKind::kChallenge, 0, 0}; }
  friend constexpr bool operator==(const Entry&, const Entry&) = default;
};

/// A column of the evaluation window (local or next row of one partition), or
/// a public value / challenge by index.
struct SymbolicVariable {
  Entry entry;
  size_t index = 0;

  /// 1 for trace columns, 0 for public values and challenges.
  constexpr size_t degree_multiple() const {
    return entry.kind == EntryKind::kPreprocessed || entry.kind == EntryKind::kMain ? 1 : 0;
  }
  friend constexpr bool operator==(const SymbolicVariable&, const SymbolicVariable&) = default;
};
using Var = SymbolicVariable;

/// Node kinds; the numeric values are the reference's serde discriminants of
/// SymbolicExpression / SymbolicExpressionNode.
enum class ExprKind : uint8_t {
  kVariable = 0,
  kIsFirstRow = 1,
  kIsLastRow = 2,
  kIsTransition = 3,
  kConstant = 4,
  kAdd = 5,
  kSub = 6,
  kNeg = 7,
  kMul = 8,
};

struct ExprNode;
class Expr;
// Free (not hidden-friend) operators, so `var + 1` and `var * var` find them
// through the variable's namespace and convert both sides to Expr.
Expr operator+(const Expr& x, const Expr& y);
Expr operator-(const Expr& x, const Expr& y);
Expr operator*(const Expr& x, const Expr& y);
Expr operator-(const Expr& x);

/// A symbolic expression (a handle to an immutable shared tree node).
/// Converts implicitly from a variable, a field element and an integer
/// constant, so AIRs read like the math: `b.assert_eq(local[0] + 1, next[0])`.
class Expr {
 public:
  /// The constant 0 (as the reference's Default).
  Expr();
  Expr(BabyBear c);                // NOLINT(google-explicit-constructor)
  Expr(const SymbolicVariable& v);  // NOLINT(google-explicit-constructor)
  /// Integer constants, reduced mod p (negative values map to p - |v|).
  template <std::integral T>
  Expr(T v)  // NOLINT(google-explicit-constructor)
      : Expr(std::is_signed_v<T> ? BabyBear::from_i64(static_cast<int64_t>(v))
                                 : BabyBear::from_u64(static_cast<uint64_t>(v))) {}

  static Expr is_first_row();
  static Expr is_last_row();
  static Expr is_transition();
  static Expr constant(BabyBear c) { return Expr(c); }

  ExprKind kind() const;
  size_t degree_multiple() const;
  /// kVariable only.
  const SymbolicVariable& var() const;
  /// kConstant only.
  BabyBear constant_value() const;
  /// Children: lhs() for kAdd/kSub/kMul/kNeg, rhs() for kAdd/kSub/kMul.
  Expr lhs() const;
  Expr rhs() const;
  /// The shared node (never null).
  const ExprNode& node() const { return *node_; }
  /// Identity of the shared node (equal for copies of one Expr); the DAG
  /// builder uses it to visit a shared subtree once.
  const void* id() const { return node_.get(); }

  Expr& operator+=(const Expr& y);
  Expr& operator-=(const Expr& y);
  Expr& operator*=(const Expr& y);

  // Plonky3's PrimeCharacteristicRing helpers, with the exact trees their
  // default implementations build (x, y, z are copies of the operands):
  /// x + x
  Expr dbl() const { return *this + *this; }
  /// x * x
  Expr square() const { return *this * *this; }
  /// (x * x) * x
  Expr cube() const { return square() * *this; }
  /// x * (x - 1)
  Expr bool_check() const { return *this * (*this - Expr(1)); }
  /// Boolean xor: x + y - x * (y + y)  (p3's `xor`).
  Expr bxor(const Expr& y) const { return *this + y - *this * y.dbl(); }
  /// x.xor(y).xor(z)  (p3's `xor3`).
  Expr bxor3(const Expr& y, const Expr& z) const { return bxor(y).bxor(z); }
  /// (1 - x) * y  (p3's `andn`).
  Expr andn(const Expr& y) const { return (Expr(1) - *this) * y; }
  /// Square-and-multiply from product = 1, as p3's exp_u64: for each bit j
  /// of `power` from the lowest, if set then product = product * current;
  /// then current = current * current.
  Expr exp_u64(uint64_t power) const;

 private:
  friend Expr make_expr(ExprKind, const Expr*, const Expr*);
  explicit Expr(std::shared_ptr<const ExprNode> node) : node_(std::move(node)) {}
  std::shared_ptr<const ExprNode> node_;
};

/// The node behind an Expr (public so evaluators can walk trees).
struct ExprNode {
  ExprKind kind = ExprKind::kConstant;
  size_t degree_multiple = 0;
  SymbolicVariable var;                   // kVariable
  BabyBear constant;                      // kConstant
  std::shared_ptr<const ExprNode> x, y;   // children (see Expr::lhs/rhs)
};

/// Sum of `terms` left to right (x0 + x1 + ...); 0 for none (p3's Sum).
template <typename Range>
Expr sum_of(const Range& terms) {
  bool first = true;
  Expr acc;
  for (const auto& t : terms) {
    acc = first ? Expr(t) : acc + Expr(t);
    first = false;
  }
  return acc;
}

}  // namespace swirl
