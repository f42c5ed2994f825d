// The CPU backend: the host implementations of every stage behind the
// backend interface (backend/backend.h). Multi-threaded with OpenMP; results
// do not depend on the thread count.
#pragma once

#include <memory>

#include "swirl/backend/backend.h"
#include "swirl/backend/cpu/stacked_commit.h"

namespace swirl::cpu {

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

class CpuBackend final : public ProverBackend {
 public:
  std::string name() const override { return "cpu"; }
  std::shared_ptr<const BackendPcsData> commit(const SystemParams& params,
                                               std::span<const ColMajorMatrix<BabyBear>* const> traces) override;
  std::shared_ptr<const BackendPcsData> preprocessed(const SystemParams& params, const StarkProvingKey& pk) override;
  RapConstraintsOutput prove_rap_constraints(Transcript& transcript, const BatchConstraintParams& params,
                                             std::span<const BatchAirInput> airs) override;
  /// Throws std::invalid_argument if a commitment was not made by a CPU backend.
  OpeningsProof prove_openings(Transcript& transcript, const SystemParams& params,
                               std::span<const OpeningsInput> commitments, std::span<const BabyBear4> r) override;
};

}  // namespace swirl::cpu
