// Transport of committed PCS data: a proving key's preprocessed trace data or
// a cached-main commitment. What the transporter needs is only
//   (layout, stacked matrix, optional codeword, digest layers),
// so any producer (keygen, the CPU backend's stacked_commit, a decoder) can
// hand its data over through HostPcsData without the transporter knowing it.
//
// Every committed matrix is uploaded unstacked: contiguous, height x width,
// column-major, as a host unstack_matrix() gives it. When the producer still
// holds the unstacked matrix (a proving key keeps its preprocessed trace),
// that is uploaded as it is, at the column-major path's link speed.
// Otherwise it is gathered from the stacked matrix while staged (a short
// trace has stride > 1): one allocation of the final size, no kernel, and
// only its own height x width values cross the link, but the gather reads
// stride times those bytes from host memory. The stacked matrix and the codeword are uploaded only when the prover
// configuration asks for them (PcsCacheOptions).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/crypto/poseidon2.h"
#include "swirl/util/matrix.h"
#include "swirl/protocol/pcs_data.h"
#include "swirl/protocol/stacking.h"

namespace swirl::cuda {

/// The host side of committed data, by reference (nothing is copied).
struct HostPcsData {
  const StackedLayout* layout = nullptr;
  const ColMajorMatrix<BabyBear>* stacked = nullptr;  // layout.height() x layout.width()
  const ColMajorMatrix<BabyBear>* codeword = nullptr;  // optional: RS codeword of `stacked`
  std::span<const std::vector<Digest>> digest_layers;  // layer 0 = query leaves, last = {root}
  size_t rows_per_query = 1;
  /// Optional: the unstacked matrices, one per layout matrix (each equal to
  /// unstack_matrix(layout, stacked, m)), uploaded instead of gathering.
  std::vector<const ColMajorMatrix<BabyBear>*> unstacked;
};

/// The CPU backend's commitment as HostPcsData.
HostPcsData host_pcs_data(const StackedPcsData& data);

/// Which optional caches go to the device (the prover configuration's
/// choice: caching saves recomputation in the openings at the cost of memory).
struct PcsCacheOptions {
  bool stacked_matrix = false;
  bool codeword = false;
};

/// Merkle digest layers on the device, all in one allocation.
struct DeviceDigestLayers {
  DeviceBuffer<Digest> digests;
  std::vector<size_t> offsets;  // layer l is digests[offsets[l], offsets[l + 1])
  size_t rows_per_query = 1;
  size_t num_layers() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  const Digest* layer(size_t l) const { return digests.data() + offsets[l]; }
  size_t layer_size(size_t l) const { return offsets[l + 1] - offsets[l]; }
};

struct DevicePcsData {
  StackedLayout layout;                            // host copy (small)
  std::vector<DeviceMatrix<BabyBear>> matrices;    // unstacked, one per layout matrix (width 0: empty)
  std::optional<DeviceMatrix<BabyBear>> stacked;   // only when asked
  std::optional<DeviceMatrix<BabyBear>> codeword;  // only when asked (and given)
  DeviceDigestLayers tree;                         // empty when no layers were given
  std::optional<Digest> root;                      // the last layer's digest, when given
};

/// Where matrix `mat` sits in the stacked matrix's column-major values:
/// element k = c * height + r of the unstacked matrix is
/// stacked.values()[offset + k * stride]. (A matrix's columns are one
/// contiguous run of slices of height * stride rows, so one strided sequence
/// covers the whole matrix.) Host-only; throws like stacked_mat_view.
struct UnstackPlan {
  size_t offset = 0, stride = 1, height = 0, width = 0;
};
UnstackPlan unstack_plan(const StackedLayout& layout, const ColMajorMatrix<BabyBear>& stacked, size_t mat);

/// Matrix `mat` of `layout`, unstacked while copied: the device copy equals
/// unstack_matrix(layout, stacked, mat). One allocation (none for width 0),
/// no kernel. Throws like stacked_mat_view.
DeviceMatrix<BabyBear> upload_unstacked(Transporter& t, const StackedLayout& layout,
                                        const ColMajorMatrix<BabyBear>& stacked, size_t mat);

/// Digest layers into one allocation.
DeviceDigestLayers upload_digest_layers(Transporter& t, std::span<const std::vector<Digest>> layers,
                                        size_t rows_per_query);

/// Everything of `data` a device prover reads: every matrix unstacked (from
/// data.unstacked when given), the digest layers, and the caches `cache`
/// asks for. Throws std::invalid_argument when `data` lacks the layout or
/// stacked matrix, a codeword is asked for and not given, or an unstacked
/// matrix's shape is not its layout's.
DevicePcsData upload_pcs_data(Transporter& t, const HostPcsData& data, PcsCacheOptions cache = {});

}  // namespace swirl::cuda
