// The main-trace commitment on the device (the reference's stacked_commit,
// spans rs_code_matrix and merkle_tree): stack the device traces (short ones
// strided), RS-encode every stacked column, hash the codeword rows with
// Poseidon2 and build the Merkle layers. Each stage equals the CPU backend's
// (backend/cpu/stacked_commit.h) bit for bit; the tests compare them.
//
// All work is queued on `stream`; functions return without waiting unless
// they say so.
#pragma once

#include <cuda_runtime.h>

#include <memory>
#include <span>

#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/backend/cuda/transport_pcs.h"
#include "swirl/crypto/poseidon2.h"
#include "swirl/protocol/stacking.h"

namespace swirl::cuda {

/// The stacked matrix of device traces (tallest first, heights powers of
/// two; width-0 traces allowed), laid out as stacked_matrix() does on the
/// host: zeros between the values of a strided trace and after the last
/// slice. Throws StackingError like the host.
struct DeviceStackedMatrix {
  StackedLayout layout;
  DeviceMatrix<BabyBear> matrix;
};
DeviceStackedMatrix stacked_matrix_on_device(int l_skip, int n_stack,
                                             std::span<const DeviceMatrix<BabyBear>* const> traces,
                                             cudaStream_t stream);

/// Fills what the traces uploaded into their places in the stacked matrix
/// `stacked` (layout's shape; CudaBackend::load_traces) do not: zeros
/// between and after their slices, and every strided trace (fewer than
/// 2^l_skip rows) scattered from its own device copy strided[m]; strided[m]
/// is null for every other matrix. Throws std::invalid_argument when an
/// entry contradicts the layout.
void fill_stacked_around_traces(const StackedLayout& layout, std::span<const DeviceMatrix<BabyBear>* const> strided,
                                BabyBear* stacked, cudaStream_t stream);

/// Per-phase times of one call, for benchmarks: passed to the functions
/// below, they record events between phases and wait for the work at the end.
struct CommitPhases {
  double alloc_ms = 0;     // host time inside device allocations (output and scratch)
  double message_ms = 0;   // rs: message + bit reversal + zero padding
  double twiddles_ms = 0;  // rs: twiddle table
  double ntt_ms = 0;       // rs: all butterfly passes
  double row_hash_ms = 0;  // merkle: row hashes
  double compress_ms = 0;  // merkle: query-leaf and digest layers
};

/// rs_code_matrix (poly/rs_code.h) of a device matrix: the codeword matrix
/// of height 2^(log2 height + log_blowup). Throws std::invalid_argument like
/// the host.
DeviceMatrix<BabyBear> rs_code_matrix_on_device(int l_skip, int log_blowup, const DeviceMatrix<BabyBear>& evals,
                                                cudaStream_t stream, CommitPhases* phases = nullptr);

/// The same encoding without the span: WHIR's round codewords (l_skip 0,
/// the message is the coefficient vector itself) are not rs_code_matrix
/// calls in the reference's span tree.
DeviceMatrix<BabyBear> rs_encode_on_device(int l_skip, int log_blowup, const DeviceMatrix<BabyBear>& evals,
                                           cudaStream_t stream, CommitPhases* phases = nullptr);

/// The digest layers of MerkleTree<BabyBear>::build(matrix, rows_per_query)
/// (crypto/merkle.h): layer 0 the query leaves, the last layer the root.
/// Throws std::invalid_argument like the host.
DeviceDigestLayers merkle_tree_on_device(const DeviceMatrix<BabyBear>& matrix, size_t rows_per_query,
                                         cudaStream_t stream, CommitPhases* phases = nullptr);

struct DeviceStackedCommit {
  Digest root;
  StackedLayout layout;
  DeviceMatrix<BabyBear> stacked;
  DeviceMatrix<BabyBear> codeword;
  DeviceDigestLayers tree;
};

/// stacked_commit on the device; waits for the root (the only value the
/// host needs next: the transcript observes it). With `stacked`, the block
/// the traces were uploaded into (fill_stacked_around_traces done): it is
/// the stacked matrix as it is, nothing is copied, and the commitment
/// shares it with the traces.
DeviceStackedCommit stacked_commit_on_device(int l_skip, int n_stack, int log_blowup, int k_whir,
                                             std::span<const DeviceMatrix<BabyBear>* const> traces,
                                             cudaStream_t stream,
                                             std::shared_ptr<DeviceBuffer<BabyBear>> stacked = nullptr);

/// stacked_commit_on_device while the traces are still on their way
/// (docs/design.md, "The commit overlapped with the transport"):
/// arrivals[m] are the upload marks of traces[m] (Transporter::upload), or
/// null for a trace already valid in `stream`'s order. The stacked columns
/// go in groups of `rs_columns`: `stream` waits for the chunks that bring a
/// group's values, stacks and RS-encodes the group, and absorbs the encoded
/// columns into the row hashes a rate block (8 columns) at a time; the
/// last 8..15 columns and the digest layers close the tree. The host
/// waits only for the root. Equal to stacked_commit_on_device bit for bit.
/// `stacked` as there: a group then waits for its values and copies nothing.
DeviceStackedCommit stacked_commit_as_traces_land(int l_skip, int n_stack, int log_blowup, int k_whir,
                                                  std::span<const DeviceMatrix<BabyBear>* const> traces,
                                                  std::span<const UploadMarks* const> arrivals, cudaStream_t stream,
                                                  size_t rs_columns = 2,
                                                  std::shared_ptr<DeviceBuffer<BabyBear>> stacked = nullptr);

}  // namespace swirl::cuda
