// The debug checker: evaluates an AIR set's constraints on every row of
// host traces and balances every bus, reporting what fails (the reference's
// air_builders/debug/check_constraints.rs and interaction/debug.rs, v2.0.1,
// which panic on the first failure; swirl returns a report).
//
// Row semantics as the reference's: the next row of the last row is row 0;
// is_first_row is 1 on row 0, is_last_row on row h-1, is_transition on every
// row but h-1. Constraint indices are in assertion order (the order eval()
// called assert_*), before the DAG's sorting and deduplication.
//
// Bus balance: for every row of every AIR and every interaction whose count
// is nonzero, `count` is added to (bus, evaluated message); every (bus,
// message) must sum to zero over all AIRs.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "swirl/air/builder.h"
#include "swirl/util/matrix.h"

namespace swirl {

/// One AIR's traces and public values. An AIR with no main matrices (no
/// cached and an empty common main) is absent: it is skipped.
struct AirTraces {
  std::vector<ColMajorMatrix<BabyBear>> cached_mains;
  ColMajorMatrix<BabyBear> common_main;  // 0 x 0 if the AIR has no common main
  std::vector<BabyBear> public_values;

  /// Number of rows (of the first main partition); 0 if absent.
  size_t height() const;
};

struct ConstraintFailure {
  size_t air_index = 0;
  std::string air_name;
  size_t row = 0;
  size_t constraint_index = 0;  // assertion order
  BabyBear value;               // the constraint's (nonzero) value
};

struct BusImbalance {
  BusIndex bus = 0;
  std::vector<BabyBear> message;
  BabyBear sum;  // nonzero
  /// Every nonzero contribution: (air index, count), in air then row order.
  std::vector<std::pair<size_t, BabyBear>> contributions;
};

struct DebugReport {
  /// The first failures (at most max_failures_per_air per AIR), ordered by
  /// AIR, row, constraint.
  std::vector<ConstraintFailure> constraint_failures;
  /// All failing (air, row, constraint) triples, including unlisted ones.
  size_t num_constraint_failures = 0;
  /// Unbalanced (bus, message) pairs, by bus then message.
  std::vector<BusImbalance> bus_imbalances;

  bool ok() const { return num_constraint_failures == 0 && bus_imbalances.empty(); }
  /// Human-readable summary (AIR name/index, row, constraint; bus and sum).
  std::string to_string() const;
};

struct DebugOptions {
  size_t max_failures_per_air = 16;
};

/// Checks `airs[i]` against `traces[i]` (the preprocessed trace comes from
/// the AIR). Throws std::invalid_argument on shapes that contradict the AIR
/// (widths, partition count, public value count, unequal or non-power-of-two
/// heights, a preprocessed height other than the main height).
DebugReport debug_check(std::span<const std::shared_ptr<const Air>> airs, std::span<const AirTraces> traces,
                        const DebugOptions& options = {});

}  // namespace swirl
