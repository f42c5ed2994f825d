#include "swirl/backend/cpu/cpu_backend.h"

#include <omp.h>

#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/stacked_commit.h"

namespace swirl::cpu {

CpuPcsData::CpuPcsData(std::shared_ptr<const StackedPcsData> data) : data_(std::move(data)) {
  if (!data_) throw std::invalid_argument("CpuPcsData: null PCS data");
}

CpuProvingKey::CpuProvingKey(const MultiStarkProvingKey& pk) {
  for (const StarkProvingKey& apk : pk.per_air) {
    constraints_.push_back(std::make_unique<DagConstraints>(apk.vk));
    if (!apk.vk.preprocessed_data) {
      prep_trace_.push_back(nullptr);
      prep_pcs_.push_back(nullptr);
      continue;
    }
    if (!apk.preprocessed_trace)
      throw std::invalid_argument("CpuProvingKey: AIR " + apk.air_name + " lacks its preprocessed trace");
    prep_trace_.push_back(std::make_unique<CpuMatrix>(*apk.preprocessed_trace));
    if (apk.preprocessed_data) {
      prep_pcs_.push_back(std::make_shared<CpuPcsData>(apk.preprocessed_data));
    } else {
      // A key from a test committer keeps no PCS data: recommit the trace
      // (the same commitment as keygen's, checked).
      const ColMajorMatrix<BabyBear>* t[] = {&*apk.preprocessed_trace};
      auto [root, data] =
          stacked_commit(pk.params.l_skip, pk.params.n_stack, pk.params.log_blowup, pk.params.whir.k, t);
      if (root != apk.vk.preprocessed_data->commit)
        throw std::invalid_argument("CpuProvingKey: AIR " + apk.air_name + " recommitted to a different root");
      prep_pcs_.push_back(std::make_shared<CpuPcsData>(std::make_shared<const StackedPcsData>(std::move(data))));
    }
  }
}

const CpuMatrix& cpu_matrix(const BackendMatrix* m, const char* what) {
  const auto* c = dynamic_cast<const CpuMatrix*>(m);
  if (c == nullptr) throw std::invalid_argument(std::string(what) + ": a matrix not held by the CPU backend");
  return *c;
}

const CpuPcsData& cpu_pcs_data(const BackendPcsData* d, const char* what) {
  const auto* c = dynamic_cast<const CpuPcsData*>(d);
  if (c == nullptr) throw std::invalid_argument(std::string(what) + ": PCS data not made by the CPU backend");
  return *c;
}

const CpuProvingKey& cpu_proving_key(const BackendProvingKey& pk, const char* what) {
  const auto* c = dynamic_cast<const CpuProvingKey*>(&pk);
  if (c == nullptr) throw std::invalid_argument(std::string(what) + ": a proving key not loaded by the CPU backend");
  return *c;
}

std::string CpuBackend::device_name() const {
  const int threads = omp_get_max_threads();
  return "host, " + std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

std::shared_ptr<const BackendProvingKey> CpuBackend::load_proving_key(const MultiStarkProvingKey& pk) {
  return std::make_shared<CpuProvingKey>(pk);
}

std::shared_ptr<const BackendMatrix> CpuBackend::load_trace(const ColMajorMatrix<BabyBear>& host) {
  return std::make_shared<CpuMatrix>(host);
}

std::shared_ptr<const BackendPcsData> CpuBackend::commit(const SystemParams& params,
                                                         std::span<const BackendMatrix* const> traces) {
  std::vector<const ColMajorMatrix<BabyBear>*> host;
  host.reserve(traces.size());
  for (const BackendMatrix* t : traces) host.push_back(&cpu_matrix(t, "CpuBackend::commit").host());
  auto [root, data] = stacked_commit(params.l_skip, params.n_stack, params.log_blowup, params.whir.k, host);
  (void)root;  // data.commit() is the same root
  return std::make_shared<CpuPcsData>(std::make_shared<const StackedPcsData>(std::move(data)));
}

BabyBear CpuBackend::grind(const DuplexSponge& sponge, int bits) {
  // A search expected to take under 2^12 permutations runs on the calling
  // thread (a parallel region would cost more); the witness is the smallest
  // either way.
  std::optional<BabyBear> w = find_pow_witness(sponge, bits, bits < 12 ? 1 : 0);
  if (!w) throw std::runtime_error("grind: no proof-of-work witness exists in the field");
  return *w;
}

}  // namespace swirl::cpu
