// The CPU backend: the host implementations of every stage behind the
// backend interface (backend/backend.h). Multi-threaded with OpenMP; results
// do not depend on the thread count. Each stage lives in its own file under
// backend/cpu/ with the stage's name (logup_gkr, zerocheck, stacked_reduction,
// whir, stacked_commit); this header holds the handle types and the backend.
#pragma once

#include <memory>
#include <vector>

#include "swirl/air/dag_constraints.h"
#include "swirl/backend/backend.h"
#include "swirl/protocol/pcs_data.h"

namespace swirl::cpu {

/// A host trace, borrowed from the caller (who keeps it alive while the
/// handle lives) or owned.
class CpuMatrix final : public BackendMatrix {
 public:
  explicit CpuMatrix(const ColMajorMatrix<BabyBear>& borrowed) : m_(&borrowed) {}
  explicit CpuMatrix(ColMajorMatrix<BabyBear>&& owned)
      : owned_(std::make_shared<const ColMajorMatrix<BabyBear>>(std::move(owned))), m_(owned_.get()) {}
  size_t height() const override { return m_->height(); }
  size_t width() const override { return m_->width(); }
  const ColMajorMatrix<BabyBear>& host() const { return *m_; }

 private:
  std::shared_ptr<const ColMajorMatrix<BabyBear>> owned_;
  const ColMajorMatrix<BabyBear>* m_;
};

/// Host PCS data: the stacked matrix and the Merkle tree over its codeword.
class CpuPcsData final : public BackendPcsData {
 public:
  explicit CpuPcsData(std::shared_ptr<const StackedPcsData> data);
  const Digest& commit() const override { return data_->commit(); }
  const StackedLayout& layout() const override { return data_->layout; }
  const StackedPcsData& data() const { return *data_; }

 private:
  std::shared_ptr<const StackedPcsData> data_;
};

/// The host proving key: per AIR its constraint DAG ready to evaluate and
/// its preprocessed trace and PCS data (borrowed from the host key).
class CpuProvingKey final : public BackendProvingKey {
 public:
  /// Throws std::invalid_argument when a key with a preprocessed trace lacks
  /// the trace, or its PCS data recommits to another root.
  CpuProvingKey(const MultiStarkProvingKey& pk);
  size_t num_airs() const override { return constraints_.size(); }
  const BackendMatrix* preprocessed_trace(size_t air) const override { return prep_trace_.at(air).get(); }
  const BackendPcsData* preprocessed_pcs(size_t air) const override { return prep_pcs_.at(air).get(); }
  const AirConstraints& constraints(size_t air) const { return *constraints_.at(air); }
  const CpuMatrix* preprocessed_host(size_t air) const { return prep_trace_.at(air).get(); }

 private:
  std::vector<std::unique_ptr<DagConstraints>> constraints_;
  std::vector<std::unique_ptr<CpuMatrix>> prep_trace_;
  std::vector<std::shared_ptr<const CpuPcsData>> prep_pcs_;
};

/// The backend's own handle types, or std::invalid_argument naming `what`.
const CpuMatrix& cpu_matrix(const BackendMatrix* m, const char* what);
const CpuPcsData& cpu_pcs_data(const BackendPcsData* d, const char* what);
const CpuProvingKey& cpu_proving_key(const BackendProvingKey& pk, const char* what);

class CpuBackend final : public ProverBackend {
 public:
  std::string name() const override { return "cpu"; }
  std::string device_name() const override;
  std::shared_ptr<const BackendProvingKey> load_proving_key(const MultiStarkProvingKey& pk) override;
  std::shared_ptr<const BackendMatrix> load_trace(const ColMajorMatrix<BabyBear>& host) override;
  std::shared_ptr<const BackendPcsData> commit(const SystemParams& params,
                                               std::span<const BackendMatrix* const> traces) override;
  BabyBear grind(const DuplexSponge& sponge, int bits) override;
  // The stage factories are defined beside their stages:
  // backend/cpu/logup_gkr.cpp, zerocheck.cpp, stacked_reduction.cpp, whir.cpp.
  std::unique_ptr<LogupGkrStage> logup_gkr(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                           const BatchConstraintParams& params, std::span<const RapAir> airs,
                                           const BabyBear4& alpha, const BabyBear4& beta) override;
  std::unique_ptr<ZerocheckStage> zerocheck(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                            const BatchConstraintParams& params,
                                            std::span<const RapAir> airs) override;
  std::unique_ptr<StackedReductionStage> stacked_reduction(const SystemParams& params,
                                                           std::span<const BackendPcsData* const> commitments,
                                                           std::span<const StackedOpeningColumn> columns,
                                                           std::span<const BabyBear4> r) override;
  std::unique_ptr<WhirStage> whir(const SystemParams& params,
                                  std::span<const BackendPcsData* const> commitments) override;
};

}  // namespace swirl::cpu
