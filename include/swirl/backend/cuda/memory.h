// Device memory: one allocator per device that every device buffer on it
// goes through, so the bytes in use, the peak and the number of allocations
// and frees can be read at any time (span metrics) and asserted by tests
// ("this upload cost exactly one allocation"). DeviceBuffer<T> is the typed
// RAII owner; it remembers the allocator it came from, so a buffer is freed
// on its own device whichever device the freeing thread has current.
//
// Freed blocks are cached and handed out again (a block serves a request of
// up to its size and at least 4/5 of it), because a warm proof allocates the
// same shapes as the last one and cudaMalloc of a large block costs tenths
// of a millisecond in page mapping. A free still waits for the device, as
// cudaFree does, so no queued kernel can read a block after it is handed
// out again. The cache holds at most the peak bytes in use; when cudaMalloc
// fails the cache is released and the allocation retried once.
#pragma once

#include <cuda_runtime.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "swirl/backend/cuda/error.h"

namespace swirl::cuda {

/// A snapshot of the allocator's counters.
struct DeviceMemoryStats {
  size_t bytes_in_use = 0;
  size_t peak_bytes = 0;
  uint64_t allocations = 0;  // successful allocations of > 0 bytes
  uint64_t frees = 0;
  uint64_t device_mallocs = 0;  // of those, the ones the cache could not serve
  size_t bytes_cached = 0;      // freed blocks kept for reuse
};

/// A device's allocator (cudaMalloc underneath), one per device for the
/// process. Thread-safe.
class DeviceAllocator {
 public:
  /// The allocator of the calling thread's current device.
  static DeviceAllocator& current();
  /// The allocator of device `device` (std::invalid_argument when there is
  /// no such device).
  static DeviceAllocator& of(int device);
  int device() const { return device_; }

  /// Allocates `bytes` (> 0) on this allocator's device (made current for
  /// the call, then the caller's restored). Throws DeviceOutOfMemory
  /// (requested size, free and total bytes, call site) when the device cannot
  /// serve it, CudaError on any other failure; counters are unchanged then.
  void* allocate(size_t bytes, const char* file = __builtin_FILE(), int line = __builtin_LINE());
  /// Frees what allocate() returned (`bytes` as requested), after waiting
  /// for this allocator's device. Null is a no-op.
  void deallocate(void* p, size_t bytes) noexcept;

  DeviceMemoryStats stats() const;
  /// Sets the peak to the bytes in use now (span-local peaks); returns the
  /// peak it replaced.
  size_t reset_peak();
  /// Makes the peak at least `bytes` (restores an enclosing span's peak).
  void raise_peak(size_t bytes);
  /// A cap on the bytes in use (0: none, the default): an allocation past it
  /// throws DeviceOutOfMemory as the device itself would, with the bytes
  /// left under the cap as "free". For sharing a device between processes,
  /// and for testing the out-of-memory paths on a large device.
  void set_limit(size_t bytes) { limit_.store(bytes); }
  size_t limit() const { return limit_.load(); }
  /// Releases every cached block to the driver.
  void trim();

  explicit DeviceAllocator(int device) : device_(device) {}
  DeviceAllocator(const DeviceAllocator&) = delete;
  DeviceAllocator& operator=(const DeviceAllocator&) = delete;

 private:
  const int device_;
  void* take_cached(size_t bytes);  // a cached block for `bytes`, or null
  void trim_locked();
  std::atomic<size_t> in_use_{0}, peak_{0}, limit_{0};
  std::atomic<uint64_t> allocations_{0}, frees_{0}, mallocs_{0};
  mutable std::mutex mu_;
  std::multimap<size_t, void*> cache_;        // block size -> block
  std::unordered_map<void*, size_t> blocks_;  // live block -> its size
  size_t cached_ = 0, high_water_ = 0;
};

/// The counters of the calling thread's current device.
inline DeviceMemoryStats device_memory_stats() { return DeviceAllocator::current().stats(); }

/// Owns `size()` elements of T in the memory of the device current when it
/// was made. Move-only; an empty buffer holds no allocation.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t n, const char* file = __builtin_FILE(), int line = __builtin_LINE()) : n_(n) {
    if (n_) {
      owner_ = &DeviceAllocator::current();
      p_ = static_cast<T*>(owner_->allocate(n_ * sizeof(T), file, line));
    }
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept
      : owner_(std::exchange(o.owner_, nullptr)), p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) {
      reset();
      owner_ = std::exchange(o.owner_, nullptr);
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }
  ~DeviceBuffer() { reset(); }

  void reset() noexcept {
    if (owner_) owner_->deallocate(p_, n_ * sizeof(T));
    owner_ = nullptr;
    p_ = nullptr;
    n_ = 0;
  }

  T* data() { return p_; }
  const T* data() const { return p_; }
  size_t size() const { return n_; }
  size_t bytes() const { return n_ * sizeof(T); }
  bool empty() const { return n_ == 0; }
  /// The device the buffer lives on (-1 when empty).
  int device() const { return owner_ ? owner_->device() : -1; }

 private:
  DeviceAllocator* owner_ = nullptr;
  T* p_ = nullptr;
  size_t n_ = 0;
};

/// A column-major matrix in device memory (column c at data() + c * height).
/// It owns a block of its own, or it is a view of height x width elements
/// at an offset of a shared block that it keeps alive: a trace uploaded
/// straight into its place in the stacked matrix (CudaBackend::load_traces)
/// is such a view, and so is the stacked matrix over the same block, so the
/// trace's values are on the device once. Move-only, like the buffer.
template <typename T>
class DeviceMatrix {
 public:
  using Block = DeviceBuffer<T>;
  DeviceMatrix() = default;
  DeviceMatrix(size_t height, size_t width, const char* file = __builtin_FILE(), int line = __builtin_LINE())
      : height_(height), width_(width), block_(std::make_shared<Block>(height * width, file, line)),
        p_(block_->data()) {}
  /// The view of elements [offset, offset + height * width) of `block`
  /// (std::invalid_argument when they are not all inside it).
  DeviceMatrix(std::shared_ptr<Block> block, size_t offset, size_t height, size_t width)
      : height_(height), width_(width), block_(std::move(block)) {
    const size_t have = block_ ? block_->size() : 0;
    if (offset > have || height * width > have - offset)
      throw std::invalid_argument("DeviceMatrix: a " + std::to_string(height) + " x " + std::to_string(width) +
                                  " view at offset " + std::to_string(offset) + " of a block of " +
                                  std::to_string(have) + " elements");
    p_ = block_ ? block_->data() + offset : nullptr;
  }
  DeviceMatrix(const DeviceMatrix&) = delete;
  DeviceMatrix& operator=(const DeviceMatrix&) = delete;
  DeviceMatrix(DeviceMatrix&& o) noexcept
      : height_(std::exchange(o.height_, 0)), width_(std::exchange(o.width_, 0)), block_(std::move(o.block_)),
        p_(std::exchange(o.p_, nullptr)) {}
  DeviceMatrix& operator=(DeviceMatrix&& o) noexcept {
    if (this != &o) {
      height_ = std::exchange(o.height_, 0);
      width_ = std::exchange(o.width_, 0);
      block_ = std::move(o.block_);
      p_ = std::exchange(o.p_, nullptr);
    }
    return *this;
  }

  size_t height() const { return height_; }
  size_t width() const { return width_; }
  size_t size() const { return height_ * width_; }
  T* data() { return p_; }
  const T* data() const { return p_; }
  /// The block the elements live in (shared with every view of it; null
  /// for a default-made matrix).
  const std::shared_ptr<Block>& block() const { return block_; }
  /// Where data() is in block(), in elements.
  size_t offset() const { return block_ ? static_cast<size_t>(p_ - block_->data()) : 0; }

 private:
  size_t height_ = 0, width_ = 0;
  std::shared_ptr<Block> block_;
  T* p_ = nullptr;
};

/// A device copy of `v`, queued on `stream`. From pageable memory the call
/// returns once `v` has been copied to the driver's staging buffer (CUDA's
/// documented API synchronisation), so `v` may be freed at once and no
/// stream synchronisation is needed. For small per-call tables (challenges,
/// weights); traces go through the Transporter.
template <typename T>
DeviceBuffer<T> upload_async(std::span<const T> v, cudaStream_t stream) {
  DeviceBuffer<T> d(v.size());
  if (!v.empty()) SWIRL_CUDA_CHECK(cudaMemcpyAsync(d.data(), v.data(), v.size_bytes(), cudaMemcpyHostToDevice, stream));
  return d;
}

}  // namespace swirl::cuda
