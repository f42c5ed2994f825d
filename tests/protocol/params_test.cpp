#include "swirl/protocol/params.h"

#include <gtest/gtest.h>

namespace swirl {
namespace {

std::vector<int> queries(const SystemParams& p) {
  std::vector<int> q;
  for (auto& r : p.whir.rounds) q.push_back(r.num_queries);
  return q;
}

TEST(Params, App100At21) {
  // log_stacked_height 21 = l_skip 4 + n_stack 17. WHIR stops at a final
  // polynomial of length <= 2^10 with k = 4: ceil((21 - 10) / 4) = 3 rounds,
  // final length 2^(21 - 12) = 2^9. Unique decoding, 100 - 20 = 80 protocol
  // bits: ceil(80 / -log2((1 + 2^-r) / 2)) at rates r = 1, 4, 7.
  SystemParams p = app_params_100_bits(21);
  EXPECT_EQ(p.l_skip, 4);
  EXPECT_EQ(p.n_stack, 17);
  EXPECT_EQ(p.w_stack, 2048);
  EXPECT_EQ(p.log_blowup, 1);
  EXPECT_EQ(p.k_whir(), 4);
  EXPECT_EQ(queries(p), (std::vector<int>{193, 88, 81}));
  EXPECT_EQ(p.log_final_poly_len(), 9);
  EXPECT_EQ(p.num_whir_sumcheck_rounds(), 12);
  EXPECT_EQ(p.whir.folding_pow_bits, 5);
  EXPECT_EQ(p.whir.mu_pow_bits, 15);
  EXPECT_EQ(p.whir.query_phase_pow_bits, 20);
  // LogUp: 123.63 - log2(2p) - 7 = 84.7 bits before grinding: 16 bits would
  // do, the floor of 18 applies.
  EXPECT_EQ(p.logup.pow_bits, 18);
  EXPECT_EQ(p.logup.max_interaction_count, 0x78000001u);
  EXPECT_EQ(p.logup.log_max_message_length, 7u);
  EXPECT_EQ(p.max_constraint_degree, 3);
  EXPECT_EQ(params_by_name("app-100:21"), p);
}

TEST(Params, App100Heights) {
  EXPECT_EQ(queries(app_params_100_bits(24)), (std::vector<int>{193, 88, 81, 81}));
  EXPECT_EQ(queries(app_params_100_bits(15)), (std::vector<int>{193, 88}));
  EXPECT_EQ(app_params_100_bits(15).log_final_poly_len(), 7);
  EXPECT_THROW(app_params_100_bits(25), std::invalid_argument);
  EXPECT_FALSE(params_by_name("app-100:25").has_value());
}

TEST(Params, TestSets) {
  SystemParams p = default_test_params_small();
  EXPECT_EQ(p.l_skip, 2);
  EXPECT_EQ(p.n_stack, 8);
  EXPECT_EQ(p.k_whir(), 3);
  // log_final_poly_len = 10 mod 3 = 1, so ceil(9 / 3) = 3 rounds.
  EXPECT_EQ(p.num_whir_rounds(), 3);
  EXPECT_EQ(p.log_final_poly_len(), 1);
  // 4 protocol bits; round 0 unique decoding at rate 1/2: ceil(4 / 0.415) = 10;
  // later rounds list decoding with m = 3 at rates 2^-3, 2^-5.
  EXPECT_EQ(p.whir.rounds[0].num_queries, 10);
  EXPECT_EQ(p.logup.pow_bits, 2);
  EXPECT_EQ(params_by_name("test-small"), p);
  EXPECT_EQ(params_by_name("test-small:2,8,3"), p);
  SystemParams h = test_params_for_height(10);
  EXPECT_EQ(h.l_skip, 4);
  EXPECT_EQ(h.n_stack, 6);
  EXPECT_EQ(h.max_constraint_degree, 4);
  EXPECT_FALSE(params_by_name("nonsense").has_value());
  EXPECT_FALSE(params_by_name("test-small:2,8").has_value());
}

}  // namespace
}  // namespace swirl
