// The per-AIR constraint data a device kernel evaluates: the constraint DAG
// (air/dag.h) flattened into four plain integer arrays, so a kernel can walk
// the nodes in topological order with one word per node and no pointers.
//
// nodes: one uint64_t word per DAG node, in DAG order (children first).
//   bits 0..7   op = ExprKind (kVariable 0 ... kMul 8, the serde values)
//   kVariable:  bits 8..15 EntryKind, bits 16..23 row offset,
//               bits 24..31 part_index, bits 32..63 column / public /
//               challenge index
//   kConstant:  bits 32..63 the Montgomery word (as a device BabyBear holds
//               it, so no conversion on the device)
//   kAdd, kSub, kMul: bits 8..35 left node, bits 36..63 right node
//   kNeg:       bits 8..35 the operand
//   selectors (kIsFirstRow, kIsLastRow, kIsTransition): op only
//   Unused bits are zero. degree_multiple is not encoded (the device never
//   needs it; the host keeps the DAG in the verifying key).
// constraint_idx: uint32_t node index per constraint, ascending (the DAG's
//   constraint_idx).
// interactions: kInteractionWords uint32_t per interaction, in the DAG's
//   order: {count node, bus index, first field in interaction_fields, number
//   of fields}. count_weight is host-only (trace-height constraints).
// interaction_fields: uint32_t message-field node indices, interaction after
//   interaction.
//
// The limits (node index < 2^28, part_index and offset < 2^8, EntryKind and
// ExprKind < 2^8) are checked by the encoder, which throws
// std::invalid_argument naming the value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "swirl/air/dag.h"
#include "swirl/util/hd.h"

namespace swirl::cuda {

inline constexpr unsigned kNodeIndexBits = 28;
inline constexpr uint64_t kMaxDagNodes = uint64_t{1} << kNodeIndexBits;
inline constexpr size_t kInteractionWords = 4;

/// Accessors for one encoded node word (host and device).
struct NodeCode {
  uint64_t w = 0;

  SWIRL_HD constexpr ExprKind op() const { return static_cast<ExprKind>(w & 0xff); }
  // kVariable
  SWIRL_HD constexpr EntryKind entry_kind() const { return static_cast<EntryKind>((w >> 8) & 0xff); }
  SWIRL_HD constexpr uint32_t offset() const { return static_cast<uint32_t>((w >> 16) & 0xff); }
  SWIRL_HD constexpr uint32_t part_index() const { return static_cast<uint32_t>((w >> 24) & 0xff); }
  SWIRL_HD constexpr uint32_t index() const { return static_cast<uint32_t>(w >> 32); }
  // kConstant
  SWIRL_HD constexpr uint32_t constant_monty() const { return static_cast<uint32_t>(w >> 32); }
  // kAdd, kSub, kMul (left, right); kNeg (left)
  SWIRL_HD constexpr uint32_t left() const { return static_cast<uint32_t>((w >> 8) & (kMaxDagNodes - 1)); }
  SWIRL_HD constexpr uint32_t right() const { return static_cast<uint32_t>(w >> 36); }
};

/// The fields of one interaction header.
struct InteractionCode {
  uint32_t count = 0;        // node index of the count
  uint32_t bus_index = 0;
  uint32_t first_field = 0;  // into interaction_fields
  uint32_t num_fields = 0;
  friend bool operator==(const InteractionCode&, const InteractionCode&) = default;
};

/// The host encoding of one AIR's constraint DAG (the arrays above).
struct AirConstraintCode {
  std::vector<uint64_t> nodes;
  std::vector<uint32_t> constraint_idx;
  std::vector<uint32_t> interactions;        // kInteractionWords per interaction
  std::vector<uint32_t> interaction_fields;
  uint32_t max_message_length = 0;           // most fields of one interaction (0: none)

  size_t num_interactions() const { return interactions.size() / kInteractionWords; }
  InteractionCode interaction(size_t i) const {
    const uint32_t* p = interactions.data() + i * kInteractionWords;
    return {p[0], p[1], p[2], p[3]};
  }
  friend bool operator==(const AirConstraintCode&, const AirConstraintCode&) = default;
};

/// One node's word. Throws std::invalid_argument when a field does not fit.
uint64_t encode_node(const DagNode& n);
/// The whole DAG. Throws std::invalid_argument when a limit is exceeded or a
/// child / constraint / interaction refers to a node that does not precede
/// it (children) or does not exist.
AirConstraintCode encode_air_constraints(const SymbolicConstraintsDag& dag);

}  // namespace swirl::cuda
