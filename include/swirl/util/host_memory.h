// Where host matrices get their memory. By default the heap; a device
// backend can supply page-locked memory (ProverBackend::trace_memory()), so
// that a trace generated into it goes to the device by DMA straight from
// where it was written, with no staging copy. A ColMajorMatrix made with a
// resource keeps it for its lifetime (moves carry it along; copies go to the
// heap), and frees its memory there.
#pragma once

#include <algorithm>
#include <cstddef>
#include <new>
#include <type_traits>
#include <vector>

namespace swirl {

class HostMemoryResource {
 public:
  virtual ~HostMemoryResource() = default;
  /// `bytes` (> 0) bytes aligned to at least 64; throws std::bad_alloc or a
  /// typed error of the resource when it cannot.
  virtual void* allocate(size_t bytes) = 0;
  /// Returns what allocate(bytes) gave.
  virtual void deallocate(void* p, size_t bytes) noexcept = 0;
  /// What the memory is, for messages ("pinned", ...).
  virtual const char* name() const = 0;
};

namespace host_memory_detail {
/// Blocks at least this large are faulted in by every OpenMP thread when
/// allocated (host_memory.cpp says why).
inline constexpr size_t kPrefaultBytes = size_t{32} << 20;
/// The heap's 64-byte-aligned operator new; a large block's pages are
/// touched in parallel first.
void* heap_allocate(size_t bytes);
}  // namespace host_memory_detail

/// The allocator of host matrices: `resource` null is the heap (operator
/// new); otherwise the resource's memory. Stateful but cheap: moves of a
/// container carry the resource along, copies of a container get the heap.
template <typename T>
class HostAllocator {
 public:
  using value_type = T;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using is_always_equal = std::false_type;

  HostAllocator() noexcept = default;
  explicit HostAllocator(HostMemoryResource* r) noexcept : r_(r) {}
  template <typename U>
  HostAllocator(const HostAllocator<U>& o) noexcept : r_(o.resource()) {}

  T* allocate(size_t n) {
    if (n == 0) return nullptr;  // resources are asked for bytes > 0 only
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    if (r_ == nullptr) return static_cast<T*>(host_memory_detail::heap_allocate(n * sizeof(T)));
    return static_cast<T*>(r_->allocate(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    if (p == nullptr) return;
    // Unsized: clang before 19 does not enable sized deallocation by default.
    if (r_ == nullptr) ::operator delete(p, std::align_val_t{64});
    else r_->deallocate(p, n * sizeof(T));
  }
  /// Copies of a container are heap matrices.
  HostAllocator select_on_container_copy_construction() const noexcept { return HostAllocator(); }
  HostMemoryResource* resource() const noexcept { return r_; }

  template <typename U>
  friend bool operator==(const HostAllocator& a, const HostAllocator<U>& b) noexcept {
    return a.resource() == b.resource();
  }

 private:
  HostMemoryResource* r_ = nullptr;
};

/// Host-matrix values compare equal to a plain vector of the same values
/// (found by argument-dependent lookup through HostAllocator).
template <typename T>
bool operator==(const std::vector<T, HostAllocator<T>>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace swirl
