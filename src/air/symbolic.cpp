#include "swirl/air/symbolic.h"

#include <algorithm>
#include <stdexcept>

namespace swirl {

namespace {

std::shared_ptr<const ExprNode> leaf(ExprKind kind, size_t degree) {
  auto n = std::make_shared<ExprNode>();
  n->kind = kind;
  n->degree_multiple = degree;
  return n;
}

// The row selectors and zero are immutable leaves; sharing one node per kind
// is invisible to the DAG (it deduplicates leaves structurally anyway).
const std::shared_ptr<const ExprNode>& zero_node() {
  static const std::shared_ptr<const ExprNode> n = leaf(ExprKind::kConstant, 0);
  return n;
}

}  // namespace

Expr make_expr(ExprKind kind, const Expr* x, const Expr* y) {
  auto n = std::make_shared<ExprNode>();
  n->kind = kind;
  n->x = x->node_;
  if (y != nullptr) n->y = y->node_;
  size_t dx = x->degree_multiple();
  size_t dy = y != nullptr ? y->degree_multiple() : 0;
  switch (kind) {
    case ExprKind::kAdd:
    case ExprKind::kSub: n->degree_multiple = std::max(dx, dy); break;
    case ExprKind::kMul: n->degree_multiple = dx + dy; break;
    case ExprKind::kNeg: n->degree_multiple = dx; break;
    default: throw std::logic_error("make_expr: not an operation");
  }
  return Expr(std::shared_ptr<const ExprNode>(std::move(n)));
}

Expr::Expr() : node_(zero_node()) {}

Expr::Expr(BabyBear c) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprKind::kConstant;
  n->constant = c;
  node_ = std::move(n);
}

Expr::Expr(const SymbolicVariable& v) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprKind::kVariable;
  n->var = v;
  n->degree_multiple = v.degree_multiple();
  node_ = std::move(n);
}

Expr Expr::is_first_row() {
  static const std::shared_ptr<const ExprNode> n = leaf(ExprKind::kIsFirstRow, 1);
  return Expr(n);
}
Expr Expr::is_last_row() {
  static const std::shared_ptr<const ExprNode> n = leaf(ExprKind::kIsLastRow, 1);
  return Expr(n);
}
Expr Expr::is_transition() {
  static const std::shared_ptr<const ExprNode> n = leaf(ExprKind::kIsTransition, 1);
  return Expr(n);
}

ExprKind Expr::kind() const { return node_->kind; }
size_t Expr::degree_multiple() const { return node_->degree_multiple; }

const SymbolicVariable& Expr::var() const {
  if (node_->kind != ExprKind::kVariable) throw std::logic_error("Expr::var on a non-variable");
  return node_->var;
}
BabyBear Expr::constant_value() const {
  if (node_->kind != ExprKind::kConstant) throw std::logic_error("Expr::constant_value on a non-constant");
  return node_->constant;
}
Expr Expr::lhs() const {
  if (!node_->x) throw std::logic_error("Expr::lhs on a leaf");
  return Expr(node_->x);
}
Expr Expr::rhs() const {
  if (!node_->y) throw std::logic_error("Expr::rhs on a leaf or Neg");
  return Expr(node_->y);
}

Expr& Expr::operator+=(const Expr& y) { return *this = *this + y; }
Expr& Expr::operator-=(const Expr& y) { return *this = *this - y; }
Expr& Expr::operator*=(const Expr& y) { return *this = *this * y; }

Expr operator+(const Expr& x, const Expr& y) { return make_expr(ExprKind::kAdd, &x, &y); }
Expr operator-(const Expr& x, const Expr& y) { return make_expr(ExprKind::kSub, &x, &y); }
Expr operator*(const Expr& x, const Expr& y) { return make_expr(ExprKind::kMul, &x, &y); }
Expr operator-(const Expr& x) { return make_expr(ExprKind::kNeg, &x, nullptr); }

Expr Expr::exp_u64(uint64_t power) const {
  Expr current = *this;
  Expr product(1);
  for (uint64_t p = power; p != 0; p >>= 1) {
    if ((p & 1) != 0) product = product * current;
    current = current.square();
  }
  return product;
}

}  // namespace swirl
