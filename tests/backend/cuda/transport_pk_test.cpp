// Proving-key and cached-main transport: keys built by keygen (default CPU
// committer) for the fixture AIRs are uploaded, everything is downloaded and
// compared element for element with the host (unstack_matrix, the original
// preprocessed trace, the digest layers, the host constraint encoding), and
// the allocator / launch counters are asserted: one allocation per
// transported array, caches only when asked, no launch. Skips without a GPU.
#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "backend/cuda/gpu_test_util.h"
#include "backend/cuda/pcs_fixture.h"
#include "swirl/air/examples/fib_selector.h"
#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/preprocessed_cached.h"
#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/backend/cuda/transport_pk.h"

namespace swirl::cuda {
namespace {

using testing::Counters;

const ProverCacheConfig kAllConfigs[] = {{false, false}, {true, false}, {false, true}, {true, true}};

MultiStarkProvingKey keygen(const std::vector<std::shared_ptr<const Air>>& airs, const SystemParams& params) {
  MultiStarkKeygenBuilder kb(params);  // default committer: the CPU stacked commit
  for (const auto& a : airs) kb.add_air(a);
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error(pk.error().message());
  return std::move(*pk);
}

/// Allocations one AIR's upload must cost, from the host key alone.
uint64_t expected_allocations(const StarkProvingKey& a, const ProverCacheConfig& cfg) {
  uint64_t n = 0;
  if (a.vk.preprocessed_data) n += 2 + cfg.cache_stacked_matrix + cfg.cache_rs_codeword;  // trace, digest layers
  const SymbolicConstraintsDag& dag = a.vk.symbolic_constraints;
  n += !dag.constraints.nodes.empty();
  n += dag.constraints.num_constraints() > 0;
  n += 2 * !dag.interactions.empty();  // headers, fields (messages are never empty)
  return n;
}

void expect_committed_trace(Transporter& t, const DeviceCommittedTrace& d, const cpu::StackedPcsData& host,
                            const ColMajorMatrix<BabyBear>& original, const ProverCacheConfig& cfg) {
  EXPECT_EQ(d.commitment, host.commit());
  EXPECT_EQ(d.data.layout, host.layout);
  ASSERT_EQ(d.data.matrices.size(), 1u);
  const ColMajorMatrix<BabyBear> got = t.download(d.trace());
  EXPECT_EQ(got, unstack_matrix(host.layout, host.matrix, 0));
  EXPECT_EQ(got, original);
  ASSERT_EQ(d.data.tree.num_layers(), host.tree.digest_layers().size());
  for (size_t l = 0; l < d.data.tree.num_layers(); ++l)
    EXPECT_EQ(t.download(d.data.tree.layer(l), d.data.tree.layer_size(l)), host.tree.digest_layers()[l]) << "layer " << l;
  EXPECT_EQ(d.data.tree.rows_per_query, host.tree.rows_per_query());
  ASSERT_TRUE(d.data.root.has_value());
  EXPECT_EQ(*d.data.root, host.commit());
  ASSERT_EQ(d.data.stacked.has_value(), cfg.cache_stacked_matrix);
  ASSERT_EQ(d.data.codeword.has_value(), cfg.cache_rs_codeword);
  if (d.data.stacked) {
    EXPECT_EQ(t.download(*d.data.stacked), host.matrix);
  }
  if (d.data.codeword) {
    EXPECT_EQ(t.download(*d.data.codeword), host.tree.matrix());
  }
}

void expect_constraints(Transporter& t, const DeviceAirConstraints& d, const SymbolicConstraintsDag& dag) {
  const AirConstraintCode want = encode_air_constraints(dag);
  EXPECT_EQ(d.num_nodes(), dag.constraints.nodes.size());
  EXPECT_EQ(d.num_constraints(), dag.constraints.num_constraints());
  EXPECT_EQ(d.num_interactions(), dag.interactions.size());
  EXPECT_EQ(d.max_message_length, want.max_message_length);
  EXPECT_EQ(t.download(d.nodes.data(), d.nodes.size()), want.nodes);
  EXPECT_EQ(t.download(d.constraint_idx.data(), d.constraint_idx.size()), want.constraint_idx);
  EXPECT_EQ(t.download(d.interactions.data(), d.interactions.size()), want.interactions);
  EXPECT_EQ(t.download(d.interaction_fields.data(), d.interaction_fields.size()), want.interaction_fields);
  // Empty arrays hold no allocation.
  EXPECT_EQ(d.constraint_idx.data() == nullptr, dag.constraints.num_constraints() == 0);
  EXPECT_EQ(d.interactions.data() == nullptr, dag.interactions.empty());
  EXPECT_EQ(d.interaction_fields.data() == nullptr, dag.interactions.empty());
}

void expect_key(Transporter& t, const DeviceProvingKey& d, const MultiStarkProvingKey& pk, const ProverCacheConfig& cfg) {
  ASSERT_EQ(d.per_air.size(), pk.per_air.size());
  EXPECT_EQ(d.trace_height_constraints, pk.trace_height_constraints);
  EXPECT_EQ(d.max_constraint_degree, pk.max_constraint_degree);
  EXPECT_EQ(d.params, pk.params);
  EXPECT_EQ(d.vk_pre_hash, pk.vk_pre_hash);
  for (size_t i = 0; i < pk.per_air.size(); ++i) {
    SCOPED_TRACE("AIR " + std::to_string(i) + " " + pk.per_air[i].air_name);
    const StarkProvingKey& a = pk.per_air[i];
    const DeviceStarkProvingKey& da = d.per_air[i];
    EXPECT_EQ(da.air_name, a.air_name);
    EXPECT_EQ(da.vk, a.vk);
    ASSERT_EQ(da.preprocessed.has_value(), a.vk.preprocessed_data.has_value());
    if (da.preprocessed) {
      EXPECT_EQ(da.preprocessed->commitment, a.vk.preprocessed_data->commit);
      expect_committed_trace(t, *da.preprocessed, *a.preprocessed_data, *a.preprocessed_trace, cfg);
    }
    expect_constraints(t, da.constraints, a.vk.symbolic_constraints);
  }
}

// l_skip 2: preprocessed heights 1 and 2 are strided (4 and 2), 4 and 16 are not.
std::vector<std::shared_ptr<const Air>> fixture_airs() {
  std::vector<bool> sels16(16);
  for (size_t i = 0; i < sels16.size(); ++i) sels16[i] = i % 3 != 0;
  std::vector<std::shared_ptr<const Air>> airs;
  airs.push_back(std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true, false}, true));  // stride 2
  airs.push_back(std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true}, false));        // stride 4
  airs.push_back(std::make_shared<FibonacciSelectorAir>(sels16, true));                           // stride 1
  airs.push_back(std::make_shared<PreprocessedCachedAir>(std::vector<bool>{true, false}, 2));     // stride 2
  airs.push_back(std::make_shared<PreprocessedCachedAir>(std::vector<bool>{true, false, true, true}, 1));
  airs.push_back(std::make_shared<FibonacciAir>());  // no preprocessed trace, no interactions
  for (auto& a : interactions_fixture_11().airs) airs.push_back(a);
  for (auto& a : cached_fixture_11().airs) airs.push_back(a);
  return airs;
}

// The host part runs without a GPU: keygen succeeds and the fixtures cover
// what they must (strides > 1, no preprocessed trace, no interactions,
// interactions).
TEST(CudaTransportPk, FixtureKeysMatchTheHostElementForElement) {
  const SystemParams params = default_test_params_small();  // l_skip 2
  const MultiStarkProvingKey pk = keygen(fixture_airs(), params);
  size_t strided = 0, without_prep = 0, without_interactions = 0, with_interactions = 0;
  for (const StarkProvingKey& a : pk.per_air) {
    if (a.preprocessed_data) strided += a.preprocessed_data->mat_view(0).stride > 1;
    without_prep += !a.vk.preprocessed_data;
    without_interactions += !a.vk.has_interaction();
    with_interactions += a.vk.has_interaction();
  }
  ASSERT_EQ(strided, 3u);
  ASSERT_GE(without_prep, 2u);
  ASSERT_GE(without_interactions, 2u);
  ASSERT_GE(with_interactions, 3u);
  SKIP_WITHOUT_GPU();

  for (const TransportOptions& opt : {TransportOptions{64, 2}, TransportOptions{}}) {
    Transporter t(opt);
    for (const ProverCacheConfig& cfg : kAllConfigs) {
      SCOPED_TRACE("cache stacked " + std::to_string(cfg.cache_stacked_matrix) + " codeword " +
                   std::to_string(cfg.cache_rs_codeword) + " chunk " + std::to_string(opt.chunk_bytes));
      uint64_t want = 0;
      for (const StarkProvingKey& a : pk.per_air) want += expected_allocations(a, cfg);
      Counters c;
      const DeviceProvingKey d = upload_proving_key(t, pk, cfg);
      EXPECT_EQ(c.allocations(), want);
      EXPECT_EQ(c.launches(), 0u);
      EXPECT_EQ(c.frees(), 0u);  // no temporary device buffer
      expect_key(t, d, pk, cfg);
    }
  }
}

TEST(CudaTransportPk, KeccakfKeyForSize) {
  const MultiStarkProvingKey pk = keygen({std::make_shared<keccakf::KeccakfAir>()}, app_params_100_bits(21));
  const StarkProvingKey& a = pk.per_air[0];
  ASSERT_FALSE(a.vk.preprocessed_data.has_value());
  ASSERT_GT(a.vk.symbolic_constraints.constraints.nodes.size(), 10000u);
  SKIP_WITHOUT_GPU();
  Transporter t;
  Counters c;
  const DeviceProvingKey d = upload_proving_key(t, pk, {true, true});  // caches asked, nothing to cache
  EXPECT_EQ(c.allocations(), 2u);  // nodes, constraint indices
  EXPECT_EQ(c.launches(), 0u);
  EXPECT_EQ(c.bytes_in_use_delta(), static_cast<int64_t>(a.vk.symbolic_constraints.constraints.nodes.size() * 8 +
                                                          a.vk.symbolic_constraints.constraints.num_constraints() * 4));
  expect_key(t, d, pk, {true, true});
  EXPECT_FALSE(d.per_air[0].preprocessed.has_value());
  EXPECT_EQ(d.per_air[0].constraints.num_interactions(), 0u);
}

TEST(CudaTransportPk, CachedMainCommittedData) {
  const SystemParams p = default_test_params_small();  // l_skip 2
  // The fixture's cached mains (height 4 and a short one of height 2), plus
  // random cached traces of height 1 (stride 4) and 2^6.
  std::vector<ColMajorMatrix<BabyBear>> traces;
  for (auto& m : preprocessed_cached_traces({true, false, true, true}, 2).cached_mains) traces.push_back(std::move(m));
  for (auto& m : preprocessed_cached_traces({true, false}, 1).cached_mains) traces.push_back(std::move(m));
  for (auto& m : testing::random_traces({{0, 3}, {6, 5}}, 5).traces) traces.push_back(std::move(m));
  std::vector<std::pair<Digest, cpu::StackedPcsData>> commits;
  size_t strided = 0;
  for (const ColMajorMatrix<BabyBear>& tr : traces) {
    const std::array<const ColMajorMatrix<BabyBear>*, 1> one{&tr};
    commits.push_back(cpu::stacked_commit(p.l_skip, p.n_stack, p.log_blowup, p.k_whir(), one));
    strided += commits.back().second.mat_view(0).stride > 1;
  }
  ASSERT_EQ(traces.size(), 5u);
  ASSERT_EQ(strided, 2u);
  SKIP_WITHOUT_GPU();
  for (size_t i = 0; i < traces.size(); ++i) {
    SCOPED_TRACE("cached trace " + std::to_string(i));
    const auto& [root, data] = commits[i];
    Transporter t(TransportOptions{256, 2});
    for (const ProverCacheConfig& cfg : kAllConfigs) {
      Counters c;
      const DeviceCommittedTrace d = upload_committed_trace(t, data, cfg);
      EXPECT_EQ(c.allocations(), 2u + cfg.cache_stacked_matrix + cfg.cache_rs_codeword);
      EXPECT_EQ(c.launches(), 0u);
      EXPECT_EQ(c.frees(), 0u);
      EXPECT_EQ(d.commitment, root);
      expect_committed_trace(t, d, data, traces[i], cfg);
    }
  }
}

TEST(CudaTransportPk, RejectsInconsistentInput) {
  SKIP_WITHOUT_GPU();  // a Transporter needs a device
  const SystemParams p = default_test_params_small();
  Transporter t;
  // Committed data of two traces is not one committed trace.
  testing::TraceSet two = testing::random_traces({{3, 2}, {2, 1}}, 3);
  auto ptrs = two.ptrs();
  auto [root, data] = cpu::stacked_commit(p.l_skip, p.n_stack, p.log_blowup, p.k_whir(), ptrs);
  EXPECT_THROW(upload_committed_trace(t, data, {}), std::invalid_argument);

  const MultiStarkProvingKey pk =
      keygen({std::make_shared<FibonacciAir>(),
              std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true, false, true, true}, false)},
             p);
  MultiStarkProvingKey no_data = pk;
  no_data.per_air[1].preprocessed_data = nullptr;  // as a test committer leaves it
  EXPECT_THROW(upload_proving_key(t, no_data, {}), std::invalid_argument);
  MultiStarkProvingKey wrong_commit = pk;
  wrong_commit.per_air[1].vk.preprocessed_data->commit[0] += BabyBear::one();
  EXPECT_THROW(upload_proving_key(t, wrong_commit, {}), std::invalid_argument);
  EXPECT_NO_THROW(upload_proving_key(t, pk, {}));
}

}  // namespace
}  // namespace swirl::cuda
