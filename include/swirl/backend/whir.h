// Stage interface: WHIR over the stacked matrices (protocol step 9),
// compute only. The coordinator (prover/openings.cpp) grinds (through the
// backend), samples and observes; the stage holds the batched polynomial f,
// the weights w, and each round's codeword and Merkle tree. CPU:
// backend/cpu/whir.cpp; CUDA: backend/cuda/whir.cu.
//
// Host synchronisations per WHIR round: one per sumcheck step
// (round_sums), one for the commitment root, one for the OOD value (or the
// final polynomial), one for the query openings; folds and weight updates
// are asynchronous.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/proof.h"

namespace swirl {

/// The openings of one round's queries, in query order.
struct WhirQueryOpenings {
  /// Round 0: per commitment (commitment order), per query, the opened
  /// rows (2^k rows of the stacked codeword) and the Merkle path.
  std::vector<std::vector<std::vector<std::vector<BabyBear>>>> initial_rows;
  std::vector<std::vector<MerkleProof>> initial_paths;
  /// Later rounds: per query the 2^k opened values of the previous round's
  /// codeword (row order) and the Merkle path.
  std::vector<std::vector<BabyBear4>> values;
  std::vector<MerkleProof> paths;
};

class WhirStage {
 public:
  virtual ~WhirStage() = default;
  /// f-hat = sum_j mu^j f-hat_j over every stacked column (commitment
  /// order), w = mobius_eq(u_cube).
  virtual void begin(const BabyBear4& mu, std::span<const BabyBear4> u_cube) = 0;
  /// The current sumcheck step's s(1), s(2) for s(X) = sum_y f(X, y) w(X, y).
  virtual std::array<BabyBear4, 2> round_sums() = 0;
  /// Folds f and w in their lowest variable at alpha.
  virtual void fold(const BabyBear4& alpha) = 0;
  /// Not the last round: RS-encodes g (the folded f's coefficients) at the
  /// round's rate, commits it (2^k rows per leaf) and returns the root.
  virtual Digest commit_round() = 0;
  /// g(z) for the out-of-domain sample z (after commit_round).
  virtual BabyBear4 eval_ood(const BabyBear4& z) = 0;
  /// The last round: g's coefficients (the final polynomial).
  virtual std::vector<BabyBear4> final_poly() = 0;
  /// Round `round`'s query openings at `indices`: round 0 from the stacked
  /// trees, round r > 0 from the tree commit_round() made in round r - 1.
  virtual WhirQueryOpenings open_queries(size_t round, std::span<const size_t> indices) = 0;
  /// Not the last round: w += gamma eq(., pow(z_ood)) + sum_i gamma^(i+2)
  /// eq(., pow(omega^indices[i])), omega of order 2^query_bits.
  virtual void update_weights(const BabyBear4& gamma, const BabyBear4& z_ood, std::span<const size_t> indices,
                              int query_bits) = 0;
};

}  // namespace swirl
