#include "swirl/util/chacha_rng.h"

namespace swirl {

namespace {

inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

inline void quarter_round(uint32_t* s, int a, int b, int c, int d) {
  s[a] += s[b];
  s[d] = rotl(s[d] ^ s[a], 16);
  s[c] += s[d];
  s[b] = rotl(s[b] ^ s[c], 12);
  s[a] += s[b];
  s[d] = rotl(s[d] ^ s[a], 8);
  s[c] += s[d];
  s[b] = rotl(s[b] ^ s[c], 7);
}

}  // namespace

ChaChaRng::ChaChaRng(const std::array<uint8_t, 32>& seed, int double_rounds) : double_rounds_(double_rounds) {
  for (int i = 0; i < 8; ++i)
    key_[i] = uint32_t{seed[4 * i]} | uint32_t{seed[4 * i + 1]} << 8 | uint32_t{seed[4 * i + 2]} << 16 |
              uint32_t{seed[4 * i + 3]} << 24;
}

std::array<uint8_t, 32> ChaChaRng::seed_from_u64(uint64_t state) {
  constexpr uint64_t kMul = 6364136223846793005ull;
  constexpr uint64_t kInc = 11634580027462260723ull;
  std::array<uint8_t, 32> seed{};
  for (int chunk = 0; chunk < 8; ++chunk) {
    state = state * kMul + kInc;  // advance first, then output (PCG-XSH-RR)
    uint32_t xorshifted = static_cast<uint32_t>(((state >> 18) ^ state) >> 27);
    int rot = static_cast<int>(state >> 59);
    uint32_t x = (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
    for (int b = 0; b < 4; ++b) seed[4 * chunk + b] = static_cast<uint8_t>(x >> (8 * b));
  }
  return seed;
}

void ChaChaRng::refill() {
  // "expand 32-byte k", key, 64-bit block counter, 64-bit stream (0).
  for (int blk = 0; blk < 4; ++blk) {
    uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, key_[0], key_[1], key_[2], key_[3],
                       key_[4],    key_[5],    key_[6],    key_[7],    static_cast<uint32_t>(counter_),
                       static_cast<uint32_t>(counter_ >> 32), 0, 0};
    uint32_t s[16];
    for (int i = 0; i < 16; ++i) s[i] = in[i];
    for (int r = 0; r < double_rounds_; ++r) {
      quarter_round(s, 0, 4, 8, 12);
      quarter_round(s, 1, 5, 9, 13);
      quarter_round(s, 2, 6, 10, 14);
      quarter_round(s, 3, 7, 11, 15);
      quarter_round(s, 0, 5, 10, 15);
      quarter_round(s, 1, 6, 11, 12);
      quarter_round(s, 2, 7, 8, 13);
      quarter_round(s, 3, 4, 9, 14);
    }
    for (int i = 0; i < 16; ++i) buf_[16 * blk + i] = s[i] + in[i];
    ++counter_;
  }
}

uint32_t ChaChaRng::next_u32() {
  if (index_ >= 64) {
    refill();
    index_ = 0;
  }
  return buf_[index_++];
}

uint64_t ChaChaRng::next_u64() {
  if (index_ < 63) {
    uint64_t lo = buf_[index_], hi = buf_[index_ + 1];
    index_ += 2;
    return hi << 32 | lo;
  }
  if (index_ >= 64) {
    refill();
    index_ = 2;
    return uint64_t{buf_[1]} << 32 | buf_[0];
  }
  uint64_t lo = buf_[63];
  refill();
  index_ = 1;
  return uint64_t{buf_[0]} << 32 | lo;
}

}  // namespace swirl
