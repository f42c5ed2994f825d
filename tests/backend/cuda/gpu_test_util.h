// Shared by the CUDA test files: skipping without a device, and counter
// snapshots that tests difference around one operation.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/memory.h"

#define SKIP_WITHOUT_GPU() \
  if (!::swirl::cuda::device_available()) GTEST_SKIP() << "no CUDA device present"

namespace swirl::cuda::testing {

/// Allocations, frees and launches since construction.
class Counters {
 public:
  Counters() : mem_(device_memory_stats()), launches_(launch_count()) {}
  uint64_t allocations() const { return device_memory_stats().allocations - mem_.allocations; }
  uint64_t frees() const { return device_memory_stats().frees - mem_.frees; }
  uint64_t launches() const { return launch_count() - launches_; }
  int64_t bytes_in_use_delta() const {
    return static_cast<int64_t>(device_memory_stats().bytes_in_use) - static_cast<int64_t>(mem_.bytes_in_use);
  }

 private:
  DeviceMemoryStats mem_;
  uint64_t launches_;
};

}  // namespace swirl::cuda::testing
