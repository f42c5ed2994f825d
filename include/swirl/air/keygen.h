// Keygen: proving and verifying keys for a set of AIRs, with the reference's
// fields (crates/stark-backend/src/keygen/{mod.rs,types.rs}, v2.0.1), the
// trace-height constraints from interactions, and the vk pre-hash that
// opens the Fiat-Shamir transcript.
//
//   MultiStarkKeygenBuilder kb(params);
//   kb.add_air(std::make_shared<FibonacciAir>());
//   auto pk = kb.generate_pk();            // Expected<MultiStarkProvingKey, KeygenError>
//   if (!pk) fmt::print("{}\n", pk.error().message());
//   MultiStarkVerifyingKey vk = pk->get_vk();
//
// The preprocessed commitment is the stacked-PCS commit of the preprocessed
// trace alone. keygen calls it through `PreprocessedCommitter` (default:
// stacked_preprocessed_commit, the CPU stacked commit), so keygen does not
// depend on a backend.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swirl/air/builder.h"
#include "swirl/air/dag.h"
#include "swirl/crypto/poseidon2.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/pcs_data.h"
#include "swirl/protocol/postcard.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/util/expected.h"

namespace swirl {

/// The reference's CODEC_VERSION (proof.rs), prefixed to the pre-hash bytes.
inline constexpr uint32_t kVkCodecVersion = kCodecVersion;

/// sum_i coefficients[i] * trace_height[i] < threshold, checked by the
/// verifier.
struct LinearConstraint {
  std::vector<uint32_t> coefficients;
  uint32_t threshold = 0;

  /// True if every solution of `other` satisfies this one (threshold at
  /// least other's and every coefficient at most other's).
  bool is_implied_by(const LinearConstraint& other) const;
  friend bool operator==(const LinearConstraint&, const LinearConstraint&) = default;
};

struct StarkVerifyingParams {
  TraceWidth width;
  size_t num_public_values = 0;
  /// Some constraint or interaction reads a next-row variable.
  bool need_rot = false;
  friend bool operator==(const StarkVerifyingParams&, const StarkVerifyingParams&) = default;
};

struct VerifierSinglePreprocessedData {
  Digest commit{};
  /// log2(preprocessed height) - l_skip (negative for short traces).
  int64_t hypercube_dim = 0;
  /// Width of the stacked matrix the commit covers.
  size_t stacking_width = 0;
  friend bool operator==(const VerifierSinglePreprocessedData&, const VerifierSinglePreprocessedData&) = default;
};

struct StarkVerifyingKey {
  std::optional<VerifierSinglePreprocessedData> preprocessed_data;
  StarkVerifyingParams params;
  SymbolicConstraintsDag symbolic_constraints;
  /// Max degree over constraints, interaction fields and counts.
  uint8_t max_constraint_degree = 0;
  /// The AIR must have a non-empty trace in every proof.
  bool is_required = false;
  /// Window variables no DAG node reads (local always; next only if need_rot).
  std::vector<SymbolicVariable> unused_variables;
  friend bool operator==(const StarkVerifyingKey&, const StarkVerifyingKey&) = default;

  size_t num_cached_mains() const { return params.width.cached_mains.size(); }
  size_t num_parts() const { return 1 + num_cached_mains() + (preprocessed_data ? 1 : 0); }
  bool has_interaction() const { return !symbolic_constraints.interactions.empty(); }
  size_t num_interactions() const { return symbolic_constraints.interactions.size(); }
  /// DAG main part index -> commitment index (common main 0, then
  /// preprocessed if any, then cached mains).
  size_t dag_main_part_index_to_commit_index(size_t index) const {
    return index == num_cached_mains() ? 0 : index + 1 + (preprocessed_data ? 1 : 0);
  }
};

/// Everything in the verifying key except the pre-hash: exactly what is
/// postcard-encoded and hashed.
struct MultiStarkVerifyingKey0 {
  SystemParams params;
  std::vector<StarkVerifyingKey> per_air;
  std::vector<LinearConstraint> trace_height_constraints;
  friend bool operator==(const MultiStarkVerifyingKey0&, const MultiStarkVerifyingKey0&) = default;
};

struct MultiStarkVerifyingKey {
  MultiStarkVerifyingKey0 inner;
  Digest pre_hash{};
  size_t max_constraint_degree() const { return static_cast<size_t>(inner.params.max_constraint_degree); }
  friend bool operator==(const MultiStarkVerifyingKey&, const MultiStarkVerifyingKey&) = default;
};

/// What the PCS returns for one committed preprocessed trace.
struct PreprocessedCommit {
  Digest commit{};
  size_t stacking_width = 0;
  std::shared_ptr<const StackedPcsData> data;  // may be null (test committers)
};

/// Commits one preprocessed trace with the stacked PCS under `params`
/// (the reference's stacked_commit(hasher, l_skip, n_stack, log_blowup,
/// k_whir, &[&trace])).
using PreprocessedCommitter =
    std::function<PreprocessedCommit(const SystemParams& params, const ColMajorMatrix<BabyBear>& trace)>;

/// The default committer: the CPU stacked PCS commit
/// (cpu::stacked_commit(l_skip, n_stack, log_blowup, k_whir, {&trace})),
/// stacking_width = the stacked matrix's width. Declared here, defined with
/// the CPU backend (src/backend/cpu/preprocessed_commit.cpp), so air/ does
/// not include the backend.
PreprocessedCommit stacked_preprocessed_commit(const SystemParams& params, const ColMajorMatrix<BabyBear>& trace);

struct StarkProvingKey {
  std::string air_name;
  StarkVerifyingKey vk;
  std::shared_ptr<const StackedPcsData> preprocessed_data;
  /// The preprocessed trace itself (for the debug checker and the prover).
  std::optional<ColMajorMatrix<BabyBear>> preprocessed_trace;
};

struct MultiStarkProvingKey {
  std::vector<StarkProvingKey> per_air;
  std::vector<LinearConstraint> trace_height_constraints;
  /// The configured global bound (params.max_constraint_degree), as the
  /// reference stores it (not the max over AIRs).
  size_t max_constraint_degree = 0;
  SystemParams params;
  Digest vk_pre_hash{};

  MultiStarkVerifyingKey0 get_vk0() const;
  MultiStarkVerifyingKey get_vk() const;
};

enum class KeygenErrorKind {
  kAirWidthZero,                  // main width 0
  kNoConstraintsOrInteractions,   // nothing to prove
  kInteractionMessageEmpty,       // an interaction with no fields
  kMaxConstraintDegreeExceeded,   // degree > params.max_constraint_degree
  kMessageTooLong,                // message length + 1 > 2^log_max_message_length (reference: assert)
  kPreprocessedShape,             // preprocessed trace height not a power of two, or width 0
  kDegreeTooLarge,                // degree does not fit the vk's u8 (reference: expect)
};

struct KeygenError {
  KeygenErrorKind kind;
  size_t air_index = 0;
  std::string air_name;
  size_t interaction_index = 0;  // kInteractionMessageEmpty, kMessageTooLong
  size_t degree = 0;             // kMaxConstraintDegreeExceeded, kDegreeTooLarge; length for kMessageTooLong
  size_t max_degree = 0;         // the bound that was exceeded
  std::string message() const;
};

/// Collects AIRs (in order: the AIR index is the order of add_air calls) and
/// generates the keys.
class MultiStarkKeygenBuilder {
 public:
  explicit MultiStarkKeygenBuilder(SystemParams params,
                                   PreprocessedCommitter committer = stacked_preprocessed_commit);
  /// Adds an AIR; returns its index.
  size_t add_air(std::shared_ptr<const Air> air) { return add(std::move(air), false); }
  /// Adds an AIR whose trace must be non-empty in every proof.
  size_t add_required_air(std::shared_ptr<const Air> air) { return add(std::move(air), true); }
  const SystemParams& params() const { return params_; }

  Expected<MultiStarkProvingKey, KeygenError> generate_pk() const;

 private:
  size_t add(std::shared_ptr<const Air> air, bool required);
  SystemParams params_;
  PreprocessedCommitter committer_;
  std::vector<std::pair<std::shared_ptr<const Air>, bool>> airs_;
};

/// Keygen of one AIR (index `air_index` for error reports), as the
/// reference's AirKeygenBuilder::generate_pk.
Expected<StarkProvingKey, KeygenError> keygen_single_air(const Air& air, size_t air_index, bool is_required,
                                                         const SystemParams& params,
                                                         const PreprocessedCommitter& committer);

/// Variables of the window that no DAG node reads: preprocessed columns,
/// then main partitions in part order; per column offset 0 then (only if
/// need_rot) offset 1 (the reference's find_unused_vars).
std::vector<SymbolicVariable> find_unused_variables(const SymbolicConstraintsDag& dag, const TraceWidth& width,
                                                    bool need_rot);

/// The trace-height constraints: one per bus with interactions (ascending
/// bus index; coefficient of AIR i = sum of its count_weights on the bus,
/// threshold p), then the total-interaction-count constraint (coefficient
/// of AIR i = its number of interactions, threshold
/// logup.max_interaction_count); then every constraint implied by another
/// is dropped, in the reference's order (a new constraint is skipped if an
/// earlier kept one implies it; otherwise the kept ones it implies are
/// removed and it is appended).
std::vector<LinearConstraint> compute_trace_height_constraints(const std::vector<StarkVerifyingKey>& per_air,
                                                               const SystemParams& params);

/// postcard(MultiStarkVerifyingKey0) (see protocol/postcard.h and
/// docs/protocol.md "The vk pre-hash").
std::vector<uint8_t> postcard_encode(const MultiStarkVerifyingKey0& vk);
void postcard_write(PostcardWriter& w, const StarkVerifyingKey& vk);
void postcard_write(PostcardWriter& w, const SymbolicConstraintsDag& dag);
void postcard_write(PostcardWriter& w, const SymbolicVariable& v);
void postcard_write(PostcardWriter& w, const DagNode& n);

/// The hashed byte string: CODEC_VERSION as u32 LE, postcard length as u64
/// LE, then the postcard bytes.
std::vector<uint8_t> vk_pre_hash_bytes(const MultiStarkVerifyingKey0& vk);
/// Poseidon2 sponge hash of vk_pre_hash_bytes, one field element per byte.
Digest compute_vk_pre_hash(const MultiStarkVerifyingKey0& vk);

}  // namespace swirl
