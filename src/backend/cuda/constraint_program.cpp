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

ConstraintProgram compile_constraint_program(const SymbolicConstraintsDag& dag, const AirShape& shape,
                                             size_t max_groups) {
  const std::vector<DagNode>& nodes = dag.constraints.nodes;
  const std::vector<size_t>& roots = dag.constraints.constraint_idx;
  const FlatColumns flat(shape);
  ConstraintProgram prog;
  prog.num_columns = flat.num_columns;
  prog.num_constraints = static_cast<uint32_t>(roots.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const DagNode& n = nodes[i];
    if (is_value(n.kind) && (n.left >= i || (n.kind != ExprKind::kNeg && n.right >= i)))
      throw std::invalid_argument("compile_constraint_program: node " + std::to_string(i) + " is not in topological order");
  }
  for (size_t r : roots)
    if (r >= nodes.size()) throw std::invalid_argument("compile_constraint_program: constraint node out of range");

  std::vector<char> mark(nodes.size(), 0);
  std::vector<size_t> scratch;
  // Each constraint's own cone size, for balancing the groups.
  std::vector<size_t> cone_size(roots.size());
  size_t total = 0;
  for (size_t k = 0; k < roots.size(); ++k) {
    scratch.clear();
    cone(nodes, roots[k], mark, scratch);
    for (size_t i : scratch) mark[i] = 0;
    cone_size[k] = scratch.size() + 1;  // + the fold
    total += cone_size[k];
  }
  const size_t groups = std::max<size_t>(1, std::min(max_groups, roots.size()));
  const size_t target = (total + groups - 1) / groups;

  auto operand = [&](size_t i, const std::vector<uint32_t>& slot_of) -> Operand {
    const DagNode& n = nodes[i];
    switch (n.kind) {
      case ExprKind::kVariable:
        if (n.var.entry.kind == EntryKind::kPublic) return Operand::make(Operand::kPublic, static_cast<uint32_t>(n.var.index));
        return Operand::make(Operand::kColumn, flat.column(n.var));
      case ExprKind::kIsFirstRow: return Operand::make(Operand::kColumn, 0);
      case ExprKind::kIsTransition: return Operand::make(Operand::kColumn, 1);
      case ExprKind::kIsLastRow: return Operand::make(Operand::kColumn, 2);
      case ExprKind::kConstant:
        prog.constants.push_back(n.constant);
        return Operand::make(Operand::kConstant, static_cast<uint32_t>(prog.constants.size() - 1));
      default: return Operand::make(Operand::kSlot, slot_of[i]);
    }
  };

  std::vector<uint32_t> slot_of(nodes.size(), 0);
  std::vector<uint32_t> last_use(nodes.size(), 0);
  std::vector<std::vector<uint32_t>> folds_at(nodes.size());
  size_t k0 = 0;
  while (k0 < roots.size()) {
    size_t k1 = k0, work = 0;
    while (k1 < roots.size() && (k1 == k0 || work + cone_size[k1] <= target)) work += cone_size[k1++];
    if (prog.groups.size() + 1 == groups) k1 = roots.size();  // the last group takes the rest
    // The group's nodes: the union of its cones, in DAG order.
    scratch.clear();
    for (size_t k = k0; k < k1; ++k) cone(nodes, roots[k], mark, scratch);
    std::sort(scratch.begin(), scratch.end());
    for (size_t k = k0; k < k1; ++k) folds_at[roots[k]].push_back(static_cast<uint32_t>(k));
    for (size_t i : scratch) {
      const DagNode& n = nodes[i];
      last_use[n.left] = static_cast<uint32_t>(i);
      if (n.kind != ExprKind::kNeg) last_use[n.right] = static_cast<uint32_t>(i);
    }
    ProgramGroup g;
    g.first = static_cast<uint32_t>(prog.instrs.size());
    g.first_constraint = static_cast<uint32_t>(k0);
    g.num_constraints = static_cast<uint32_t>(k1 - k0);
    // Roots that are leaves fold at once.
    for (size_t k = k0; k < k1; ++k)
      if (!is_value(nodes[roots[k]].kind))
        prog.instrs.push_back({ProgramOp::kFold, static_cast<uint32_t>(k), operand(roots[k], slot_of), {}});
    std::vector<uint32_t> free_slots;
    uint32_t used = 0;
    auto release = [&](size_t c, size_t at) {
      if (is_value(nodes[c].kind) && last_use[c] == at) free_slots.push_back(slot_of[c]);
    };
    for (size_t i : scratch) {
      const DagNode& n = nodes[i];
      ProgramInstr in;
      in.a = operand(n.left, slot_of);
      if (n.kind != ExprKind::kNeg) in.b = operand(n.right, slot_of);
      in.op = n.kind == ExprKind::kAdd   ? ProgramOp::kAdd
              : n.kind == ExprKind::kSub ? ProgramOp::kSub
              : n.kind == ExprKind::kMul ? ProgramOp::kMul
                                         : ProgramOp::kNeg;
      // The operands are read before the result is written, so the result
      // may take a slot its operands free.
      release(n.left, i);
      if (n.kind != ExprKind::kNeg && n.right != n.left) release(n.right, i);
      if (free_slots.empty()) {
        slot_of[i] = used++;
      } else {
        slot_of[i] = free_slots.back();
        free_slots.pop_back();
      }
      in.dst = slot_of[i];
      prog.instrs.push_back(in);
      for (uint32_t k : folds_at[i])
        prog.instrs.push_back({ProgramOp::kFold, k, Operand::make(Operand::kSlot, slot_of[i]), {}});
      // Nothing later in the group reads it: the slot is free again.
      if (last_use[i] <= i) free_slots.push_back(slot_of[i]);
    }
    for (size_t i : scratch) {
      mark[i] = 0;
      last_use[nodes[i].left] = 0;
      if (nodes[i].kind != ExprKind::kNeg) last_use[nodes[i].right] = 0;
    }
    for (size_t k = k0; k < k1; ++k) folds_at[roots[k]].clear();
    g.count = static_cast<uint32_t>(prog.instrs.size()) - g.first;
    g.num_slots = used;
    prog.max_slots = std::max(prog.max_slots, used);
    prog.groups.push_back(g);
    k0 = k1;
  }
  return prog;
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
