// The heap side of HostAllocator.
//
// A large heap block comes from the kernel as untouched pages (glibc maps
// every block above its mmap threshold afresh): the first write to each
// page faults, and the kernel zeroes the page then. A matrix's constructor
// value-initialises its elements on one thread, so for the CPU prover's
// 1 GiB of stacked matrix and codeword that page zeroing ran serially
// inside stacked_commit (its profile on 2 cores: clear_page ~4% of all
// samples, all under one memset; docs/perf.md). Touching one byte per page
// from every thread first moves the faults and the kernel's zeroing into a
// parallel loop; the constructor's zero-fill then writes resident memory.
#include <omp.h>

#include <cstddef>
#include <new>

#include "swirl/util/host_memory.h"

namespace swirl::host_memory_detail {

void* heap_allocate(size_t bytes) {
  void* p = ::operator new(bytes, std::align_val_t{64});
  if (bytes >= kPrefaultBytes && !omp_in_parallel() && omp_get_max_threads() > 1) {
    constexpr size_t kPage = 4096;
    auto* b = static_cast<std::byte*>(p);
    const auto pages = static_cast<std::ptrdiff_t>((bytes + kPage - 1) / kPage);
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < pages; ++i) b[static_cast<size_t>(i) * kPage] = std::byte{0};
  }
  return p;
}

}  // namespace swirl::host_memory_detail
