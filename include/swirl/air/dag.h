// The symbolic constraint DAG: an AIR's constraints and interactions with
// every expression stored once, children by node index, nodes in topological
// order. It is serialized into the verifying key, so it must equal the
// reference's DAG node for node (crates/stark-backend/src/air_builders/
// symbolic/dag.rs, v2.0.1). docs/protocol.md ("The constraint DAG") states
// the construction; in short:
//   * constraints are added first, in assertion order, then for each
//     interaction its message fields in order and then its count;
//   * an expression is added post-order (left subtree, right subtree, node);
//     a node is appended only if no structurally equal node (same kind,
//     variable/constant, child indices and degree_multiple) exists;
//   * simplifications while adding, in this priority: const op const folds;
//     Add: 0+x -> x, x+0 -> x, x+(-y) -> Sub(x,y); Sub: x-0 -> x,
//     x-(-y) -> Add(x,y); Neg: -const folds; Mul: 0*x or x*1 -> left,
//     x*0 or 1*x -> right. A rewritten node keeps the degree_multiple of the
//     expression it came from. Children are added before simplifying, so
//     they stay in the DAG even when the result is a child or a constant;
//   * constraint_idx is sorted ascending and deduplicated.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "swirl/air/builder.h"
#include "swirl/air/symbolic.h"

namespace swirl {

/// One DAG node. `left` is also the operand of kNeg; fields that do not apply
/// to the kind are zero.
struct DagNode {
  ExprKind kind = ExprKind::kConstant;
  SymbolicVariable var;
  BabyBear constant;
  size_t left = 0;
  size_t right = 0;
  size_t degree_multiple = 0;

  friend bool operator==(const DagNode&, const DagNode&) = default;
  static DagNode variable(const SymbolicVariable& v) { return {ExprKind::kVariable, v, {}, 0, 0, 0}; }
  static DagNode constant_node(BabyBear c) { return {ExprKind::kConstant, {}, c, 0, 0, 0}; }
  static DagNode selector(ExprKind k) { return {k, {}, {}, 0, 0, 0}; }
  static DagNode binary(ExprKind k, size_t l, size_t r, size_t deg) { return {k, {}, {}, l, r, deg}; }
  static DagNode neg(size_t x, size_t deg) { return {ExprKind::kNeg, {}, {}, x, 0, deg}; }
};

struct SymbolicExpressionDag {
  std::vector<DagNode> nodes;         // topological order
  std::vector<size_t> constraint_idx;  // nodes asserted zero (sorted, unique)

  /// Largest row offset of any variable node (0 or 1).
  size_t max_rotation() const;
  size_t num_constraints() const { return constraint_idx.size(); }
  friend bool operator==(const SymbolicExpressionDag&, const SymbolicExpressionDag&) = default;
};

struct SymbolicConstraintsDag {
  SymbolicExpressionDag constraints;
  std::vector<Interaction<size_t>> interactions;  // message/count are node indices
  friend bool operator==(const SymbolicConstraintsDag&, const SymbolicConstraintsDag&) = default;
};

/// Adds expressions to one DAG with the reference's deduplication and
/// simplification rules.
class DagBuilder {
 public:
  DagBuilder();
  ~DagBuilder();
  DagBuilder(const DagBuilder&) = delete;
  DagBuilder& operator=(const DagBuilder&) = delete;

  /// The node index of `e` (adding what is missing).
  size_t add(const Expr& e);
  const std::vector<DagNode>& nodes() const { return nodes_; }
  std::vector<DagNode> take_nodes() { return std::move(nodes_); }

 private:
  size_t intern(const DagNode& n);
  size_t finish(const ExprNode& e, size_t l, size_t r);

  struct NodeHash;
  std::vector<DagNode> nodes_;
  std::unordered_map<const void*, size_t> by_ptr_;  // shortcut for shared subtrees
  std::vector<Expr> roots_;  // keeps every cached node alive (addresses stay unique)
  std::unique_ptr<std::unordered_map<DagNode, size_t, NodeHash>> by_node_;
};

/// The DAG of `constraints` and `interactions` (the reference's
/// build_symbolic_constraints_dag).
SymbolicConstraintsDag build_constraints_dag(std::span<const Expr> constraints,
                                             std::span<const SymbolicInteraction> interactions);

/// Evaluates every node in order: `var(v)` and `sel(kind)` give the leaves
/// (as T), constants become T(c). T is BabyBear (the default) or BabyBear4
/// (the verifier's evaluation at a challenge point). One value per node.
template <typename T = BabyBear, typename VarFn, typename SelFn>
std::vector<T> eval_dag_nodes(const std::vector<DagNode>& nodes, VarFn&& var, SelFn&& sel) {
  std::vector<T> v(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const DagNode& n = nodes[i];
    switch (n.kind) {
      case ExprKind::kVariable: v[i] = var(n.var); break;
      case ExprKind::kConstant: v[i] = T(n.constant); break;
      case ExprKind::kIsFirstRow:
      case ExprKind::kIsLastRow:
      case ExprKind::kIsTransition: v[i] = sel(n.kind); break;
      case ExprKind::kAdd: v[i] = v[n.left] + v[n.right]; break;
      case ExprKind::kSub: v[i] = v[n.left] - v[n.right]; break;
      case ExprKind::kMul: v[i] = v[n.left] * v[n.right]; break;
      case ExprKind::kNeg: v[i] = T() - v[n.left]; break;
    }
  }
  return v;
}

}  // namespace swirl
