// The CPU backend's LogUp GKR stage (backend/logup_gkr.h) over a host leaf
// vector: the fraction tree and each layer's sumcheck compute. OpenMP over
// the nodes of large layers; results do not depend on the thread count.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "swirl/backend/logup_gkr.h"
#include "swirl/field/babybear4.h"
#include "swirl/poly/fraction.h"

namespace swirl::cpu {

class LogupGkr final : public LogupGkrStage {
 public:
  /// `leaves`: a non-empty power-of-two number of fractions (leaf i at
  /// hypercube point bits(i)); std::invalid_argument otherwise. The tree is
  /// built on the first root() (inside the coordinator's logup_gkr span).
  explicit LogupGkr(std::vector<Frac> leaves);
  size_t num_vars() const override { return n_; }
  Frac root() override;
  GkrLayerClaims layer1_claims() override;
  void begin_layer(size_t j, std::span<const BabyBear4> xi, const BabyBear4& lambda) override;
  std::array<BabyBear4, 3> round_sums() override;
  void fold(const BabyBear4& r) override;
  GkrLayerClaims layer_claims() override;

  /// The four columns of a layer sumcheck at one point: the children's
  /// numerators and denominators p(0, .), q(0, .), p(1, .), q(1, .).
  struct Quad {
    BabyBear4 p0, q0, p1, q1;
  };

 private:
  void build_tree();
  std::span<const Frac> layer(size_t k) const;
  Quad child_quad(size_t x) const;

  std::vector<Frac> leaves_;
  size_t n_ = 0;
  bool built_ = false;
  // layers_[k] has 2^k nodes (k < n); layer n is the leaves.
  std::vector<std::vector<Frac>> layers_;
  // The current layer's sumcheck: layer j, round t (folds so far), lambda,
  // eq(xi_{>t}, .), and the folded quads (rounds >= 1).
  size_t j_ = 0, t_ = 0;
  BabyBear4 lambda_;
  std::vector<BabyBear4> eq_, eq_next_;
  std::vector<Quad> cur_, next_;
};

}  // namespace swirl::cpu
