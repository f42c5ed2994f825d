// Host compiler of the constraint DAG into the grouped instruction stream
// of constraint_program.h, and its host interpreter.
#include "swirl/backend/cuda/constraint_program.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace swirl::cuda {
namespace {

bool is_value(ExprKind k) {
  return k == ExprKind::kAdd || k == ExprKind::kSub || k == ExprKind::kMul || k == ExprKind::kNeg;
}

// The value nodes a root needs (its cone), appended to `out`; `mark` is
// set for them (and left set: the caller clears it).
void cone(const std::vector<DagNode>& nodes, size_t root, std::vector<char>& mark, std::vector<size_t>& out) {
  std::vector<size_t> stack{root};
  while (!stack.empty()) {
    const size_t i = stack.back();
    stack.pop_back();
    if (!is_value(nodes[i].kind) || mark[i]) continue;
    mark[i] = 1;
    out.push_back(i);
    stack.push_back(nodes[i].left);
    if (nodes[i].kind != ExprKind::kNeg) stack.push_back(nodes[i].right);
  }
}

}  // namespace

FlatColumns::FlatColumns(const AirShape& shape) : has_preprocessed(shape.has_preprocessed), rot(shape.need_rot) {
  std::vector<size_t> widths;
  if (shape.has_preprocessed) widths.push_back(shape.preprocessed_width);
  for (size_t w : shape.cached_widths) widths.push_back(w);
  widths.push_back(shape.common_main_width);
  uint32_t off = 3;
  for (size_t w : widths) {
    local_offset.push_back(off);
    off += static_cast<uint32_t>(w);
  }
  for (size_t w : widths) {
    next_offset.push_back(off);
    if (rot) off += static_cast<uint32_t>(w);
  }
  num_columns = off;
}

uint32_t FlatColumns::column(const SymbolicVariable& v) const {
  size_t part = 0;
  switch (v.entry.kind) {
    case EntryKind::kPreprocessed:
      if (!has_preprocessed) throw std::invalid_argument("FlatColumns: a preprocessed variable without a preprocessed trace");
      part = 0;
      break;
    case EntryKind::kMain: part = (has_preprocessed ? 1 : 0) + v.entry.part_index; break;
    default: throw std::invalid_argument("FlatColumns: not a trace variable");
  }
  if (part >= local_offset.size()) throw std::invalid_argument("FlatColumns: part " + std::to_string(part) + " out of range");
  if (v.entry.offset > 1 || (v.entry.offset == 1 && !rot))
    throw std::invalid_argument("FlatColumns: row offset " + std::to_string(v.entry.offset) + " not supported");
  const uint32_t base = v.entry.offset == 0 ? local_offset[part] : next_offset[part];
  return base + static_cast<uint32_t>(v.index);
}

namespace {

// Emits the instructions of one group: `order` are the group's value nodes
// in DAG order; after node i is computed, `after(i, operand)` emits what
// reads it as a root (folds, counts, fields). Slots are assigned by a
// linear scan with a value freed after its last use in the group. Returns
// the slots used.
class GroupEmitter {
 public:
  GroupEmitter(const std::vector<DagNode>& nodes, const FlatColumns& flat, ConstraintProgram& prog)
      : nodes_(nodes), flat_(flat), prog_(prog), slot_of_(nodes.size(), 0), last_use_(nodes.size(), 0) {}

  Operand operand(size_t i) {
    const DagNode& n = nodes_[i];
    switch (n.kind) {
      case ExprKind::kVariable:
        if (n.var.entry.kind == EntryKind::kPublic) return Operand::make(Operand::kPublic, static_cast<uint32_t>(n.var.index));
        return Operand::make(Operand::kColumn, flat_.column(n.var));
      case ExprKind::kIsFirstRow: return Operand::make(Operand::kColumn, 0);
      case ExprKind::kIsTransition: return Operand::make(Operand::kColumn, 1);
      case ExprKind::kIsLastRow: return Operand::make(Operand::kColumn, 2);
      case ExprKind::kConstant:
        prog_.constants.push_back(n.constant);
        return Operand::make(Operand::kConstant, static_cast<uint32_t>(prog_.constants.size() - 1));
      default: return Operand::make(Operand::kSlot, slot_of_[i]);
    }
  }

  // `order` must be sorted; `keep(i)` says whether node i stays alive past
  // its last use inside the group (never, here: roots are consumed when made).
  template <typename After>
  uint32_t emit(const std::vector<size_t>& order, const After& after) {
    for (size_t i : order) {
      const DagNode& n = nodes_[i];
      last_use_[n.left] = static_cast<uint32_t>(i);
      if (n.kind != ExprKind::kNeg) last_use_[n.right] = static_cast<uint32_t>(i);
    }
    std::vector<uint32_t> free_slots;
    uint32_t used = 0;
    auto release = [&](size_t c, size_t at) {
      if (is_value(nodes_[c].kind) && last_use_[c] == at) free_slots.push_back(slot_of_[c]);
    };
    for (size_t i : order) {
      const DagNode& n = nodes_[i];
      ProgramInstr in;
      in.a = operand(n.left);
      if (n.kind != ExprKind::kNeg) in.b = operand(n.right);
      in.op = n.kind == ExprKind::kAdd   ? ProgramOp::kAdd
              : n.kind == ExprKind::kSub ? ProgramOp::kSub
              : n.kind == ExprKind::kMul ? ProgramOp::kMul
                                         : ProgramOp::kNeg;
      // The operands are read before the result is written, so the result
      // may take a slot its operands free.
      release(n.left, i);
      if (n.kind != ExprKind::kNeg && n.right != n.left) release(n.right, i);
      if (free_slots.empty()) {
        slot_of_[i] = used++;
      } else {
        slot_of_[i] = free_slots.back();
        free_slots.pop_back();
      }
      in.dst = slot_of_[i];
      prog_.instrs.push_back(in);
      after(i, Operand::make(Operand::kSlot, slot_of_[i]));
      // Nothing later in the group reads it: the slot is free again.
      if (last_use_[i] <= i) free_slots.push_back(slot_of_[i]);
    }
    for (size_t i : order) {
      last_use_[nodes_[i].left] = 0;
      if (nodes_[i].kind != ExprKind::kNeg) last_use_[nodes_[i].right] = 0;
    }
    return used;
  }

 private:
  const std::vector<DagNode>& nodes_;
  const FlatColumns& flat_;
  ConstraintProgram& prog_;
  std::vector<uint32_t> slot_of_, last_use_;
};

void check_topological(const std::vector<DagNode>& nodes) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    const DagNode& n = nodes[i];
    if (is_value(n.kind) && (n.left >= i || (n.kind != ExprKind::kNeg && n.right >= i)))
      throw std::invalid_argument("compile_constraint_program: node " + std::to_string(i) + " is not in topological order");
  }
}

// Splits items 0..n-1 with work `cost[i]` into at most `max_groups` runs of
// about equal work: returns the run boundaries.
std::vector<size_t> balanced_runs(const std::vector<size_t>& cost, size_t max_groups) {
  size_t total = 0;
  for (size_t c : cost) total += c;
  const size_t groups = std::max<size_t>(1, std::min(max_groups, cost.size()));
  const size_t target = (total + groups - 1) / groups;
  std::vector<size_t> bounds{0};
  size_t k0 = 0;
  while (k0 < cost.size()) {
    size_t k1 = k0, work = 0;
    while (k1 < cost.size() && (k1 == k0 || work + cost[k1] <= target)) work += cost[k1++];
    if (bounds.size() == groups) k1 = cost.size();  // the last group takes the rest
    bounds.push_back(k1);
    k0 = k1;
  }
  return bounds;
}

// Splits the constraints 0..n-1 into runs of consecutive constraints whose
// cone unions (the instructions a group runs, its thread's dependency
// chain) are about equal: the target is the whole DAG's union over
// max_groups, and a run closes before the constraint whose new nodes would
// take it past the target. Cones larger than the target make more runs than
// max_groups; at 2 max_groups the last run takes the rest. Balancing by the sum of the
// constraints' own cones instead overcounts shared nodes and leaves some
// runs twice as long as others (keccak-f: 6,838 instructions in the longest
// of 128 groups against a mean of 334).
std::vector<size_t> balanced_cone_runs(const std::vector<DagNode>& nodes, const std::vector<size_t>& roots,
                                       size_t max_groups, std::vector<char>& mark, std::vector<size_t>& scratch) {
  scratch.clear();
  for (size_t r : roots) cone(nodes, r, mark, scratch);
  const size_t total = scratch.size() + roots.size();
  for (size_t i : scratch) mark[i] = 0;
  const size_t groups = std::max<size_t>(1, std::min(max_groups, roots.size()));
  const size_t target = (total + groups - 1) / groups;
  std::vector<size_t> bounds{0};
  scratch.clear();
  size_t size = 0;
  for (size_t k = 0; k < roots.size(); ++k) {
    const size_t before = scratch.size();
    cone(nodes, roots[k], mark, scratch);
    const size_t added = scratch.size() - before + 1;
    if (k > bounds.back() && size + added > target && bounds.size() < 2 * groups) {
      // Close the run before k; k starts the next one.
      for (size_t i : scratch) mark[i] = 0;
      scratch.clear();
      bounds.push_back(k);
      cone(nodes, roots[k], mark, scratch);
      size = scratch.size() + 1;
    } else {
      size += added;
    }
  }
  for (size_t i : scratch) mark[i] = 0;
  bounds.push_back(roots.size());
  if (roots.empty()) bounds.assign(1, 0);
  return bounds;
}

}  // namespace

ConstraintProgram compile_constraint_program(const SymbolicConstraintsDag& dag, const AirShape& shape,
                                             size_t max_groups) {
  const std::vector<DagNode>& nodes = dag.constraints.nodes;
  const std::vector<size_t>& roots = dag.constraints.constraint_idx;
  const FlatColumns flat(shape);
  ConstraintProgram prog;
  prog.num_columns = flat.num_columns;
  prog.num_constraints = static_cast<uint32_t>(roots.size());
  check_topological(nodes);
  for (size_t r : roots)
    if (r >= nodes.size()) throw std::invalid_argument("compile_constraint_program: constraint node out of range");

  std::vector<char> mark(nodes.size(), 0);
  std::vector<size_t> scratch;
  const std::vector<size_t> bounds = balanced_cone_runs(nodes, roots, max_groups, mark, scratch);
  GroupEmitter em(nodes, flat, prog);
  std::vector<std::vector<uint32_t>> folds_at(nodes.size());
  for (size_t b = 0; b + 1 < bounds.size(); ++b) {
    const size_t k0 = bounds[b], k1 = bounds[b + 1];
    // The group's nodes: the union of its cones, in DAG order.
    scratch.clear();
    for (size_t k = k0; k < k1; ++k) cone(nodes, roots[k], mark, scratch);
    std::sort(scratch.begin(), scratch.end());
    for (size_t i : scratch) mark[i] = 0;
    for (size_t k = k0; k < k1; ++k) folds_at[roots[k]].push_back(static_cast<uint32_t>(k));
    ProgramGroup g;
    g.first = static_cast<uint32_t>(prog.instrs.size());
    g.first_constraint = static_cast<uint32_t>(k0);
    g.num_constraints = static_cast<uint32_t>(k1 - k0);
    // Roots that are leaves fold at once.
    for (size_t k = k0; k < k1; ++k)
      if (!is_value(nodes[roots[k]].kind))
        prog.instrs.push_back({ProgramOp::kFold, static_cast<uint32_t>(k), em.operand(roots[k]), {}});
    g.num_slots = em.emit(scratch, [&](size_t i, Operand v) {
      for (uint32_t k : folds_at[i]) prog.instrs.push_back({ProgramOp::kFold, k, v, {}});
    });
    for (size_t k = k0; k < k1; ++k) folds_at[roots[k]].clear();
    g.count = static_cast<uint32_t>(prog.instrs.size()) - g.first;
    prog.max_slots = std::max(prog.max_slots, g.num_slots);
    prog.groups.push_back(g);
  }
  return prog;
}

ConstraintProgram compile_interaction_program(const SymbolicConstraintsDag& dag, const AirShape& shape,
                                              size_t max_groups) {
  const std::vector<DagNode>& nodes = dag.constraints.nodes;
  const FlatColumns flat(shape);
  ConstraintProgram prog;
  prog.num_columns = flat.num_columns;
  prog.num_interactions = static_cast<uint32_t>(dag.interactions.size());
  check_topological(nodes);
  std::vector<char> mark(nodes.size(), 0);
  std::vector<std::vector<size_t>> order(dag.interactions.size());
  std::vector<size_t> cost(dag.interactions.size());
  for (size_t k = 0; k < dag.interactions.size(); ++k) {
    const auto& in = dag.interactions[k];
    if (in.count >= nodes.size()) throw std::invalid_argument("compile_interaction_program: count node out of range");
    cone(nodes, in.count, mark, order[k]);
    for (size_t f : in.message) {
      if (f >= nodes.size()) throw std::invalid_argument("compile_interaction_program: field node out of range");
      cone(nodes, f, mark, order[k]);
    }
    for (size_t i : order[k]) mark[i] = 0;
    std::sort(order[k].begin(), order[k].end());
    cost[k] = order[k].size() + in.message.size() + 2;
  }
  const std::vector<size_t> bounds = balanced_runs(cost, max_groups);
  GroupEmitter em(nodes, flat, prog);
  for (size_t b = 0; b + 1 < bounds.size(); ++b) {
    ProgramGroup g;
    g.first = static_cast<uint32_t>(prog.instrs.size());
    for (size_t k = bounds[b]; k < bounds[b + 1]; ++k) {
      const auto& in = dag.interactions[k];
      const uint32_t kk = static_cast<uint32_t>(k);
      auto roots_of = [&](size_t i, Operand v) {
        if (in.count == i) prog.instrs.push_back({ProgramOp::kCount, kk, v, {}});
        for (size_t j = 0; j < in.message.size(); ++j)
          if (in.message[j] == i) prog.instrs.push_back({ProgramOp::kField, kk, v, Operand{static_cast<uint32_t>(j)}});
      };
      // Leaf roots (a variable count or field) first.
      if (!is_value(nodes[in.count].kind)) prog.instrs.push_back({ProgramOp::kCount, kk, em.operand(in.count), {}});
      for (size_t j = 0; j < in.message.size(); ++j)
        if (!is_value(nodes[in.message[j]].kind))
          prog.instrs.push_back({ProgramOp::kField, kk, em.operand(in.message[j]), Operand{static_cast<uint32_t>(j)}});
      const uint32_t used = em.emit(order[k], roots_of);
      prog.instrs.push_back({ProgramOp::kEmit, kk, {}, {}});
      g.num_slots = std::max(g.num_slots, used);
    }
    g.count = static_cast<uint32_t>(prog.instrs.size()) - g.first;
    prog.max_slots = std::max(prog.max_slots, g.num_slots);
    prog.groups.push_back(g);
  }
  return prog;
}

void run_interaction_program(const ConstraintProgram& program, std::span<const BabyBear> cols,
                             std::span<const BabyBear> public_values, std::span<const BabyBear4> beta_pows,
                             BabyBear* slots, std::vector<BabyBear>& num, std::vector<BabyBear4>& den) {
  auto load = [&](Operand o) -> BabyBear {
    switch (o.kind()) {
      case Operand::kSlot: return slots[o.value()];
      case Operand::kColumn: return cols[o.value()];
      case Operand::kConstant: return program.constants[o.value()];
      case Operand::kPublic: return public_values[o.value()];
    }
    return BabyBear();
  };
  num.assign(program.num_interactions, BabyBear::zero());
  den.assign(program.num_interactions, BabyBear4::zero());
  BabyBear cur_num = BabyBear::zero();
  BabyBear4 cur_den = BabyBear4::zero();
  for (const ProgramInstr& in : program.instrs) {
    switch (in.op) {
      case ProgramOp::kAdd: slots[in.dst] = load(in.a) + load(in.b); break;
      case ProgramOp::kSub: slots[in.dst] = load(in.a) - load(in.b); break;
      case ProgramOp::kMul: slots[in.dst] = load(in.a) * load(in.b); break;
      case ProgramOp::kNeg: slots[in.dst] = -load(in.a); break;
      case ProgramOp::kCount: cur_num = load(in.a); break;
      case ProgramOp::kField: cur_den += beta_pows[in.b.w] * load(in.a); break;
      case ProgramOp::kEmit:
        num[in.dst] = cur_num;
        den[in.dst] = cur_den;
        cur_num = BabyBear::zero();
        cur_den = BabyBear4::zero();
        break;
      case ProgramOp::kFold: break;
    }
  }
}

template <typename T>
BabyBear4 run_constraint_program(const ConstraintProgram& program, std::span<const T> cols,
                                 std::span<const BabyBear> public_values, std::span<const BabyBear4> lambda_pows,
                                 T* slots) {
  auto load = [&](Operand o) -> T {
    switch (o.kind()) {
      case Operand::kSlot: return slots[o.value()];
      case Operand::kColumn: return cols[o.value()];
      case Operand::kConstant: return T(program.constants[o.value()]);
      case Operand::kPublic: return T(public_values[o.value()]);
    }
    return T();
  };
  BabyBear4 acc = BabyBear4::zero();
  for (const ProgramInstr& in : program.instrs) {
    switch (in.op) {
      case ProgramOp::kAdd: slots[in.dst] = load(in.a) + load(in.b); break;
      case ProgramOp::kSub: slots[in.dst] = load(in.a) - load(in.b); break;
      case ProgramOp::kMul: slots[in.dst] = load(in.a) * load(in.b); break;
      case ProgramOp::kNeg: slots[in.dst] = -load(in.a); break;
      case ProgramOp::kFold: acc += lambda_pows[in.dst] * load(in.a); break;
      default: break;  // interaction ops: not in a constraint program
    }
  }
  return acc;
}

template BabyBear4 run_constraint_program<BabyBear>(const ConstraintProgram&, std::span<const BabyBear>,
                                                    std::span<const BabyBear>, std::span<const BabyBear4>,
                                                    BabyBear*);
template BabyBear4 run_constraint_program<BabyBear4>(const ConstraintProgram&, std::span<const BabyBear4>,
                                                     std::span<const BabyBear>, std::span<const BabyBear4>,
                                                     BabyBear4*);

}  // namespace swirl::cuda
