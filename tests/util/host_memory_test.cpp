#include "swirl/util/host_memory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "support/counting_memory.h"
#include "swirl/util/matrix.h"

namespace swirl {
namespace {

using testing::CountingMemory;

TEST(HostMemory, MatrixAllocatesInItsResourceAndFreesThere) {
  CountingMemory mem;
  {
    ColMajorMatrix<uint32_t> m(8, 3, &mem);
    EXPECT_EQ(m.memory(), &mem);
    EXPECT_EQ(mem.allocations, 1u);
    EXPECT_EQ(mem.live_bytes, 8u * 3 * sizeof(uint32_t));
    for (uint32_t v : m.values()) EXPECT_EQ(v, 0u);  // zeroed as a heap matrix
    EXPECT_EQ(reinterpret_cast<uintptr_t>(m.values().data()) % 64, 0u);
  }
  EXPECT_EQ(mem.deallocations, 1u);
  EXPECT_EQ(mem.live_bytes, 0u);
}

TEST(HostMemory, MovesCarryTheResourceCopiesGoToTheHeap) {
  CountingMemory mem;
  ColMajorMatrix<uint32_t> a(4, 2, &mem);
  a.at(3, 1) = 7;
  ColMajorMatrix<uint32_t> copy = a;
  EXPECT_EQ(copy.memory(), nullptr);
  EXPECT_EQ(mem.allocations, 1u);  // the copy did not use the resource
  EXPECT_EQ(copy, a);              // equal wherever the memory is

  ColMajorMatrix<uint32_t> moved = std::move(a);
  EXPECT_EQ(moved.memory(), &mem);
  EXPECT_EQ(moved.at(3, 1), 7u);
  EXPECT_EQ(mem.allocations, 1u);  // no reallocation

  ColMajorMatrix<uint32_t> assigned;
  assigned = std::move(moved);  // move assignment propagates the resource
  EXPECT_EQ(assigned.memory(), &mem);
  EXPECT_EQ(mem.allocations, 1u);
  assigned = ColMajorMatrix<uint32_t>(2, 2);  // back to the heap: the resource's block is returned
  EXPECT_EQ(assigned.memory(), nullptr);
  EXPECT_EQ(mem.deallocations, 1u);
  EXPECT_EQ(mem.live_bytes, 0u);
}

TEST(HostMemory, EmptyMatricesAskTheResourceForNothing) {
  CountingMemory mem;
  ColMajorMatrix<uint32_t> m(0, 5, &mem);
  ColMajorMatrix<uint32_t> n(5, 0, &mem);
  EXPECT_EQ(mem.allocations, 0u);
  EXPECT_EQ(m.memory(), &mem);
}

// A heap block above the prefault size (its pages touched by every thread
// before the constructor's zero-fill) is a zero, 64-byte-aligned matrix
// like any other, and so is one just below it.
TEST(HostMemory, LargeHeapMatricesAreZeroAndAligned) {
  for (size_t bytes : {host_memory_detail::kPrefaultBytes + 4, host_memory_detail::kPrefaultBytes - 4}) {
    const size_t h = bytes / 4 / 3;
    ColMajorMatrix<uint32_t> m(h, 3);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(m.values().data()) % 64, 0u);
    EXPECT_EQ(m.memory(), nullptr);
    EXPECT_TRUE(std::all_of(m.values().begin(), m.values().end(), [](uint32_t x) { return x == 0; }));
    m.at(h - 1, 2) = 7;
    EXPECT_EQ(m.at(h - 1, 2), 7u);
  }
}

TEST(HostMemory, ValuesCompareWithAPlainVector) {
  ColMajorMatrix<uint32_t> m(2, 2, std::vector<uint32_t>{1, 2, 3, 4});
  EXPECT_TRUE(m.values() == (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_FALSE(m.values() == (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_FALSE(m == ColMajorMatrix<uint32_t>(4, 1, std::vector<uint32_t>{1, 2, 3, 4}));  // shape matters
}

}  // namespace
}  // namespace swirl
