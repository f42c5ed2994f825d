// A verifying key's constraint DAG as the batch-constraint sumcheck sees it
// (protocol/air_constraints.h): the node list is interpreted once per row
// window, one field operation per node, in topological order.
#pragma once

#include <cstdint>
#include <vector>

#include "swirl/air/dag.h"
#include "swirl/air/keygen.h"
#include "swirl/protocol/air_constraints.h"

namespace swirl {

class DagConstraints final : public AirConstraints {
 public:
  /// Copies the DAG of `vk`. Throws std::invalid_argument if a node reads a
  /// challenge (unsupported, as in the reference) or a variable outside the
  /// key's widths or public values, so eval() needs no bounds checks.
  explicit DagConstraints(const StarkVerifyingKey& vk);

  size_t num_nodes() const override { return nodes_.size(); }
  std::span<const uint32_t> constraint_nodes() const override { return constraints_; }
  std::span<const InteractionNodes> interactions() const override { return interactions_; }
  void eval(const RowWindow<BabyBear>& window, BabyBear* nodes) const override;
  void eval(const RowWindow<BabyBear4>& window, BabyBear4* nodes) const override;
  void eval_many(std::span<const RowWindow<BabyBear>> windows, BabyBear* nodes) const override;
  void eval_many(std::span<const RowWindow<BabyBear4>> windows, BabyBear4* nodes) const override;

 private:
  template <typename T>
  void eval_impl(const RowWindow<T>& w, T* v) const;
  template <typename T>
  void eval_many_impl(std::span<const RowWindow<T>> windows, T* v) const;

  // A compact node: kind, operand indices or the variable's coordinates.
  struct Node {
    ExprKind kind;
    uint8_t entry;   // EntryKind for variables
    uint8_t offset;  // 0 local, 1 next
    uint32_t a;      // left child / part index
    uint32_t b;      // right child / column index
    BabyBear constant;
  };
  std::vector<Node> nodes_;
  std::vector<uint32_t> constraints_;
  std::vector<InteractionNodes> interactions_;
};

/// The sumcheck's view of a verifying key's shape.
AirShape air_shape(const StarkVerifyingKey& vk);

}  // namespace swirl
