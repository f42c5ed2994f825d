// One present AIR's host inputs to the CPU backend's RAP-constraints stages
// (backend/cpu/logup_input.h, logup_gkr.h, zerocheck.h): its constraints,
// shape and trace parts as host matrices. The stages read any
// AirConstraints (the key's DAG, or a hand-written system in tests).
#pragma once

#include <span>
#include <vector>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/air_constraints.h"

namespace swirl::cpu {

/// One present AIR, in sorted order (decreasing height, ties by AIR index).
/// Every trace part has the same power-of-two height (>= 1).
struct HostRapAir {
  const AirConstraints* air = nullptr;
  AirShape shape;
  const ColMajorMatrix<BabyBear>* preprocessed = nullptr;  // iff shape.has_preprocessed
  std::vector<const ColMajorMatrix<BabyBear>*> cached;     // one per shape.cached_widths
  const ColMajorMatrix<BabyBear>* common_main = nullptr;
  std::vector<BabyBear> public_values;
};

/// The host inputs of `airs` under the CPU key `pk` (the DAGs, the
/// preprocessed traces) and the host key (the shapes); the trace handles
/// must be CpuMatrix (std::invalid_argument naming `what` otherwise).
std::vector<HostRapAir> host_rap_airs(const CpuProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                      std::span<const RapAir> airs, const char* what);

}  // namespace swirl::cpu
