// Transport of proving keys and committed cached-main data to the device
// (ARCHITECTURE.md, "The data transporter").
//
// A device proving key holds, per AIR:
//   * the preprocessed trace's committed data (if the AIR has one): the
//     trace unstacked into its final column-major layout (a short trace,
//     stride > 1, is gathered while staged: one allocation, no kernel), the
//     Merkle digest layers in one allocation, and the stacked matrix / RS
//     codeword only when ProverCacheConfig asks;
//   * the constraint DAG as the plain arrays of constraint_code.h, one
//     allocation per non-empty array.
// Nothing is launched. The host parts a device prover reads (verifying key,
// layout, parameters) are copied along, so the device key does not borrow
// the host key.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "swirl/air/keygen.h"
#include "swirl/backend/cuda/constraint_code.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/backend/cuda/transport_pcs.h"

namespace swirl::cuda {

/// The prover configuration's cache knob (the reference's GpuProverConfig
/// cache_stacked_matrix / cache_rs_code_matrix). It applies to every piece
/// of committed data the device prover holds: preprocessed traces, cached
/// mains and (later) the main commit.
///   cache_stacked_matrix: keep the stacked evaluation matrix on the device,
///     so the openings read it instead of rebuilding it from the unstacked
///     traces.
///   cache_rs_codeword: keep the RS codeword (the Merkle tree's backing
///     matrix), so the query answers read it instead of re-encoding.
/// Both default to off, as the reference's GPU prover: the caches cost the
/// stacked matrix (1x) and the codeword (2^log_blowup x) in device memory
/// per commitment, which the largest traces cannot afford.
struct ProverCacheConfig {
  bool cache_stacked_matrix = false;
  bool cache_rs_codeword = false;

  PcsCacheOptions pcs() const { return {cache_stacked_matrix, cache_rs_codeword}; }
};

/// One committed trace on the device (a preprocessed trace or a cached
/// main): its commitment and PCS data, whose only layout matrix is the
/// trace itself (unstacked, column-major).
struct DeviceCommittedTrace {
  Digest commitment{};
  DevicePcsData data;

  const DeviceMatrix<BabyBear>& trace() const { return data.matrices.front(); }
};

/// `data` (the CPU stacked_commit of exactly one trace) on the device: the
/// trace unstacked, the digest layers, and the caches `config` asks for
/// (reuses upload_pcs_data). Allocations: one for the trace, one for the
/// digest layers, one per cache asked for; no launch. `trace`, when given,
/// is the committed trace unstacked (uploaded as it is instead of gathered
/// from the stacked matrix). Throws std::invalid_argument if `data` commits
/// other than one matrix, or `trace` is not its shape.
DeviceCommittedTrace upload_committed_trace(Transporter& t, const StackedPcsData& data,
                                            const ProverCacheConfig& config = {},
                                            const ColMajorMatrix<BabyBear>* trace = nullptr);

/// One AIR's constraint arrays on the device (layout: constraint_code.h).
/// An empty array holds no allocation.
struct DeviceAirConstraints {
  DeviceBuffer<uint64_t> nodes;
  DeviceBuffer<uint32_t> constraint_idx;
  DeviceBuffer<uint32_t> interactions;  // kInteractionWords per interaction
  DeviceBuffer<uint32_t> interaction_fields;
  uint32_t max_message_length = 0;

  size_t num_nodes() const { return nodes.size(); }
  size_t num_constraints() const { return constraint_idx.size(); }
  size_t num_interactions() const { return interactions.size() / kInteractionWords; }
};

/// The encoded arrays uploaded, one allocation per non-empty array.
DeviceAirConstraints upload_air_constraints(Transporter& t, const AirConstraintCode& code);

struct DeviceStarkProvingKey {
  std::string air_name;
  StarkVerifyingKey vk;
  std::optional<DeviceCommittedTrace> preprocessed;  // iff vk.preprocessed_data
  DeviceAirConstraints constraints;
};

struct DeviceProvingKey {
  std::vector<DeviceStarkProvingKey> per_air;
  std::vector<LinearConstraint> trace_height_constraints;
  size_t max_constraint_degree = 0;
  SystemParams params;
  Digest vk_pre_hash{};
};

/// The whole proving key on the device. Waits once, at the end, for every
/// copy it queued: a key is read by every later stream, so it must be
/// complete, not only in the transporter's stream order. Throws
/// std::invalid_argument naming the AIR when an AIR with a preprocessed
/// commitment has no PCS data (a test committer) or the data's root is not
/// the verifying key's commitment, and as encode_air_constraints.
DeviceProvingKey upload_proving_key(Transporter& t, const MultiStarkProvingKey& pk,
                                    const ProverCacheConfig& config = {});

}  // namespace swirl::cuda
