// The main-trace commitment on the device against the CPU backend, bit for
// bit: the stacked matrix, the RS codeword, every Merkle digest layer and the
// root, for random traces of mixed heights. Skips without a GPU.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "backend/cuda/gpu_test_util.h"
#include "backend/cuda/pcs_fixture.h"
#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/backend/cuda/commit.h"
#include "swirl/backend/cuda/pinned.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/crypto/merkle.h"
#include "swirl/poly/rs_code.h"

namespace swirl::cuda {
namespace {

using testing::Counters;

ColMajorMatrix<BabyBear> random_matrix(size_t h, size_t w, uint64_t seed) {
  SplitMix64 rng(seed);
  ColMajorMatrix<BabyBear> m(h, w);
  for (auto& x : m.values()) x = rng.field();
  return m;
}

std::vector<std::vector<Digest>> download_layers(Transporter& t, const DeviceDigestLayers& d) {
  std::vector<std::vector<Digest>> out;
  for (size_t l = 0; l < d.num_layers(); ++l) out.push_back(t.download(d.layer(l), d.layer_size(l)));
  return out;
}

TEST(CudaCommit, StackingEqualsHost) {
  SKIP_WITHOUT_GPU();
  for (uint64_t seed : {1, 2}) {
    testing::TraceSet set = testing::mixed_traces(seed);
    Transporter t;
    std::vector<DeviceMatrix<BabyBear>> dev;
    for (const auto& tr : set.traces) dev.push_back(t.upload(tr));
    std::vector<const DeviceMatrix<BabyBear>*> ptrs;
    for (const auto& d : dev) ptrs.push_back(&d);
    Counters c;
    DeviceStackedMatrix got = stacked_matrix_on_device(4, 3, ptrs, t.stream());
    EXPECT_EQ(c.allocations(), 1u);
    EXPECT_EQ(c.launches(), 3u);  // one scatter per strided trace (strides 2, 4, 16)
    StackedMatrix host = stacked_matrix(4, 3, set.ptrs());
    EXPECT_EQ(got.layout, host.layout);
    EXPECT_EQ(t.download(got.matrix), host.matrix);
  }
}

TEST(CudaCommit, RsCodeMatrixEqualsHost) {
  SKIP_WITHOUT_GPU();
  struct Case {
    int l_skip, log_m, log_blowup;
    size_t width;
  };
  // log_m + log_blowup > 11 exercises the global-memory layers after the tile.
  for (Case k : {Case{4, 4, 1, 3}, Case{4, 7, 1, 5}, Case{0, 0, 0, 1}, Case{2, 5, 3, 2}, Case{4, 12, 2, 3},
                 Case{3, 13, 1, 2}, Case{1, 1, 0, 4}, Case{4, 10, 1, 1}, Case{4, 17, 1, 2}, Case{3, 20, 2, 1},
                 // the chunked first pass (l_skip 3, 4): its smallest stride, the keccak-f shape, the fallback edge
                 Case{4, 13, 1, 3}, Case{4, 21, 1, 2}, Case{3, 10, 1, 2}, Case{3, 9, 1, 1}, Case{4, 4, 6, 2}, Case{4, 11, 3, 2},
                 // short messages under a large blowup (the gathering first pass), and two more chunked shapes
                 Case{4, 11, 1, 3}, Case{4, 4, 8, 1}, Case{3, 4, 8, 2}, Case{3, 16, 1, 3}}) {
    ColMajorMatrix<BabyBear> m = random_matrix(size_t{1} << k.log_m, k.width, k.log_m * 100 + k.width);
    Transporter t;
    DeviceMatrix<BabyBear> d = t.upload(m);
    DeviceMatrix<BabyBear> code = rs_code_matrix_on_device(k.l_skip, k.log_blowup, d, t.stream());
    ASSERT_EQ(code.height(), size_t{1} << (k.log_m + k.log_blowup));
    EXPECT_EQ(t.download(code), rs_code_matrix(k.l_skip, k.log_blowup, m))
        << "l_skip " << k.l_skip << " log_m " << k.log_m << " log_blowup " << k.log_blowup << " width " << k.width;
  }
}

TEST(CudaCommit, MerkleLayersEqualHost) {
  SKIP_WITHOUT_GPU();
  for (size_t h : {1, 5, 64, 1000, 4096}) {
    for (size_t w : {0, 1, 8, 9, 17}) {
      for (size_t rpq : {1, 2, 16}) {
        size_t leaves = 1;
        while (leaves < h) leaves <<= 1;
        if (rpq > leaves) continue;
        ColMajorMatrix<BabyBear> m = random_matrix(h, w, h * 1000 + w * 10 + rpq);
        Transporter t;
        DeviceMatrix<BabyBear> d = t.upload(m);
        DeviceDigestLayers dl = merkle_tree_on_device(d, rpq, t.stream());
        MerkleTree<BabyBear> host = MerkleTree<BabyBear>::build(m, rpq);
        EXPECT_EQ(download_layers(t, dl), host.digest_layers()) << h << " x " << w << " rows/query " << rpq;
      }
    }
  }
}

TEST(CudaCommit, StackedCommitEqualsHost) {
  SKIP_WITHOUT_GPU();
  struct Case {
    int l_skip, n_stack, log_blowup, k_whir;
    uint64_t seed;
  };
  for (Case k : {Case{4, 3, 1, 2, 1}, Case{4, 6, 1, 4, 2}, Case{4, 8, 2, 4, 3}, Case{2, 9, 1, 1, 4}}) {
    testing::TraceSet set = testing::random_traces(
        {{k.l_skip + k.n_stack, 3}, {k.l_skip + 2, 7}, {k.l_skip, 5}, {k.l_skip - 1, 9}, {1, 0}, {0, 6}}, k.seed);
    Transporter t;
    std::vector<DeviceMatrix<BabyBear>> dev;
    for (const auto& tr : set.traces) dev.push_back(t.upload(tr));
    std::vector<const DeviceMatrix<BabyBear>*> ptrs;
    for (const auto& d : dev) ptrs.push_back(&d);
    DeviceStackedCommit got = stacked_commit_on_device(k.l_skip, k.n_stack, k.log_blowup, k.k_whir, ptrs, t.stream());
    auto [root, host] = cpu::stacked_commit(k.l_skip, k.n_stack, k.log_blowup, k.k_whir, set.ptrs());
    EXPECT_EQ(got.root, root) << "case seed " << k.seed;
    EXPECT_EQ(got.layout, host.layout);
    EXPECT_EQ(t.download(got.stacked), host.matrix);
    EXPECT_EQ(t.download(got.codeword), host.tree.matrix());
    EXPECT_EQ(download_layers(t, got.tree), host.tree.digest_layers());
    EXPECT_EQ(got.tree.rows_per_query, host.tree.rows_per_query());
  }
}

TEST(CudaCommit, RejectsBadArguments) {
  SKIP_WITHOUT_GPU();
  Transporter t;
  DeviceMatrix<BabyBear> odd = t.upload(random_matrix(6, 2, 1));
  DeviceMatrix<BabyBear> ok = t.upload(random_matrix(8, 2, 2));
  EXPECT_THROW(rs_code_matrix_on_device(2, 1, odd, t.stream()), std::invalid_argument);
  EXPECT_THROW(rs_code_matrix_on_device(4, 1, ok, t.stream()), std::invalid_argument);  // 8 < 2^4
  EXPECT_THROW(merkle_tree_on_device(ok, 3, t.stream()), std::invalid_argument);
  EXPECT_THROW(merkle_tree_on_device(ok, 16, t.stream()), std::invalid_argument);
  EXPECT_THROW(merkle_tree_on_device(DeviceMatrix<BabyBear>(), 1, t.stream()), std::invalid_argument);
  const DeviceMatrix<BabyBear>* one[] = {&odd};
  EXPECT_THROW(stacked_matrix_on_device(2, 2, one, t.stream()), StackingError);
  DeviceMatrix<BabyBear> empty(8, 0);
  const DeviceMatrix<BabyBear>* no_columns[] = {&empty};
  EXPECT_THROW(stacked_commit_on_device(2, 2, 1, 1, no_columns, t.stream()), std::invalid_argument);
}

// The commit overlapped with the transport: the uploads are held back behind
// a sleeping host function on the transporter's stream, so the commit is
// queued while no chunk has landed and must wait for each group's chunks.
// Stacked widths around the rate-block edges (the last row_absorb call takes
// 8..15 columns), RS groups of 1 to 64 columns, a strided trace, both first
// passes of the encoder: root, stacked matrix, codeword and every digest
// layer equal the CPU backend's.
TEST(CudaCommit, CommitAsTracesLandEqualsHost) {
  SKIP_WITHOUT_GPU();
  PinnedPool pool;
  PinnedMemoryResource mem(pool);
  struct Case {
    int l_skip, n_stack;
    size_t width, chunk_bytes;
  };
  std::vector<Case> cases;
  for (size_t w : {1, 7, 8, 9, 15, 16, 17, 42}) cases.push_back({2, 6, w, 4000});
  cases.push_back({4, 12, 20, size_t{1} << 18});  // the chunked first pass, strided NTT passes
  uint64_t seed = 1000;
  for (const Case& k : cases) {
    const int top = k.l_skip + k.n_stack;
    // width - 2 full-height columns, one column of a 2^(top-1) and a
    // 2^(top-2) trace, and one holding a strided trace of height 2.
    std::vector<std::pair<int, size_t>> shapes;
    if (k.width > 2) shapes.push_back({top, k.width - 2});
    if (k.width > 1) shapes.insert(shapes.end(), {{top - 1, 1}, {top - 2, 2}});
    shapes.push_back({1, 3});
    for (size_t rs_columns : {1, 2, 3, 8, 64}) {
      std::vector<ColMajorMatrix<BabyBear>> host, pinned;
      for (auto [lh, w] : shapes) {
        host.push_back(random_matrix(size_t{1} << lh, w, ++seed));
        pinned.emplace_back(host.back().height(), w, &mem);
        std::copy(host.back().values().begin(), host.back().values().end(), pinned.back().values().begin());
      }
      std::vector<const ColMajorMatrix<BabyBear>*> host_ptrs;
      for (const auto& h : host) host_ptrs.push_back(&h);
      Transporter t(TransportOptions{k.chunk_bytes, 3});
      SWIRL_CUDA_CHECK(cudaLaunchHostFunc(
          t.stream(), [](void*) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }, nullptr));
      std::vector<DeviceMatrix<BabyBear>> dev;
      std::vector<UploadMarks> marks(pinned.size());
      for (size_t i = 0; i < pinned.size(); ++i) dev.push_back(t.upload(pinned[i], &marks[i]));
      std::vector<const DeviceMatrix<BabyBear>*> ptrs;
      std::vector<const UploadMarks*> arrivals;
      for (size_t i = 0; i < dev.size(); ++i) {
        ptrs.push_back(&dev[i]);
        arrivals.push_back(&marks[i]);
      }
      const std::string what = "width " + std::to_string(k.width) + " l_skip " + std::to_string(k.l_skip) +
                               " rs_columns " + std::to_string(rs_columns);
      ASSERT_FALSE(marks.back().back().landed->ready()) << "the upload landed before the commit began: " << what;
      Stream s;
      DeviceStackedCommit got =
          stacked_commit_as_traces_land(k.l_skip, k.n_stack, 1, 2, ptrs, arrivals, s.get(), rs_columns);
      auto [root, hc] = cpu::stacked_commit(k.l_skip, k.n_stack, 1, 2, host_ptrs);
      ASSERT_EQ(hc.layout.width(), k.width) << what;
      EXPECT_EQ(got.root, root) << what;
      EXPECT_EQ(got.layout, hc.layout) << what;
      EXPECT_EQ(t.download(got.stacked), hc.matrix) << what;
      EXPECT_EQ(t.download(got.codeword), hc.tree.matrix()) << what;
      EXPECT_EQ(download_layers(t, got.tree), hc.tree.digest_layers()) << what;
    }
  }
}

// Without marks (traces already on the device) it is the plain commit; bad
// arguments are rejected before anything is queued.
TEST(CudaCommit, CommitAsTracesLandWithoutMarksAndBadArguments) {
  SKIP_WITHOUT_GPU();
  testing::TraceSet set = testing::mixed_traces(9);
  Transporter t;
  std::vector<DeviceMatrix<BabyBear>> dev;
  for (const auto& tr : set.traces) dev.push_back(t.upload(tr));
  t.synchronize();
  std::vector<const DeviceMatrix<BabyBear>*> ptrs;
  for (const auto& d : dev) ptrs.push_back(&d);
  const std::vector<const UploadMarks*> none(ptrs.size(), nullptr);
  DeviceStackedCommit a = stacked_commit_as_traces_land(4, 3, 1, 2, ptrs, none, t.stream(), 2);
  DeviceStackedCommit b = stacked_commit_on_device(4, 3, 1, 2, ptrs, t.stream());
  EXPECT_EQ(a.root, b.root);
  EXPECT_EQ(t.download(a.codeword), t.download(b.codeword));

  EXPECT_THROW(stacked_commit_as_traces_land(4, 3, 1, 2, ptrs, std::span(none).first(1), t.stream()),
               std::invalid_argument);
  EXPECT_THROW(stacked_commit_as_traces_land(4, 3, 1, 2, ptrs, none, t.stream(), 0), std::invalid_argument);
  UploadMarks short_marks = {{1, std::make_shared<Event>()}};  // covers 1 of the first trace's elements
  std::vector<const UploadMarks*> bad = none;
  bad[0] = &short_marks;
  EXPECT_THROW(stacked_commit_as_traces_land(4, 3, 1, 2, ptrs, bad, t.stream()), std::invalid_argument);
}

}  // namespace
}  // namespace swirl::cuda
