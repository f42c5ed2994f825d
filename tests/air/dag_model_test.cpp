// Random expression trees against plain models: a recursive DAG builder
// written straight from the reference's rules (no identity cache, linear
// search for equal nodes), and direct evaluation of the tree.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <random>

#include "swirl/air/dag.h"

namespace swirl {
namespace {

struct ModelDag {
  std::vector<DagNode> nodes;

  size_t intern(const DagNode& n) {
    for (size_t i = 0; i < nodes.size(); ++i)
      if (nodes[i] == n) return i;
    nodes.push_back(n);
    return nodes.size() - 1;
  }
  std::optional<BabyBear> c(size_t i) const {
    if (nodes[i].kind == ExprKind::kConstant) return nodes[i].constant;
    return std::nullopt;
  }
  bool is(size_t i, uint32_t v) const { return c(i) && *c(i) == BabyBear::from_u32(v); }

  size_t add(const Expr& e) {
    switch (e.kind()) {
      case ExprKind::kVariable: return intern(DagNode::variable(e.var()));
      case ExprKind::kConstant: return intern(DagNode::constant_node(e.constant_value()));
      case ExprKind::kIsFirstRow:
      case ExprKind::kIsLastRow:
      case ExprKind::kIsTransition: return intern(DagNode::selector(e.kind()));
      case ExprKind::kNeg: {
        size_t x = add(e.lhs());
        if (c(x)) return intern(DagNode::constant_node(-*c(x)));
        return intern(DagNode::neg(x, e.degree_multiple()));
      }
      default: break;
    }
    size_t l = add(e.lhs()), r = add(e.rhs());
    size_t d = e.degree_multiple();
    switch (e.kind()) {
      case ExprKind::kAdd:
        if (c(l) && c(r)) return intern(DagNode::constant_node(*c(l) + *c(r)));
        if (is(l, 0)) return r;
        if (is(r, 0)) return l;
        if (nodes[r].kind == ExprKind::kNeg) return intern(DagNode::binary(ExprKind::kSub, l, nodes[r].left, d));
        return intern(DagNode::binary(ExprKind::kAdd, l, r, d));
      case ExprKind::kSub:
        if (c(l) && c(r)) return intern(DagNode::constant_node(*c(l) - *c(r)));
        if (is(r, 0)) return l;
        if (nodes[r].kind == ExprKind::kNeg) return intern(DagNode::binary(ExprKind::kAdd, l, nodes[r].left, d));
        return intern(DagNode::binary(ExprKind::kSub, l, r, d));
      default:  // kMul
        if (c(l) && c(r)) return intern(DagNode::constant_node(*c(l) * *c(r)));
        if (is(l, 0) || is(r, 1)) return l;
        if (is(r, 0) || is(l, 1)) return r;
        return intern(DagNode::binary(ExprKind::kMul, l, r, d));
    }
  }
};

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}
  Expr leaf() {
    switch (rng_() % 6) {
      case 0: return Expr(Var{Entry::main(rng_() % 2, rng_() % 2), rng_() % 3});
      case 1: return Expr(Var{Entry::preprocessed(rng_() % 2), 0});
      case 2: return Expr(Var{Entry::public_value(), rng_() % 2});
      case 3: {
        static const int64_t cs[] = {0, 1, -1, 2, 3};
        return Expr(cs[rng_() % 5]);
      }
      case 4: return pool_.empty() ? Expr(1) : pool_[rng_() % pool_.size()];  // shared subtree
      default: {
        switch (rng_() % 3) {
          case 0: return Expr::is_first_row();
          case 1: return Expr::is_last_row();
          default: return Expr::is_transition();
        }
      }
    }
  }
  Expr tree(int depth) {
    if (depth == 0 || rng_() % 5 == 0) return leaf();
    Expr e;
    switch (rng_() % 4) {
      case 0: e = tree(depth - 1) + tree(depth - 1); break;
      case 1: e = tree(depth - 1) - tree(depth - 1); break;
      case 2: e = tree(depth - 1) * tree(depth - 1); break;
      default: e = -tree(depth - 1); break;
    }
    if (rng_() % 4 == 0) pool_.push_back(e);
    return e;
  }
  uint32_t next() { return static_cast<uint32_t>(rng_()); }

 private:
  std::mt19937_64 rng_;
  std::vector<Expr> pool_;
};

// A structurally identical tree with fresh nodes everywhere.
Expr deep_copy(const Expr& e) {
  switch (e.kind()) {
    case ExprKind::kVariable: return Expr(e.var());
    case ExprKind::kConstant: return Expr(e.constant_value());
    case ExprKind::kIsFirstRow: return Expr::is_first_row();
    case ExprKind::kIsLastRow: return Expr::is_last_row();
    case ExprKind::kIsTransition: return Expr::is_transition();
    case ExprKind::kNeg: return -deep_copy(e.lhs());
    case ExprKind::kAdd: return deep_copy(e.lhs()) + deep_copy(e.rhs());
    case ExprKind::kSub: return deep_copy(e.lhs()) - deep_copy(e.rhs());
    case ExprKind::kMul: return deep_copy(e.lhs()) * deep_copy(e.rhs());
  }
  return Expr();
}

BabyBear eval_tree(const Expr& e, const std::function<BabyBear(const Var&)>& var,
                   const std::function<BabyBear(ExprKind)>& sel) {
  switch (e.kind()) {
    case ExprKind::kVariable: return var(e.var());
    case ExprKind::kConstant: return e.constant_value();
    case ExprKind::kNeg: return -eval_tree(e.lhs(), var, sel);
    case ExprKind::kAdd: return eval_tree(e.lhs(), var, sel) + eval_tree(e.rhs(), var, sel);
    case ExprKind::kSub: return eval_tree(e.lhs(), var, sel) - eval_tree(e.rhs(), var, sel);
    case ExprKind::kMul: return eval_tree(e.lhs(), var, sel) * eval_tree(e.rhs(), var, sel);
    default: return sel(e.kind());
  }
}

TEST(AirDagModel, RandomTreesMatchTheModelAndTheTree) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Gen g(seed);
    std::vector<Expr> constraints;
    const int n = 1 + static_cast<int>(seed % 6);
    for (int i = 0; i < n; ++i) constraints.push_back(g.tree(5));
    std::vector<SymbolicInteraction> interactions{{{g.tree(3), g.tree(2)}, g.tree(3), 1, 1}};

    auto dag = build_constraints_dag(constraints, interactions);

    ModelDag m;
    std::vector<size_t> cidx;
    for (const Expr& c : constraints) cidx.push_back(m.add(c));
    std::sort(cidx.begin(), cidx.end());
    cidx.erase(std::unique(cidx.begin(), cidx.end()), cidx.end());
    std::vector<size_t> msg;
    for (const Expr& f : interactions[0].message) msg.push_back(m.add(f));
    size_t count = m.add(interactions[0].count);
    ASSERT_EQ(dag.constraints.nodes, m.nodes) << "seed " << seed;
    ASSERT_EQ(dag.constraints.constraint_idx, cidx) << "seed " << seed;
    ASSERT_EQ(dag.interactions[0].message, msg);
    ASSERT_EQ(dag.interactions[0].count, count);

    // Fresh allocations give the same DAG (the identity cache is a shortcut).
    std::vector<Expr> copies;
    for (const Expr& c : constraints) copies.push_back(deep_copy(c));
    std::vector<SymbolicInteraction> icopies{{{deep_copy(interactions[0].message[0]), deep_copy(interactions[0].message[1])},
                                              deep_copy(interactions[0].count), 1, 1}};
    auto dag2 = build_constraints_dag(copies, icopies);
    ASSERT_EQ(dag2.constraints.nodes, dag.constraints.nodes);
    ASSERT_EQ(dag2.constraints.constraint_idx, dag.constraints.constraint_idx);

    // Simplification preserves values.
    std::vector<BabyBear> vals(32);
    for (auto& v : vals) v = BabyBear::from_u32(g.next() % BabyBear::kP);
    auto var = [&](const Var& v) {
      size_t k = static_cast<size_t>(v.entry.kind) * 8 + v.entry.part_index * 4 + v.entry.offset * 2 + v.index;
      return vals[k % vals.size()];
    };
    auto sel = [&](ExprKind k) { return vals[20 + static_cast<size_t>(k)]; };
    auto nv = eval_dag_nodes(dag.constraints.nodes, var, sel);
    for (const Expr& c : constraints) {
      DagBuilder b;
      size_t i = b.add(c);
      auto v = eval_dag_nodes(b.nodes(), var, sel);
      ASSERT_EQ(v[i], eval_tree(c, var, sel)) << "seed " << seed;
    }
    ASSERT_EQ(nv[count], eval_tree(interactions[0].count, var, sel));
  }
}

}  // namespace
}  // namespace swirl
