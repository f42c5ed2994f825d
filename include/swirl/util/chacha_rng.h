// The random generator behind Rust's `rand::rngs::StdRng` (rand 0.9): ChaCha
// with 12 rounds, 64-bit block counter and 64-bit stream id, buffered four
// blocks (64 words) at a time, seeded from a u64 through PCG32 as
// `SeedableRng::seed_from_u64` does.
//
// It exists so swirl's seeded example inputs are the reference's: the
// reference keccak-f example draws its 1024 input states with
// `StdRng::seed_from_u64(42)` and `rng.random::<[u64; 25]>()`, and
// `keccak_example_inputs` (air/examples) draws the same states from this.
#pragma once

#include <array>
#include <cstdint>

namespace swirl {

class ChaChaRng {
 public:
  /// ChaCha with `double_rounds` double rounds (6 for ChaCha12, 10 for
  /// ChaCha20), 32-byte key, stream 0, block counter 0.
  ChaChaRng(const std::array<uint8_t, 32>& seed, int double_rounds);

  /// rand_core's default seed expansion: 8 PCG32 outputs, little-endian.
  static std::array<uint8_t, 32> seed_from_u64(uint64_t state);
  /// `StdRng::seed_from_u64(state)`.
  static ChaChaRng std_rng(uint64_t state) { return ChaChaRng(seed_from_u64(state), 6); }

  uint32_t next_u32();
  /// Two words, low first; a u64 that straddles the buffer end takes the
  /// last word of this buffer and the first of the next (rand_core BlockRng).
  uint64_t next_u64();

 private:
  void refill();  // the next four blocks

  std::array<uint32_t, 8> key_{};
  uint64_t counter_ = 0;  // next block number
  int double_rounds_;
  std::array<uint32_t, 64> buf_{};
  int index_ = 64;  // next unread word; 64 = buffer exhausted
};

}  // namespace swirl
