// The staging fills (host side of the transporter) against plain models, for
// every chunk split: these run without a GPU, in CI too.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "swirl/backend/cuda/staging_fill.h"

namespace swirl::cuda::staging {
namespace {

std::vector<uint32_t> iota_from(size_t n, uint32_t base) {
  std::vector<uint32_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = base + static_cast<uint32_t>(i) * 2654435761u;
  return v;
}

TEST(StagingFill, TransposeEveryChunkSplit) {
  // Shapes with full 8 x 8 blocks, ragged edges, tiles of 64 and single columns.
  for (auto [h, w] : {std::pair<size_t, size_t>{3, 5}, {37, 17}, {600, 33}, {2, 40}, {513, 2}, {200, 131}, {64, 64},
                      {1000, 1}}) {
    const std::vector<uint32_t> rm = iota_from(h * w, static_cast<uint32_t>(h * 100 + w));
    const size_t n = h * w;
    for (size_t chunk : {n <= 64 ? size_t{1} : size_t{97}, size_t{61}, h, h + 1, size_t{1000}, n}) {
      std::vector<uint32_t> out(n, 0xffffffffu);
      for (size_t first = 0; first < n; first += chunk) {
        const size_t count = std::min(chunk, n - first);
        fill_transpose(rm.data(), h, w, first, count, out.data() + first);
      }
      for (size_t c = 0; c < w; ++c)
        for (size_t r = 0; r < h; ++r)
          ASSERT_EQ(out[c * h + r], rm[r * w + c]) << h << "x" << w << " chunk " << chunk << " at " << r << "," << c;
    }
  }
}

TEST(StagingFill, TransposeLargeChunkInParallel) {
  // Over kParallelMin elements: the tiled loop runs on the OpenMP team.
  const size_t h = 700, w = 301, n = h * w;
  ASSERT_GT(n / 2, kParallelMin);
  const std::vector<uint32_t> rm = iota_from(n, 5);
  std::vector<uint32_t> out(n, 0);
  fill_transpose(rm.data(), h, w, 0, n / 2 + 3, out.data());
  fill_transpose(rm.data(), h, w, n / 2 + 3, n - n / 2 - 3, out.data() + n / 2 + 3);
  for (size_t c = 0; c < w; ++c)
    for (size_t r = 0; r < h; ++r) ASSERT_EQ(out[c * h + r], rm[r * w + c]) << r << "," << c;
}

TEST(StagingFill, TransposeWritesOnlyItsChunk) {
  const size_t h = 300, w = 20, n = h * w;
  const std::vector<uint32_t> rm = iota_from(n, 1);
  std::vector<uint32_t> out(n + 2, 0xabababab);
  fill_transpose(rm.data(), h, w, 450, 1000, out.data() + 1);  // elements 450..1449 into out[1..1001)
  EXPECT_EQ(out[0], 0xababababu);
  EXPECT_EQ(out[1001], 0xababababu);
  for (size_t i = 0; i < 1000; ++i) {
    const size_t k = 450 + i;
    ASSERT_EQ(out[1 + i], rm[(k % h) * w + k / h]) << i;
  }
}

TEST(StagingFill, StridedAndCopy) {
  const std::vector<uint32_t> src = iota_from(10000, 3);
  for (size_t stride : {1, 2, 4, 16}) {
    const size_t offset = 17, n = (src.size() - offset - 1) / stride + 1;
    std::vector<uint32_t> out(n, 0);
    for (size_t first = 0; first < n; first += 333) {
      const size_t count = std::min<size_t>(333, n - first);
      fill_strided(src.data(), offset, stride, first, count, out.data() + first);
    }
    for (size_t k = 0; k < n; ++k) ASSERT_EQ(out[k], src[offset + k * stride]) << stride << " " << k;
  }
  std::vector<uint32_t> big = iota_from(size_t{1} << 20, 9), copy(big.size());
  fill_copy(reinterpret_cast<const std::byte*>(big.data()), big.size() * 4, reinterpret_cast<std::byte*>(copy.data()));
  EXPECT_EQ(copy, big);
}

}  // namespace
}  // namespace swirl::cuda::staging

// The unstack plan (offset, stride) with the strided fill gives exactly the
// host unstack, for every stride of the mixed set. Host-only.
#include "backend/cuda/pcs_fixture.h"
#include "swirl/backend/cuda/transport_pcs.h"
#include "swirl/protocol/stacking.h"

namespace swirl::cuda::staging {
namespace {

TEST(StagingFill, UnstackPlanMatchesHostUnstack) {
  for (uint64_t seed : {1, 2}) {
    testing::TraceSet set = testing::mixed_traces(seed);
    auto ptrs = set.ptrs();
    StackedMatrix sm = stacked_matrix(4, 3, ptrs);
    std::vector<size_t> strides_seen;
    for (size_t m = 0; m < set.traces.size(); ++m) {
      UnstackPlan p = unstack_plan(sm.layout, sm.matrix, m);
      ColMajorMatrix<BabyBear> host = unstack_matrix(sm.layout, sm.matrix, m);
      if (set.traces[m].width() > 0) {
        EXPECT_EQ(host, set.traces[m]);  // the host unstack inverts stacking
      } else {
        EXPECT_TRUE(host.empty());
      }
      ASSERT_EQ(p.height, host.height());
      ASSERT_EQ(p.width, host.width());
      if (p.width == 0) continue;
      strides_seen.push_back(p.stride);
      std::vector<BabyBear> out(p.height * p.width);
      fill_strided(sm.matrix.values().data(), p.offset, p.stride, 0, out.size(), out.data());
      EXPECT_EQ(out, host.values()) << "matrix " << m;
    }
    EXPECT_EQ(strides_seen, (std::vector<size_t>{1, 1, 2, 4, 16}));
  }
}

}  // namespace
}  // namespace swirl::cuda::staging
