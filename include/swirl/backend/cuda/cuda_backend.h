// The CUDA backend behind the HAL (backend/backend.h): handles to device
// data and every prover stage on the device: transport (the proving key and
// traces, backend/cuda/transport*.h), the main-trace commit (commit.h),
// proof-of-work grinding (grind.h), the LogUp input layer (logup_input.h,
// the interaction programs of constraint_program.h), the GKR layers
// (logup_gkr.h), the batched constraint sumcheck (zerocheck.h), the stacked
// reduction (stacked_reduction.h) and WHIR (whir.h). No stage falls back to
// host code; the host runs only the coordinator (transcript, protocol order).
#pragma once

#include <atomic>

#include <memory>
#include <string_view>

#include "swirl/backend/backend.h"
#include "swirl/backend/cuda/commit.h"
#include "swirl/backend/cuda/constraint_eval.h"
#include "swirl/backend/cuda/device.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/backend/cuda/transport_pk.h"

namespace swirl::cuda {

/// The stacked matrix CudaBackend::load_traces uploaded one commitment's
/// traces into, in order: the traces' one copy on the device, which their
/// views and the commitment share (docs/design.md, "Traces uploaded into
/// the stacked matrix").
struct StackedHome {
  std::shared_ptr<DeviceBuffer<BabyBear>> block;
  size_t traces = 0;
};

/// A device trace, column-major, in its final layout. It may still be on
/// its way: `marks` say which chunks of its upload have landed (empty for a
/// matrix made on the device, or uploaded without marks). A trace loaded
/// with others by load_traces has a home: the stacked matrix it sits in (a
/// view of it), or, for a strided trace, was scattered into.
class CudaMatrix final : public BackendMatrix {
 public:
  explicit CudaMatrix(DeviceMatrix<BabyBear> m, UploadMarks marks = {}, std::shared_ptr<const StackedHome> home = {},
                      size_t home_index = 0)
      : m_(std::move(m)), marks_(std::move(marks)), home_(std::move(home)), home_index_(home_index) {}
  size_t height() const override { return m_.height(); }
  size_t width() const override { return m_.width(); }
  const DeviceMatrix<BabyBear>& device() const { return m_; }
  const UploadMarks& marks() const { return marks_; }
  /// Whether part of the upload has not landed yet.
  bool arriving() const { return !marks_.empty() && !marks_.back().landed->ready(); }
  /// The stacked matrix it was loaded into (null: loaded on its own), and
  /// its place among that matrix's traces.
  const StackedHome* home() const { return home_.get(); }
  size_t home_index() const { return home_index_; }

 private:
  DeviceMatrix<BabyBear> m_;
  UploadMarks marks_;
  std::shared_ptr<const StackedHome> home_;
  size_t home_index_ = 0;
};

/// A commitment made on the device: root, layout, stacked matrix, RS
/// codeword and digest layers, all kept on the device for the openings.
class CudaPcsData final : public BackendPcsData {
 public:
  explicit CudaPcsData(DeviceStackedCommit c) : c_(std::move(c)) {}
  const Digest& commit() const override { return c_.root; }
  const StackedLayout& layout() const override { return c_.layout; }
  const DeviceStackedCommit& device() const { return c_; }

 private:
  DeviceStackedCommit c_;
};

/// A preprocessed commitment from the device proving key (borrowed: the key
/// outlives it).
class CudaCommittedTrace final : public BackendPcsData {
 public:
  explicit CudaCommittedTrace(const DeviceCommittedTrace& t) : t_(&t) {}
  const Digest& commit() const override { return t_->commitment; }
  const StackedLayout& layout() const override { return t_->data.layout; }
  const DeviceCommittedTrace& device() const { return *t_; }

 private:
  const DeviceCommittedTrace* t_;
};

/// One AIR's compiled programs on the device (constraint_program.h).
struct DeviceAirPrograms {
  /// The constraints in 32 cones (round 0 and the MLE rounds with many
  /// points) and in 256 (the small MLE rounds, where a thread's dependency
  /// chain, not the arithmetic, sets the time; empty when the AIR has at
  /// most 32 constraints).
  DeviceConstraintProgram constraints, constraints_narrow;
  DeviceConstraintProgram interactions;  // empty for an AIR without interactions
};

class CudaProvingKey final : public BackendProvingKey {
 public:
  CudaProvingKey(DeviceProvingKey key, std::vector<DeviceAirPrograms> programs);
  size_t num_airs() const override { return key_.per_air.size(); }
  /// The device stages read the preprocessed trace from device().per_air[air].preprocessed.
  const BackendMatrix* preprocessed_trace(size_t /*air*/) const override { return nullptr; }
  const BackendPcsData* preprocessed_pcs(size_t air) const override { return prep_.at(air).get(); }
  const DeviceProvingKey& device() const { return key_; }
  const DeviceAirPrograms& programs(size_t air) const { return programs_.at(air); }
  const DeviceConstraintProgram& interaction_program(size_t air) const { return programs_.at(air).interactions; }

 private:
  DeviceProvingKey key_;
  std::vector<DeviceAirPrograms> programs_;
  std::vector<std::unique_ptr<CudaCommittedTrace>> prep_;
};

class CudaBackend final : public ProverBackend {
 public:
  /// Throws CudaError when no device is present. SWIRL_CUDA_MEMORY_LIMIT
  /// (bytes, or with a K/M/G suffix) caps the device memory the process
  /// allocates (DeviceAllocator::set_limit); a malformed value throws
  /// std::invalid_argument naming it.
  /// `device` >= 0: the CUDA device to prove on; -1: the calling thread's
  /// current device. std::invalid_argument when there is no such device.
  /// Every call of the backend and of the stages it hands out makes the
  /// device current for its duration only (device.h), so backends of
  /// different devices can be used from one thread, and the caller's
  /// current device is unchanged after each call.
  explicit CudaBackend(ProverCacheConfig cache = {}, int device = -1);
  int device() const { return device_; }
  std::string name() const override { return "cuda"; }
  std::string device_name() const override;
  /// Spans wait for this backend's streams (not the whole device) and
  /// report its device's allocator (cuda_span_hook(device())).
  DeviceSpanHook span_hook() const override;
  uint64_t bytes_to_device() const override { return transporter_.stats().h2d_bytes; }
  /// Page-locked memory (PinnedMemoryResource::global(), portable to every
  /// device): traces generated in it are DMA'd in place.
  HostMemoryResource* trace_memory() const override { return &PinnedMemoryResource::global(); }
  /// Whether every stage runs on the device.
  static bool can_prove() { return true; }
  /// Whether the named stage ("commit", "grind", "logup_gkr", "zerocheck",
  /// "stacked_reduction", "whir") runs on the device.
  static bool has_stage(std::string_view stage) {
    return stage == "commit" || stage == "grind" || stage == "logup_gkr" || stage == "zerocheck" ||
           stage == "stacked_reduction" || stage == "whir";
  }
  cudaStream_t stream() const { return stream_.get(); }
  /// Every upload of this backend goes through it, in its stream's order.
  const Transporter& transporter() const { return transporter_; }
  /// Main-trace commits that began while part of their traces was still on
  /// its way (stacked_commit_as_traces_land).
  uint64_t overlapped_commits() const { return overlapped_commits_.load(); }
  /// Main-trace commits whose traces load_traces had uploaded into their
  /// stacked matrix, so that nothing was stacked or copied.
  uint64_t in_place_commits() const { return in_place_commits_.load(); }

  /// Kernel-side knobs that change no output (benchmarks sweep them).
  struct Tuning {
    size_t round0_tile_bytes = size_t{256} << 20;  // zerocheck round 0's coset buffer
    size_t mle_narrow_below = 2048;                // MLE rounds under this many points: 256 cones
  };
  void set_tuning(const Tuning& t) { tuning_ = t; }

  std::shared_ptr<const BackendProvingKey> load_proving_key(const MultiStarkProvingKey& pk) override;
  std::shared_ptr<const BackendMatrix> load_trace(const ColMajorMatrix<BabyBear>& host) override;
  std::vector<std::shared_ptr<const BackendMatrix>> load_traces(
      const SystemParams& params, std::span<const ColMajorMatrix<BabyBear>* const> traces) override;
  std::shared_ptr<const BackendPcsData> commit(const SystemParams& params,
                                               std::span<const BackendMatrix* const> traces) override;
  BabyBear grind(const DuplexSponge& sponge, int bits) override;
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

 private:
  int device_;
  // Holds device_ current while the members below are made (the streams
  // belong to it); released at the end of the constructor.
  std::unique_ptr<DeviceScope> constructing_;
  ProverCacheConfig cache_;
  Tuning tuning_;
  Stream stream_;
  Transporter transporter_;
  std::atomic<uint64_t> overlapped_commits_{0};
  std::atomic<uint64_t> in_place_commits_{0};
};

}  // namespace swirl::cuda
