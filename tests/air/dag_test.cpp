// The DAG against the reference's own worked examples (dag.rs tests, v2.0.1)
// and hand-derived node orders.
#include "swirl/air/dag.h"

#include "swirl/field/babybear4.h"

#include <gtest/gtest.h>

namespace swirl {
namespace {

const Var kX{Entry::main(0, 0), 0};
const Var kY{Entry::main(0, 0), 1};

TEST(AirDag, DuplicateConstraintsAreDeduplicated) {
  Expr e(kX);
  std::vector<Expr> c{e, e};
  auto dag = build_constraints_dag(c, {});
  EXPECT_EQ(dag.constraints.nodes.size(), 1u);
  EXPECT_EQ(dag.constraints.constraint_idx, std::vector<size_t>{0});
}

TEST(AirDag, StructuralDeduplicationAcrossDistinctTrees) {
  std::vector<Expr> c{Expr(kX) - Expr(1), Expr(kX) - Expr(1)};
  ASSERT_NE(c[0].id(), c[1].id());
  auto dag = build_constraints_dag(c, {});
  EXPECT_EQ(dag.constraints.nodes.size(), 3u);
  EXPECT_EQ(dag.constraints.constraint_idx, std::vector<size_t>{2});
}

ExprKind root_kind(const Expr& e) {
  std::vector<Expr> c{e};
  auto dag = build_constraints_dag(c, {});
  return dag.constraints.nodes[dag.constraints.constraint_idx[0]].kind;
}

TEST(AirDag, AlgebraicSimplifications) {
  Expr x(kX), y(kY), zero(0), one(1);
  {
    std::vector<Expr> c{x + zero};
    auto dag = build_constraints_dag(c, {});
    EXPECT_EQ(dag.constraints.nodes.size(), 2u);  // Variable, Constant(0)
    EXPECT_EQ(dag.constraints.nodes[dag.constraints.constraint_idx[0]].kind, ExprKind::kVariable);
  }
  EXPECT_EQ(root_kind(zero + x), ExprKind::kVariable);
  EXPECT_EQ(root_kind(x * one), ExprKind::kVariable);
  EXPECT_EQ(root_kind(one * x), ExprKind::kVariable);
  EXPECT_EQ(root_kind(x * zero), ExprKind::kConstant);
  EXPECT_EQ(root_kind(zero * x), ExprKind::kConstant);
  EXPECT_EQ(root_kind(x - zero), ExprKind::kVariable);
  EXPECT_EQ(root_kind(zero - x), ExprKind::kSub);  // 0 - x is not simplified
  EXPECT_EQ(root_kind(x + (-y)), ExprKind::kSub);
  EXPECT_EQ(root_kind(x - (-y)), ExprKind::kAdd);
  EXPECT_EQ(root_kind((-y) + x), ExprKind::kAdd);  // only a negated right operand
  {
    std::vector<Expr> a{x + (-y)}, b{x - y};
    auto d1 = build_constraints_dag(a, {}), d2 = build_constraints_dag(b, {});
    EXPECT_EQ(d1.constraints.nodes[d1.constraints.constraint_idx[0]],
              d2.constraints.nodes[d2.constraints.constraint_idx[0]]);
    // The Neg node and y stay in the DAG: x, y, -y, x - y.
    EXPECT_EQ(d1.constraints.nodes.size(), 4u);
    EXPECT_EQ(d1.constraints.nodes[2].kind, ExprKind::kNeg);
    EXPECT_EQ(d1.constraints.nodes[3], DagNode::binary(ExprKind::kSub, 0, 1, 1));
  }
}

BabyBear root_const(const Expr& e) {
  std::vector<Expr> c{e};
  auto dag = build_constraints_dag(c, {});
  const DagNode& n = dag.constraints.nodes[dag.constraints.constraint_idx[0]];
  EXPECT_EQ(n.kind, ExprKind::kConstant);
  return n.constant;
}

TEST(AirDag, ConstantFolding) {
  Expr two(2), three(3);
  EXPECT_EQ(root_const(two + three), BabyBear::from_u32(5));
  EXPECT_EQ(root_const(three - two), BabyBear::one());
  EXPECT_EQ(root_const(two * three), BabyBear::from_u32(6));
  EXPECT_EQ(root_const(-three), -BabyBear::from_u32(3));
  EXPECT_EQ(root_const((two + three) * two), BabyBear::from_u32(10));
  EXPECT_EQ(root_const(two - three), BabyBear::neg_one());
}

// The reference's test_symbolic_constraints_dag, node for node.
TEST(AirDag, ReferenceWorkedExample) {
  Var v{Entry::main(1, 2), 3};
  Expr expr = Expr(1) * Expr(v);
  Expr f = Expr::is_first_row(), l = Expr::is_last_row();
  std::vector<Expr> constraints{f * l + Expr(1) + f * l + expr, expr * expr};
  std::vector<SymbolicInteraction> interactions{{{expr, Expr(2)}, Expr(1), 0, 1}};
  auto dag = build_constraints_dag(constraints, interactions);
  std::vector<DagNode> want{
      DagNode::selector(ExprKind::kIsFirstRow),
      DagNode::selector(ExprKind::kIsLastRow),
      DagNode::binary(ExprKind::kMul, 0, 1, 2),
      DagNode::constant_node(BabyBear::one()),
      DagNode::binary(ExprKind::kAdd, 2, 3, 2),
      DagNode::binary(ExprKind::kAdd, 4, 2, 2),
      DagNode::variable(v),
      DagNode::binary(ExprKind::kAdd, 5, 6, 2),
      DagNode::binary(ExprKind::kMul, 6, 6, 2),
      DagNode::constant_node(BabyBear::two()),
  };
  EXPECT_EQ(dag.constraints.nodes, want);
  EXPECT_EQ(dag.constraints.constraint_idx, (std::vector<size_t>{7, 8}));
  ASSERT_EQ(dag.interactions.size(), 1u);
  EXPECT_EQ(dag.interactions[0].message, (std::vector<size_t>{6, 9}));
  EXPECT_EQ(dag.interactions[0].count, 3u);
  EXPECT_EQ(dag.interactions[0].bus_index, 0);
  EXPECT_EQ(dag.interactions[0].count_weight, 1u);
}

// Degree is part of a node's identity: (x*0 + y) * y keeps the degree of the
// tree as written (2 + 1), so it does not merge with y * y (degree 2).
TEST(AirDag, DegreeMultipleIsPartOfNodeIdentity) {
  Expr x(kX), y(kY);
  Expr xx = x * x;
  std::vector<Expr> c{(xx * Expr(0) + y) * y, y * y};
  auto dag = build_constraints_dag(c, {});
  // Nodes: x, xx, 0, y, Mul(y,y,deg 3), Mul(y,y,deg 2).
  ASSERT_EQ(dag.constraints.nodes.size(), 6u);
  EXPECT_EQ(dag.constraints.nodes[4], DagNode::binary(ExprKind::kMul, 3, 3, 3));
  EXPECT_EQ(dag.constraints.nodes[5], DagNode::binary(ExprKind::kMul, 3, 3, 2));
  EXPECT_EQ(dag.constraints.constraint_idx, (std::vector<size_t>{4, 5}));
}

// Constraint indices are sorted: a later assertion that lands on an earlier
// node comes first.
TEST(AirDag, ConstraintIndicesSorted) {
  Expr x(kX), y(kY);
  std::vector<Expr> c{x * y, x};
  auto dag = build_constraints_dag(c, {});
  EXPECT_EQ(dag.constraints.constraint_idx, (std::vector<size_t>{0, 2}));
}

TEST(AirDag, DeepTreesDoNotOverflowTheStack) {
  Expr acc(kX);
  for (int i = 0; i < 200000; ++i) acc = acc + Expr(Var{Entry::main(0, i % 2), static_cast<size_t>(i % 7)});
  std::vector<Expr> c{acc};
  auto dag = build_constraints_dag(c, {});
  EXPECT_EQ(dag.constraints.nodes.size(), 14u + 200000u);  // x is one of the 14 variables
  EXPECT_EQ(dag.constraints.max_rotation(), 1u);
}

// Shared subtrees (x^(2^k) by squaring) are visited once, not 2^k times.
TEST(AirDag, SharedSubtreesAreLinear) {
  Expr e(kX);
  for (int i = 0; i < 60; ++i) e = e.square();
  std::vector<Expr> c{e};
  auto dag = build_constraints_dag(c, {});
  EXPECT_EQ(dag.constraints.nodes.size(), 61u);
  EXPECT_EQ(dag.constraints.nodes.back().degree_multiple, size_t{1} << 60);
}

TEST(AirDag, EvalNodes) {
  Expr x(kX), y(kY);
  std::vector<Expr> c{x * y - Expr::is_first_row() + (-x)};
  auto dag = build_constraints_dag(c, {});
  auto vals = eval_dag_nodes(
      dag.constraints.nodes, [](const Var& v) { return BabyBear::from_u32(v.index == 0 ? 3 : 5); },
      [](ExprKind) { return BabyBear::one(); });
  EXPECT_EQ(vals[dag.constraints.constraint_idx[0]], BabyBear::from_u32(15 - 1 - 3));
}

TEST(AirDag, EvalNodesOverTheExtension) {
  Expr x(kX), y(kY);
  std::vector<Expr> c{x * y - Expr::is_first_row() + (-x) * Expr(7)};
  auto dag = build_constraints_dag(c, {});
  const BabyBear4 a(BabyBear::from_u32(1), BabyBear::from_u32(2), BabyBear::from_u32(3), BabyBear::from_u32(4));
  const BabyBear4 b(BabyBear::from_u32(5), BabyBear::from_u32(6), BabyBear::from_u32(7), BabyBear::from_u32(8));
  const BabyBear4 s(BabyBear::from_u32(9), BabyBear::from_u32(10), BabyBear::from_u32(11), BabyBear::from_u32(12));
  auto vals = eval_dag_nodes<BabyBear4>(
      dag.constraints.nodes, [&](const Var& v) { return v.index == 0 ? a : b; }, [&](ExprKind) { return s; });
  EXPECT_EQ(vals[dag.constraints.constraint_idx[0]], a * b - s + (BabyBear4() - a) * BabyBear4(BabyBear::from_u32(7)));
}

}  // namespace
}  // namespace swirl
