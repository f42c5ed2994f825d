// The vk file format: round trips for fixture keys, every truncation and a
// trailing byte rejected, malformed fields rejected with their kind.
#include "swirl/air/vk_codec.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/fixtures.h"

namespace swirl {
namespace {

using Bytes = std::vector<uint8_t>;

MultiStarkVerifyingKey mixture_vk() {
  Fixture f = mixture_fixture_standard(3);
  f.append(preprocessed_and_cached_fixture({true, false, true, true}, 2));
  MultiStarkKeygenBuilder kb(default_test_params_small());
  for (size_t i = 0; i < f.airs.size(); ++i) {
    if (i == 2)
      kb.add_required_air(f.airs[i]);
    else
      kb.add_air(f.airs[i]);
  }
  return kb.generate_pk()->get_vk();
}

TEST(AirVkCodec, RoundTrip) {
  const MultiStarkVerifyingKey vk = mixture_vk();
  const Bytes bytes = postcard_encode(vk);
  const Bytes body = postcard_encode(vk.inner);
  ASSERT_EQ(Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(body.size())), body);
  auto back = postcard_decode_vk(bytes);
  ASSERT_TRUE(back.has_value()) << back.error().reason;
  EXPECT_EQ(*back, vk);
  EXPECT_EQ(compute_vk_pre_hash(back->inner), back->pre_hash);
  auto back0 = postcard_decode_vk0(body);
  ASSERT_TRUE(back0.has_value());
  EXPECT_EQ(*back0, vk.inner);

  // Values the fixtures do not reach: negative dimension, list decoding,
  // challenge variables, large numbers.
  MultiStarkVerifyingKey v2 = vk;
  auto& last = v2.inner.per_air.back();
  ASSERT_TRUE(last.preprocessed_data.has_value());
  last.preprocessed_data->hypercube_dim = -3;
  last.unused_variables.push_back(Var{Entry::challenge(), 1u << 20});
  v2.inner.params.whir.proximity = {WhirProximityStrategy::Kind::kListDecoding, 300, 0};
  v2.inner.trace_height_constraints.push_back({{UINT32_MAX, 0}, UINT32_MAX});
  auto back2 = postcard_decode_vk(postcard_encode(v2));
  ASSERT_TRUE(back2.has_value()) << back2.error().reason;
  EXPECT_EQ(*back2, v2);
  EXPECT_NE(*back2, vk);
}

TEST(AirVkCodec, EveryTruncationAndTrailingByteRejected) {
  const Bytes bytes = postcard_encode(mixture_vk());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = postcard_decode_vk(std::span<const uint8_t>(bytes.data(), n));
    ASSERT_FALSE(r.has_value()) << "prefix " << n;
    EXPECT_TRUE(r.error().kind == DecodeErrorKind::kTruncated || r.error().kind == DecodeErrorKind::kTooLarge)
        << "prefix " << n << ": " << r.error().reason;
  }
  Bytes longer = bytes;
  longer.push_back(0);
  auto r = postcard_decode_vk(longer);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kTrailingBytes);
}

// FibonacciAir's key: the AIR's bytes start after the params and the AIR
// count (layout in postcard_test.cpp): +0 preprocessed tag, +5 need_rot,
// +6 node count, +7 node 0 (IsFirstRow), +16 node 3 = Sub(1, 2, 1).
struct FibBytes {
  Bytes bytes;
  size_t air;
};
FibBytes fib_bytes() {
  MultiStarkKeygenBuilder kb(default_test_params_small());
  kb.add_air(std::make_shared<FibonacciAir>());
  MultiStarkVerifyingKey0 vk0 = kb.generate_pk()->get_vk0();
  PostcardWriter w;
  postcard_write(w, vk0.params);
  FibBytes f{postcard_encode(vk0), w.bytes().size() + 1};
  EXPECT_EQ(f.bytes[f.air + 16], 0x06);
  EXPECT_TRUE(postcard_decode_vk0(f.bytes).has_value());
  return f;
}

DecodeErrorKind kind_after(const Bytes& b) {
  auto r = postcard_decode_vk0(b);
  EXPECT_FALSE(r.has_value());
  return r.has_value() ? DecodeErrorKind::kTrailingBytes : r.error().kind;
}

TEST(AirVkCodec, MalformedFields) {
  const FibBytes f = fib_bytes();
  {
    Bytes b = f.bytes;
    b[f.air] = 2;  // Option tag
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kInvalidShape);
  }
  {
    Bytes b = f.bytes;
    b[f.air + 5] = 2;  // bool
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kInvalidShape);
  }
  {
    Bytes b = f.bytes;
    b[f.air + 7] = 9;  // node variant
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kInvalidShape);
  }
  {
    Bytes b = f.bytes;
    b[f.air + 17] = 3;  // node 3 refers to itself
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kInvalidShape);
  }
  {
    Bytes b = f.bytes;
    b[f.air + 17] = 0x81;  // 1 written as 81 00
    b.insert(b.begin() + static_cast<std::ptrdiff_t>(f.air + 18), 0x00);
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kNonCanonical);
  }
  {
    Bytes b = f.bytes;
    b[f.air + 6] = 0x7f;  // node count far beyond the input
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kTooLarge);
  }
  {
    // constraint_idx entry naming a node that does not exist.
    Bytes b = f.bytes;
    const Bytes idx{0x05, 0x04, 0x08, 0x0c, 0x10, 0x14};
    auto it = std::search(b.begin(), b.end(), idx.begin(), idx.end());
    ASSERT_NE(it, b.end());
    *(it + 5) = 0x15;  // 21 nodes: index 21 is out of range
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kInvalidShape);
  }
  {
    // A constant whose Montgomery word is p.
    MultiStarkVerifyingKey0 vk0;
    vk0.params = default_test_params_small();
    StarkVerifyingKey a;
    a.symbolic_constraints.constraints.nodes = {DagNode::constant_node(BabyBear::one())};
    a.symbolic_constraints.constraints.constraint_idx = {0};
    vk0.per_air = {a};
    Bytes b = postcard_encode(vk0);
    ASSERT_TRUE(postcard_decode_vk0(b).has_value());
    const Bytes one{0x04, 0xfe, 0xff, 0xff, 0x7f};
    auto it = std::search(b.begin(), b.end(), one.begin(), one.end());
    ASSERT_NE(it, b.end());
    const size_t at = static_cast<size_t>(it - b.begin()) + 1;
    b.erase(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + 4));
    const Bytes p{0x81, 0x80, 0x80, 0xc0, 0x07};
    b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), p.begin(), p.end());
    EXPECT_EQ(kind_after(b), DecodeErrorKind::kFieldOutOfRange);
  }
}

}  // namespace
}  // namespace swirl
