#include "swirl/backend/cuda/pinned.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <string>

#include "swirl/backend/cuda/error.h"

namespace swirl::cuda {

void PinnedBlock::release() noexcept {
  if (p_) {
    if (pool_) {
      pool_->give_back(p_, bytes_);
    } else if (cudaFreeHost(p_) != cudaSuccess) {
      cudaGetLastError();
    }
  }
  pool_ = nullptr;
  p_ = nullptr;
  bytes_ = 0;
}

PinnedPool::~PinnedPool() { trim(); }

PinnedPool& PinnedPool::global() {
  // Never destroyed: pinned blocks may still be returned by static objects
  // during exit, after the CUDA runtime has begun tearing down.
  static PinnedPool* p = new PinnedPool();
  return *p;
}

PinnedBlock PinnedPool::acquire(size_t bytes) {
  {
    std::lock_guard lock(mu_);
    // Smallest pooled block that is large enough.
    auto best = free_.end();
    for (auto it = free_.begin(); it != free_.end(); ++it)
      if (it->second >= bytes && (best == free_.end() || it->second < best->second)) best = it;
    if (best != free_.end()) {
      auto [p, n] = *best;
      free_.erase(best);
      ++stats_.reuses;
      return PinnedBlock(this, p, n);
    }
  }
  size_t pinned = 0, limit = 0;
  {
    std::lock_guard lock(mu_);
    pinned = stats_.bytes_pinned;
    limit = limit_;
  }
  if (limit != 0 && (pinned > limit || bytes > limit - pinned))
    throw PinnedOutOfMemory(bytes, pinned, "the pinned memory limit of " + std::to_string(limit) + " bytes", __FILE__,
                            __LINE__);
  void* p = nullptr;
  // Portable: pinned for every device, since the pool serves transporters
  // of all of them. Mapped: kernels read it in place (the transporter's
  // row-major path: the transpose kernel reads the block over the link).
  const cudaError_t e = cudaHostAlloc(&p, bytes, cudaHostAllocPortable | cudaHostAllocMapped);
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    throw PinnedOutOfMemory(bytes, pinned, "cudaHostAlloc", __FILE__, __LINE__);
  }
  check(e, "cudaHostAlloc", __FILE__, __LINE__);
  std::lock_guard lock(mu_);
  ++stats_.pins;
  stats_.bytes_pinned += bytes;
  return PinnedBlock(this, p, bytes);
}

void PinnedPool::give_back(void* p, size_t bytes) noexcept {
  std::lock_guard lock(mu_);
  free_.emplace_back(p, bytes);
}

void PinnedPool::trim() {
  std::lock_guard lock(mu_);
  for (auto [p, n] : free_) {
    if (cudaFreeHost(p) != cudaSuccess) cudaGetLastError();
    stats_.bytes_pinned -= n;
  }
  free_.clear();
}

void PinnedPool::set_limit(size_t bytes) {
  std::lock_guard lock(mu_);
  limit_ = bytes;
}

PinnedStats PinnedPool::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

PinnedMemoryResource& PinnedMemoryResource::global() {
  static PinnedMemoryResource* r = new PinnedMemoryResource(PinnedPool::global());
  return *r;
}

void* PinnedMemoryResource::allocate(size_t bytes) {
  PinnedBlock block = pool_.acquire(bytes);  // throws before anything changes here
  void* p = block.data();
  std::lock_guard lock(mu_);
  live_.emplace(p, std::move(block));
  in_use_ += bytes;
  return p;
}

void PinnedMemoryResource::deallocate(void* p, size_t bytes) noexcept {
  PinnedBlock block;  // back to the pool outside the lock
  {
    std::lock_guard lock(mu_);
    auto it = live_.find(p);
    if (it == live_.end()) return;
    block = std::move(it->second);
    live_.erase(it);
    in_use_ -= bytes;
  }
}

size_t PinnedMemoryResource::bytes_in_use() const {
  std::lock_guard lock(mu_);
  return in_use_;
}

}  // namespace swirl::cuda
