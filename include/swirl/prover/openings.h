// Protocol steps 8-9, the openings (docs/protocol.md): the stacked opening
// reduction followed by WHIR over all commitments in commitment order
// (common main, then per present AIR in sorted order its preprocessed and
// cached commitments). This file owns every observe, sample and grind of
// those steps; the compute runs in the backend's stages
// (backend/stacked_reduction.h, backend/whir.h). Spans: prover.openings >
// stacked_reduction, whir (whir_grinding).
#pragma once

#include <span>
#include <vector>

#include "swirl/backend/backend.h"
#include "swirl/crypto/transcript.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// One commitment for the openings, in commitment order.
struct OpeningsCommitment {
  const BackendPcsData* data = nullptr;
  /// Per matrix of data->layout(): whether its AIR needs rotated openings.
  std::vector<bool> need_rot;
};

struct OpeningsProof {
  StackingProof stacking;
  WhirProof whir;
};

/// `r` is the batch-constraint point (r_0, r_1, .., r_n_max). Throws
/// std::invalid_argument on inconsistent inputs before touching the
/// transcript.
OpeningsProof prove_openings(Transcript& transcript, ProverBackend& backend, const SystemParams& params,
                             std::span<const OpeningsCommitment> commitments, std::span<const BabyBear4> r);

}  // namespace swirl
