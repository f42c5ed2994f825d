// The CUDA backend's handles and its device stages that exist so far, against
// the CPU backend through the same HAL calls: transport + commit give the
// CPU's roots and layouts, a loaded key carries the preprocessed roots, the
// stages not on the device yet refuse with their name, and foreign handles
// are rejected. Skips without a GPU.
#include <gtest/gtest.h>

#include "backend/cuda/gpu_test_util.h"
#include "backend/cuda/pcs_fixture.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/cuda/cuda_backend.h"

namespace swirl::cuda {
namespace {

TEST(CudaBackend, CommitEqualsCpuBackend) {
  SKIP_WITHOUT_GPU();
  CudaBackend cuda;
  cpu::CpuBackend cpu;
  for (const char* params : {"test-small", "app-100:12"}) {
    const SystemParams sp = *params_by_name(params);
    for (uint64_t seed : {1, 2}) {
      testing::TraceSet set = testing::mixed_traces(seed);
      std::vector<std::shared_ptr<const BackendMatrix>> dh, ch;
      std::vector<const BackendMatrix*> dp, cp;
      for (const auto& t : set.traces) {
        dh.push_back(cuda.load_trace(t));
        ch.push_back(cpu.load_trace(t));
        dp.push_back(dh.back().get());
        cp.push_back(ch.back().get());
        EXPECT_EQ(dh.back()->height(), t.height());
        EXPECT_EQ(dh.back()->width(), t.width());
      }
      auto d = cuda.commit(sp, dp);
      auto c = cpu.commit(sp, cp);
      EXPECT_EQ(d->commit(), c->commit()) << params << " seed " << seed;
      EXPECT_EQ(d->layout(), c->layout());
      // Handles do not cross backends.
      EXPECT_THROW(cpu.commit(sp, dp), std::invalid_argument);
      EXPECT_THROW(cuda.commit(sp, cp), std::invalid_argument);
    }
  }
}

TEST(CudaBackend, ProvingKeyCarriesPreprocessedRoots) {
  SKIP_WITHOUT_GPU();
  const SystemParams sp = default_test_params_small();
  for (Fixture f : {preprocessed_fib_fixture(0, 1, {true, false, true, true, false, false, true, false}),
                    preprocessed_and_cached_fixture({true, false, false, true}, 2), fib_fixture(0, 1, 8)}) {
    MultiStarkKeygenBuilder kb(sp);
    for (const auto& a : f.airs) kb.add_air(a);
    const MultiStarkProvingKey pk = *kb.generate_pk();
    const std::string name = pk.per_air[0].air_name;
    CudaBackend cuda;
    auto dk = cuda.load_proving_key(pk);
    ASSERT_EQ(dk->num_airs(), pk.per_air.size());
    for (size_t i = 0; i < pk.per_air.size(); ++i) {
      const auto& vk = pk.per_air[i].vk;
      if (!vk.preprocessed_data) {
        EXPECT_EQ(dk->preprocessed_pcs(i), nullptr);
        continue;
      }
      ASSERT_NE(dk->preprocessed_pcs(i), nullptr);
      EXPECT_EQ(dk->preprocessed_pcs(i)->commit(), vk.preprocessed_data->commit) << name << " AIR " << i;
    }
  }
}

TEST(CudaBackend, ProvesEveryStage) {
  SKIP_WITHOUT_GPU();
  EXPECT_TRUE(CudaBackend::can_prove());
  for (const char* stage : {"commit", "grind", "logup_gkr", "zerocheck", "stacked_reduction", "whir"})
    EXPECT_TRUE(CudaBackend::has_stage(stage)) << stage;
  EXPECT_FALSE(CudaBackend::has_stage("transcript"));
  // A stage over no commitments, or over another backend's, is refused by name.
  CudaBackend cuda;
  const SystemParams sp = default_test_params_small();
  EXPECT_THROW(cuda.whir(sp, {}), std::invalid_argument);
  cpu::CpuBackend host;
  ColMajorMatrix<BabyBear> t(64, 2);
  auto ht = host.load_trace(t);
  const BackendMatrix* one[] = {ht.get()};
  auto pcs = host.commit(sp, one);
  const BackendPcsData* foreign[] = {pcs.get()};
  try {
    cuda.whir(sp, foreign);
    ADD_FAILURE() << "whir took a CPU commitment";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not made by the CUDA backend"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace swirl::cuda
