// Host encoder of the per-AIR constraint arrays (layout in constraint_code.h).
#include "swirl/backend/cuda/constraint_code.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace swirl::cuda {
namespace {

void check_fits(const char* what, uint64_t value, uint64_t limit) {
  if (value >= limit)
    throw std::invalid_argument(std::string("encode_air_constraints: ") + what + " " + std::to_string(value) +
                                " does not fit (limit " + std::to_string(limit) + ")");
}

uint32_t node_ref(const char* what, size_t idx, size_t bound) {
  if (idx >= bound)
    throw std::invalid_argument(std::string("encode_air_constraints: ") + what + " refers to node " +
                                std::to_string(idx) + " of " + std::to_string(bound));
  return static_cast<uint32_t>(idx);
}

}  // namespace

uint64_t encode_node(const DagNode& n) {
  const uint64_t op = static_cast<uint64_t>(n.kind);
  switch (n.kind) {
    case ExprKind::kVariable: {
      const SymbolicVariable& v = n.var;
      check_fits("variable part_index", v.entry.part_index, 256);
      check_fits("variable offset", v.entry.offset, 256);
      check_fits("variable index", v.index, uint64_t{1} << 32);
      return op | (uint64_t{static_cast<uint8_t>(v.entry.kind)} << 8) | (uint64_t{v.entry.offset} << 16) |
             (uint64_t{v.entry.part_index} << 24) | (uint64_t{v.index} << 32);
    }
    case ExprKind::kConstant: return op | (uint64_t{n.constant.monty()} << 32);
    case ExprKind::kIsFirstRow:
    case ExprKind::kIsLastRow:
    case ExprKind::kIsTransition: return op;
    case ExprKind::kAdd:
    case ExprKind::kSub:
    case ExprKind::kMul:
      check_fits("left child", n.left, kMaxDagNodes);
      check_fits("right child", n.right, kMaxDagNodes);
      return op | (uint64_t{n.left} << 8) | (uint64_t{n.right} << 36);
    case ExprKind::kNeg: check_fits("operand", n.left, kMaxDagNodes); return op | (uint64_t{n.left} << 8);
  }
  throw std::invalid_argument("encode_node: unknown kind " + std::to_string(op));
}

AirConstraintCode encode_air_constraints(const SymbolicConstraintsDag& dag) {
  const std::vector<DagNode>& nodes = dag.constraints.nodes;
  check_fits("node count", nodes.size(), kMaxDagNodes + 1);
  AirConstraintCode c;
  c.nodes.reserve(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const DagNode& n = nodes[i];
    // Children precede their parent (topological order): the device
    // evaluates in one forward pass.
    switch (n.kind) {
      case ExprKind::kAdd:
      case ExprKind::kSub:
      case ExprKind::kMul: node_ref("a right child", n.right, i); [[fallthrough]];
      case ExprKind::kNeg: node_ref("a left child", n.left, i); break;
      default: break;
    }
    c.nodes.push_back(encode_node(n));
  }
  c.constraint_idx.reserve(dag.constraints.constraint_idx.size());
  for (size_t idx : dag.constraints.constraint_idx) c.constraint_idx.push_back(node_ref("a constraint", idx, nodes.size()));
  c.interactions.reserve(dag.interactions.size() * kInteractionWords);
  for (const Interaction<size_t>& in : dag.interactions) {
    check_fits("interaction field offset", c.interaction_fields.size() + in.message.size(), uint64_t{1} << 32);
    c.interactions.push_back(node_ref("an interaction count", in.count, nodes.size()));
    c.interactions.push_back(in.bus_index);
    c.interactions.push_back(static_cast<uint32_t>(c.interaction_fields.size()));
    c.interactions.push_back(static_cast<uint32_t>(in.message.size()));
    for (size_t f : in.message) c.interaction_fields.push_back(node_ref("an interaction field", f, nodes.size()));
    c.max_message_length = std::max(c.max_message_length, static_cast<uint32_t>(in.message.size()));
  }
  return c;
}

}  // namespace swirl::cuda
