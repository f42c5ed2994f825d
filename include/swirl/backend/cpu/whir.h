// The CPU WHIR stage (protocol step 9, compute only; the protocol order is
// prover/whir.h): the batched polynomial, the weights, each round's
// codeword and Merkle tree, over host stacked matrices and their trees.
// OpenMP inside; results do not depend on the thread count.
#pragma once

#include <span>
#include <vector>

#include "swirl/backend/whir.h"
#include "swirl/crypto/merkle.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/params.h"

namespace swirl::cpu {

/// One committed stacked matrix: its evaluations (height 2^m) and the Merkle
/// tree over its RS codeword (height 2^(m + log_blowup), 2^k rows per query).
struct WhirCommitted {
  const ColMajorMatrix<BabyBear>* stacked = nullptr;
  const MerkleTree<BabyBear>* tree = nullptr;
};

class Whir final : public WhirStage {
 public:
  /// Over `committed` (commitment order; the matrices and trees are
  /// borrowed for the stage's lifetime). Throws std::invalid_argument on
  /// inconsistent shapes (the config's own: WhirConfig::check_shape).
  Whir(int l_skip, int log_blowup, const WhirConfig& config, std::span<const WhirCommitted> committed);

  void begin(const BabyBear4& mu, std::span<const BabyBear4> u_cube) override;
  std::array<BabyBear4, 2> round_sums() override;
  void fold(const BabyBear4& alpha) override;
  Digest commit_round() override;
  BabyBear4 eval_ood(const BabyBear4& z) override;
  std::vector<BabyBear4> final_poly() override;
  WhirQueryOpenings open_queries(size_t round, std::span<const size_t> indices) override;
  void update_weights(const BabyBear4& gamma, const BabyBear4& z_ood, std::span<const size_t> indices,
                      int query_bits) override;

 private:
  // g-hat = f-hat(alpha, .): its coefficients are the univariate g's.
  std::vector<BabyBear4> g_coeffs() const;

  int l_skip_;
  int k_;
  std::vector<WhirCommitted> committed_;
  int m_;       // variables of f (m_ at begin, minus one per fold)
  int log_rs_;  // log2 of the current round's RS domain
  std::vector<BabyBear4> f_, w_;  // hypercube values of f-hat and the weight
  std::vector<BabyBear4> g_;      // the last commit_round's g (coefficients)
  // trees_[r]: the codeword tree commit_round() made in round r (released
  // once a later round's queries are opened).
  std::vector<MerkleTree<BabyBear4>> trees_;
};

}  // namespace swirl::cpu
