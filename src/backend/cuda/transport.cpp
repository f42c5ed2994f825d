// Host side of the transporter: staging fills (copy, transpose, gather) run
// with OpenMP while the previous chunk's DMA is in flight.
#include "swirl/backend/cuda/constraint_program.h"
#include "swirl/backend/cuda/logup_input.h"
#include "swirl/poly/fraction.h"
#include "swirl/backend/cuda/transport.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "swirl/backend/cuda/staging_fill.h"
#include "transport_kernels.h"
#include "swirl/crypto/poseidon2.h"
#include "swirl/field/babybear.h"

namespace swirl::cuda {
namespace {

using staging::fill_copy;
using staging::fill_strided;
using staging::fill_transpose;

void check_shape(const char* what, size_t have, size_t height, size_t width) {
  if (width != 0 && height > SIZE_MAX / width)
    throw std::invalid_argument(std::string(what) + ": height " + std::to_string(height) + " * width " +
                                std::to_string(width) + " overflows");
  if (have != height * width)
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(have) + " values for a " +
                                std::to_string(height) + " x " + std::to_string(width) + " matrix");
}

// Page-locked host memory of this process (cudaHostAlloc'd or registered):
// the DMA engine reads it in place, so it needs no staging copy.
bool page_locked(const void* p) {
  cudaPointerAttributes a{};
  if (cudaPointerGetAttributes(&a, p) != cudaSuccess) {
    cudaGetLastError();  // not an error of ours: the pointer is just not CUDA's
    return false;
  }
  return a.type == cudaMemoryTypeHost;
}

}  // namespace

Transporter::Transporter(TransportOptions options) : options_(options) {
  if (options_.chunk_bytes < 64)
    throw std::invalid_argument("Transporter: chunk_bytes " + std::to_string(options_.chunk_bytes) + " < 64");
  if (options_.staging_blocks < 1)
    throw std::invalid_argument("Transporter: staging_blocks " + std::to_string(options_.staging_blocks) + " < 1");
  slots_.resize(static_cast<size_t>(options_.staging_blocks));
}

Transporter::~Transporter() {
  // The staging blocks must not return to the pool while a DMA still reads
  // them. Destructors must not throw: a broken context has nothing to wait on.
  if (cudaStreamSynchronize(stream_.get()) != cudaSuccess) cudaGetLastError();
}

Transporter::Slot& Transporter::next_slot(bool pinned) {
  Slot& s = slots_[next_];
  next_ = (next_ + 1) % slots_.size();
  if (s.in_flight) {
    s.done.synchronize();  // the DMA that last read this block has finished
    s.in_flight = false;
  }
  if (pinned && !s.block.data()) s.block = PinnedPool::global().acquire(options_.chunk_bytes);
  return s;
}

void Transporter::copy_chunk(Slot& s, std::byte* device, size_t bytes) {
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(device, s.block.data(), bytes, cudaMemcpyHostToDevice, stream_.get()));
  s.done.record(stream_.get());
  s.in_flight = true;
  ++stats_.h2d_copies;
  stats_.h2d_bytes += bytes;
}

template <typename Fill>
void Transporter::upload_staged(std::byte* device, size_t n, size_t elem_size, const Fill& fill) {
  const size_t chunk = std::max<size_t>(1, options_.chunk_bytes / elem_size);
  for (size_t first = 0; first < n; first += chunk) {
    const size_t count = std::min(chunk, n - first);
    Slot& s = next_slot();
    fill(first, count, s.block.data());
    copy_chunk(s, device + first * elem_size, count * elem_size);
    mark(first + count);
  }
}

void Transporter::mark(size_t elements) {
  if (marks_ == nullptr) return;
  auto e = std::make_shared<Event>();
  e->record(stream_.get());
  marks_->push_back({elements, std::move(e)});
}

void Transporter::upload_direct(std::byte* device, const std::byte* src, size_t bytes, size_t elem_size) {
  // Chunked like the staged path, so that the copies interleave with the
  // other uploads of this stream the same way; no host work per chunk.
  for (size_t first = 0; first < bytes; first += options_.chunk_bytes) {
    const size_t n = std::min(options_.chunk_bytes, bytes - first);
    SWIRL_CUDA_CHECK(cudaMemcpyAsync(device + first, src + first, n, cudaMemcpyHostToDevice, stream_.get()));
    ++stats_.h2d_copies;
    stats_.h2d_bytes += n;
    stats_.h2d_direct_bytes += n;
    mark((first + n) / elem_size);
  }
}

void Transporter::download_raw(void* host, const void* device, size_t bytes) {
  if (bytes == 0) return;
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(host, device, bytes, cudaMemcpyDeviceToHost, stream_.get()));
  stream_.synchronize();
  ++stats_.d2h_copies;
  stats_.d2h_bytes += bytes;
}

// Marks for one call only: the other uploads share upload_staged/direct.
struct Transporter::MarksFor {
  MarksFor(UploadMarks*& slot, UploadMarks* marks) : slot_(slot) {
    if (marks) marks->clear();
    slot_ = marks;
  }
  ~MarksFor() { slot_ = nullptr; }
  UploadMarks*& slot_;
};

template <typename T>
DeviceMatrix<T> Transporter::upload(const ColMajorMatrix<T>& m, UploadMarks* marks) {
  const MarksFor on(marks_, marks);
  return upload_col_major<T>(m.values(), m.height(), m.width());
}

template <typename T>
void Transporter::upload_into(const ColMajorMatrix<T>& m, DeviceMatrix<T>& dst, UploadMarks* marks) {
  if (dst.height() != m.height() || dst.width() != m.width())
    throw std::invalid_argument("upload_into: a " + std::to_string(m.height()) + " x " + std::to_string(m.width()) +
                                " matrix into a " + std::to_string(dst.height()) + " x " +
                                std::to_string(dst.width()) + " destination");
  const MarksFor on(marks_, marks);
  col_major_into(std::span<const T>(m.values().data(), m.values().size()), dst.data());
}

template <typename T>
void Transporter::col_major_into(std::span<const T> values, T* dst) {
  const std::byte* src = reinterpret_cast<const std::byte*>(values.data());
  if (values.empty()) return;
  if (page_locked(src)) {
    upload_direct(reinterpret_cast<std::byte*>(dst), src, values.size_bytes(), sizeof(T));
    return;
  }
  upload_staged(reinterpret_cast<std::byte*>(dst), values.size(), sizeof(T),
                [&](size_t first, size_t count, std::byte* to) {
                  fill_copy(src + first * sizeof(T), count * sizeof(T), to);
                });
}

template <typename T>
DeviceMatrix<T> Transporter::upload_col_major(std::span<const T> values, size_t height, size_t width) {
  check_shape("upload_col_major", values.size(), height, width);
  DeviceMatrix<T> out(height, width);
  col_major_into(values, out.data());
  return out;
}

template <typename T>
DeviceMatrix<T> Transporter::upload_row_major(std::span<const T> values, size_t height, size_t width) {
  check_shape("upload_row_major", values.size(), height, width);
  // One row or one column: row-major and column-major orders coincide.
  if (height <= 1 || width <= 1) return upload_col_major(values, height, width);
  DeviceMatrix<T> out(height, width);
  const size_t row_bytes = width * sizeof(T);
  if (options_.row_major != RowMajorPath::kHostTranspose && sizeof(T) == 4 && row_bytes <= options_.chunk_bytes &&
      width <= kMaxTransposeWidth) {
    // Whole rows, contiguous in the source, are copied into a pinned block
    // at host memory speed (no transpose on the host). kMappedKernel: the
    // kernel reads the block over the link and writes each value into its
    // final column-major place (the transpose is the copy). kDeviceChunk:
    // the DMA moves the block as it is into the slot's device block, and the
    // kernel writes it into place from there at device memory speed.
    // A page-locked source skips the host copy: kDeviceChunk DMAs its rows
    // in place (the slot's pinned block stays unused).
    const size_t rows_per_chunk = options_.chunk_bytes / row_bytes;
    const std::byte* src = reinterpret_cast<const std::byte*>(values.data());
    const bool direct = options_.row_major == RowMajorPath::kDeviceChunk && page_locked(src);
    for (size_t r = 0; r < height; r += rows_per_chunk) {
      const size_t n = std::min(rows_per_chunk, height - r);
      Slot& s = next_slot(/*pinned=*/!direct);
      const std::byte* chunk = src + r * row_bytes;
      const void* rows = nullptr;
      if (options_.row_major == RowMajorPath::kMappedKernel) {
        fill_copy(chunk, n * row_bytes, s.block.data());
        void* mapped = nullptr;
        SWIRL_CUDA_CHECK(cudaHostGetDevicePointer(&mapped, s.block.data(), 0));
        rows = mapped;
      } else {
        const std::byte* from = chunk;
        if (direct) {
          stats_.h2d_direct_bytes += n * row_bytes;
        } else {
          fill_copy(chunk, n * row_bytes, s.block.data());
          from = s.block.data();
        }
        if (s.device_block.empty()) s.device_block = DeviceBuffer<std::byte>(options_.chunk_bytes);
        SWIRL_CUDA_CHECK(
            cudaMemcpyAsync(s.device_block.data(), from, n * row_bytes, cudaMemcpyHostToDevice, stream_.get()));
        rows = s.device_block.data();
      }
      transpose_rows_into(static_cast<const uint32_t*>(rows), n, width, reinterpret_cast<uint32_t*>(out.data()),
                               height, r, stream_.get());
      s.done.record(stream_.get());
      s.in_flight = true;
      ++stats_.h2d_copies;
      stats_.h2d_bytes += n * row_bytes;
    }
    return out;
  }
  // Rows wider than a staging block (or elements of other sizes): the
  // staging pass transposes on the host and the DMA writes the result.
  upload_staged(reinterpret_cast<std::byte*>(out.data()), values.size(), sizeof(T),
                [&](size_t first, size_t count, std::byte* dst) {
                  fill_transpose(values.data(), height, width, first, count, reinterpret_cast<T*>(dst));
                });
  return out;
}

template <typename T>
DeviceMatrix<T> Transporter::upload_strided(std::span<const T> src, size_t offset, size_t stride, size_t height,
                                            size_t width) {
  if (stride == 0) throw std::invalid_argument("upload_strided: stride 0");
  check_shape("upload_strided", height * width, height, width);
  const size_t n = height * width;
  if (n > 0 && (offset >= src.size() || (n - 1) > (src.size() - 1 - offset) / stride))
    throw std::invalid_argument("upload_strided: offset " + std::to_string(offset) + " + (" + std::to_string(n) +
                                " - 1) * stride " + std::to_string(stride) + " is past the source's " +
                                std::to_string(src.size()) + " values");
  if (stride == 1) return upload_col_major(src.subspan(offset, n), height, width);
  DeviceMatrix<T> out(height, width);
  upload_staged(reinterpret_cast<std::byte*>(out.data()), n, sizeof(T),
                [&](size_t first, size_t count, std::byte* dst) {
                  fill_strided(src.data(), offset, stride, first, count, reinterpret_cast<T*>(dst));
                });
  return out;
}

template <typename T>
DeviceBuffer<T> Transporter::upload_vector(std::span<const T> values) {
  DeviceBuffer<T> out(values.size());
  const std::byte* src = reinterpret_cast<const std::byte*>(values.data());
  if (!values.empty() && page_locked(src)) {
    upload_direct(reinterpret_cast<std::byte*>(out.data()), src, values.size_bytes(), sizeof(T));
    return out;
  }
  upload_staged(reinterpret_cast<std::byte*>(out.data()), values.size(), sizeof(T),
                [&](size_t first, size_t count, std::byte* dst) {
                  fill_copy(src + first * sizeof(T), count * sizeof(T), dst);
                });
  return out;
}

template <typename T>
ColMajorMatrix<T> Transporter::download(const DeviceMatrix<T>& m) {
  ColMajorMatrix<T> out(m.height(), m.width());
  download_raw(out.values().data(), m.data(), m.size() * sizeof(T));
  return out;
}

template <typename T>
std::vector<T> Transporter::download(const T* device, size_t n) {
  std::vector<T> out(n);
  download_raw(out.data(), device, n * sizeof(T));
  return out;
}

#define SWIRL_TRANSPORT_INSTANTIATE(T)                                                                  \
  template DeviceMatrix<T> Transporter::upload<T>(const ColMajorMatrix<T>&, UploadMarks*);              \
  template void Transporter::upload_into<T>(const ColMajorMatrix<T>&, DeviceMatrix<T>&, UploadMarks*);  \
  template DeviceMatrix<T> Transporter::upload_col_major<T>(std::span<const T>, size_t, size_t);        \
  template DeviceMatrix<T> Transporter::upload_row_major<T>(std::span<const T>, size_t, size_t);        \
  template DeviceMatrix<T> Transporter::upload_strided<T>(std::span<const T>, size_t, size_t, size_t,   \
                                                          size_t);                                      \
  template DeviceBuffer<T> Transporter::upload_vector<T>(std::span<const T>);                           \
  template ColMajorMatrix<T> Transporter::download<T>(const DeviceMatrix<T>&);                          \
  template std::vector<T> Transporter::download<T>(const T*, size_t);

SWIRL_TRANSPORT_INSTANTIATE(BabyBear)
SWIRL_TRANSPORT_INSTANTIATE(uint32_t)
SWIRL_TRANSPORT_INSTANTIATE(uint64_t)
SWIRL_TRANSPORT_INSTANTIATE(Digest)
SWIRL_TRANSPORT_INSTANTIATE(BabyBear4)
SWIRL_TRANSPORT_INSTANTIATE(Frac)  // GKR layers (tests, debugging)
SWIRL_TRANSPORT_INSTANTIATE(ProgramInstr)
SWIRL_TRANSPORT_INSTANTIATE(ProgramGroup)
SWIRL_TRANSPORT_INSTANTIATE(FlatColumnRef)

}  // namespace swirl::cuda
