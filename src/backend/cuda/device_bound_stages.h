// The stages a CudaBackend hands out, bound to the backend's device: each
// call (and the destruction) makes that device current for its duration
// (device.h), so a stage works from any thread and in any interleaving with
// objects of other devices. The stage classes themselves (zerocheck.h,
// whir.h, ...) assume their device is current, as the backend's calls do.
#pragma once

#include <memory>
#include <utility>

#include "swirl/backend/cuda/device.h"
#include "swirl/backend/logup_gkr.h"
#include "swirl/backend/stacked_reduction.h"
#include "swirl/backend/whir.h"
#include "swirl/backend/zerocheck.h"

namespace swirl::cuda {

// Owns the inner stage and its device; on() scopes a call to the device.
template <typename Stage>
class DeviceBound {
 protected:
  DeviceBound(int device, std::unique_ptr<Stage> inner) : device_(device), inner_(std::move(inner)) {}
  ~DeviceBound() {
    try {
      const DeviceScope on(device_);
      inner_.reset();
    } catch (...) {
      inner_.reset();  // the device is lost; its buffers are freed as well as they can be
    }
  }
  template <typename F>
  decltype(auto) on(F&& f) const {
    const DeviceScope scope(device_);
    return std::forward<F>(f)(*inner_);
  }

 private:
  int device_;
  std::unique_ptr<Stage> inner_;
};

class DeviceBoundLogupGkr final : public LogupGkrStage, DeviceBound<LogupGkrStage> {
 public:
  DeviceBoundLogupGkr(int device, std::unique_ptr<LogupGkrStage> s) : DeviceBound(device, std::move(s)) {}
  size_t num_vars() const override {
    return on([](LogupGkrStage& s) { return s.num_vars(); });
  }
  Frac root() override {
    return on([](LogupGkrStage& s) { return s.root(); });
  }
  GkrLayerClaims layer1_claims() override {
    return on([](LogupGkrStage& s) { return s.layer1_claims(); });
  }
  void begin_layer(size_t j, std::span<const BabyBear4> xi, const BabyBear4& lambda) override {
    on([&](LogupGkrStage& s) { s.begin_layer(j, xi, lambda); });
  }
  std::array<BabyBear4, 3> round_sums() override {
    return on([](LogupGkrStage& s) { return s.round_sums(); });
  }
  void fold(const BabyBear4& r) override {
    on([&](LogupGkrStage& s) { s.fold(r); });
  }
  GkrLayerClaims layer_claims() override {
    return on([](LogupGkrStage& s) { return s.layer_claims(); });
  }
};

class DeviceBoundZerocheck final : public ZerocheckStage, DeviceBound<ZerocheckStage> {
 public:
  DeviceBoundZerocheck(int device, std::unique_ptr<ZerocheckStage> s) : DeviceBound(device, std::move(s)) {}
  std::vector<ZerocheckRound0Air> round0(const ZerocheckChallenges& ch) override {
    return on([&](ZerocheckStage& s) { return s.round0(ch); });
  }
  void fold_round0(const BabyBear4& r0) override {
    on([&](ZerocheckStage& s) { s.fold_round0(r0); });
  }
  std::vector<ZerocheckRoundAir> mle_round(size_t j) override {
    return on([&](ZerocheckStage& s) { return s.mle_round(j); });
  }
  void fold(const BabyBear4& r) override {
    on([&](ZerocheckStage& s) { s.fold(r); });
  }
  std::vector<std::vector<std::vector<BabyBear4>>> column_openings() override {
    return on([](ZerocheckStage& s) { return s.column_openings(); });
  }
};

class DeviceBoundStackedReduction final : public StackedReductionStage, DeviceBound<StackedReductionStage> {
 public:
  DeviceBoundStackedReduction(int device, std::unique_ptr<StackedReductionStage> s)
      : DeviceBound(device, std::move(s)) {}
  std::vector<BabyBear4> round0(const BabyBear4& lambda) override {
    return on([&](StackedReductionStage& s) { return s.round0(lambda); });
  }
  void fold_round0(const BabyBear4& u0) override {
    on([&](StackedReductionStage& s) { s.fold_round0(u0); });
  }
  std::array<BabyBear4, 2> round(int j) override {
    return on([&](StackedReductionStage& s) { return s.round(j); });
  }
  void fold(int j, const BabyBear4& uj) override {
    on([&](StackedReductionStage& s) { s.fold(j, uj); });
  }
  std::vector<std::vector<BabyBear4>> openings() override {
    return on([](StackedReductionStage& s) { return s.openings(); });
  }
};

class DeviceBoundWhir final : public WhirStage, DeviceBound<WhirStage> {
 public:
  DeviceBoundWhir(int device, std::unique_ptr<WhirStage> s) : DeviceBound(device, std::move(s)) {}
  void begin(const BabyBear4& mu, std::span<const BabyBear4> u_cube) override {
    on([&](WhirStage& s) { s.begin(mu, u_cube); });
  }
  std::array<BabyBear4, 2> round_sums() override {
    return on([](WhirStage& s) { return s.round_sums(); });
  }
  void fold(const BabyBear4& alpha) override {
    on([&](WhirStage& s) { s.fold(alpha); });
  }
  Digest commit_round() override {
    return on([](WhirStage& s) { return s.commit_round(); });
  }
  BabyBear4 eval_ood(const BabyBear4& z) override {
    return on([&](WhirStage& s) { return s.eval_ood(z); });
  }
  std::vector<BabyBear4> final_poly() override {
    return on([](WhirStage& s) { return s.final_poly(); });
  }
  WhirQueryOpenings open_queries(size_t round, std::span<const size_t> indices) override {
    return on([&](WhirStage& s) { return s.open_queries(round, indices); });
  }
  void update_weights(const BabyBear4& gamma, const BabyBear4& z_ood, std::span<const size_t> indices,
                      int query_bits) override {
    on([&](WhirStage& s) { s.update_weights(gamma, z_ood, indices, query_bits); });
  }
};

}  // namespace swirl::cuda
