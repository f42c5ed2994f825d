// The device runtime: allocator counters and block reuse, typed
// out-of-memory, checked calls and launches, streams and events, the pinned
// pool, one allocator per device and device scopes. Skips without a GPU.
#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include <thread>

#include "backend/cuda/gpu_test_util.h"
#include "swirl/backend/cuda/device.h"
#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/pinned.h"
#include "swirl/backend/cuda/selftest.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/field/babybear.h"
#include "swirl/util/matrix.h"

namespace swirl::cuda {
namespace {

using testing::Counters;

TEST(CudaRuntime, BufferCountsOneAllocationAndOneFree) {
  SKIP_WITHOUT_GPU();
  Counters c;
  const DeviceMemoryStats before = device_memory_stats();
  {
    DeviceBuffer<uint32_t> b(1000);
    EXPECT_NE(b.data(), nullptr);
    EXPECT_EQ(b.bytes(), 4000u);
    EXPECT_EQ(c.allocations(), 1u);
    EXPECT_EQ(c.bytes_in_use_delta(), 4000);
    EXPECT_GE(device_memory_stats().peak_bytes, before.bytes_in_use + 4000);
    DeviceBuffer<uint32_t> moved = std::move(b);  // moves never allocate
    EXPECT_EQ(b.data(), nullptr);
    EXPECT_EQ(moved.size(), 1000u);
    EXPECT_EQ(c.allocations(), 1u);
    EXPECT_EQ(c.frees(), 0u);
  }
  EXPECT_EQ(c.frees(), 1u);
  EXPECT_EQ(c.bytes_in_use_delta(), 0);
}

// Each device has its own allocator; a buffer belongs to the device current
// when it was made and goes back to that device's allocator wherever it is
// freed (here: on another thread).
TEST(CudaRuntime, OneAllocatorPerDevice) {
  SKIP_WITHOUT_GPU();
  const int n = device_count();
  ASSERT_GE(n, 1);
  for (int d = 0; d < n; ++d) {
    EXPECT_EQ(DeviceAllocator::of(d).device(), d);
    for (int e = 0; e < d; ++e) EXPECT_NE(&DeviceAllocator::of(d), &DeviceAllocator::of(e));
  }
  EXPECT_EQ(&DeviceAllocator::current(), &DeviceAllocator::of(current_device()));
  EXPECT_THROW(DeviceAllocator::of(n), std::invalid_argument);
  EXPECT_THROW(DeviceAllocator::of(-1), std::invalid_argument);
  for (int d = 0; d < n; ++d) {
    DeviceAllocator& a = DeviceAllocator::of(d);
    const DeviceMemoryStats before = a.stats();
    DeviceBuffer<uint32_t> b;
    {
      const DeviceScope on(d);
      b = DeviceBuffer<uint32_t>(4096);
    }
    EXPECT_EQ(b.device(), d);
    EXPECT_EQ(a.stats().bytes_in_use, before.bytes_in_use + 4096 * sizeof(uint32_t));
    cudaPointerAttributes attr{};
    SWIRL_CUDA_CHECK(cudaPointerGetAttributes(&attr, b.data()));
    EXPECT_EQ(attr.device, d);
    std::thread([&b] { b.reset(); }).join();
    EXPECT_EQ(a.stats().bytes_in_use, before.bytes_in_use);
    EXPECT_EQ(a.stats().frees, before.frees + 1);
  }
  EXPECT_EQ(DeviceBuffer<uint32_t>().device(), -1);
}

// A scope makes its device current and restores the one before, nested too.
TEST(CudaRuntime, DeviceScopeRestoresTheCurrentDevice) {
  SKIP_WITHOUT_GPU();
  const int n = device_count();
  const int start = current_device();
  for (int d = 0; d < n; ++d) {
    {
      const DeviceScope outer(d);
      EXPECT_EQ(current_device(), d);
      {
        const DeviceScope inner((d + 1) % n);
        EXPECT_EQ(current_device(), (d + 1) % n);
      }
      EXPECT_EQ(current_device(), d);
    }
    EXPECT_EQ(current_device(), start);
  }
  EXPECT_THROW({ const DeviceScope bad(n); }, CudaError);
  EXPECT_EQ(current_device(), start);
}

TEST(CudaRuntime, EmptyBufferAllocatesNothing) {
  SKIP_WITHOUT_GPU();
  Counters c;
  { DeviceBuffer<uint32_t> b(0); EXPECT_EQ(b.data(), nullptr); }
  EXPECT_EQ(c.allocations(), 0u);
  EXPECT_EQ(c.frees(), 0u);
}

TEST(CudaRuntime, PeakResetsToBytesInUse) {
  SKIP_WITHOUT_GPU();
  DeviceBuffer<uint8_t> keep(1 << 20);
  { DeviceBuffer<uint8_t> big(size_t{64} << 20); }
  EXPECT_GE(device_memory_stats().peak_bytes, (size_t{65} << 20));
  DeviceAllocator::current().reset_peak();
  DeviceMemoryStats s = device_memory_stats();
  EXPECT_EQ(s.peak_bytes, s.bytes_in_use);
}

// A freed block serves the next request of its size (or a little smaller)
// without cudaMalloc, a much smaller or a larger request gets its own, and
// trim() hands the cache back; the counters of buffers are unchanged by it.
TEST(CudaRuntime, FreedBlocksAreReused) {
  SKIP_WITHOUT_GPU();
  DeviceAllocator& a = DeviceAllocator::current();
  a.trim();
  const size_t mb = size_t{1} << 20;
  void* first = nullptr;
  uint64_t mallocs = a.stats().device_mallocs;
  {
    DeviceBuffer<uint8_t> b(8 * mb);
    first = b.data();
  }
  EXPECT_EQ(a.stats().device_mallocs, mallocs + 1);
  EXPECT_GE(a.stats().bytes_cached, 8 * mb);
  {
    DeviceBuffer<uint8_t> again(7 * mb);  // within 4/5 of the cached block
    EXPECT_EQ(again.data(), first);
    EXPECT_EQ(a.stats().device_mallocs, mallocs + 1);
    DeviceBuffer<uint8_t> small(1 * mb);  // much smaller than anything cached: its own block
    EXPECT_NE(small.data(), first);
    EXPECT_EQ(a.stats().device_mallocs, mallocs + 2);
  }
  a.trim();
  EXPECT_EQ(a.stats().bytes_cached, 0u);
  mallocs = a.stats().device_mallocs;
  { DeviceBuffer<uint8_t> b(8 * mb); }
  EXPECT_EQ(a.stats().device_mallocs, mallocs + 1);
}

TEST(CudaRuntime, OutOfMemoryIsTypedAndNamesSizes) {
  SKIP_WITHOUT_GPU();
  Counters c;
  const size_t huge = size_t{1} << 50;  // 1 PiB
  try {
    DeviceBuffer<uint8_t> b(huge);
    FAIL() << "allocation of 1 PiB succeeded";
  } catch (const DeviceOutOfMemory& e) {
    EXPECT_EQ(e.requested(), huge);
    EXPECT_GT(e.free_bytes(), 0u);
    EXPECT_LT(e.free_bytes(), huge);
    EXPECT_EQ(e.code(), cudaErrorMemoryAllocation);
    const std::string what = e.what();
    EXPECT_NE(what.find(std::to_string(huge)), std::string::npos) << what;
    EXPECT_NE(what.find("runtime_test.cpp"), std::string::npos) << what;  // the call site
  }
  EXPECT_EQ(c.allocations(), 0u);
  EXPECT_EQ(c.bytes_in_use_delta(), 0);
  // The context is still usable.
  DeviceBuffer<uint32_t> ok(16);
  EXPECT_NE(ok.data(), nullptr);
}

TEST(CudaRuntime, FailedCallThrowsWithCallSite) {
  SKIP_WITHOUT_GPU();
  try {
    SWIRL_CUDA_CHECK(cudaSetDevice(1 << 20));
    FAIL() << "cudaSetDevice(2^20) succeeded";
  } catch (const CudaError& e) {
    EXPECT_EQ(e.code(), cudaErrorInvalidDevice);
    EXPECT_NE(std::string(e.what()).find("runtime_test.cpp"), std::string::npos) << e.what();
  }
}

TEST(CudaRuntime, LaunchesAreCountedAndChecked) {
  SKIP_WITHOUT_GPU();
  Stream s;
  DeviceBuffer<uint32_t> b(5000);
  Counters c;
  iota_on_device(b.data(), b.size(), 256, s);
  EXPECT_EQ(c.launches(), 1u);
  std::vector<uint32_t> h(b.size(), 0xdeadbeef);
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(h.data(), b.data(), b.bytes(), cudaMemcpyDeviceToHost, s));
  s.synchronize();
  for (size_t i = 0; i < h.size(); ++i) ASSERT_EQ(h[i], i);
  // 4096 threads per block is an invalid configuration: the launch throws.
  try {
    iota_on_device(b.data(), b.size(), 4096, s);
    FAIL() << "invalid launch did not throw";
  } catch (const CudaError& e) {
    EXPECT_NE(std::string(e.what()).find("iota_kernel"), std::string::npos) << e.what();
  }
  EXPECT_EQ(c.launches(), 2u);
  iota_on_device(b.data(), 0, 256, s);  // nothing to do: no launch
  EXPECT_EQ(c.launches(), 2u);
}

TEST(CudaRuntime, EventsTimeAndSynchronize) {
  SKIP_WITHOUT_GPU();
  Stream s;
  Event a(true), b(true);
  DeviceBuffer<uint32_t> buf(size_t{1} << 22);
  a.record(s);
  iota_on_device(buf.data(), buf.size(), 256, s);
  b.record(s);
  b.synchronize();
  EXPECT_TRUE(b.ready());
  EXPECT_GE(b.elapsed_ms_since(a), 0.0f);
  Event plain;  // no timing
  plain.record(s);
  s.synchronize();
  EXPECT_TRUE(plain.ready());
  EXPECT_THROW(plain.elapsed_ms_since(a), CudaError);
}

TEST(CudaRuntime, PinnedPoolReusesBlocks) {
  SKIP_WITHOUT_GPU();
  PinnedPool pool;
  void* first = nullptr;
  {
    PinnedBlock b = pool.acquire(1 << 20);
    ASSERT_NE(b.data(), nullptr);
    std::memset(b.data(), 0xab, b.bytes());
    first = b.data();
  }
  EXPECT_EQ(pool.stats().pins, 1u);
  {
    PinnedBlock b = pool.acquire(1000);  // served by the pooled 1 MiB block
    EXPECT_EQ(b.data(), static_cast<std::byte*>(first));
    EXPECT_EQ(pool.stats().reuses, 1u);
    PinnedBlock c = pool.acquire(1 << 21);  // too big for anything pooled
    EXPECT_EQ(pool.stats().pins, 2u);
    EXPECT_GE(c.bytes(), size_t{1} << 21);
  }
  pool.trim();
  EXPECT_EQ(pool.stats().bytes_pinned, 0u);
}

// Host matrices in pinned memory: blocks of the pool, returned to it when
// the matrix goes, so the next trace reuses them; a refusal is typed and
// changes nothing.
TEST(CudaRuntime, PinnedMemoryResourceServesMatricesFromThePool) {
  SKIP_WITHOUT_GPU();
  PinnedPool pool;
  PinnedMemoryResource mem(pool);
  const void* first = nullptr;
  {
    ColMajorMatrix<BabyBear> m(1 << 10, 3, &mem);
    first = m.values().data();
    EXPECT_EQ(mem.bytes_in_use(), size_t{3} << 12);
    cudaPointerAttributes a{};
    ASSERT_EQ(cudaPointerGetAttributes(&a, first), cudaSuccess);
    EXPECT_EQ(a.type, cudaMemoryTypeHost);
  }
  EXPECT_EQ(mem.bytes_in_use(), 0u);
  {
    ColMajorMatrix<BabyBear> m(1 << 10, 2, &mem);  // fits the block the first one returned
    EXPECT_EQ(m.values().data(), first);
    EXPECT_EQ(pool.stats().pins, 1u);
    EXPECT_EQ(pool.stats().reuses, 1u);
    pool.set_limit(pool.stats().bytes_pinned);
    EXPECT_THROW(ColMajorMatrix<BabyBear>(1 << 20, 1, &mem), PinnedOutOfMemory);
    EXPECT_EQ(mem.bytes_in_use(), size_t{2} << 12);
  }
  pool.trim();
  EXPECT_EQ(pool.stats().bytes_pinned, 0u);
}

}  // namespace
}  // namespace swirl::cuda

// The span hook reports the allocator's counters (no device needed for that
// part); with a device, spans then carry device memory.
#include "swirl/backend/cuda/span_hook.h"

namespace swirl::cuda {
namespace {

TEST(CudaSpanHook, ReportsAllocatorCounters) {
  DeviceSpanHook h = cuda_span_hook();
  ASSERT_TRUE(h.memory);
  ASSERT_TRUE(h.synchronize);
  const DeviceMemoryStats s = device_memory_stats();
  auto [in_use, peak] = h.memory();
  EXPECT_EQ(in_use, static_cast<int64_t>(s.bytes_in_use));
  EXPECT_EQ(peak, static_cast<int64_t>(s.peak_bytes));
}

TEST(CudaSpanHook, SpansCarryDeviceMemory) {
  SKIP_WITHOUT_GPU();
  SpanCollector metrics;
  metrics.set_device_hook(cuda_span_hook());
  {
    SpanCollector::Install use(metrics);
    ScopedSpan s("outer");
    DeviceBuffer<uint32_t> keep(1 << 20);
    ScopedSpan inner("inner");
  }
  ASSERT_EQ(metrics.roots().size(), 1u);
  EXPECT_GE(metrics.roots()[0].device_bytes_peak, int64_t{4} << 20);
  EXPECT_GE(metrics.roots()[0].device_bytes_in_use, 0);
}

}  // namespace
}  // namespace swirl::cuda
