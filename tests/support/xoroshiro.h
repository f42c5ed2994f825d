// Xoroshiro128+ seeded through SplitMix64, as the Rust `rand_xoshiro` crate
// seeds it (`seed_from_u64`): s0, s1 are the first two SplitMix64 outputs;
// next_u32 is the upper half of next_u64. Plonky3 draws the constants of its
// published Poseidon2 test permutation from this generator, so the tests need
// it to rebuild that permutation.
#pragma once

#include <cstdint>

#include "swirl/field/babybear.h"
#include "swirl/field/rng.h"

namespace swirl::testing {

class Xoroshiro128Plus {
 public:
  static Xoroshiro128Plus seed_from_u64(uint64_t seed) {
    SplitMix64 sm(seed);
    Xoroshiro128Plus r;
    r.s0_ = sm.next_u64();
    r.s1_ = sm.next_u64();
    return r;
  }
  uint64_t next_u64() {
    uint64_t r = s0_ + s1_;
    s1_ ^= s0_;
    s0_ = rotl(s0_, 24) ^ s1_ ^ (s1_ << 16);
    s1_ = rotl(s1_, 37);
    return r;
  }
  uint32_t next_u32() { return static_cast<uint32_t>(next_u64() >> 32); }

  /// Plonky3's uniform BabyBear sampling: draw 31 bits until they are < p and
  /// use them as the Montgomery word.
  BabyBear babybear() {
    for (;;) {
      uint32_t v = next_u32() >> 1;
      if (v < BabyBear::kP) return BabyBear::from_monty(v);
    }
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s0_ = 0, s1_ = 0;
};

}  // namespace swirl::testing
