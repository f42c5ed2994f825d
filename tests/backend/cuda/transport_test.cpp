// The transporter: every upload is exactly one device allocation of the final
// size, no kernel except the row-major path's copy-transpose (one per
// chunk); layouts equal the host's element for element; chunking through
// the pinned ring. Skips without a GPU.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
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
  for (RowMajorPath path : {RowMajorPath::kHostTranspose, RowMajorPath::kMappedKernel, RowMajorPath::kDeviceChunk}) {
    for (TransportOptions opt : {kSmallChunks, TransportOptions{}}) {
      opt.row_major = path;
      for (auto [h, w] : shapes) {
        Transporter t(opt);
        std::vector<BabyBear> rm = random_values(h * w, h * 7 + w);
        ColMajorMatrix<BabyBear> expect = ColMajorMatrix<BabyBear>::from_row_major(h, w, rm);
        Counters c;
        DeviceMatrix<BabyBear> d = t.upload_row_major<BabyBear>(rm, h, w);
        // A single row or column is a plain copy (the orders coincide); the
        // kernel paths launch one copy-transpose per chunk of whole rows,
        // and kDeviceChunk makes each device block of the ring once.
        const bool plain = h <= 1 || w <= 1;
        const size_t rows_per_chunk = opt.chunk_bytes / (w * 4);
        const size_t kernel_chunks = plain || path == RowMajorPath::kHostTranspose ? 0 : chunks(h, rows_per_chunk);
        const size_t ring = path == RowMajorPath::kDeviceChunk
                                ? std::min<size_t>(kernel_chunks, static_cast<size_t>(opt.staging_blocks))
                                : 0;
        EXPECT_EQ(c.allocations(), 1u + ring) << h << "x" << w;
        EXPECT_EQ(c.launches(), kernel_chunks) << h << "x" << w;
        if (kernel_chunks > 0) {
          EXPECT_EQ(t.stats().h2d_copies, kernel_chunks);
        }
        EXPECT_EQ(t.stats().h2d_bytes, h * w * 4);
        EXPECT_EQ(t.download(d), expect) << h << "x" << w << " chunk " << opt.chunk_bytes << " path "
                                         << static_cast<int>(path);
        // A second upload reuses the ring: the ring never holds more device
        // blocks than staging blocks (the slots it had not reached yet may
        // get theirs now), and the other paths allocate only the matrix.
        Counters again;
        DeviceMatrix<BabyBear> d2 = t.upload_row_major<BabyBear>(rm, h, w);
        if (path == RowMajorPath::kDeviceChunk && kernel_chunks > 0) {
          EXPECT_LE(c.allocations(), 2u + static_cast<size_t>(opt.staging_blocks));
        } else {
          EXPECT_EQ(again.allocations(), 1u);
        }
        EXPECT_EQ(t.download(d2), expect);
      }
    }
  }
}

// Rows wider than a staging block, and elements other than 32-bit words,
// are transposed on the host while staged: the same layout, no launch.
TEST(CudaTransport, RowMajorHostTransposeFallback) {
  SKIP_WITHOUT_GPU();
  for (auto [h, w] : {std::pair<size_t, size_t>{3, 1500}, {17, 1001}}) {
    Transporter t(kSmallChunks);  // 4000-byte blocks: a 1500-word row does not fit
    std::vector<BabyBear> rm = random_values(h * w, h + w);
    Counters c;
    DeviceMatrix<BabyBear> d = t.upload_row_major<BabyBear>(rm, h, w);
    EXPECT_EQ(c.allocations(), 1u);
    EXPECT_EQ(c.launches(), 0u);
    EXPECT_EQ(t.download(d), ColMajorMatrix<BabyBear>::from_row_major(h, w, rm)) << h << "x" << w;
  }
  const size_t h = 300, w = 7;
  std::vector<uint64_t> rm(h * w);
  for (size_t i = 0; i < rm.size(); ++i) rm[i] = i * 0x9e3779b97f4a7c15ull;
  Transporter t(kSmallChunks);
  Counters c;
  DeviceMatrix<uint64_t> d = t.upload_row_major<uint64_t>(rm, h, w);
  EXPECT_EQ(c.launches(), 0u);
  ColMajorMatrix<uint64_t> got = t.download(d);
  for (size_t r = 0; r < h; ++r)
    for (size_t col = 0; col < w; ++col) ASSERT_EQ(got.at(r, col), rm[r * w + col]) << r << "," << col;
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
  // 96 MiB through 16 MiB blocks: six chunks, the ring of three reused twice.
  const size_t h = size_t{1} << 23, w = 3;
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

// A source in page-locked memory is DMA'd in place: no staging block, the
// same chunks and device matrix as a heap source. Row-major: kDeviceChunk
// DMAs the rows in place too; kMappedKernel still stages them (its kernel
// reads the ring's mapped blocks).
TEST(CudaTransport, PinnedSourcesAreDmadInPlace) {
  SKIP_WITHOUT_GPU();
  PinnedPool pool;
  PinnedMemoryResource mem(pool);
  for (auto [h, w] : {std::pair<size_t, size_t>{1000, 37}, {1, 1}, {4096, 3}}) {
    ColMajorMatrix<BabyBear> heap(h, w, random_values(h * w, h + w));
    ColMajorMatrix<BabyBear> m(h, w, &mem);
    std::copy(heap.values().begin(), heap.values().end(), m.values().begin());
    Transporter t(kSmallChunks);
    const PinnedStats staging = PinnedPool::global().stats();
    Counters c;
    DeviceMatrix<BabyBear> d = t.upload(m);
    EXPECT_EQ(c.allocations(), 1u);
    EXPECT_EQ(c.launches(), 0u);
    EXPECT_EQ(t.stats().h2d_copies, chunks(h * w * 4, 4000));
    EXPECT_EQ(t.stats().h2d_direct_bytes, h * w * 4);
    EXPECT_EQ(PinnedPool::global().stats().pins, staging.pins);  // no staging block taken
    EXPECT_EQ(PinnedPool::global().stats().reuses, staging.reuses);
    EXPECT_EQ(t.download(d), heap) << h << "x" << w;
  }
  const size_t h = 4097, w = 19;
  const std::vector<BabyBear> rm = random_values(h * w, 77);
  std::vector<BabyBear, HostAllocator<BabyBear>> pinned_rm(rm.begin(), rm.end(), HostAllocator<BabyBear>(&mem));
  const ColMajorMatrix<BabyBear> expect = ColMajorMatrix<BabyBear>::from_row_major(h, w, rm);
  for (RowMajorPath path : {RowMajorPath::kDeviceChunk, RowMajorPath::kMappedKernel}) {
    TransportOptions opt = kSmallChunks;
    opt.row_major = path;
    Transporter t(opt);
    DeviceMatrix<BabyBear> d = t.upload_row_major<BabyBear>(pinned_rm, h, w);
    EXPECT_EQ(t.stats().h2d_direct_bytes, path == RowMajorPath::kDeviceChunk ? h * w * 4 : 0u);
    EXPECT_EQ(t.stats().h2d_bytes, h * w * 4);
    EXPECT_EQ(t.download(d), expect);
  }
  // A heap source is staged as before.
  Transporter t(kSmallChunks);
  (void)t.upload(ColMajorMatrix<BabyBear>(100, 3, random_values(300, 1)));
  EXPECT_EQ(t.stats().h2d_direct_bytes, 0u);
}

// With marks, every chunk of an upload gets one, in order, the last covering
// the whole matrix; staged and page-locked sources alike. Without them
// nothing is recorded, and an empty matrix has none.
TEST(CudaTransport, UploadMarksCoverEachChunk) {
  SKIP_WITHOUT_GPU();
  PinnedPool pool;
  PinnedMemoryResource mem(pool);
  const size_t h = 1000, w = 37;
  ColMajorMatrix<BabyBear> heap(h, w, random_values(h * w, 5));
  ColMajorMatrix<BabyBear> pinned(h, w, &mem);
  std::copy(heap.values().begin(), heap.values().end(), pinned.values().begin());
  for (const ColMajorMatrix<BabyBear>* m : {&heap, &pinned}) {
    Transporter t(kSmallChunks);
    UploadMarks marks = {{7, nullptr}};  // cleared by the upload
    DeviceMatrix<BabyBear> d = t.upload(*m, &marks);
    ASSERT_EQ(marks.size(), chunks(h * w * 4, 4000));
    for (size_t i = 0; i < marks.size(); ++i) {
      EXPECT_EQ(marks[i].elements, std::min((i + 1) * 1000, h * w)) << i;
      ASSERT_NE(marks[i].landed, nullptr);
    }
    t.synchronize();
    for (const UploadMark& u : marks) EXPECT_TRUE(u.landed->ready());
    EXPECT_EQ(t.download(d), heap);
    // A later upload without marks leaves these alone.
    (void)t.upload(heap);
    EXPECT_EQ(marks.size(), chunks(h * w * 4, 4000));
    ColMajorMatrix<BabyBear> empty(0, 3);
    (void)t.upload(empty, &marks);
    EXPECT_TRUE(marks.empty());
  }
}

// upload_into writes into a destination the caller made (a view at an
// offset of a larger block, as a trace's place in the stacked matrix): no
// allocation, the neighbours untouched, marks per chunk as upload's. A view
// outside its block and a destination of another shape are refused.
TEST(CudaTransport, UploadIntoAViewAllocatesNothing) {
  SKIP_WITHOUT_GPU();
  PinnedPool pool;
  PinnedMemoryResource mem(pool);
  const size_t h = 1000, w = 37, before = 123, after = 77;
  ColMajorMatrix<BabyBear> heap(h, w, random_values(h * w, 6));
  ColMajorMatrix<BabyBear> pinned(h, w, &mem);
  std::copy(heap.values().begin(), heap.values().end(), pinned.values().begin());
  for (const ColMajorMatrix<BabyBear>* m : {&heap, &pinned}) {
    Transporter t(kSmallChunks);
    auto block = std::make_shared<DeviceBuffer<BabyBear>>(before + h * w + after);
    SWIRL_CUDA_CHECK(cudaMemset(block->data(), 0xff, block->bytes()));
    SWIRL_CUDA_CHECK(cudaDeviceSynchronize());  // the transporter's stream does not wait for the legacy stream
    DeviceMatrix<BabyBear> view(block, before, h, w);
    EXPECT_EQ(view.offset(), before);
    EXPECT_EQ(view.block(), block);
    const DeviceMemoryStats s0 = device_memory_stats();
    UploadMarks marks;
    t.upload_into(*m, view, &marks);
    EXPECT_EQ(device_memory_stats().allocations, s0.allocations);
    ASSERT_EQ(marks.size(), chunks(h * w * 4, 4000));
    EXPECT_EQ(marks.back().elements, h * w);
    t.synchronize();
    EXPECT_EQ(t.download(view), heap);
    const std::vector<BabyBear> all = t.download(block->data(), block->size());
    for (size_t i : {size_t{0}, before - 1, before + h * w, block->size() - 1})
      EXPECT_EQ(all[i].monty(), 0xffffffffu) << "element " << i << " outside the view was written";
    // The view keeps the block alive after every other owner is gone.
    const BabyBear* p = block->data();
    block.reset();
    EXPECT_EQ(view.data(), p + before);
    EXPECT_EQ(t.download(view), heap);
  }
  auto block = std::make_shared<DeviceBuffer<BabyBear>>(100);
  EXPECT_THROW(DeviceMatrix<BabyBear>(block, 1, 10, 10), std::invalid_argument);
  EXPECT_THROW(DeviceMatrix<BabyBear>(block, 101, 0, 0), std::invalid_argument);
  EXPECT_THROW(DeviceMatrix<BabyBear>(nullptr, 0, 1, 1), std::invalid_argument);
  DeviceMatrix<BabyBear> view(block, 10, 9, 10);
  Transporter t;
  EXPECT_THROW(t.upload_into(heap, view), std::invalid_argument);
}

// Bad input is a typed error naming the values, before anything is
// allocated or queued: the allocator's counters are unchanged after each.
TEST(CudaTransport, RejectsInconsistentShapes) {
  SKIP_WITHOUT_GPU();
  Transporter t;
  std::vector<BabyBear> v(10);
  const auto expect_refused = [&](const std::function<void()>& f, const std::string& words) {
    Counters c;
    try {
      f();
      ADD_FAILURE() << "not refused: " << words;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
    EXPECT_EQ(c.allocations(), 0u) << words;
    EXPECT_EQ(c.bytes_in_use_delta(), 0) << words;
    EXPECT_EQ(c.launches(), 0u) << words;
  };
  expect_refused([&] { (void)t.upload_col_major<BabyBear>(v, 3, 3); }, "10 values for a 3 x 3 matrix");
  expect_refused([&] { (void)t.upload_row_major<BabyBear>(v, 2, 4); }, "10 values for a 2 x 4 matrix");
  expect_refused([&] { (void)t.upload_col_major<BabyBear>(v, size_t{1} << 40, size_t{1} << 40); }, "overflows");
  expect_refused([&] { (void)t.upload_strided<BabyBear>(v, 0, 0, 1, 1); }, "stride 0");
  EXPECT_NO_THROW(t.upload_strided<BabyBear>(v, 1, 4, 1, 3));  // reads 1, 5, 9
  expect_refused([&] { (void)t.upload_strided<BabyBear>(v, 2, 4, 3, 1); },  // reads 2, 6, 10: past the end
                 "offset 2 + (3 - 1) * stride 4 is past the source's 10 values");
  expect_refused([&] { (void)t.upload_strided<BabyBear>(v, 10, 1, 1, 1); }, "offset 10");
  expect_refused([] { Transporter bad(TransportOptions{8, 3}); }, "chunk_bytes 8");
  expect_refused([] { Transporter bad(TransportOptions{4096, 0}); }, "staging_blocks 0");
}

// A staging block that cannot be pinned: PinnedOutOfMemory with the bytes
// asked and pinned, and the upload's device allocation freed again.
TEST(CudaTransport, FailedPinningIsTypedAndLeavesNothingAllocated) {
  SKIP_WITHOUT_GPU();
  PinnedPool& pool = PinnedPool::global();
  pool.trim();  // no pooled block can serve the request
  const size_t pinned = pool.stats().bytes_pinned;
  pool.set_limit(pinned + 1024);
  ColMajorMatrix<BabyBear> m(1 << 12, 3, random_values(3 << 12, 3));
  std::vector<BabyBear> rm(m.values().begin(), m.values().end());
  for (int path = 0; path < 2; ++path) {
    Counters c;
    try {
      Transporter t(TransportOptions{size_t{1} << 16, 2});
      (void)(path == 0 ? t.upload(m) : t.upload_row_major<BabyBear>(rm, 3, 1 << 12));
      ADD_FAILURE() << "pinning past the limit succeeded";
    } catch (const PinnedOutOfMemory& e) {
      EXPECT_EQ(e.requested(), size_t{1} << 16);
      EXPECT_EQ(e.pinned_bytes(), pinned);
      EXPECT_NE(std::string(e.what()).find("requested 65536 bytes"), std::string::npos) << e.what();
    }
    EXPECT_EQ(c.bytes_in_use_delta(), 0);
    EXPECT_EQ(c.allocations(), c.frees());
  }
  pool.set_limit(0);
  Transporter t(TransportOptions{size_t{1} << 16, 2});
  EXPECT_EQ(t.download(t.upload(m)), m);  // and the transporter works again
}

}  // namespace
}  // namespace swirl::cuda
