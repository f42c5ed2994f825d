#include "swirl/air/dag.h"

#include <algorithm>
#include <optional>

namespace swirl {

struct DagBuilder::NodeHash {
  size_t operator()(const DagNode& n) const {
    uint64_t h = 0x9e3779b97f4a7c15ull * (static_cast<uint64_t>(n.kind) + 1);
    auto mix = [&h](uint64_t x) { h = (h ^ x) * 0x100000001b3ull + (h >> 29); };
    mix(static_cast<uint64_t>(n.var.entry.kind));
    mix(n.var.entry.part_index);
    mix(n.var.entry.offset);
    mix(n.var.index);
    mix(n.constant.monty());
    mix(n.left);
    mix(n.right);
    mix(n.degree_multiple);
    return static_cast<size_t>(h);
  }
};

DagBuilder::DagBuilder() : by_node_(std::make_unique<std::unordered_map<DagNode, size_t, NodeHash>>()) {}
DagBuilder::~DagBuilder() = default;

size_t DagBuilder::intern(const DagNode& n) {
  auto [it, inserted] = by_node_->try_emplace(n, nodes_.size());
  if (inserted) nodes_.push_back(n);
  return it->second;
}

// Applies the reference's simplification rules to an operation node whose
// children were added as `l` and `r`.
size_t DagBuilder::finish(const ExprNode& e, size_t l, size_t r) {
  auto as_const = [this](size_t i) -> std::optional<BabyBear> {
    if (nodes_[i].kind == ExprKind::kConstant) return nodes_[i].constant;
    return std::nullopt;
  };
  auto is_const = [&](size_t i, BabyBear c) {
    auto v = as_const(i);
    return v && *v == c;
  };
  auto neg_child = [this](size_t i) -> std::optional<size_t> {
    if (nodes_[i].kind == ExprKind::kNeg) return nodes_[i].left;
    return std::nullopt;
  };
  const BabyBear zero = BabyBear::zero(), one = BabyBear::one();
  const size_t deg = e.degree_multiple;
  switch (e.kind) {
    case ExprKind::kAdd: {
      auto a = as_const(l), b = as_const(r);
      if (a && b) return intern(DagNode::constant_node(*a + *b));
      if (is_const(l, zero)) return r;
      if (is_const(r, zero)) return l;
      if (auto y = neg_child(r)) return intern(DagNode::binary(ExprKind::kSub, l, *y, deg));
      return intern(DagNode::binary(ExprKind::kAdd, l, r, deg));
    }
    case ExprKind::kSub: {
      auto a = as_const(l), b = as_const(r);
      if (a && b) return intern(DagNode::constant_node(*a - *b));
      if (is_const(r, zero)) return l;
      if (auto y = neg_child(r)) return intern(DagNode::binary(ExprKind::kAdd, l, *y, deg));
      return intern(DagNode::binary(ExprKind::kSub, l, r, deg));
    }
    case ExprKind::kNeg: {
      if (auto a = as_const(l)) return intern(DagNode::constant_node(-*a));
      return intern(DagNode::neg(l, deg));
    }
    case ExprKind::kMul: {
      auto a = as_const(l), b = as_const(r);
      if (a && b) return intern(DagNode::constant_node(*a * *b));
      if (is_const(l, zero) || is_const(r, one)) return l;
      if (is_const(r, zero) || is_const(l, one)) return r;
      return intern(DagNode::binary(ExprKind::kMul, l, r, deg));
    }
    default: break;
  }
  return 0;  // unreachable: leaves never get here
}

size_t DagBuilder::add(const Expr& root) {
  // Iterative post-order walk (AIRs such as keccak-f build trees deep enough
  // to exhaust the stack recursively). A frame's stage says how many
  // children have been pushed.
  roots_.push_back(root);
  struct Frame {
    const ExprNode* n;
    int stage;
  };
  std::vector<Frame> stack{{&root.node(), 0}};
  std::vector<size_t> results;
  while (!stack.empty()) {
    Frame& f = stack.back();
    const ExprNode& e = *f.n;
    if (f.stage == 0) {
      if (auto it = by_ptr_.find(f.n); it != by_ptr_.end()) {
        results.push_back(it->second);
        stack.pop_back();
        continue;
      }
      size_t idx = 0;
      bool leaf = true;
      switch (e.kind) {
        case ExprKind::kVariable: idx = intern(DagNode::variable(e.var)); break;
        case ExprKind::kConstant: idx = intern(DagNode::constant_node(e.constant)); break;
        case ExprKind::kIsFirstRow:
        case ExprKind::kIsLastRow:
        case ExprKind::kIsTransition: idx = intern(DagNode::selector(e.kind)); break;
        default: leaf = false; break;
      }
      if (leaf) {
        by_ptr_.emplace(f.n, idx);
        results.push_back(idx);
        stack.pop_back();
        continue;
      }
      f.stage = 1;
      stack.push_back({e.x.get(), 0});  // invalidates f
      continue;
    }
    if (f.stage == 1 && e.kind != ExprKind::kNeg) {
      f.stage = 2;
      stack.push_back({e.y.get(), 0});
      continue;
    }
    size_t l, r = 0;
    if (e.kind == ExprKind::kNeg) {
      l = results.back();
      results.pop_back();
    } else {
      r = results.back();
      results.pop_back();
      l = results.back();
      results.pop_back();
    }
    size_t idx = finish(e, l, r);
    by_ptr_.emplace(f.n, idx);
    results.push_back(idx);
    stack.pop_back();
  }
  return results.back();
}

size_t SymbolicExpressionDag::max_rotation() const {
  size_t rot = 0;
  for (const DagNode& n : nodes)
    if (n.kind == ExprKind::kVariable &&
        (n.var.entry.kind == EntryKind::kPreprocessed || n.var.entry.kind == EntryKind::kMain))
      rot = std::max(rot, n.var.entry.offset);
  return rot;
}

SymbolicConstraintsDag build_constraints_dag(std::span<const Expr> constraints,
                                             std::span<const SymbolicInteraction> interactions) {
  DagBuilder b;
  std::vector<size_t> cidx;
  cidx.reserve(constraints.size());
  for (const Expr& c : constraints) cidx.push_back(b.add(c));
  std::sort(cidx.begin(), cidx.end());
  cidx.erase(std::unique(cidx.begin(), cidx.end()), cidx.end());
  std::vector<Interaction<size_t>> ins;
  ins.reserve(interactions.size());
  for (const SymbolicInteraction& in : interactions) {
    Interaction<size_t> d;
    d.message.reserve(in.message.size());
    for (const Expr& m : in.message) d.message.push_back(b.add(m));
    d.count = b.add(in.count);
    d.bus_index = in.bus_index;
    d.count_weight = in.count_weight;
    ins.push_back(std::move(d));
  }
  SymbolicConstraintsDag out;
  out.constraints.nodes = b.take_nodes();
  out.constraints.constraint_idx = std::move(cidx);
  out.interactions = std::move(ins);
  return out;
}

}  // namespace swirl
