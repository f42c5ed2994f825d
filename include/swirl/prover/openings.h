// The prover's openings phase (docs/protocol.md steps 8-9): the stacked
// opening reduction followed by WHIR, over all commitments in commitment
// order (common main, then per present AIR in sorted order its preprocessed
// and cached commitments). Emits `prover.openings` around the spans
// `stacked_reduction` and `whir`.
#pragma once

#include <span>
#include <vector>

#include "swirl/crypto/merkle.h"
#include "swirl/crypto/transcript.h"
#include "swirl/field/babybear4.h"
#include "swirl/poly/matrix.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"
#include "swirl/protocol/stacking.h"

namespace swirl {

/// One commitment's PCS data as the openings need it.
struct OpeningsCommitment {
  const StackedLayout* layout = nullptr;
  const ColMajorMatrix<BabyBear>* stacked = nullptr;  // height 2^(l_skip + n_stack)
  const MerkleTree<BabyBear>* tree = nullptr;         // over the RS codeword, 2^k_whir rows per query
  /// Per matrix of the layout: whether its AIR needs rotated openings.
  std::vector<bool> need_rot;
};

struct OpeningsProof {
  StackingProof stacking;
  WhirProof whir;
};

/// `r` is the batch-constraint point (r_0, r_1, .., r_n_max). Throws
/// std::invalid_argument on inconsistent inputs before touching the
/// transcript.
OpeningsProof prove_openings(Transcript& transcript, const SystemParams& params,
                             std::span<const OpeningsCommitment> commitments, std::span<const BabyBear4> r);

}  // namespace swirl
