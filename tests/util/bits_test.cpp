#include "swirl/util/bits.h"

#include <gtest/gtest.h>

#include <cstddef>

namespace swirl {
namespace {

// Against the plain definition: the l with 2^l == n, searched over every l.
int log2_by_search(size_t n) {
  for (int l = 0; l < 64; ++l)
    if ((size_t{1} << l) == n) return l;
  return -1;
}

TEST(Bits, Log2ExactOnPowersAndNeighbours) {
  static_assert(log2_exact(1) == 0 && log2_exact(1024) == 10 && log2_exact(0) == -1 && log2_exact(6) == -1);
  for (int l = 0; l < 64; ++l) {
    const size_t p = size_t{1} << l;
    EXPECT_EQ(log2_exact(p), l);
    for (size_t n : {p - 1, p + 1, p + (p >> 1)}) EXPECT_EQ(log2_exact(n), log2_by_search(n)) << n;
  }
  EXPECT_EQ(log2_exact(0), -1);
  EXPECT_EQ(log2_exact(~size_t{0}), -1);
}

}  // namespace
}  // namespace swirl
