// A HostMemoryResource that counts what it hands out, for tests of where
// host matrices put their memory (util/host_memory.h).
#pragma once

#include <cstddef>
#include <new>

#include "swirl/util/host_memory.h"

namespace swirl::testing {

class CountingMemory final : public HostMemoryResource {
 public:
  void* allocate(size_t bytes) override {
    ++allocations;
    live_bytes += bytes;
    return ::operator new(bytes, std::align_val_t{64});
  }
  void deallocate(void* p, size_t bytes) noexcept override {
    ++deallocations;
    live_bytes -= bytes;
    ::operator delete(p, bytes, std::align_val_t{64});
  }
  const char* name() const override { return "counting"; }

  size_t allocations = 0, deallocations = 0, live_bytes = 0;
};

}  // namespace swirl::testing
