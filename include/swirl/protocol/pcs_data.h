// The stacked PCS's host prover data for one commitment: the layout, the
// stacked matrix and the Merkle tree over its RS codeword. Made by the CPU
// backend's stacked_commit (backend/cpu/stacked_commit.h) and by keygen for
// preprocessed traces (air/keygen.h holds it); read by the CPU openings
// stages and by the CUDA transporter, which uploads it.
#pragma once

#include "swirl/crypto/merkle.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/stacking.h"

namespace swirl {

struct StackedPcsData {
  StackedLayout layout;
  /// The stacked evaluations, height 2^(l_skip + n_stack).
  ColMajorMatrix<BabyBear> matrix;
  /// Tree over the RS codeword of `matrix` (the tree keeps the codeword:
  /// tree.matrix(), height 2^(l_skip + n_stack + log_blowup)).
  MerkleTree<BabyBear> tree;

  const Digest& commit() const { return tree.root(); }
  StridedColMajorView mat_view(size_t mat) const { return stacked_mat_view(layout, matrix, mat); }
};

}  // namespace swirl
