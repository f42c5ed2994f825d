// The backend interface (the HAL): the compute stages the prover coordinator
// (prover/prover.h) calls, in the protocol's order. The coordinator owns the
// transcript and the order of observations outside the stages; a stage may
// only touch the transcript as its protocol step says (docs/protocol.md,
// "Protocol order"). Every backend must produce byte-identical proofs.
//
//   main-trace commit   commit()            step 0 (and cached mains)
//   RAP constraints     prove_rap_constraints()  steps 4-7
//   openings            prove_openings()    steps 8-9
//
// Layering note: the host implementations of the RAP-constraint and
// openings stages live in prover/ (prover/batch_constraints.h,
// prover/openings.h) where they were written; this interface reuses their
// input/output types, and the CPU backend (backend/cpu/cpu_backend.h) wraps
// them. Moving those host stage files under backend/cpu/ is a mechanical
// follow-up.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "swirl/air/keygen.h"
#include "swirl/crypto/transcript.h"
#include "swirl/poly/matrix.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof.h"
#include "swirl/protocol/stacking.h"
#include "swirl/prover/batch_constraints.h"
#include "swirl/prover/openings.h"

namespace swirl {

/// The PCS data of one committed stacked matrix, held by the backend that
/// made it (host memory for the CPU backend, device memory for a GPU one).
class BackendPcsData {
 public:
  virtual ~BackendPcsData() = default;
  virtual const Digest& commit() const = 0;
  virtual const StackedLayout& layout() const = 0;
};

/// What the RAP-constraints stage hands back to the coordinator.
struct RapConstraintsOutput {
  GkrProof gkr_proof;
  BatchConstraintProof batch_proof;
  /// (r_0, r_1, ..., r_{n_max}): the point of the column openings.
  std::vector<BabyBear4> r;
};

/// One commitment for the openings stage, in commitment order.
struct OpeningsInput {
  const BackendPcsData* data = nullptr;
  /// Per matrix of data->layout(): whether its AIR needs rotated openings.
  std::vector<bool> need_rot;
};

class ProverBackend {
 public:
  virtual ~ProverBackend() = default;
  virtual std::string name() const = 0;

  /// Stacks `traces` (tallest first), RS-encodes and Merkle-commits them
  /// (spans `rs_code_matrix`, `merkle_tree`). Touches no transcript.
  virtual std::shared_ptr<const BackendPcsData> commit(const SystemParams& params,
                                                       std::span<const ColMajorMatrix<BabyBear>* const> traces) = 0;

  /// The PCS data of an AIR's preprocessed trace as keygen committed it
  /// (the key must have one).
  virtual std::shared_ptr<const BackendPcsData> preprocessed(const SystemParams& params,
                                                             const StarkProvingKey& pk) = 0;

  /// Protocol steps 4-7 (LogUp grinding and challenges, GKR, xi, batch
  /// constraint sumcheck with the column openings). `airs` in sorted order.
  virtual RapConstraintsOutput prove_rap_constraints(Transcript& transcript, const BatchConstraintParams& params,
                                                     std::span<const BatchAirInput> airs) = 0;

  /// Protocol steps 8-9 (stacked reduction, WHIR) over all commitments in
  /// commitment order, at the batch-constraint point `r`.
  virtual OpeningsProof prove_openings(Transcript& transcript, const SystemParams& params,
                                       std::span<const OpeningsInput> commitments, std::span<const BabyBear4> r) = 0;
};

/// Which backend `--backend` names.
enum class BackendChoice { kAuto, kCpu, kCuda };

/// Parses "auto", "cpu" or "cuda"; throws std::invalid_argument otherwise.
BackendChoice parse_backend_choice(const std::string& name);

/// The backend for `choice`. `auto` is the CUDA backend when swirl was built
/// with CUDA, a device is present and the CUDA backend can prove; otherwise
/// the CPU backend. `cuda` throws std::runtime_error saying why it cannot
/// prove (today: only its main-trace commit exists; it never falls back to
/// host code silently).
std::unique_ptr<ProverBackend> make_backend(BackendChoice choice);

}  // namespace swirl
