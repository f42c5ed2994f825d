// Stage interface: the LogUp GKR fractional sumcheck (protocol step 5),
// compute only. The coordinator (prover/rap_constraints.cpp) owns the
// transcript: it observes what these calls return and passes the sampled
// challenges back in. CPU: backend/cpu/logup_gkr.cpp; CUDA:
// backend/cuda/logup_gkr.cu (same name).
//
// The fraction tree over 2^n leaves (leaf i at hypercube point bits(i)):
// layer n is the leaves, a node of layer k - 1 is the sum of its children
// 2x and 2x + 1 of layer k, layer 0 is the root. For layer j = 2..n the
// coordinator runs a sumcheck over j - 1 variables of
//   sum_y eq(xi, y) [(p0 + lambda q0) q1 + p1 q0](y)
// where (p0, q0, p1, q1)(y) are the children 2y and 2y + 1 of parent y in
// layer j - 1, i.e. the entries of layer j (docs/protocol.md, "LogUp GKR").
//
// Host synchronisations: root() and layer1_claims() one each, round_sums()
// one per sumcheck round, layer_claims() one per layer; begin_layer() and
// fold() are asynchronous on a GPU.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "swirl/field/babybear4.h"
#include "swirl/poly/fraction.h"
#include "swirl/protocol/proof.h"

namespace swirl {

class LogupGkrStage {
 public:
  virtual ~LogupGkrStage() = default;
  /// n: log2 of the number of leaves; 0 for a single leaf. The stage is
  /// never made for an empty input layer (no interactions).
  virtual size_t num_vars() const = 0;
  /// The root p/q (the sum of all leaves).
  virtual Frac root() = 0;
  /// Layer 1's two nodes as claims {p[0], p[1], q[0], q[1]} (n >= 1).
  virtual GkrLayerClaims layer1_claims() = 0;
  /// Starts layer j's sumcheck (2 <= j <= n) at xi (j - 1 coordinates) with
  /// the batching challenge lambda.
  virtual void begin_layer(size_t j, std::span<const BabyBear4> xi, const BabyBear4& lambda) = 0;
  /// Round t of the current layer (t = 0, 1, ..): s'_t at X = 0, 1, 2 where
  ///   s'_t(X) = sum_y eq(xi_{t+1..}, y) relation(rho_{<t}, X, y)
  /// (rho: the challenges fold() got so far in this layer).
  virtual std::array<BabyBear4, 3> round_sums() = 0;
  /// Binds the current round's variable to r.
  virtual void fold(const BabyBear4& r) = 0;
  /// After the layer's last fold: the children's values at the layer's
  /// point rho, {p0(rho), p1(rho), q0(rho), q1(rho)}.
  virtual GkrLayerClaims layer_claims() = 0;
};

}  // namespace swirl
