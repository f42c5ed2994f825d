// BabyBear: the prime field of order p = 15 * 2^27 + 1 = 0x78000001.
//
// Elements are kept in Montgomery form x * 2^32 mod p, exactly as Plonky3's
// MontyField31 keeps them, so a raw 32-bit word means the same element here,
// in Plonky3 and in the reference CUDA backend. Every value stored is fully
// reduced (< p): there are no redundant representations, equality is word
// equality.
//
// All operations are constexpr and branch-free (selects, not jumps), so loops
// over arrays of elements auto-vectorise on the host, and the same code runs
// in CUDA kernels.
#pragma once

#include <cstdint>
#include <type_traits>

#include "swirl/util/hd.h"

namespace swirl {

class BabyBear {
 public:
  /// The modulus p = 2^31 - 2^27 + 1.
  static constexpr uint32_t kP = 0x78000001u;
  /// p^{-1} mod 2^32, the Montgomery reduction constant.
  static constexpr uint32_t kPInv = 0x88000001u;
  /// Number of bits of the modulus.
  static constexpr int kBits = 31;
  /// p - 1 = 2^27 * 15: the largest power-of-two subgroup has order 2^27.
  static constexpr int kTwoAdicity = 27;

  /// Zero. The default constructor gives zero too.
  constexpr BabyBear() = default;

  /// The element with canonical value `v mod p`.
  SWIRL_HD static constexpr BabyBear from_u32(uint32_t v) { return from_u64(v); }
  /// The element with canonical value `v mod p`.
  SWIRL_HD static constexpr BabyBear from_u64(uint64_t v) {
    // (v mod p) * 2^32 mod p, through one Montgomery multiplication by R^2.
    return from_monty(monty_reduce(static_cast<uint64_t>(static_cast<uint32_t>(v % kP)) * kR2));
  }
  /// The element whose canonical value is `v` (caller guarantees v < p).
  SWIRL_HD static constexpr BabyBear from_canonical(uint32_t v) {
    return from_monty(monty_reduce(static_cast<uint64_t>(v) * kR2));
  }
  /// Wraps a raw Montgomery word (caller guarantees it is < p).
  SWIRL_HD static constexpr BabyBear from_monty(uint32_t m) {
    BabyBear r;
    r.mont_ = m;
    return r;
  }
  /// Signed constant: -1 maps to p - 1.
  SWIRL_HD static constexpr BabyBear from_i64(int64_t v) {
    int64_t m = v % static_cast<int64_t>(kP);
    if (m < 0) m += kP;
    return from_u64(static_cast<uint64_t>(m));
  }

  SWIRL_HD static constexpr BabyBear zero() { return BabyBear(); }
  SWIRL_HD static constexpr BabyBear one() { return from_monty(kOneMonty); }
  SWIRL_HD static constexpr BabyBear two() { return from_monty(kTwoMonty); }
  SWIRL_HD static constexpr BabyBear neg_one() { return from_monty(kP - kOneMonty); }

  /// The raw Montgomery word.
  SWIRL_HD constexpr uint32_t monty() const { return mont_; }
  /// The canonical value in [0, p): the encoding used by the proof codec,
  /// sample_bits and every published test vector.
  SWIRL_HD constexpr uint32_t as_canonical() const { return monty_reduce(mont_); }

  SWIRL_HD constexpr bool is_zero() const { return mont_ == 0; }
  SWIRL_HD friend constexpr bool operator==(BabyBear a, BabyBear b) { return a.mont_ == b.mont_; }
  SWIRL_HD friend constexpr bool operator!=(BabyBear a, BabyBear b) { return a.mont_ != b.mont_; }

  SWIRL_HD friend constexpr BabyBear operator+(BabyBear a, BabyBear b) {
    // Both < p < 2^31, so the sum fits; subtracting p wraps when sum < p and
    // the unsigned minimum then picks the reduced value.
    uint32_t s = a.mont_ + b.mont_;
    uint32_t t = s - kP;
    return from_monty(t < s ? t : s);
  }
  SWIRL_HD friend constexpr BabyBear operator-(BabyBear a, BabyBear b) {
    // If a < b the difference wraps to a huge value and adding p brings it
    // back into range; otherwise adding p only makes it larger.
    uint32_t d = a.mont_ - b.mont_;
    uint32_t e = d + kP;
    return from_monty(e < d ? e : d);
  }
  SWIRL_HD friend constexpr BabyBear operator-(BabyBear a) { return BabyBear() - a; }
  SWIRL_HD friend constexpr BabyBear operator*(BabyBear a, BabyBear b) {
#if SWIRL_DEVICE_PASS
    if (!std::is_constant_evaluated()) {
      // The same Montgomery product in 32-bit halves: lo(ab) * p^-1 = m makes
      // lo(ab) = lo(mp), so (ab - mp) / 2^32 = hi(ab) - hi(mp), no borrow.
      // Five integer instructions instead of the 64-bit path's eight.
      uint32_t lo = a.mont_ * b.mont_;
      uint32_t hi = __umulhi(a.mont_, b.mont_);
      uint32_t m = lo * kPInv;
      uint32_t mp_hi = __umulhi(m, kP);
      uint32_t r = hi - mp_hi;
      return from_monty(hi < mp_hi ? r + kP : r);
    }
#endif
    return from_monty(monty_reduce(static_cast<uint64_t>(a.mont_) * b.mont_));
  }
  SWIRL_HD constexpr BabyBear& operator+=(BabyBear o) { return *this = *this + o; }
  SWIRL_HD constexpr BabyBear& operator-=(BabyBear o) { return *this = *this - o; }
  SWIRL_HD constexpr BabyBear& operator*=(BabyBear o) { return *this = *this * o; }

  SWIRL_HD constexpr BabyBear doubled() const { return *this + *this; }
  SWIRL_HD constexpr BabyBear square() const { return *this * *this; }

  /// x / 2: if x is odd, x + p is even and (x + p) / 2 < p.
  SWIRL_HD constexpr BabyBear halve() const {
    uint32_t odd = mont_ & 1u;
    return from_monty((mont_ >> 1) + (odd * ((kP + 1) >> 1)));
  }

  /// x * 2^-n for 1 <= n <= 27 without a Montgomery product (Poseidon2's
  /// internal diagonal). Multiplying by a constant commutes with the
  /// Montgomery form, so this works on the word w directly: with
  /// w = hi 2^n + lo (lo < 2^n), w 2^-n = hi + lo 2^(27-n) 2^-27, and
  /// 2^-27 = -15 mod p (15 * 2^27 = p - 1). So the result is hi - t with
  /// t = 15 lo 2^(27-n) < 15 * 2^27 < p and hi < 2^(31-n) < p: one
  /// subtraction mod p.
  SWIRL_HD constexpr BabyBear mul_2exp_neg(int n) const {
    const uint32_t hi = mont_ >> n;
    const uint32_t u = (mont_ & ((1u << n) - 1)) << (27 - n);
    return from_monty(hi) - from_monty((u << 4) - u);
  }

  /// x^e by square-and-multiply (e is public, the loop is not secret-safe).
  SWIRL_HD constexpr BabyBear pow(uint64_t e) const {
    BabyBear base = *this, acc = one();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }
  /// x^(2^k), k squarings.
  SWIRL_HD constexpr BabyBear exp_power_of_2(int k) const {
    BabyBear r = *this;
    for (int i = 0; i < k; ++i) r = r.square();
    return r;
  }
  /// x^{-1} = x^(p-2); the inverse of zero is reported as zero.
  SWIRL_HD constexpr BabyBear inverse() const { return pow(kP - 2); }

  /// A generator of the whole multiplicative group (31, as Plonky3's MONTY_GEN).
  SWIRL_HD static constexpr BabyBear generator() { return from_canonical(31); }

  /// The generator of the order-2^bits subgroup that Plonky3 uses: the fixed
  /// 2^27-th root g = 0x1a427a41 raised to 2^(27 - bits). Requires bits <= 27.
  SWIRL_HD static constexpr BabyBear two_adic_generator(int bits) {
    return from_canonical(0x1a427a41u).exp_power_of_2(kTwoAdicity - bits);
  }

  /// a0 b0 + a1 b1 + a2 b2 + a3 b3 with one Montgomery reduction instead of
  /// four. Each product of Montgomery words is < p^2 < 2^62, so the sum of
  /// four is < 4p^2 < 2^64; one conditional subtraction of p * 2^32 (which
  /// is 0 mod p after the reduction's division by 2^32) brings it under
  /// p * 2^32, the reduction's input bound (4p^2 - p 2^32 < p 2^32).
  SWIRL_HD static constexpr BabyBear dot4(BabyBear a0, BabyBear b0, BabyBear a1, BabyBear b1, BabyBear a2,
                                          BabyBear b2, BabyBear a3, BabyBear b3) {
    uint64_t s = static_cast<uint64_t>(a0.mont_) * b0.mont_ + static_cast<uint64_t>(a1.mont_) * b1.mont_ +
                 static_cast<uint64_t>(a2.mont_) * b2.mont_ + static_cast<uint64_t>(a3.mont_) * b3.mont_;
    constexpr uint64_t kPShifted = static_cast<uint64_t>(kP) << 32;
    if (s >= kPShifted) s -= kPShifted;
    return from_monty(monty_reduce(s));
  }

  /// Montgomery reduction: x * 2^-32 mod p for x < p * 2^32, result < p.
  SWIRL_HD static constexpr uint32_t monty_reduce(uint64_t x) {
    uint32_t t = static_cast<uint32_t>(x) * kPInv;  // t = x * p^-1 mod 2^32
    uint64_t u = static_cast<uint64_t>(t) * kP;     // u = x mod 2^32
    uint64_t d = x - u;                             // exact multiple of 2^32
    uint32_t hi = static_cast<uint32_t>(d >> 32);
    uint32_t corr = x < u ? kP : 0u;                // (x - u) < 0: add p back
    return hi + corr;
  }

 private:
  static constexpr uint32_t kOneMonty = static_cast<uint32_t>((static_cast<uint64_t>(1) << 32) % kP);
  // 2^64 mod p, to enter Montgomery form with one reduction.
  static constexpr uint32_t kR2 =
      static_cast<uint32_t>(static_cast<uint64_t>(kOneMonty) * kOneMonty % kP);
  static constexpr uint32_t kTwoMonty = static_cast<uint32_t>((static_cast<uint64_t>(2) << 32) % kP);

  uint32_t mont_ = 0;
};

static_assert(sizeof(BabyBear) == 4, "BabyBear must be one 32-bit word");

}  // namespace swirl
