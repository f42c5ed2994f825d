#include "swirl/util/chacha_rng.h"

#include <gtest/gtest.h>

#include <vector>

namespace swirl {
namespace {

std::array<uint8_t, 32> bytes(std::initializer_list<uint8_t> v) {
  std::array<uint8_t, 32> a{};
  size_t i = 0;
  for (uint8_t x : v) a[i++] = x;
  return a;
}

// ChaCha20 test vectors of draft-nir-cfrg-chacha20-poly1305-04 as rand_chacha
// reads them (tests test_chacha_true_values_*).
TEST(ChaChaRng, ChaCha20TrueValues) {
  ChaChaRng a(bytes({}), 10);
  const uint32_t block0[16] = {0xade0b876, 0x903df1a0, 0xe56a5d40, 0x28bd8653, 0xb819d2bd, 0x1aed8da0,
                               0xccef36a8, 0xc70d778b, 0x7c5941da, 0x8d485751, 0x3fe02477, 0x374ad8b8,
                               0xf4b8436a, 0x1ca11815, 0x69b687c3, 0x8665eeb2};
  for (uint32_t w : block0) EXPECT_EQ(a.next_u32(), w);
  const uint32_t block1[16] = {0xbee7079f, 0x7a385155, 0x7c97ba98, 0x0d082d73, 0xa0290fcb, 0x6965e348,
                               0x3e53c612, 0xed7aee32, 0x7621b729, 0x434ee69c, 0xb03371d5, 0xd539d874,
                               0x281fed31, 0x45fb0a51, 0x1f0ae1ac, 0x6f4d794b};
  for (uint32_t w : block1) EXPECT_EQ(a.next_u32(), w);

  std::array<uint8_t, 32> key_b{};
  key_b[31] = 1;
  ChaChaRng b(key_b, 10);
  for (int i = 0; i < 16; ++i) b.next_u32();
  const uint32_t b1[16] = {0x2452eb3a, 0x9249f8ec, 0x8d829d9b, 0xddd4ceb1, 0xe8252083, 0x60818b01,
                           0xf38422b8, 0x5aaa49c9, 0xbb00ca8e, 0xda3ba7b4, 0xc4b592d1, 0xfdf2732f,
                           0x4436274e, 0x2561b3c8, 0xebdd4aa6, 0xa0136c00};
  for (uint32_t w : b1) EXPECT_EQ(b.next_u32(), w);

  ChaChaRng c(bytes({0, 0xff}), 10);
  for (int i = 0; i < 32; ++i) c.next_u32();
  const uint32_t c2[16] = {0xfb4dd572, 0x4bc42ef1, 0xdf922636, 0x327f1394, 0xa78dea8f, 0x5e269039,
                           0xa1bebbc1, 0xcaf09aae, 0xa25ab213, 0x48a6b46c, 0x1b9d9bcb, 0x092c5be6,
                           0x546ca624, 0x1bec45d5, 0x87f47473, 0x96f0992e};
  for (uint32_t w : c2) EXPECT_EQ(c.next_u32(), w);
}

TEST(ChaChaRng, ChaCha20MultipleBlocks) {
  // test_chacha_multiple_blocks: word i of block i, for 16 blocks.
  ChaChaRng r(bytes({0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 7}), 10);
  const uint32_t want[16] = {0xf225c81a, 0x6ab1be57, 0x04d42951, 0x70858036, 0x49884684, 0x64efec72,
                             0x4be2d186, 0x3615b384, 0x11cfa18e, 0xd3c50049, 0x75c775f6, 0x434c6530,
                             0x2c5bad8f, 0x898881dc, 0x5f1c86d9, 0xc1f8e7f4};
  for (uint32_t w : want) {
    EXPECT_EQ(r.next_u32(), w);
    for (int k = 0; k < 16; ++k) r.next_u32();
  }
}

TEST(ChaChaRng, ChaCha20Construction) {
  ChaChaRng r(bytes({0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3}), 10);
  EXPECT_EQ(r.next_u32(), 137206642u);
}

TEST(ChaChaRng, U64ReadsTwoWordsAndStraddlesTheBuffer) {
  ChaChaRng words(bytes({9}), 6), pairs(bytes({9}), 6);
  std::vector<uint32_t> w(200);
  for (auto& x : w) x = words.next_u32();
  // One u32 first, so the 32nd u64 straddles the 64-word buffer.
  EXPECT_EQ(pairs.next_u32(), w[0]);
  for (int i = 0; i < 90; ++i) {
    uint64_t v = pairs.next_u64();
    EXPECT_EQ(v, uint64_t{w[2 * i + 2]} << 32 | w[2 * i + 1]) << i;
  }
}

TEST(ChaChaRng, StdRngValueStability) {
  // rand's test_stdrng_construction (StdRng = ChaCha12): the first u64 from
  // this seed, and the first u64 of a generator seeded from the next 32
  // bytes (words 2..9) of the first.
  auto seed = bytes({1, 0, 0, 0, 23, 0, 0, 0, 200, 1, 0, 0, 210, 30});
  ChaChaRng rng0(seed, 6);
  EXPECT_EQ(rng0.next_u64(), 10719222850664546238ull);
  std::array<uint8_t, 32> seed1{};
  for (int i = 0; i < 8; ++i) {
    uint32_t w = rng0.next_u32();
    for (int b = 0; b < 4; ++b) seed1[4 * i + b] = static_cast<uint8_t>(w >> (8 * b));
  }
  ChaChaRng rng1(seed1, 6);
  EXPECT_EQ(rng1.next_u64(), 14064965282130556830ull);
}

TEST(ChaChaRng, PcgSeedExpansion) {
  // rand_core seed_from_u64: first PCG32 output for state 0 is that of the
  // advanced state INC: state = 11634580027462260723.
  auto s = ChaChaRng::seed_from_u64(0);
  uint64_t st = 11634580027462260723ull;
  uint32_t xs = static_cast<uint32_t>(((st >> 18) ^ st) >> 27);
  int rot = static_cast<int>(st >> 59);
  uint32_t x = (xs >> rot) | (xs << ((32 - rot) & 31));
  EXPECT_EQ(uint32_t{s[0]} | uint32_t{s[1]} << 8 | uint32_t{s[2]} << 16 | uint32_t{s[3]} << 24, x);
  EXPECT_NE(ChaChaRng::seed_from_u64(42), ChaChaRng::seed_from_u64(43));
}

}  // namespace
}  // namespace swirl
