// INTERIM (removed by the RAP-constraints restructure): the new
// prove_rap_constraints signature over the old host phase function, so the
// tree builds while the stages move.
#include "swirl/prover/rap_constraints.h"

#include <stdexcept>

#include "swirl/air/dag_constraints.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/prover/batch_constraints.h"

namespace swirl {

RapConstraintsOutput prove_rap_constraints(Transcript& transcript, ProverBackend& /*backend*/,
                                           const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                           const BatchConstraintParams& params, std::span<const RapAir> airs) {
  const cpu::CpuProvingKey& cpk = cpu::cpu_proving_key(pk, "prove_rap_constraints");
  std::vector<BatchAirInput> inputs;
  for (const RapAir& a : airs) {
    BatchAirInput in;
    in.air = &cpk.constraints(a.air);
    in.shape = air_shape(host_pk.per_air[a.air].vk);
    if (const cpu::CpuMatrix* p = cpk.preprocessed_host(a.air)) in.preprocessed = &p->host();
    for (const BackendMatrix* c : a.cached) in.cached.push_back(&cpu::cpu_matrix(c, "prove_rap_constraints").host());
    in.common_main = &cpu::cpu_matrix(a.common_main, "prove_rap_constraints").host();
    in.public_values = a.public_values;
    inputs.push_back(std::move(in));
  }
  ZerocheckLogupResult res = prove_zerocheck_and_logup(transcript, params, inputs);
  RapConstraintsOutput out;
  out.gkr_proof = std::move(res.gkr_proof);
  out.batch_proof = std::move(res.batch_proof);
  out.r = std::move(res.r);
  out.alpha = res.alpha;
  out.beta = res.beta;
  out.lambda = res.lambda;
  out.mu = res.mu;
  out.xi = std::move(res.xi);
  out.n_logup = res.n_logup;
  return out;
}

}  // namespace swirl

namespace swirl::cpu {

std::unique_ptr<LogupGkrStage> CpuBackend::logup_gkr(const BackendProvingKey&, const MultiStarkProvingKey&,
                                                     const BatchConstraintParams&, std::span<const RapAir>,
                                                     const BabyBear4&, const BabyBear4&) {
  throw std::logic_error("interim: CpuBackend::logup_gkr is not written yet");
}

std::unique_ptr<ZerocheckStage> CpuBackend::zerocheck(const BackendProvingKey&, const MultiStarkProvingKey&,
                                                      const BatchConstraintParams&, std::span<const RapAir>) {
  throw std::logic_error("interim: CpuBackend::zerocheck is not written yet");
}

}  // namespace swirl::cpu
