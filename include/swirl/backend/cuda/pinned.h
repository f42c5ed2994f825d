// Pinned (page-locked) host memory for staging transfers. DMA from pinned
// memory runs at the link's speed and can overlap host work; pageable copies
// cannot. Pinning is expensive (it maps pages), so blocks are pooled and
// reused: PinnedPool hands out blocks and takes them back on destruction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "swirl/util/host_memory.h"

namespace swirl::cuda {

class PinnedPool;

/// A pinned host block of at least `bytes()` bytes, returned to its pool (or
/// freed) on destruction. Move-only.
class PinnedBlock {
 public:
  PinnedBlock() = default;
  PinnedBlock(const PinnedBlock&) = delete;
  PinnedBlock& operator=(const PinnedBlock&) = delete;
  PinnedBlock(PinnedBlock&& o) noexcept
      : pool_(std::exchange(o.pool_, nullptr)), p_(std::exchange(o.p_, nullptr)), bytes_(std::exchange(o.bytes_, 0)) {}
  PinnedBlock& operator=(PinnedBlock&& o) noexcept {
    if (this != &o) {
      release();
      pool_ = std::exchange(o.pool_, nullptr);
      p_ = std::exchange(o.p_, nullptr);
      bytes_ = std::exchange(o.bytes_, 0);
    }
    return *this;
  }
  ~PinnedBlock() { release(); }

  std::byte* data() const { return static_cast<std::byte*>(p_); }
  size_t bytes() const { return bytes_; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(p_);
  }

 private:
  friend class PinnedPool;
  PinnedBlock(PinnedPool* pool, void* p, size_t bytes) : pool_(pool), p_(p), bytes_(bytes) {}
  void release() noexcept;
  PinnedPool* pool_ = nullptr;
  void* p_ = nullptr;
  size_t bytes_ = 0;
};

struct PinnedStats {
  uint64_t pins = 0;    // cudaHostAlloc calls
  uint64_t reuses = 0;  // acquisitions served from the pool
  size_t bytes_pinned = 0;
};

/// A pool of pinned blocks. Thread-safe. Blocks acquired from it must be
/// destroyed before the pool.
class PinnedPool {
 public:
  PinnedPool() = default;
  PinnedPool(const PinnedPool&) = delete;
  PinnedPool& operator=(const PinnedPool&) = delete;
  ~PinnedPool();

  /// The process-wide pool the transporter stages through.
  static PinnedPool& global();

  /// A block of at least `bytes` (> 0) bytes: a pooled one when one is big
  /// enough, else a freshly pinned one. Throws PinnedOutOfMemory when the
  /// host cannot pin that much (or the limit forbids it), CudaError on any
  /// other failure; the pool is unchanged then.
  PinnedBlock acquire(size_t bytes);
  /// A cap on the bytes pinned (0: none, the default): pinning past it
  /// throws PinnedOutOfMemory as a failed cudaHostAlloc would. For tests of
  /// the failure paths, and for sharing a host's pinnable memory.
  void set_limit(size_t bytes);
  /// Unpins every pooled block (blocks in use are unaffected).
  void trim();
  PinnedStats stats() const;

 private:
  friend class PinnedBlock;
  void give_back(void* p, size_t bytes) noexcept;
  mutable std::mutex mu_;
  std::vector<std::pair<void*, size_t>> free_;
  PinnedStats stats_;
  size_t limit_ = 0;
};

/// Page-locked host memory as a HostMemoryResource (util/host_memory.h), for
/// traces generated where the transporter DMAs them from (no staging copy).
/// Served by a pool's blocks, so the next proof's traces reuse this proof's
/// pinned memory instead of pinning afresh. Thread-safe.
class PinnedMemoryResource final : public HostMemoryResource {
 public:
  explicit PinnedMemoryResource(PinnedPool& pool) : pool_(pool) {}
  /// Over PinnedPool::global(); never destroyed, so matrices in it may
  /// outlive every backend.
  static PinnedMemoryResource& global();

  /// Throws PinnedOutOfMemory (or CudaError) as PinnedPool::acquire does.
  void* allocate(size_t bytes) override;
  void deallocate(void* p, size_t bytes) noexcept override;
  const char* name() const override { return "pinned"; }
  /// Bytes handed out and not yet returned.
  size_t bytes_in_use() const;

 private:
  PinnedPool& pool_;
  mutable std::mutex mu_;
  std::unordered_map<void*, PinnedBlock> live_;
  size_t in_use_ = 0;
};

}  // namespace swirl::cuda
