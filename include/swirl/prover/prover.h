// The prover coordinator: fixes the protocol order (docs/protocol.md,
// "Protocol order", steps 0-9), drives the transcript between the backend
// stages and assembles the Proof. It calls the compute only through the
// backend interface (backend/backend.h) and never touches device memory.
//
//   auto backend = make_backend(BackendChoice::kCpu);
//   Proof proof = prove(*backend, pk, traces);   // traces: one AirTraces per AIR
//
// Span tree (util/span.h): stark_prove_excluding_trace >
// prover.main_trace_commit (rs_code_matrix, merkle_tree),
// prover.rap_constraints (logup_gkr, round0, mle_rounds),
// prover.openings (stacked_reduction, whir).
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "swirl/air/debug.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/backend.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// One AIR's traces as a backend holds them (ProverBackend::load_trace).
struct BackendAirTraces {
  std::vector<std::shared_ptr<const BackendMatrix>> cached_mains;
  std::shared_ptr<const BackendMatrix> common_main;  // null if the AIR has no common main
  std::vector<BabyBear> public_values;
  /// Rows of the first main part; 0 when the AIR is absent.
  size_t height() const {
    if (!cached_mains.empty()) return cached_mains[0] ? cached_mains[0]->height() : 0;
    return common_main ? common_main->height() : 0;
  }
};

/// Proves `traces` (one per AIR of `pk`, in vkey order; an AIR with no main
/// matrix is absent) under pk.params. Cached mains are committed here, each
/// on its own (the reference's per-cached-trace PCS commit). Throws
/// std::invalid_argument when the inputs contradict the key (count, widths,
/// heights, public values, an absent required AIR, no trace at all) or when
/// the interactions do not balance.
/// The key and traces go to the backend first (span `transport`, outside
/// stark_prove_excluding_trace), then the overload below runs.
Proof prove(ProverBackend& backend, const MultiStarkProvingKey& pk, std::span<const AirTraces> traces);

/// Proves traces the backend already holds, with the key `bpk` it made from
/// `pk` (ProverBackend::load_proving_key).
Proof prove(ProverBackend& backend, const BackendProvingKey& bpk, const MultiStarkProvingKey& pk,
            std::span<const BackendAirTraces> traces);

}  // namespace swirl
