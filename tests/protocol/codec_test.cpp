#include "swirl/protocol/codec.h"

#include <gtest/gtest.h>

#include "swirl/field/rng.h"

namespace swirl {
namespace {

TEST(Codec, PrimitiveLayouts) {
  ByteWriter w;
  w.u32(0x04030201);
  w.usize(5);
  w.boolean(true);
  w.field(BabyBear::from_u32(0x78000000));  // canonical, not Montgomery
  w.ext(BabyBear4::from_canonical(1, 2, 3, 4));
  std::vector<uint8_t> want = {1, 2, 3, 4, 5, 0, 0, 0, 1, 0x00, 0x00, 0x00, 0x78,
                               1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0,    0,    4,    0, 0, 0};
  EXPECT_EQ(w.bytes(), want);
}

TEST(Codec, RoundTripComposite) {
  SplitMix64 rng(1);
  std::vector<BabyBear4> xs(17);
  for (auto& x : xs) x = rng.ext();
  std::optional<Digest> d = Digest{};
  for (auto& x : *d) x = rng.field();
  ByteWriter w;
  w.vec(xs, [](ByteWriter& o, const BabyBear4& x) { o.ext(x); });
  w.optional(d, [](ByteWriter& o, const Digest& x) { o.digest(x); });
  w.optional(std::optional<Digest>{}, [](ByteWriter& o, const Digest& x) { o.digest(x); });
  w.string("keccak");
  auto bytes = w.take();
  ByteReader r(bytes);
  EXPECT_EQ(r.vec<BabyBear4>([](ByteReader& i) { return i.ext(); }), xs);
  EXPECT_EQ(r.optional<Digest>([](ByteReader& i) { return i.digest(); }), d);
  EXPECT_FALSE(r.optional<Digest>([](ByteReader& i) { return i.digest(); }).has_value());
  EXPECT_EQ(r.string(), "keccak");
  EXPECT_NO_THROW(r.expect_end());
}

TEST(Codec, MalformedInputIsADecodeError) {
  std::vector<uint8_t> p = {0x01, 0x00, 0x00, 0x78};  // 0x78000001 = p: out of range
  ByteReader r1(p);
  EXPECT_THROW(r1.field(), DecodeError);
  std::vector<uint8_t> short_input = {1, 2, 3};
  ByteReader r2(short_input);
  EXPECT_THROW(r2.u32(), DecodeError);
  // A forged huge length fails on missing bytes, after a capped reservation.
  std::vector<uint8_t> huge = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
  ByteReader r3(huge);
  EXPECT_THROW(r3.vec<BabyBear>([](ByteReader& i) { return i.field(); }), DecodeError);
  std::vector<uint8_t> trailing = {0, 0, 0, 0, 9};
  ByteReader r4(trailing);
  r4.u32();
  EXPECT_THROW(r4.expect_end(), DecodeError);
  ByteWriter w;
  EXPECT_THROW(w.usize(size_t{1} << 33), std::invalid_argument);
}

}  // namespace
}  // namespace swirl
