// keygen's default preprocessed committer is the CPU stacked commit of the
// preprocessed trace alone.
#include <gtest/gtest.h>

#include <array>

#include "swirl/air/examples/fib_selector.h"
#include "swirl/air/examples/preprocessed_cached.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/stacked_commit.h"

namespace swirl {
namespace {

void expect_default_commit(std::shared_ptr<const Air> air, const SystemParams& p) {
  MultiStarkKeygenBuilder kb(p);  // default committer
  kb.add_air(air);
  auto pk = kb.generate_pk();
  ASSERT_TRUE(pk.has_value()) << pk.error().message();
  const StarkProvingKey& a = pk->per_air[0];
  ASSERT_TRUE(a.vk.preprocessed_data.has_value());
  auto trace = air->preprocessed_trace();
  const std::array<const ColMajorMatrix<BabyBear>*, 1> traces{&*trace};
  auto [commit, data] = cpu::stacked_commit(p.l_skip, p.n_stack, p.log_blowup, p.k_whir(), traces);
  EXPECT_EQ(a.vk.preprocessed_data->commit, commit);
  EXPECT_EQ(a.vk.preprocessed_data->stacking_width, data.matrix.width());
  EXPECT_EQ(a.vk.preprocessed_data->hypercube_dim,
            static_cast<int64_t>(std::countr_zero(trace->height())) - p.l_skip);
  ASSERT_NE(a.preprocessed_data, nullptr);
  EXPECT_EQ(a.preprocessed_data->commit(), commit);
  EXPECT_EQ(a.preprocessed_data->mat_view(0).width, trace->width());
  EXPECT_EQ(*a.vk.params.width.preprocessed, trace->width());
  // The pre-hash covers the commitment: a different trace changes it.
  EXPECT_EQ(pk->vk_pre_hash, compute_vk_pre_hash(pk->get_vk0()));
}

TEST(AirKeygenCommit, DefaultCommitterIsTheStackedCommit) {
  SystemParams p = default_test_params_small();  // l_skip 2, n_stack 8
  std::vector<bool> sels(16);
  for (size_t i = 0; i < sels.size(); ++i) sels[i] = i % 3 != 0;
  expect_default_commit(std::make_shared<FibonacciSelectorAir>(sels, false), p);
  expect_default_commit(std::make_shared<PreprocessedCachedAir>(sels, 2), p);
  // Shorter than 2^l_skip: strided in the stacked matrix, negative dimension.
  expect_default_commit(std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true, false}, false), p);
}

TEST(AirKeygenCommit, PreHashDependsOnThePreprocessedTrace) {
  SystemParams p = default_test_params_small();
  auto key = [&](std::vector<bool> sels) {
    MultiStarkKeygenBuilder kb(p);
    kb.add_air(std::make_shared<FibonacciSelectorAir>(std::move(sels), false));
    return kb.generate_pk()->vk_pre_hash;
  };
  EXPECT_NE(key({true, false, true, true}), key({true, true, true, true}));
  EXPECT_EQ(key({true, false, true, true}), key({true, false, true, true}));
}

}  // namespace
}  // namespace swirl
