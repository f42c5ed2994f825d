#include "swirl/backend/cuda/cuda_backend.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/grind.h"

namespace swirl::cuda {
namespace {

[[noreturn]] void not_on_device(const char* stage) {
  throw std::logic_error(std::string("CudaBackend: the ") + stage +
                         " stage is not on the device yet (the CUDA backend cannot prove yet)");
}

const CudaMatrix& cuda_matrix(const BackendMatrix* m, const char* what) {
  const auto* c = dynamic_cast<const CudaMatrix*>(m);
  if (c == nullptr) throw std::invalid_argument(std::string(what) + ": a matrix not held by the CUDA backend");
  return *c;
}

}  // namespace

CudaProvingKey::CudaProvingKey(DeviceProvingKey key) : key_(std::move(key)) {
  for (const DeviceStarkProvingKey& apk : key_.per_air)
    prep_.push_back(apk.preprocessed ? std::make_unique<CudaCommittedTrace>(*apk.preprocessed) : nullptr);
}

CudaBackend::CudaBackend(ProverCacheConfig cache) : cache_(cache) {
  if (!device_available()) throw CudaError(cudaErrorNoDevice, "CudaBackend()", __FILE__, __LINE__);
}

std::shared_ptr<const BackendProvingKey> CudaBackend::load_proving_key(const MultiStarkProvingKey& pk) {
  return std::make_shared<CudaProvingKey>(upload_proving_key(transporter_, pk, cache_));
}

std::shared_ptr<const BackendMatrix> CudaBackend::load_trace(const ColMajorMatrix<BabyBear>& host) {
  return std::make_shared<CudaMatrix>(transporter_.upload(host));
}

std::shared_ptr<const BackendPcsData> CudaBackend::commit(const SystemParams& params,
                                                          std::span<const BackendMatrix* const> traces) {
  std::vector<const DeviceMatrix<BabyBear>*> dev;
  dev.reserve(traces.size());
  for (const BackendMatrix* t : traces) dev.push_back(&cuda_matrix(t, "CudaBackend::commit").device());
  // Uploads are valid in the transporter's stream order; the commit runs on
  // the backend's stream.
  transporter_.synchronize();
  return std::make_shared<CudaPcsData>(
      stacked_commit_on_device(params.l_skip, params.n_stack, params.log_blowup, params.whir.k, dev, stream()));
}

BabyBear CudaBackend::grind(const DuplexSponge& sponge, int bits) {
  std::optional<BabyBear> w = find_pow_witness_on_device(sponge, bits, stream());
  if (!w) throw std::runtime_error("grind: no proof-of-work witness exists in the field");
  return *w;
}

std::unique_ptr<LogupGkrStage> CudaBackend::logup_gkr(const BackendProvingKey&, const MultiStarkProvingKey&,
                                                      const BatchConstraintParams&, std::span<const RapAir>,
                                                      const BabyBear4&, const BabyBear4&) {
  // The GKR layers run on the device (cuda::LogupGkr); the input layer from
  // the traces (constraint DAG evaluation) does not yet.
  not_on_device("LogUp input layer");
}

std::unique_ptr<ZerocheckStage> CudaBackend::zerocheck(const BackendProvingKey&, const MultiStarkProvingKey&,
                                                       const BatchConstraintParams&, std::span<const RapAir>) {
  not_on_device("zerocheck");
}

std::unique_ptr<StackedReductionStage> CudaBackend::stacked_reduction(const SystemParams&,
                                                                      std::span<const BackendPcsData* const>,
                                                                      std::span<const StackedOpeningColumn>,
                                                                      std::span<const BabyBear4>) {
  not_on_device("stacked reduction");
}

std::unique_ptr<WhirStage> CudaBackend::whir(const SystemParams&, std::span<const BackendPcsData* const>) {
  not_on_device("WHIR");
}

}  // namespace swirl::cuda
