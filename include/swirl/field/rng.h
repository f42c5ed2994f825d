// A small deterministic generator (SplitMix64) of integers and field
// elements for random test data,
// benchmarks and seeded example inputs. Not for anything secret.
#pragma once

#include <cstdint>
#include <type_traits>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"

namespace swirl {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed = 0) : x_(seed) {}
  uint64_t next_u64() {
    x_ += 0x9e3779b97f4a7c15ull;
    uint64_t z = x_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint32_t next_u32() { return static_cast<uint32_t>(next_u64() >> 32); }
  /// Uniform in [0, n) (n > 0), by rejection.
  uint64_t below(uint64_t n) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do v = next_u64();
    while (v >= limit);
    return v % n;
  }
  /// A uniformly random field element.
  BabyBear field() { return BabyBear::from_canonical(static_cast<uint32_t>(below(BabyBear::kP))); }
  BabyBear4 ext() { return BabyBear4(field(), field(), field(), field()); }
  /// A uniformly random element of F (BabyBear or BabyBear4), for code
  /// written once over both fields.
  template <typename F>
  F element() {
    if constexpr (std::is_same_v<F, BabyBear4>)
      return ext();
    else
      return field();
  }

 private:
  uint64_t x_;
};

}  // namespace swirl
