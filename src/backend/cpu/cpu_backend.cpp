#include "swirl/backend/cpu/cpu_backend.h"

#include <stdexcept>
#include <string>

namespace swirl::cpu {

CpuPcsData::CpuPcsData(std::shared_ptr<const StackedPcsData> data) : data_(std::move(data)) {
  if (!data_) throw std::invalid_argument("CpuPcsData: null PCS data");
}

std::shared_ptr<const BackendPcsData> CpuBackend::commit(const SystemParams& params,
                                                         std::span<const ColMajorMatrix<BabyBear>* const> traces) {
  auto [root, data] = stacked_commit(params.l_skip, params.n_stack, params.log_blowup, params.whir.k, traces);
  (void)root;  // data.commit() is the same root
  return std::make_shared<CpuPcsData>(std::make_shared<const StackedPcsData>(std::move(data)));
}

std::shared_ptr<const BackendPcsData> CpuBackend::preprocessed(const SystemParams& params,
                                                               const StarkProvingKey& pk) {
  if (!pk.vk.preprocessed_data) throw std::invalid_argument("preprocessed: AIR " + pk.air_name + " has none");
  if (pk.preprocessed_data) return std::make_shared<CpuPcsData>(pk.preprocessed_data);
  // A key from a test committer keeps no PCS data: recommit the trace (the
  // same commitment as keygen's, checked below).
  if (!pk.preprocessed_trace)
    throw std::invalid_argument("preprocessed: AIR " + pk.air_name + " has neither PCS data nor the trace");
  const ColMajorMatrix<BabyBear>* t[] = {&*pk.preprocessed_trace};
  auto data = commit(params, t);
  if (data->commit() != pk.vk.preprocessed_data->commit)
    throw std::invalid_argument("preprocessed: AIR " + pk.air_name + " recommitted to a different root");
  return data;
}

RapConstraintsOutput CpuBackend::prove_rap_constraints(Transcript& transcript, const BatchConstraintParams& params,
                                                       std::span<const BatchAirInput> airs) {
  ZerocheckLogupResult res = prove_zerocheck_and_logup(transcript, params, airs);
  return RapConstraintsOutput{std::move(res.gkr_proof), std::move(res.batch_proof), std::move(res.r)};
}

OpeningsProof CpuBackend::prove_openings(Transcript& transcript, const SystemParams& params,
                                         std::span<const OpeningsInput> commitments, std::span<const BabyBear4> r) {
  std::vector<OpeningsCommitment> host;
  host.reserve(commitments.size());
  for (size_t i = 0; i < commitments.size(); ++i) {
    const auto* d = dynamic_cast<const CpuPcsData*>(commitments[i].data);
    if (d == nullptr)
      throw std::invalid_argument("CpuBackend::prove_openings: commitment " + std::to_string(i) +
                                  " was not made by the CPU backend");
    OpeningsCommitment c;
    c.layout = &d->data().layout;
    c.stacked = &d->data().matrix;
    c.tree = &d->data().tree;
    c.need_rot = commitments[i].need_rot;
    host.push_back(std::move(c));
  }
  return swirl::prove_openings(transcript, params, host, r);
}

}  // namespace swirl::cpu
