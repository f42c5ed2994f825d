#include "swirl/backend/cuda/memory.h"

namespace swirl::cuda {

DeviceAllocator& DeviceAllocator::instance() {
  static DeviceAllocator a;
  return a;
}

void* DeviceAllocator::allocate(size_t bytes, const char* file, int line) {
  if (bytes == 0) return nullptr;
  const size_t limit = limit_.load(), used = in_use_.load();
  if (limit != 0 && (used > limit || bytes > limit - used))
    throw DeviceOutOfMemory(bytes, used > limit ? 0 : limit - used, limit, "cudaMalloc under the device memory limit",
                            file, line);
  void* p = nullptr;
  cudaError_t e = cudaMalloc(&p, bytes);
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    size_t free_b = 0, total_b = 0;
    if (cudaMemGetInfo(&free_b, &total_b) != cudaSuccess) cudaGetLastError();
    throw DeviceOutOfMemory(bytes, free_b, total_b, "cudaMalloc", file, line);
  }
  check(e, "cudaMalloc", file, line);
  size_t now = in_use_.fetch_add(bytes) + bytes;
  size_t peak = peak_.load();
  while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
  }
  allocations_.fetch_add(1);
  return p;
}

void DeviceAllocator::deallocate(void* p, size_t bytes) noexcept {
  if (!p) return;
  // A failure here means the context is already broken; the error resurfaces
  // at the next checked call, and destructors must not throw.
  if (cudaFree(p) != cudaSuccess) cudaGetLastError();
  in_use_.fetch_sub(bytes);
  frees_.fetch_add(1);
}

DeviceMemoryStats DeviceAllocator::stats() const {
  return {in_use_.load(), peak_.load(), allocations_.load(), frees_.load()};
}

size_t DeviceAllocator::reset_peak() { return peak_.exchange(in_use_.load()); }

void DeviceAllocator::raise_peak(size_t bytes) {
  size_t peak = peak_.load();
  while (bytes > peak && !peak_.compare_exchange_weak(peak, bytes)) {
  }
}

}  // namespace swirl::cuda
