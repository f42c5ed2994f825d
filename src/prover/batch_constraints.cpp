// Host conveniences over steps 4-7 (prover/batch_constraints.h): the
// coordinator with the CPU stages made from host inputs.
#include "swirl/prover/batch_constraints.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/cpu/logup_gkr.h"
#include "swirl/backend/cpu/logup_input.h"
#include "swirl/backend/cpu/zerocheck.h"

namespace swirl {
namespace {

class HostStages final : public RapStages {
 public:
  HostStages(const BatchConstraintParams& params, std::span<const BatchAirInput> airs) : params_(params), airs_(airs) {}
  BabyBear grind(const DuplexSponge& sponge, int bits) override { return cpu_.grind(sponge, bits); }
  std::unique_ptr<LogupGkrStage> logup_gkr(const BabyBear4& alpha, const BabyBear4& beta) override {
    std::vector<Frac> leaves = cpu::logup_input_layer(params_, airs_, alpha, beta);
    if (leaves.empty()) return nullptr;
    return std::make_unique<cpu::LogupGkr>(std::move(leaves));
  }
  std::unique_ptr<ZerocheckStage> zerocheck() override {
    return std::make_unique<cpu::Zerocheck>(params_, std::vector<BatchAirInput>(airs_.begin(), airs_.end()));
  }

 private:
  cpu::CpuBackend cpu_;
  BatchConstraintParams params_;
  std::span<const BatchAirInput> airs_;
};

}  // namespace

ZerocheckLogupResult prove_zerocheck_and_logup(Transcript& transcript, const BatchConstraintParams& params,
                                               std::span<const BatchAirInput> airs) {
  std::vector<RapAirInfo> info;
  for (size_t t = 0; t < airs.size(); ++t) {
    const BatchAirInput& in = airs[t];
    if (!in.air || !in.common_main)
      throw std::invalid_argument("prove_zerocheck_and_logup: AIR " + std::to_string(t) +
                                  " lacks constraints or common main");
    info.push_back(RapAirInfo{in.common_main->height(), in.air->interactions().size(), in.shape.need_rot});
  }
  HostStages stages(params, airs);
  return prove_rap_constraints(transcript, stages, params, info);
}

std::vector<Frac> logup_input_layer(const BatchConstraintParams& params, std::span<const BatchAirInput> airs,
                                    const BabyBear4& alpha, const BabyBear4& beta) {
  return cpu::logup_input_layer(params, airs, alpha, beta);
}

}  // namespace swirl
