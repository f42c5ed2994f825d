// The transporter: every upload is exactly one device allocation of the final
// size and no kernel; layouts equal the host's element for element; chunking
// through the pinned ring. Skips without a GPU.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "backend/cuda/gpu_test_util.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/crypto/poseidon2.h"
#include "swirl/field/rng.h"

namespace swirl::cuda {
namespace {

using testing::Counters;

std::vector<BabyBear> random_values(size_t n, uint64_t seed) {
  SplitMix64 rng(seed);
  std::vector<BabyBear> v(n);
  for (auto& x : v) x = rng.field();
  return v;
}

size_t chunks(size_t bytes, size_t chunk) { return (bytes + chunk - 1) / chunk; }

// Small chunks so that even small matrices cross several chunk and column
// boundaries (chunk of 1,000 elements: not a divisor of any height used).
const TransportOptions kSmallChunks{4000, 3};

TEST(CudaTransport, ColumnMajorIsOneAllocationNoLaunch) {
  SKIP_WITHOUT_GPU();
  for (auto [h, w] : {std::pair<size_t, size_t>{1000, 37}, {1, 1}, {1, 9}, {9, 1}, {4096, 3}}) {
    Transporter t(kSmallChunks);
    ColMajorMatrix<BabyBear> m(h, w, random_values(h * w, h * 131 + w));
    Counters c;
    DeviceMatrix<BabyBear> d = t.upload(m);
    EXPECT_EQ(c.allocations(), 1u) << h << "x" << w;
    EXPECT_EQ(c.bytes_in_use_delta(), static_cast<int64_t>(h * w * 4));
    EXPECT_EQ(c.launches(), 0u);
    EXPECT_EQ(t.stats().h2d_copies, chunks(h * w * 4, 4000));
    EXPECT_EQ(t.stats().h2d_bytes, h * w * 4);
    EXPECT_EQ(d.height(), h);
    EXPECT_EQ(d.width(), w);
    EXPECT_EQ(t.download(d), m) << h << "x" << w;
    EXPECT_EQ(c.allocations(), 1u);  // downloads allocate no device memory
  }
}

TEST(CudaTransport, RowMajorIsTransposedDuringTheCopy) {
  SKIP_WITHOUT_GPU();
  const std::pair<size_t, size_t> shapes[] = {{1000, 37}, {3, 5}, {4097, 19}, {1, 7}, {7, 1}, {1, 1}, {250, 64}};
  for (const TransportOptions& opt : {kSmallChunks, TransportOptions{}}) {
    for (auto [h, w] : shapes) {
      Transporter t(opt);
      std::vector<BabyBear> rm = random_values(h * w, h * 7 + w);
      ColMajorMatrix<BabyBear> expect = ColMajorMatrix<BabyBear>::from_row_major(h, w, rm);
      Counters c;
      DeviceMatrix<BabyBear> d = t.upload_row_major<BabyBear>(rm, h, w);
      EXPECT_EQ(c.allocations(), 1u);
      EXPECT_EQ(c.launches(), 0u);  // no transpose kernel: the staging pass transposed
      EXPECT_EQ(t.stats().h2d_bytes, h * w * 4);
      EXPECT_EQ(t.download(d), expect) << h << "x" << w << " chunk " << opt.chunk_bytes;
    }
  }
}

TEST(CudaTransport, StridedGatherEqualsHostModel) {
  SKIP_WITHOUT_GPU();
  // A source like a stacked column-major matrix: the trace's k-th element
  // sits at offset + k * stride, the rest is other data.
  for (size_t stride : {1, 2, 4, 16}) {
    for (auto [h, w] : {std::pair<size_t, size_t>{1, 5}, {2, 3}, {8, 11}, {16, 1}, {1, 1}, {500, 9}}) {
      const size_t offset = 3 * stride + 5;
      std::vector<BabyBear> src = random_values(offset + h * w * stride + 7, stride * 1000 + h * 10 + w);
      Transporter t(kSmallChunks);
      Counters c;
      DeviceMatrix<BabyBear> d = t.upload_strided<BabyBear>(src, offset, stride, h, w);
      EXPECT_EQ(c.allocations(), 1u);
      EXPECT_EQ(c.bytes_in_use_delta(), static_cast<int64_t>(h * w * 4));  // the final size, not the strided one
      EXPECT_EQ(c.launches(), 0u);
      EXPECT_EQ(t.stats().h2d_bytes, h * w * 4);  // only the collapsed bytes cross the link
      ColMajorMatrix<BabyBear> got = t.download(d);
      for (size_t col = 0; col < w; ++col)
        for (size_t r = 0; r < h; ++r)
          ASSERT_EQ(got.at(r, col), src[offset + (col * h + r) * stride]) << stride << " " << r << "," << col;
    }
  }
}

TEST(CudaTransport, DegenerateShapesAllocateAndLaunchNothing) {
  SKIP_WITHOUT_GPU();
  Transporter t;
  std::vector<BabyBear> none;
  Counters c;
  for (auto [h, w] : {std::pair<size_t, size_t>{0, 0}, {0, 5}, {5, 0}}) {
    DeviceMatrix<BabyBear> a = t.upload_col_major<BabyBear>(none, h, w);
    DeviceMatrix<BabyBear> b = t.upload_row_major<BabyBear>(none, h, w);
    DeviceMatrix<BabyBear> s = t.upload_strided<BabyBear>(none, 0, 4, h, w);
    EXPECT_EQ(a.data(), nullptr);
    EXPECT_EQ(b.height(), h);
    EXPECT_EQ(s.width(), w);
    EXPECT_TRUE(t.download(a).empty());
  }
  DeviceBuffer<Digest> v = t.upload_vector<Digest>({});
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(c.allocations(), 0u);
  EXPECT_EQ(c.launches(), 0u);
  EXPECT_EQ(t.stats().h2d_copies, 0u);
  EXPECT_EQ(t.stats().d2h_copies, 0u);
}

TEST(CudaTransport, LargeUploadReusesTheStagingRing) {
  SKIP_WITHOUT_GPU();
  // 48 MiB through 8 MiB blocks: six chunks, the ring of three reused twice.
  const size_t h = size_t{1} << 22, w = 3;
  ColMajorMatrix<BabyBear> m(h, w, random_values(h * w, 99));
  Transporter t;
  const PinnedStats before = PinnedPool::global().stats();
  Counters c;
  DeviceMatrix<BabyBear> d = t.upload(m);
  EXPECT_EQ(c.allocations(), 1u);
  EXPECT_EQ(c.launches(), 0u);
  EXPECT_EQ(t.stats().h2d_copies, 6u);
  EXPECT_LE(PinnedPool::global().stats().pins - before.pins, 3u);
  EXPECT_EQ(t.download(d), m);
  std::vector<Digest> digests(1000);
  SplitMix64 rng(5);
  for (auto& dg : digests)
    for (auto& x : dg) x = rng.field();
  DeviceBuffer<Digest> dd = t.upload_vector<Digest>(digests);
  EXPECT_EQ(t.download(dd.data(), dd.size()), digests);
}

TEST(CudaTransport, RejectsInconsistentShapes) {
  SKIP_WITHOUT_GPU();
  Transporter t;
  std::vector<BabyBear> v(10);
  Counters c;
  EXPECT_THROW(t.upload_col_major<BabyBear>(v, 3, 3), std::invalid_argument);
  EXPECT_THROW(t.upload_row_major<BabyBear>(v, 2, 4), std::invalid_argument);
  EXPECT_THROW(t.upload_strided<BabyBear>(v, 0, 0, 1, 1), std::invalid_argument);
  EXPECT_NO_THROW(t.upload_strided<BabyBear>(v, 1, 4, 1, 3));                      // reads 1, 5, 9
  EXPECT_THROW(t.upload_strided<BabyBear>(v, 2, 4, 3, 1), std::invalid_argument);  // reads 2, 6, 10: past the end
  EXPECT_THROW(t.upload_strided<BabyBear>(v, 10, 1, 1, 1), std::invalid_argument);
  EXPECT_THROW(Transporter(TransportOptions{8, 3}), std::invalid_argument);
  EXPECT_THROW(Transporter(TransportOptions{4096, 0}), std::invalid_argument);
}

}  // namespace
}  // namespace swirl::cuda
