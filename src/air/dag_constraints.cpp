#include "swirl/air/dag_constraints.h"

#include <stdexcept>
#include <string>

namespace swirl {

DagConstraints::DagConstraints(const StarkVerifyingKey& vk) {
  const SymbolicConstraintsDag& dag = vk.symbolic_constraints;
  const TraceWidth& width = vk.params.width;
  const std::vector<size_t> main_widths = [&] {
    std::vector<size_t> w = width.cached_mains;
    w.push_back(width.common_main);
    return w;
  }();
  const size_t n = dag.constraints.nodes.size();
  if (n >= (size_t{1} << 32)) throw std::invalid_argument("DagConstraints: too many nodes");
  nodes_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const DagNode& d = dag.constraints.nodes[i];
    Node x{d.kind, 0, 0, 0, 0, BabyBear::zero()};
    switch (d.kind) {
      case ExprKind::kVariable: {
        const SymbolicVariable& v = d.var;
        x.entry = static_cast<uint8_t>(v.entry.kind);
        x.offset = static_cast<uint8_t>(v.entry.offset);
        x.b = static_cast<uint32_t>(v.index);
        if (v.entry.offset > 1) throw std::invalid_argument("DagConstraints: row offset " + std::to_string(v.entry.offset));
        if (v.entry.offset == 1 && !vk.params.need_rot) throw std::invalid_argument("DagConstraints: next row read without need_rot");
        switch (v.entry.kind) {
          case EntryKind::kPreprocessed:
            if (!width.preprocessed || v.index >= *width.preprocessed)
              throw std::invalid_argument("DagConstraints: preprocessed column " + std::to_string(v.index) + " out of range");
            break;
          case EntryKind::kMain:
            if (v.entry.part_index >= main_widths.size() || v.index >= main_widths[v.entry.part_index])
              throw std::invalid_argument("DagConstraints: main part " + std::to_string(v.entry.part_index) + " column " +
                                          std::to_string(v.index) + " out of range");
            x.a = static_cast<uint32_t>(v.entry.part_index);
            break;
          case EntryKind::kPublic:
            if (v.index >= vk.params.num_public_values)
              throw std::invalid_argument("DagConstraints: public value " + std::to_string(v.index) + " out of range");
            break;
          case EntryKind::kChallenge:
            throw std::invalid_argument("DagConstraints: challenge variables are not supported");
        }
        break;
      }
      case ExprKind::kConstant:
        x.constant = d.constant;
        break;
      case ExprKind::kIsFirstRow:
      case ExprKind::kIsLastRow:
      case ExprKind::kIsTransition:
        break;
      case ExprKind::kAdd:
      case ExprKind::kSub:
      case ExprKind::kMul:
      case ExprKind::kNeg:
        if (d.left >= i || (d.kind != ExprKind::kNeg && d.right >= i))
          throw std::invalid_argument("DagConstraints: node " + std::to_string(i) + " is not in topological order");
        x.a = static_cast<uint32_t>(d.left);
        x.b = static_cast<uint32_t>(d.right);
        break;
    }
    nodes_.push_back(x);
  }
  for (size_t c : dag.constraints.constraint_idx) {
    if (c >= n) throw std::invalid_argument("DagConstraints: constraint index out of range");
    constraints_.push_back(static_cast<uint32_t>(c));
  }
  for (const auto& it : dag.interactions) {
    InteractionNodes in;
    in.bus_index = it.bus_index;
    if (it.count >= n) throw std::invalid_argument("DagConstraints: interaction count node out of range");
    in.count = static_cast<uint32_t>(it.count);
    for (size_t m : it.message) {
      if (m >= n) throw std::invalid_argument("DagConstraints: interaction field node out of range");
      in.message.push_back(static_cast<uint32_t>(m));
    }
    interactions_.push_back(std::move(in));
  }
}

template <typename T>
void DagConstraints::eval_impl(const RowWindow<T>& w, T* v) const {
  const size_t n = nodes_.size();
  for (size_t i = 0; i < n; ++i) {
    const Node& x = nodes_[i];
    switch (x.kind) {
      case ExprKind::kVariable:
        switch (static_cast<EntryKind>(x.entry)) {
          case EntryKind::kPreprocessed:
            v[i] = (x.offset ? w.preprocessed_next : w.preprocessed_local)[x.b];
            break;
          case EntryKind::kMain:
            v[i] = (x.offset ? w.main_next[x.a] : w.main_local[x.a])[x.b];
            break;
          case EntryKind::kPublic:
            v[i] = T(w.public_values[x.b]);
            break;
          case EntryKind::kChallenge:
            v[i] = T();
            break;
        }
        break;
      case ExprKind::kConstant: v[i] = T(x.constant); break;
      case ExprKind::kIsFirstRow: v[i] = w.is_first_row; break;
      case ExprKind::kIsLastRow: v[i] = w.is_last_row; break;
      case ExprKind::kIsTransition: v[i] = w.is_transition; break;
      case ExprKind::kAdd: v[i] = v[x.a] + v[x.b]; break;
      case ExprKind::kSub: v[i] = v[x.a] - v[x.b]; break;
      case ExprKind::kMul: v[i] = v[x.a] * v[x.b]; break;
      case ExprKind::kNeg: v[i] = -v[x.a]; break;
    }
  }
}

template <typename F>
void DagConstraints::eval_many_impl(std::span<const RowWindow<F>> windows, F* v) const {
  const size_t P = windows.size();
  const size_t n = nodes_.size();
  for (size_t i = 0; i < n; ++i) {
    const Node& x = nodes_[i];
    F* out = v + i * P;
    switch (x.kind) {
      case ExprKind::kVariable:
        switch (static_cast<EntryKind>(x.entry)) {
          case EntryKind::kPreprocessed:
            for (size_t p = 0; p < P; ++p)
              out[p] = (x.offset ? windows[p].preprocessed_next : windows[p].preprocessed_local)[x.b];
            break;
          case EntryKind::kMain:
            for (size_t p = 0; p < P; ++p)
              out[p] = (x.offset ? windows[p].main_next[x.a] : windows[p].main_local[x.a])[x.b];
            break;
          case EntryKind::kPublic:
            for (size_t p = 0; p < P; ++p) out[p] = F(windows[p].public_values[x.b]);
            break;
          case EntryKind::kChallenge:
            for (size_t p = 0; p < P; ++p) out[p] = F();
            break;
        }
        break;
      case ExprKind::kConstant:
        for (size_t p = 0; p < P; ++p) out[p] = F(x.constant);
        break;
      case ExprKind::kIsFirstRow:
        for (size_t p = 0; p < P; ++p) out[p] = windows[p].is_first_row;
        break;
      case ExprKind::kIsLastRow:
        for (size_t p = 0; p < P; ++p) out[p] = windows[p].is_last_row;
        break;
      case ExprKind::kIsTransition:
        for (size_t p = 0; p < P; ++p) out[p] = windows[p].is_transition;
        break;
      case ExprKind::kAdd: {
        const F* l = v + x.a * P;
        const F* r = v + x.b * P;
        for (size_t p = 0; p < P; ++p) out[p] = l[p] + r[p];
        break;
      }
      case ExprKind::kSub: {
        const F* l = v + x.a * P;
        const F* r = v + x.b * P;
        for (size_t p = 0; p < P; ++p) out[p] = l[p] - r[p];
        break;
      }
      case ExprKind::kMul: {
        const F* l = v + x.a * P;
        const F* r = v + x.b * P;
        for (size_t p = 0; p < P; ++p) out[p] = l[p] * r[p];
        break;
      }
      case ExprKind::kNeg: {
        const F* l = v + x.a * P;
        for (size_t p = 0; p < P; ++p) out[p] = -l[p];
        break;
      }
    }
  }
}

void DagConstraints::eval_many(std::span<const RowWindow<BabyBear>> windows, BabyBear* nodes) const {
  eval_many_impl(windows, nodes);
}
void DagConstraints::eval_many(std::span<const RowWindow<BabyBear4>> windows, BabyBear4* nodes) const {
  eval_many_impl(windows, nodes);
}

void DagConstraints::eval(const RowWindow<BabyBear>& window, BabyBear* nodes) const { eval_impl(window, nodes); }
void DagConstraints::eval(const RowWindow<BabyBear4>& window, BabyBear4* nodes) const { eval_impl(window, nodes); }

AirShape air_shape(const StarkVerifyingKey& vk) {
  AirShape s;
  s.constraint_degree = vk.max_constraint_degree;
  s.need_rot = vk.params.need_rot;
  s.has_preprocessed = vk.params.width.preprocessed.has_value();
  s.preprocessed_width = vk.params.width.preprocessed.value_or(0);
  s.cached_widths = vk.params.width.cached_mains;
  s.common_main_width = vk.params.width.common_main;
  s.num_public_values = vk.params.num_public_values;
  return s;
}

}  // namespace swirl
