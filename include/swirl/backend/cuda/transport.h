// The data transporter: the single place where host and device exchange bulk
// data (ARCHITECTURE.md, "The data transporter").
//
// Every upload costs exactly one device allocation of the final size (none
// when the caller gives the destination, upload_into), and
// the data crosses the link once, into its final column-major place; nothing
// is reshaped on the device afterwards. Column-major input is staged into
// pinned memory and DMA'd. Row-major input of 32-bit elements is staged as
// it is (whole rows, a plain parallel copy) into mapped pinned memory, and
// one kernel per chunk reads it over the link and writes each value into
// place: the transpose is the copy (docs/design.md, "The transporter at
// link speed"); wider rows or other element sizes are transposed on the
// host while staged. A strided (short) trace is gathered while staged, so
// the strided layout never reaches the device. Chunks are staged in a ring
// of pinned blocks; filling chunk k+1 overlaps the transfer of chunk k, and
// a block is only reused after the event recorded behind its transfer has
// fired. A source in page-locked memory (a trace generated in
// PinnedMemoryResource, pinned.h) needs no staging: the DMA reads it in
// place, so it must stay alive and unchanged until the upload has landed.
// Uploads return without waiting: the result is valid in the
// transporter's stream order (call synchronize() or make another stream
// wait on it before reading it there).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/pinned.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/util/matrix.h"

namespace swirl::cuda {

/// How a row-major matrix of 32-bit elements becomes column-major on its
/// way (docs/design.md, "The transporter at link speed"); every path gives
/// the same device matrix.
enum class RowMajorPath {
  kHostTranspose,  // transposed on the host while staged, then DMA'd
  kMappedKernel,   // rows staged as they are; a kernel reads them over the link and writes them in place
  kDeviceChunk,    // rows staged and DMA'd as they are into a chunk-sized device block of the ring,
                   // a kernel writes them in place from there
};

struct TransportOptions {
  size_t chunk_bytes = size_t{16} << 20;  // one pinned staging block
  int staging_blocks = 3;                 // ring depth (>= 2 for overlap)
  RowMajorPath row_major = RowMajorPath::kDeviceChunk;
};

/// What the transporter has moved (tests assert chunking and byte counts).
struct TransportStats {
  uint64_t h2d_copies = 0, h2d_bytes = 0;  // transfers (DMAs and copy kernels) and their bytes
  uint64_t h2d_direct_bytes = 0;           // of which DMA'd from the caller's page-locked memory, unstaged
  uint64_t d2h_copies = 0, d2h_bytes = 0;
};

/// One chunk of an upload has landed once `landed` has fired: the first
/// `elements` elements of the result (in its column-major order) are on the
/// device. Another stream can wait on it and start on those elements while
/// the rest is still on its way (the commit overlapped with the transport,
/// commit.h).
struct UploadMark {
  size_t elements = 0;
  std::shared_ptr<const Event> landed;
};
using UploadMarks = std::vector<UploadMark>;

class Transporter {
 public:
  explicit Transporter(TransportOptions options = {});
  Transporter(const Transporter&) = delete;
  Transporter& operator=(const Transporter&) = delete;
  /// Waits for this transporter's DMAs (its staging blocks go back to the pool).
  ~Transporter();

  cudaStream_t stream() const { return stream_.get(); }
  /// Waits until every transfer queued so far has landed.
  void synchronize() const { stream_.synchronize(); }
  TransportStats stats() const { return stats_; }
  const TransportOptions& options() const { return options_; }

  /// A column-major host matrix, as is. With `marks`, it is cleared and
  /// given one mark per chunk, in order (the last one covers every element).
  template <typename T>
  DeviceMatrix<T> upload(const ColMajorMatrix<T>& m, UploadMarks* marks = nullptr);
  /// The same into `dst`, a device matrix of m's shape the caller made
  /// (typically a view of the trace's place in the stacked matrix): no
  /// allocation at all. Throws std::invalid_argument when the shapes differ.
  template <typename T>
  void upload_into(const ColMajorMatrix<T>& m, DeviceMatrix<T>& dst, UploadMarks* marks = nullptr);
  /// Column-major values (column c at values[c * height, (c + 1) * height)).
  template <typename T>
  DeviceMatrix<T> upload_col_major(std::span<const T> values, size_t height, size_t width);
  /// Row-major values (row r at values[r * width, (r + 1) * width)),
  /// transposed to column-major on the way (one launch per chunk for 32-bit
  /// elements whose rows fit a chunk; otherwise while staged, no launch).
  template <typename T>
  DeviceMatrix<T> upload_row_major(std::span<const T> values, size_t height, size_t width);
  /// The column-major height x width matrix whose k-th element (k = c * height
  /// + r) is src[offset + k * stride], gathered while staged. With the stacked
  /// PCS layout, a short trace's columns sit one after another in the stacked
  /// matrix with every stride-th row used, so this is its unstack.
  template <typename T>
  DeviceMatrix<T> upload_strided(std::span<const T> src, size_t offset, size_t stride, size_t height, size_t width);
  /// A flat vector (digests, constraint data).
  template <typename T>
  DeviceBuffer<T> upload_vector(std::span<const T> values);

  /// Back to the host (tests, debugging); waits for the copy.
  template <typename T>
  ColMajorMatrix<T> download(const DeviceMatrix<T>& m);
  template <typename T>
  std::vector<T> download(const T* device, size_t n);

 private:
  struct Slot {
    PinnedBlock block;
    DeviceBuffer<std::byte> device_block;  // kDeviceChunk only, made on first use
    Event done;
    bool in_flight = false;
  };
  struct MarksFor;
  // Column-major values into device memory at `dst` (staged or direct).
  template <typename T>
  void col_major_into(std::span<const T> values, T* dst);
  // Fills `count` elements (element indices first..first+count of the final
  // order) into `dst`.
  template <typename Fill>
  void upload_staged(std::byte* device, size_t n, size_t elem_size, const Fill& fill);
  // The next slot of the ring once its last transfer has landed, with its
  // pinned block made when `pinned`.
  Slot& next_slot(bool pinned = true);
  void copy_chunk(Slot& s, std::byte* device, size_t bytes);
  // DMAs page-locked `src` (elements of elem_size bytes) in chunks, no staging.
  void upload_direct(std::byte* device, const std::byte* src, size_t bytes, size_t elem_size);
  // Records that the first `elements` elements of the current upload have
  // been queued (a no-op unless upload() was given marks).
  void mark(size_t elements);
  void download_raw(void* host, const void* device, size_t bytes);

  TransportOptions options_;
  Stream stream_;
  std::vector<Slot> slots_;
  size_t next_ = 0;
  TransportStats stats_;
  UploadMarks* marks_ = nullptr;  // set during an upload(m, marks) call
};

}  // namespace swirl::cuda
