// The LogUp GKR stage on the device (backend/logup_gkr.h), beside the CPU's
// backend/cpu/logup_gkr.cpp. The fraction tree lives on the device, one
// buffer per layer; a layer's sumcheck reads its children as quads
// (p0, q0, p1, q1) straight from the layer below (two adjacent Frac are one
// quad, so round 0 needs no copy), folds them into a half-size quad buffer
// per round, and halves the eq(xi_{>t}, .) table as it goes. A round is one
// fused pass (the previous round's fold, the eq halving and this round's
// weighted relation values, summed per block) plus one block that adds the
// partial sums: two launches and one host synchronisation per round.
#pragma once

#include <cuda_runtime.h>

#include <vector>

#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/mailbox.h"
#include "swirl/backend/logup_gkr.h"

namespace swirl::cuda {

/// The four children values of one parent at one point of a layer sumcheck.
struct GkrQuad {
  BabyBear4 p0, q0, p1, q1;
};
static_assert(sizeof(GkrQuad) == 2 * sizeof(Frac), "two adjacent fractions are one quad");

struct GkrSums3 {
  BabyBear4 v[3];
};

class LogupGkr final : public LogupGkrStage {
 public:
  /// Builds the tree over `leaves` (a power-of-two count >= 1) on `stream`
  /// (which must outlive the stage). Throws std::invalid_argument otherwise.
  LogupGkr(DeviceBuffer<Frac> leaves, cudaStream_t stream);

  size_t num_vars() const override { return n_; }
  Frac root() override;
  GkrLayerClaims layer1_claims() override;
  void begin_layer(size_t j, std::span<const BabyBear4> xi, const BabyBear4& lambda) override;
  std::array<BabyBear4, 3> round_sums() override;
  void fold(const BabyBear4& r) override;
  GkrLayerClaims layer_claims() override;

 private:
  const GkrQuad* round_source() const;

  cudaStream_t stream_;
  size_t n_ = 0;
  std::vector<DeviceBuffer<Frac>> layers_;  // layers_[k]: 2^k nodes; layers_[n] = the leaves
  // The current layer's sumcheck.
  size_t m_ = 0, t_ = 0;
  BabyBear4 lambda_;
  DeviceBuffer<BabyBear4> eq_, eq_next_;
  DeviceBuffer<GkrQuad> cur_, next_;
  // A round is one pass: fold() only records r, and the next round_sums()
  // (or layer_claims()) applies the fold while it sums (round_terms_kernel);
  // per-block partial sums, then one block adds them up.
  BabyBear4 pending_r_;
  bool summed_ = false;
  DeviceBuffer<GkrSums3> partial_;
  HostMailbox mailbox_;  // the round's three sums, posted by the reduction
};

}  // namespace swirl::cuda
