#include "swirl/backend/cuda/memory.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/backend/cuda/device.h"

namespace swirl::cuda {

namespace {

// One allocator per device, made on first use and never destroyed: buffers
// held by static objects may be freed during exit.
std::vector<DeviceAllocator*>& allocators() {
  static std::vector<DeviceAllocator*>* all = [] {
    auto* v = new std::vector<DeviceAllocator*>();
    // With no device there is still one (empty) allocator for device 0, so
    // counters can be read; nothing can be allocated from it.
    const int n = std::max(1, device_count());
    for (int d = 0; d < n; ++d) v->push_back(new DeviceAllocator(d));
    return v;
  }();
  return *all;
}

// DeviceScope for the paths that must not throw (frees, trims): a failure
// to switch means the context is broken, and the error resurfaces at the
// next checked call.
class QuietDeviceScope {
 public:
  explicit QuietDeviceScope(int device) noexcept : previous_(device), device_(device) {
    if (cudaGetDevice(&previous_) != cudaSuccess) cudaGetLastError();
    if (previous_ != device_ && cudaSetDevice(device_) != cudaSuccess) cudaGetLastError();
  }
  ~QuietDeviceScope() {
    if (previous_ != device_ && cudaSetDevice(previous_) != cudaSuccess) cudaGetLastError();
  }
  QuietDeviceScope(const QuietDeviceScope&) = delete;
  QuietDeviceScope& operator=(const QuietDeviceScope&) = delete;

 private:
  int previous_, device_;
};

}  // namespace

DeviceAllocator& DeviceAllocator::of(int device) {
  std::vector<DeviceAllocator*>& all = allocators();
  if (device < 0 || static_cast<size_t>(device) >= all.size())
    throw std::invalid_argument("DeviceAllocator::of(" + std::to_string(device) + "): " +
                                std::to_string(all.size()) + " device(s)");
  return *all[static_cast<size_t>(device)];
}

DeviceAllocator& DeviceAllocator::current() {
  int d = 0;
  if (cudaGetDevice(&d) != cudaSuccess) {
    cudaGetLastError();
    d = 0;
  }
  return of(d);
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
    const DeviceScope on(device_);
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
  const QuietDeviceScope on(device_);
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
  const QuietDeviceScope on(device_);
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
