// PCS data transport: each committed matrix is unstacked while copied (one
// allocation of the final size, no kernel, only its own bytes on the link)
// and equals the host unstack element for element, for strides 1, 2, 4, 16
// and the degenerate shapes; caches go up only when asked. Skips without a GPU.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend/cuda/gpu_test_util.h"
#include "backend/cuda/pcs_fixture.h"
#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/backend/cuda/transport_pcs.h"

namespace swirl::cuda {
namespace {

using testing::Counters;

TEST(CudaTransportPcs, UnstackEachStrideIsOneAllocationNoLaunch) {
  SKIP_WITHOUT_GPU();
  for (uint64_t seed : {1, 2, 3}) {
    testing::TraceSet set = testing::mixed_traces(seed);
    auto ptrs = set.ptrs();
    StackedMatrix sm = stacked_matrix(4, 3, ptrs);
    for (const TransportOptions& opt : {TransportOptions{64, 2}, TransportOptions{}}) {
      Transporter t(opt);
      for (size_t m = 0; m < set.traces.size(); ++m) {
        const ColMajorMatrix<BabyBear> host = unstack_matrix(sm.layout, sm.matrix, m);
        const TransportStats before = t.stats();
        Counters c;
        DeviceMatrix<BabyBear> d = upload_unstacked(t, sm.layout, sm.matrix, m);
        EXPECT_EQ(c.allocations(), host.empty() ? 0u : 1u) << "matrix " << m;
        EXPECT_EQ(c.bytes_in_use_delta(), static_cast<int64_t>(host.values().size() * 4));
        EXPECT_EQ(c.launches(), 0u);
        EXPECT_EQ(t.stats().h2d_bytes - before.h2d_bytes, host.values().size() * 4);
        ColMajorMatrix<BabyBear> got = t.download(d);
        EXPECT_EQ(got, host) << "matrix " << m << " chunk " << opt.chunk_bytes;
        if (set.traces[m].width() > 0) {
          EXPECT_EQ(got, set.traces[m]);
        }
      }
    }
  }
}

// With the unstacked matrices given (as a proving key holds its preprocessed
// trace), each is uploaded as it is: the same device layout as the gather,
// one allocation, no launch; a matrix of the wrong shape is refused before
// anything is allocated.
TEST(CudaTransportPcs, HostUnstackedMatricesAreUploadedAsTheyAre) {
  SKIP_WITHOUT_GPU();
  testing::TraceSet set = testing::mixed_traces(9);
  auto ptrs = set.ptrs();
  StackedMatrix sm = stacked_matrix(4, 3, ptrs);
  HostPcsData host;
  host.layout = &sm.layout;
  host.stacked = &sm.matrix;
  host.unstacked = ptrs;
  Transporter t(TransportOptions{64, 2});
  Counters c;
  DevicePcsData d = upload_pcs_data(t, host);
  size_t nonempty = 0;
  for (size_t m = 0; m < set.traces.size(); ++m) {
    nonempty += set.traces[m].width() > 0;
    EXPECT_EQ(t.download(d.matrices[m]), unstack_matrix(sm.layout, sm.matrix, m)) << "matrix " << m;
  }
  EXPECT_EQ(c.allocations(), nonempty);
  EXPECT_EQ(c.launches(), 0u);
  // Wrong shapes or count: refused, nothing left allocated.
  ColMajorMatrix<BabyBear> wrong(set.traces[0].height(), set.traces[0].width() + 1);
  host.unstacked[0] = &wrong;
  const int64_t in_use = c.bytes_in_use_delta();
  try {
    (void)upload_pcs_data(t, host);
    ADD_FAILURE() << "a wrongly shaped unstacked matrix was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unstacked matrix 0 is"), std::string::npos) << e.what();
  }
  host.unstacked.pop_back();
  EXPECT_THROW((void)upload_pcs_data(t, host), std::invalid_argument);
  EXPECT_EQ(c.bytes_in_use_delta(), in_use);
}

TEST(CudaTransportPcs, UnstackLargerRandomLayout) {
  SKIP_WITHOUT_GPU();
  // Stacked height 2^12 with many traces of every stride.
  testing::TraceSet set =
      testing::random_traces({{12, 3}, {10, 7}, {7, 33}, {4, 9}, {3, 17}, {2, 40}, {1, 5}, {0, 100}}, 77);
  auto ptrs = set.ptrs();
  StackedMatrix sm = stacked_matrix(4, 8, ptrs);
  Transporter t(TransportOptions{1024, 3});
  for (size_t m = 0; m < set.traces.size(); ++m) {
    Counters c;
    DeviceMatrix<BabyBear> d = upload_unstacked(t, sm.layout, sm.matrix, m);
    EXPECT_EQ(c.allocations(), 1u);
    EXPECT_EQ(c.launches(), 0u);
    EXPECT_EQ(t.download(d), set.traces[m]) << "matrix " << m;
  }
}

TEST(CudaTransportPcs, CachesOnlyWhenAsked) {
  SKIP_WITHOUT_GPU();
  testing::TraceSet set = testing::mixed_traces(9);
  auto ptrs = set.ptrs();
  auto [root, data] = cpu::stacked_commit(4, 3, 1, 2, ptrs);
  const HostPcsData h = host_pcs_data(data);
  size_t nonempty = 0;
  for (const auto& tr : set.traces) nonempty += tr.width() > 0;
  Transporter t;
  for (PcsCacheOptions cache : {PcsCacheOptions{false, false}, PcsCacheOptions{true, false},
                                PcsCacheOptions{false, true}, PcsCacheOptions{true, true}}) {
    Counters c;
    DevicePcsData d = upload_pcs_data(t, h, cache);
    // One allocation per non-empty matrix, one for all digest layers, one per cache asked for.
    EXPECT_EQ(c.allocations(), nonempty + 1 + cache.stacked_matrix + cache.codeword);
    EXPECT_EQ(c.launches(), 0u);
    EXPECT_EQ(d.stacked.has_value(), cache.stacked_matrix);
    EXPECT_EQ(d.codeword.has_value(), cache.codeword);
    ASSERT_EQ(d.matrices.size(), set.traces.size());
    for (size_t m = 0; m < set.traces.size(); ++m) {
      if (set.traces[m].width() > 0) {
        EXPECT_EQ(t.download(d.matrices[m]), set.traces[m]);
      } else {
        EXPECT_EQ(d.matrices[m].size(), 0u);
      }
    }
    if (d.stacked) {
      EXPECT_EQ(t.download(*d.stacked), data.matrix);
    }
    if (d.codeword) {
      EXPECT_EQ(t.download(*d.codeword), data.tree.matrix());
    }
    ASSERT_EQ(d.tree.num_layers(), data.tree.digest_layers().size());
    for (size_t l = 0; l < d.tree.num_layers(); ++l)
      EXPECT_EQ(t.download(d.tree.layer(l), d.tree.layer_size(l)), data.tree.digest_layers()[l]) << "layer " << l;
    ASSERT_TRUE(d.root.has_value());
    EXPECT_EQ(*d.root, root);
    EXPECT_EQ(d.layout, data.layout);
  }
  HostPcsData no_codeword = h;
  no_codeword.codeword = nullptr;
  EXPECT_THROW(upload_pcs_data(t, no_codeword, {false, true}), std::invalid_argument);
}

}  // namespace
}  // namespace swirl::cuda
