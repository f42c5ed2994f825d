// What the batch-constraint sumcheck (prover and verifier) needs to know of
// one AIR: its constraints and interactions as a list of nodes to evaluate on
// one row window, plus the shape facts of its verifying key.
//
// The AIR frontend (air/) implements AirConstraints with an interpreter of
// the reference's constraint DAG (SymbolicExpressionDag: nodes in
// topological order, `constraint_idx`, interactions whose count and message
// fields are node indices). Tests implement it by hand. The protocol only
// ever needs node values, so the interface is "evaluate every node".
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"

namespace swirl {

/// The values one evaluation sees: the three row selectors, the local and
/// next rows of every trace part, and the public values. `T` is BabyBear
/// (rows of the trace or its extension to a coset) or BabyBear4 (folded
/// columns, openings). Main parts are in the reference's `part_index` order:
/// cached mains first, the common main last. `*_next` entries are null when
/// the AIR does not use rotations.
template <typename T>
struct RowWindow {
  T is_first_row{};
  T is_last_row{};
  T is_transition{};
  const T* preprocessed_local = nullptr;  // null without a preprocessed trace
  const T* preprocessed_next = nullptr;
  std::span<const T* const> main_local;
  std::span<const T* const> main_next;
  std::span<const BabyBear> public_values;
};

/// One interaction (a bus message with a multiplicity) in node indices.
struct InteractionNodes {
  uint16_t bus_index = 0;
  uint32_t count = 0;              // node of the multiplicity
  std::vector<uint32_t> message;   // nodes of the message fields
};

/// Shape facts of one AIR's verifying key that the sumcheck uses.
struct AirShape {
  /// The AIR's max_constraint_degree: the largest degree over constraints
  /// and interaction counts and message fields.
  size_t constraint_degree = 0;
  /// vk params.need_rot: some variable reads the next row.
  bool need_rot = false;
  bool has_preprocessed = false;
  size_t preprocessed_width = 0;
  std::vector<size_t> cached_widths;  // one per cached main part, in order
  size_t common_main_width = 0;
  size_t num_public_values = 0;

  size_t num_parts() const { return 1 + (has_preprocessed ? 1 : 0) + cached_widths.size(); }
};

/// The parameters of the batch-constraint phase (from SystemParams).
struct BatchConstraintParams {
  int l_skip = 0;
  size_t max_constraint_degree = 0;  // d: params.max_constraint_degree
  int logup_pow_bits = 0;
};

/// The constraints and interactions of one AIR, as nodes to evaluate.
class AirConstraints {
 public:
  virtual ~AirConstraints() = default;
  /// Number of node values eval() writes.
  virtual size_t num_nodes() const = 0;
  /// Node index of each constraint, in constraint order (constraint k is
  /// weighted by lambda^k).
  virtual std::span<const uint32_t> constraint_nodes() const = 0;
  /// Interactions in order (their order fixes the GKR input layout).
  virtual std::span<const InteractionNodes> interactions() const = 0;
  /// Evaluates every node at one window; `nodes` has num_nodes() entries.
  /// Must be safe to call concurrently from several threads.
  virtual void eval(const RowWindow<BabyBear>& window, BabyBear* nodes) const = 0;
  virtual void eval(const RowWindow<BabyBear4>& window, BabyBear4* nodes) const = 0;
  /// Evaluates every node at several windows at once, node-major:
  /// `nodes[i * windows.size() + p]` is node i at window p. The default calls
  /// eval() per window; an interpreter overrides it to pay its dispatch once
  /// per node for all windows and to let the compiler vectorise over them.
  virtual void eval_many(std::span<const RowWindow<BabyBear>> windows, BabyBear* nodes) const {
    eval_each(windows, nodes);
  }
  virtual void eval_many(std::span<const RowWindow<BabyBear4>> windows, BabyBear4* nodes) const {
    eval_each(windows, nodes);
  }

 protected:
  /// eval_many through eval(), one window at a time.
  template <typename T>
  void eval_each(std::span<const RowWindow<T>> windows, T* nodes) const {
    const size_t count = windows.size();
    std::vector<T> one(num_nodes());
    for (size_t p = 0; p < count; ++p) {
      eval(windows[p], one.data());
      for (size_t i = 0; i < one.size(); ++i) nodes[i * count + p] = one[i];
    }
  }
};

}  // namespace swirl
