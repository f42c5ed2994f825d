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

#include <span>

#include "swirl/air/debug.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/backend.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// Proves `traces` (one per AIR of `pk`, in vkey order; an AIR with no main
/// matrix is absent) under pk.params. Cached mains are committed here, each
/// on its own (the reference's per-cached-trace PCS commit). Throws
/// std::invalid_argument when the inputs contradict the key (count, widths,
/// heights, public values, an absent required AIR, no trace at all) or when
/// the interactions do not balance.
Proof prove(ProverBackend& backend, const MultiStarkProvingKey& pk, std::span<const AirTraces> traces);

}  // namespace swirl
