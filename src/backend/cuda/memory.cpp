#include "swirl/backend/cuda/memory.h"

#include <algorithm>
#include <iterator>

namespace swirl::cuda {

DeviceAllocator& DeviceAllocator::instance() {
  static DeviceAllocator a;
  return a;
}

void* DeviceAllocator::take_cached(size_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.lower_bound(bytes);
  if (it == cache_.end() || it->first / 5 * 4 > bytes) return nullptr;  // none, or one much larger
  void* p = it->second;
  cached_ -= it->first;
  blocks_[p] = it->first;
  cache_.erase(it);
  return p;
}

void* DeviceAllocator::allocate(size_t bytes, const char* file, int line) {
  if (bytes == 0) return nullptr;
  const size_t limit = limit_.load(), used = in_use_.load();
  if (limit != 0 && (used > limit || bytes > limit - used))
    throw DeviceOutOfMemory(bytes, used > limit ? 0 : limit - used, limit, "cudaMalloc under the device memory limit",
                            file, line);
  void* p = take_cached(bytes);
  if (p == nullptr) {
    cudaError_t e = cudaMalloc(&p, bytes);
    if (e == cudaErrorMemoryAllocation) {
      cudaGetLastError();
      trim();
      e = cudaMalloc(&p, bytes);
    }
    if (e == cudaErrorMemoryAllocation) {
      cudaGetLastError();
      size_t free_b = 0, total_b = 0;
      if (cudaMemGetInfo(&free_b, &total_b) != cudaSuccess) cudaGetLastError();
      throw DeviceOutOfMemory(bytes, free_b, total_b, "cudaMalloc", file, line);
    }
    check(e, "cudaMalloc", file, line);
    std::lock_guard<std::mutex> lock(mu_);
    blocks_[p] = bytes;
    mallocs_.fetch_add(1);
  }
  size_t now = in_use_.fetch_add(bytes) + bytes;
  size_t peak = peak_.load();
  while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    high_water_ = std::max(high_water_, now);
  }
  allocations_.fetch_add(1);
  return p;
}

void DeviceAllocator::deallocate(void* p, size_t bytes) noexcept {
  if (!p) return;
  // As cudaFree would: wait for the device, so no queued kernel still reads
  // the block when it is handed out again. A failure here means the context
  // is already broken; the error resurfaces at the next checked call, and
  // destructors must not throw.
  if (cudaDeviceSynchronize() != cudaSuccess) cudaGetLastError();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = blocks_.find(p);
    const size_t block = it == blocks_.end() ? bytes : it->second;
    if (it != blocks_.end()) blocks_.erase(it);
    cache_.emplace(block, p);
    cached_ += block;
    // Keep at most the high-water mark of bytes in use: release the largest
    // blocks other than this one first.
    while (cached_ > high_water_ && cache_.size() > 1) {
      auto big = std::prev(cache_.end());
      if (big->second == p) big = std::prev(big);
      if (cudaFree(big->second) != cudaSuccess) cudaGetLastError();
      cached_ -= big->first;
      cache_.erase(big);
    }
  }
  in_use_.fetch_sub(bytes);
  frees_.fetch_add(1);
}

void DeviceAllocator::trim_locked() {
  for (const auto& [size, p] : cache_)
    if (cudaFree(p) != cudaSuccess) cudaGetLastError();
  cache_.clear();
  cached_ = 0;
}

void DeviceAllocator::trim() {
  std::lock_guard<std::mutex> lock(mu_);
  trim_locked();
}

DeviceMemoryStats DeviceAllocator::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {in_use_.load(), peak_.load(), allocations_.load(), frees_.load(), mallocs_.load(), cached_};
}

size_t DeviceAllocator::reset_peak() { return peak_.exchange(in_use_.load()); }

void DeviceAllocator::raise_peak(size_t bytes) {
  size_t peak = peak_.load();
  while (bytes > peak && !peak_.compare_exchange_weak(peak, bytes)) {
  }
}

}  // namespace swirl::cuda
