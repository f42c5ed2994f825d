// The constraint DAG compiled for evaluation over many points: three-address
// instructions over slots, with a linear-scan slot assignment, split into
// groups by the constraints' cones of influence (docs/design.md, "CUDA
// backend: constraint evaluation"). A device kernel runs one thread per
// (point, group) over a uniform instruction stream; run_constraint_program
// below is the host model of the same stream, bit for bit.
//
// Operands name a slot, a flat column, a constant or a public value. The
// flat columns of one evaluation point are the CPU zerocheck's: 0
// is_first_row, 1 is_transition, 2 is_last_row, then per trace part
// (preprocessed, cached mains in order, common main) its local columns, then,
// when the AIR reads the next row, per part its next-row columns.
//
// A group's instructions evaluate exactly the nodes its constraints need
// (shared nodes are recomputed in each group that needs them) and fold each
// constraint root into the batched sum at once: acc += lambda^k * value, so
// no root stays alive. Interactions are not compiled yet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "swirl/air/dag.h"
#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/air_constraints.h"
#include "swirl/util/hd.h"

namespace swirl::cuda {

enum class ProgramOp : uint8_t {
  kAdd = 0,
  kSub = 1,
  kMul = 2,
  kNeg = 3,
  kFold = 4,   // constraints: acc += lambda^dst * a
  kCount = 5,  // interactions: num = a (dst: the interaction)
  kField = 6,  // interactions: den += beta^(b.w) * a (dst: the interaction, b.w: the field index)
  kEmit = 7,   // interactions: interaction dst's (num, den) are complete; reset them
};

/// An operand word: kind in bits 30..31, value in bits 0..29.
struct Operand {
  enum Kind : uint32_t { kSlot = 0, kColumn = 1, kConstant = 2, kPublic = 3 };
  uint32_t w = 0;
  static constexpr uint32_t kValueMask = (1u << 30) - 1;
  SWIRL_HD constexpr Kind kind() const { return static_cast<Kind>(w >> 30); }
  SWIRL_HD constexpr uint32_t value() const { return w & kValueMask; }
  static constexpr Operand make(Kind k, uint32_t v) { return {(static_cast<uint32_t>(k) << 30) | v}; }
  friend bool operator==(const Operand&, const Operand&) = default;
};

/// One instruction. kAdd/kSub/kMul: slot dst = a op b; kNeg: dst = -a;
/// kFold: acc += lambda^dst * a (dst is the constraint index).
struct ProgramInstr {
  ProgramOp op = ProgramOp::kAdd;
  uint32_t dst = 0;
  Operand a, b;
  friend bool operator==(const ProgramInstr&, const ProgramInstr&) = default;
};

struct ProgramGroup {
  uint32_t first = 0;      // index of its first instruction
  uint32_t count = 0;      // instructions
  uint32_t num_slots = 0;  // slots its instructions use
  uint32_t first_constraint = 0, num_constraints = 0;
};

struct ConstraintProgram {
  std::vector<ProgramInstr> instrs;
  std::vector<ProgramGroup> groups;
  std::vector<BabyBear> constants;
  uint32_t num_columns = 0;      // flat columns per point
  uint32_t num_constraints = 0;
  uint32_t num_interactions = 0;  // interaction programs
  uint32_t max_slots = 0;        // over the groups
};

/// The flat column layout of an AIR's shape (see the header comment).
struct FlatColumns {
  explicit FlatColumns(const AirShape& shape);
  /// Flat column of a variable; throws std::invalid_argument for kPublic,
  /// kChallenge, an offset above 1 or a next-row read without need_rot.
  uint32_t column(const SymbolicVariable& v) const;
  uint32_t num_columns = 0;
  std::vector<uint32_t> local_offset, next_offset;  // per flat part
  bool has_preprocessed = false;
  bool rot = false;
};

/// Compiles `dag`'s constraints (interactions are ignored) into groups of
/// consecutive constraints with about equal instruction counts, about
/// `max_groups` of them (up to 2 max_groups when single cones exceed the
/// mean: a group's length is its thread's dependency chain).
/// Throws std::invalid_argument for variables the layout cannot place.
ConstraintProgram compile_constraint_program(const SymbolicConstraintsDag& dag, const AirShape& shape,
                                             size_t max_groups);

/// Compiles `dag`'s interactions (constraints are ignored) into at most
/// `max_groups` groups of consecutive interactions. Each interaction is
/// evaluated on its own (its count's and fields' cones, slots reset after
/// it): kCount, one kField per message field, then kEmit.
ConstraintProgram compile_interaction_program(const SymbolicConstraintsDag& dag, const AirShape& shape,
                                              size_t max_groups);

/// The host model of the interaction program on one point: per interaction
/// k, num[k] = its count and den[k] = sum_j beta^j field_j (without the bus
/// term beta^len (bus + 1)). `slots`: program.max_slots values.
void run_interaction_program(const ConstraintProgram& program, std::span<const BabyBear> cols,
                             std::span<const BabyBear> public_values, std::span<const BabyBear4> beta_pows,
                             BabyBear* slots, std::vector<BabyBear>& num, std::vector<BabyBear4>& den);

/// The host model of the device interpreter: runs every group on one point
/// (flat column values `cols`) and returns sum_k lambda_pows[k] * c_k.
/// `slots` must hold program.max_slots values.
template <typename T>
BabyBear4 run_constraint_program(const ConstraintProgram& program, std::span<const T> cols,
                                 std::span<const BabyBear> public_values, std::span<const BabyBear4> lambda_pows,
                                 T* slots);

}  // namespace swirl::cuda
