// The backend interface (the HAL). A backend holds the data (traces, keys,
// codewords, trees) and does the compute; the prover coordinator
// (prover/prover.h) owns the protocol order and the transcript and holds
// only handles (backend/handles.h). Every backend produces byte-identical
// proofs.
//
//   transport        load_proving_key(), load_trace(),    before the proof
//                    load_traces() (one commitment's)
//   step 0           commit()                             common and cached mains
//   steps 4, 9       grind()                              proof-of-work witnesses
//   step 5           logup_gkr()  -> LogupGkrStage        backend/logup_gkr.h
//   step 7           zerocheck()  -> ZerocheckStage       backend/zerocheck.h
//   step 8           stacked_reduction() -> StackedReductionStage
//   step 9           whir()       -> WhirStage            backend/whir.h
//
// Stage calls are compute: they take the challenges the coordinator sampled
// and return the few field elements the transcript observes. A call that
// returns values is a host synchronisation on a GPU; a call that returns
// nothing may run asynchronously. The CPU backend: backend/cpu/cpu_backend.h;
// choosing one: backend/select.h.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "swirl/air/keygen.h"
#include "swirl/backend/handles.h"
#include "swirl/backend/logup_gkr.h"
#include "swirl/backend/stacked_reduction.h"
#include "swirl/backend/whir.h"
#include "swirl/backend/zerocheck.h"
#include "swirl/crypto/transcript.h"
#include "swirl/util/matrix.h"
#include "swirl/util/span.h"
#include "swirl/protocol/air_constraints.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/stacked_opening.h"

namespace swirl {

class ProverBackend {
 public:
  virtual ~ProverBackend() = default;
  virtual std::string name() const = 0;
  /// What it runs on, for people: "host, 16 threads", "NVIDIA H200 (device 0)".
  virtual std::string device_name() const = 0;
  /// The hook a span collector installs so spans wait for this backend's
  /// device at their edges and report its memory (util/span.h); empty for a
  /// host backend.
  virtual DeviceSpanHook span_hook() const { return {}; }
  /// Bytes this backend has moved from host to device memory so far (the
  /// transport spans' figures); 0 for a host backend, which moves nothing.
  virtual uint64_t bytes_to_device() const { return 0; }
  /// Where a caller should generate traces for this backend (null: the
  /// heap). A device backend gives page-locked memory, from which
  /// load_trace() DMAs in place with no staging copy (util/host_memory.h).
  virtual HostMemoryResource* trace_memory() const { return nullptr; }

  // ---- Transport (outside stark_prove_excluding_trace) ----

  /// The proving key in the backend's form. The host key must outlive the
  /// handle (the CPU backend borrows it).
  virtual std::shared_ptr<const BackendProvingKey> load_proving_key(const MultiStarkProvingKey& pk) = 0;
  /// A trace in the backend's memory, in its final layout. The CPU backend
  /// borrows `host`, which must then outlive the handle; a GPU backend
  /// copies it once. A trace in trace_memory() is read in place by DMA after
  /// the call returns: keep it alive and unchanged until a stage call that
  /// used the handle has returned values (prove() returning is enough).
  virtual std::shared_ptr<const BackendMatrix> load_trace(const ColMajorMatrix<BabyBear>& host) = 0;
  /// The traces of one commitment, in the order commit() will get them
  /// (tallest first), under the same rules as load_trace(). A device
  /// backend uploads each trace straight into its place in the stacked
  /// matrix, so commit() copies nothing and the values are on the device
  /// once; handed to commit() in another order or grouping they still
  /// commit correctly, by copying. The default loads them one by one.
  virtual std::vector<std::shared_ptr<const BackendMatrix>> load_traces(
      const SystemParams& params, std::span<const ColMajorMatrix<BabyBear>* const> traces) {
    (void)params;
    std::vector<std::shared_ptr<const BackendMatrix>> out;
    out.reserve(traces.size());
    for (const ColMajorMatrix<BabyBear>* t : traces) out.push_back(load_trace(*t));
    return out;
  }

  // ---- Step 0 ----

  /// Stacks `traces` (tallest first), RS-encodes and Merkle-commits them
  /// (spans `rs_code_matrix`, `merkle_tree`).
  virtual std::shared_ptr<const BackendPcsData> commit(const SystemParams& params,
                                                       std::span<const BackendMatrix* const> traces) = 0;

  // ---- Proof of work ----

  /// The smallest witness w such that observing w in `sponge` and sampling
  /// `bits` bits gives zero (Transcript::check_witness); zero when bits == 0.
  /// The coordinator applies it with Transcript::check_witness.
  virtual BabyBear grind(const DuplexSponge& sponge, int bits) = 0;

  // ---- Steps 5 and 7 (RAP constraints) ----

  /// The GKR over the LogUp input layer of `airs` (sorted order) under the
  /// challenges alpha (added to every denominator, padding included) and
  /// beta (message compression); nullptr when no AIR has an interaction.
  virtual std::unique_ptr<LogupGkrStage> logup_gkr(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                                   const BatchConstraintParams& params, std::span<const RapAir> airs,
                                                   const BabyBear4& alpha, const BabyBear4& beta) = 0;
  /// The batched constraint sumcheck over `airs` (sorted order).
  virtual std::unique_ptr<ZerocheckStage> zerocheck(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                                    const BatchConstraintParams& params,
                                                    std::span<const RapAir> airs) = 0;

  // ---- Steps 8 and 9 (openings) ----

  /// The stacked reduction over `commitments` (commitment order) for the
  /// trace columns `columns` (batching order) at the batch-constraint point r.
  virtual std::unique_ptr<StackedReductionStage> stacked_reduction(
      const SystemParams& params, std::span<const BackendPcsData* const> commitments,
      std::span<const StackedOpeningColumn> columns, std::span<const BabyBear4> r) = 0;
  /// WHIR over `commitments` (commitment order).
  virtual std::unique_ptr<WhirStage> whir(const SystemParams& params,
                                          std::span<const BackendPcsData* const> commitments) = 0;
};

}  // namespace swirl
