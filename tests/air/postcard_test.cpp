// postcard bytes, hand-computed from postcard's wire format (varint LEB128,
// zigzag, enum = varint variant index, struct = fields in order).
#include "swirl/protocol/postcard.h"

#include <gtest/gtest.h>

#include <random>

#include "swirl/air/examples/fibonacci.h"
#include "swirl/crypto/hash.h"
#include "swirl/air/keygen.h"

namespace swirl {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes varint_bytes(uint64_t v) {
  PostcardWriter w;
  w.varint(v);
  return w.take();
}

// Independent LEB128 decoder (for the round-trip property).
uint64_t leb128_decode(const Bytes& b) {
  uint64_t v = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    v |= static_cast<uint64_t>(b[i] & 0x7f) << (7 * i);
    EXPECT_EQ((b[i] & 0x80) != 0, i + 1 < b.size()) << "continuation bit at byte " << i;
  }
  return v;
}

TEST(Postcard, VarintKnownAnswers) {
  EXPECT_EQ(varint_bytes(0), (Bytes{0x00}));
  EXPECT_EQ(varint_bytes(1), (Bytes{0x01}));
  EXPECT_EQ(varint_bytes(127), (Bytes{0x7f}));
  EXPECT_EQ(varint_bytes(128), (Bytes{0x80, 0x01}));
  EXPECT_EQ(varint_bytes(300), (Bytes{0xac, 0x02}));
  EXPECT_EQ(varint_bytes(16384), (Bytes{0x80, 0x80, 0x01}));
  EXPECT_EQ(varint_bytes(0xffffffffu), (Bytes{0xff, 0xff, 0xff, 0xff, 0x0f}));
  EXPECT_EQ(varint_bytes(UINT64_MAX), (Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
  // p = 0x78000001
  EXPECT_EQ(varint_bytes(BabyBear::kP), (Bytes{0x81, 0x80, 0x80, 0xc0, 0x07}));
}

TEST(Postcard, VarintRoundTrip) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    uint64_t v = rng() >> (rng() % 64);
    EXPECT_EQ(leb128_decode(varint_bytes(v)), v);
  }
}

TEST(Postcard, ZigzagKnownAnswers) {
  auto z = [](int64_t v) {
    PostcardWriter w;
    w.isize(v);
    return w.take();
  };
  EXPECT_EQ(z(0), (Bytes{0x00}));
  EXPECT_EQ(z(-1), (Bytes{0x01}));
  EXPECT_EQ(z(1), (Bytes{0x02}));
  EXPECT_EQ(z(-2), (Bytes{0x03}));
  EXPECT_EQ(z(-64), (Bytes{0x7f}));
  EXPECT_EQ(z(64), (Bytes{0x80, 0x01}));
  EXPECT_EQ(z(INT64_MIN), (Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(Postcard, FieldIsTheMontgomeryWord) {
  PostcardWriter w;
  w.field(BabyBear::one());  // monty(1) = 2^32 mod p = 0x0ffffffe
  w.field(BabyBear::zero());
  w.u8(0xff);
  w.boolean(true);
  w.boolean(false);
  EXPECT_EQ(w.bytes(), (Bytes{0xfe, 0xff, 0xff, 0x7f, 0x00, 0xff, 0x01, 0x00}));
}

TEST(Postcard, SystemParamsByHand) {
  SystemParams p;
  p.l_skip = 2;
  p.n_stack = 8;
  p.w_stack = 4096;
  p.log_blowup = 1;
  p.whir.k = 3;
  p.whir.rounds = {{5}, {200}};
  p.whir.mu_pow_bits = 3;
  p.whir.query_phase_pow_bits = 1;
  p.whir.folding_pow_bits = 2;
  p.whir.proximity = {WhirProximityStrategy::Kind::kSplitUniqueList, 3, 1};
  p.logup = {BabyBear::kP, 7, 2};
  p.max_constraint_degree = 3;
  PostcardWriter w;
  postcard_write(w, p);
  const Bytes want{
      0x02, 0x08, 0x80, 0x20, 0x01,  // l_skip, n_stack, w_stack 4096, log_blowup
      0x03,                          // whir.k
      0x02, 0x05, 0xc8, 0x01,        // rounds: [5, 200]
      0x03, 0x01, 0x02,              // mu, query, folding pow bits
      0x01, 0x03, 0x01,              // SplitUniqueList { m 3, list_start_round 1 }
      0x81, 0x80, 0x80, 0xc0, 0x07,  // max_interaction_count p
      0x07, 0x02,                    // log_max_message_length, pow_bits
      0x03,                          // max_constraint_degree
  };
  EXPECT_EQ(w.bytes(), want);

  p.whir.proximity = {WhirProximityStrategy::Kind::kUniqueDecoding, 0, 0};
  PostcardWriter u;
  postcard_write(u, p);
  EXPECT_EQ(u.bytes().size(), want.size() - 2);
  EXPECT_EQ(u.bytes()[13], 0x00);
  p.whir.proximity = {WhirProximityStrategy::Kind::kListDecoding, 300, 0};
  PostcardWriter l;
  postcard_write(l, p);
  EXPECT_EQ(Bytes(l.bytes().begin() + 13, l.bytes().begin() + 16), (Bytes{0x02, 0xac, 0x02}));

  p.n_stack = -1;
  PostcardWriter bad;
  EXPECT_THROW(postcard_write(bad, p), std::invalid_argument);
}

TEST(Postcard, VariablesAndNodes) {
  PostcardWriter w;
  postcard_write(w, Var{Entry::main(1, 1), 300});
  postcard_write(w, Var{Entry::preprocessed(1), 2});
  postcard_write(w, Var{Entry::public_value(), 2});
  postcard_write(w, Var{Entry::challenge(), 0});
  EXPECT_EQ(w.bytes(), (Bytes{0x01, 0x01, 0x01, 0xac, 0x02, 0x00, 0x01, 0x02, 0x02, 0x02, 0x03, 0x00}));

  PostcardWriter n;
  postcard_write(n, DagNode::variable(Var{Entry::main(0, 0), 1}));
  postcard_write(n, DagNode::selector(ExprKind::kIsFirstRow));
  postcard_write(n, DagNode::selector(ExprKind::kIsLastRow));
  postcard_write(n, DagNode::selector(ExprKind::kIsTransition));
  postcard_write(n, DagNode::constant_node(BabyBear::one()));
  postcard_write(n, DagNode::binary(ExprKind::kAdd, 0, 1, 2));
  postcard_write(n, DagNode::binary(ExprKind::kSub, 130, 1, 1));
  postcard_write(n, DagNode::neg(3, 1));
  postcard_write(n, DagNode::binary(ExprKind::kMul, 4, 4, 2));
  EXPECT_EQ(n.bytes(), (Bytes{0x00, 0x01, 0x00, 0x00, 0x01,  // Variable(Main{0,0}, 1)
                              0x01, 0x02, 0x03,                    // selectors
                              0x04, 0xfe, 0xff, 0xff, 0x7f,        // Constant(1): monty word
                              0x05, 0x00, 0x01, 0x02,              // Add
                              0x06, 0x82, 0x01, 0x01, 0x01,        // Sub (left 130)
                              0x07, 0x03, 0x01,                    // Neg
                              0x08, 0x04, 0x04, 0x02}));           // Mul
}

// FibonacciAir's verifying key, its DAG worked out by hand from the
// reference's algorithm (post-order, structural dedup):
//   0 IsFirstRow  1 left  2 pv0  3 Sub(1,2)  4 Mul(0,3)
//   5 right  6 pv1  7 Sub(5,6)  8 Mul(0,7)
//   9 IsTransition  10 next_left  11 Sub(5,10)  12 Mul(9,11)
//   13 Add(1,5)  14 next_right  15 Sub(13,14)  16 Mul(9,15)
//   17 IsLastRow  18 pv2  19 Sub(5,18)  20 Mul(17,19)
TEST(Postcard, FibonacciVerifyingKeyByHand) {
  const Bytes dag_bytes{
      0x15,                          // 21 nodes
      0x01,                          // 0 IsFirstRow
      0x00, 0x01, 0x00, 0x00, 0x00,  // 1 Var Main{0,0} 0
      0x00, 0x02, 0x00,              // 2 Var Public 0
      0x06, 0x01, 0x02, 0x01,        // 3 Sub(1,2) deg 1
      0x08, 0x00, 0x03, 0x02,        // 4 Mul(0,3) deg 2
      0x00, 0x01, 0x00, 0x00, 0x01,  // 5 Var Main{0,0} 1
      0x00, 0x02, 0x01,              // 6 Public 1
      0x06, 0x05, 0x06, 0x01,        // 7
      0x08, 0x00, 0x07, 0x02,        // 8
      0x03,                          // 9 IsTransition
      0x00, 0x01, 0x00, 0x01, 0x00,  // 10 Var Main{0,1} 0
      0x06, 0x05, 0x0a, 0x01,        // 11
      0x08, 0x09, 0x0b, 0x02,        // 12
      0x05, 0x01, 0x05, 0x01,        // 13 Add(1,5)
      0x00, 0x01, 0x00, 0x01, 0x01,  // 14 Var Main{0,1} 1
      0x06, 0x0d, 0x0e, 0x01,        // 15
      0x08, 0x09, 0x0f, 0x02,        // 16
      0x02,                          // 17 IsLastRow
      0x00, 0x02, 0x02,              // 18 Public 2
      0x06, 0x05, 0x12, 0x01,        // 19
      0x08, 0x11, 0x13, 0x02,        // 20
      0x05, 0x04, 0x08, 0x0c, 0x10, 0x14,  // constraint_idx
      0x00,                                // no interactions
  };
  Bytes want{
      0x00,              // preprocessed_data: None
      0x00, 0x00, 0x02,  // width: preprocessed None, cached_mains [], common_main 2
      0x03, 0x01,        // num_public_values 3, need_rot true
  };
  want.insert(want.end(), dag_bytes.begin(), dag_bytes.end());
  want.insert(want.end(), {0x02, 0x00, 0x00});  // max degree u8 2, is_required false, unused []

  auto pk = keygen_single_air(FibonacciAir(), 0, false, default_test_params_small(), stacked_preprocessed_commit);
  ASSERT_TRUE(pk.has_value()) << pk.error().message();
  PostcardWriter w;
  postcard_write(w, pk->vk);
  EXPECT_EQ(w.bytes(), want);

  // The whole MultiStarkVerifyingKey0 and the pre-hash framing.
  MultiStarkVerifyingKey0 vk0;
  vk0.params = default_test_params_small();
  vk0.per_air = {pk->vk};
  vk0.trace_height_constraints = {LinearConstraint{{0}, BabyBear::kP}};
  PostcardWriter pw;
  postcard_write(pw, vk0.params);
  Bytes body = pw.take();
  body.push_back(0x01);  // one AIR
  body.insert(body.end(), want.begin(), want.end());
  body.insert(body.end(), {0x01, 0x01, 0x00, 0x81, 0x80, 0x80, 0xc0, 0x07});  // [{[0], p}]
  EXPECT_EQ(postcard_encode(vk0), body);

  Bytes framed{0x03, 0x00, 0x00, 0x00};  // CODEC_VERSION 3, u32 LE
  const uint64_t n = body.size();
  for (int i = 0; i < 8; ++i) framed.push_back(static_cast<uint8_t>(n >> (8 * i)));
  framed.insert(framed.end(), body.begin(), body.end());
  EXPECT_EQ(vk_pre_hash_bytes(vk0), framed);

  std::vector<BabyBear> elems;
  for (uint8_t b : framed) elems.push_back(BabyBear::from_u32(b));
  EXPECT_EQ(compute_vk_pre_hash(vk0), poseidon2_hash(elems.data(), elems.size()));
}

TEST(Postcard, PreprocessedDataAndUnusedVariables) {
  StarkVerifyingKey vk;
  VerifierSinglePreprocessedData pd;
  for (int i = 0; i < 8; ++i) pd.commit[i] = BabyBear::from_monty(static_cast<uint32_t>(i));
  pd.hypercube_dim = -2;
  pd.stacking_width = 1;
  vk.preprocessed_data = pd;
  vk.params.width = TraceWidth{1, {1, 2}, 1};
  vk.params.num_public_values = 0;
  vk.params.need_rot = false;
  vk.max_constraint_degree = 3;
  vk.is_required = true;
  vk.unused_variables = {Var{Entry::preprocessed(0), 0}, Var{Entry::main(2, 0), 0}};
  vk.symbolic_constraints.interactions.push_back(Interaction<size_t>{{1, 2}, 3, 300, 70000});
  PostcardWriter w;
  postcard_write(w, vk);
  EXPECT_EQ(w.bytes(), (Bytes{
                           0x01, 0, 1, 2, 3, 4, 5, 6, 7, 0x03, 0x01,  // Some { commit (monty words), -2, 1 }
                           0x01, 0x01, 0x02, 0x01, 0x02, 0x01,        // width: Some(1), [1, 2], 1
                           0x00, 0x00,                                // pvs 0, need_rot false
                           0x00, 0x00,                                // nodes [], constraint_idx []
                           0x01, 0x02, 0x01, 0x02, 0x03, 0xac, 0x02, 0xf0, 0xa2, 0x04,  // interaction
                           0x03, 0x01,                                // degree 3, required
                           0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00,  // unused vars
                       }));
}

}  // namespace
}  // namespace swirl
