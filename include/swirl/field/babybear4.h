// BabyBear^4: the degree-4 binomial extension F[x] / (x^4 - 11).
//
// An element is c0 + c1 x + c2 x^2 + c3 x^3, stored as the four base
// coefficients in that order: Plonky3's BinomialExtensionField<BabyBear, 4>
// basis, and the order in which the transcript observes and samples the
// coefficients and the codec writes them.
#pragma once

#include "swirl/field/babybear.h"

namespace swirl {

class BabyBear4 {
 public:
  using Base = BabyBear;
  static constexpr int kDegree = 4;
  /// x^4 = W.
  static constexpr uint32_t kW = 11;

  constexpr BabyBear4() = default;
  SWIRL_HD constexpr BabyBear4(BabyBear c0, BabyBear c1, BabyBear c2, BabyBear c3) : c_{c0, c1, c2, c3} {}
  /// Embeds a base-field element.
  SWIRL_HD constexpr explicit BabyBear4(BabyBear c0) : c_{c0, {}, {}, {}} {}

  SWIRL_HD static constexpr BabyBear4 zero() { return BabyBear4(); }
  SWIRL_HD static constexpr BabyBear4 one() { return BabyBear4(BabyBear::one()); }
  SWIRL_HD static constexpr BabyBear4 from_u32(uint32_t v) { return BabyBear4(BabyBear::from_u32(v)); }
  /// From four canonical coefficients.
  SWIRL_HD static constexpr BabyBear4 from_canonical(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    return BabyBear4(BabyBear::from_canonical(a), BabyBear::from_canonical(b), BabyBear::from_canonical(c),
                     BabyBear::from_canonical(d));
  }

  SWIRL_HD constexpr BabyBear operator[](int i) const { return c_[i]; }
  SWIRL_HD constexpr BabyBear& operator[](int i) { return c_[i]; }
  SWIRL_HD constexpr const BabyBear* coeffs() const { return c_; }

  SWIRL_HD constexpr bool is_zero() const {
    return c_[0].is_zero() && c_[1].is_zero() && c_[2].is_zero() && c_[3].is_zero();
  }
  SWIRL_HD friend constexpr bool operator==(const BabyBear4& a, const BabyBear4& b) {
    return a.c_[0] == b.c_[0] && a.c_[1] == b.c_[1] && a.c_[2] == b.c_[2] && a.c_[3] == b.c_[3];
  }
  SWIRL_HD friend constexpr bool operator!=(const BabyBear4& a, const BabyBear4& b) { return !(a == b); }

  SWIRL_HD friend constexpr BabyBear4 operator+(const BabyBear4& a, const BabyBear4& b) {
    return {a.c_[0] + b.c_[0], a.c_[1] + b.c_[1], a.c_[2] + b.c_[2], a.c_[3] + b.c_[3]};
  }
  SWIRL_HD friend constexpr BabyBear4 operator-(const BabyBear4& a, const BabyBear4& b) {
    return {a.c_[0] - b.c_[0], a.c_[1] - b.c_[1], a.c_[2] - b.c_[2], a.c_[3] - b.c_[3]};
  }
  SWIRL_HD friend constexpr BabyBear4 operator-(const BabyBear4& a) { return BabyBear4() - a; }

  /// Schoolbook product, folding x^4 = 11 into the low coefficients.
  SWIRL_HD friend constexpr BabyBear4 operator*(const BabyBear4& a, const BabyBear4& b) {
    const BabyBear w = BabyBear::from_canonical(kW);
    const BabyBear* x = a.c_;
    const BabyBear* y = b.c_;
#if !SWIRL_DEVICE_PASS
    // Host: scale y1..y3 by 11 first (3 reductions), then each coefficient
    // is a 4-term dot product with one reduction: 7 reductions instead of
    // 19. (The device keeps the 32-bit __umulhi products below.)
    const BabyBear wy1 = w * y[1], wy2 = w * y[2], wy3 = w * y[3];
    return {BabyBear::dot4(x[0], y[0], x[1], wy3, x[2], wy2, x[3], wy1),
            BabyBear::dot4(x[0], y[1], x[1], y[0], x[2], wy3, x[3], wy2),
            BabyBear::dot4(x[0], y[2], x[1], y[1], x[2], y[0], x[3], wy3),
            BabyBear::dot4(x[0], y[3], x[1], y[2], x[2], y[1], x[3], y[0])};
#else
    BabyBear c0 = x[0] * y[0] + w * (x[1] * y[3] + x[2] * y[2] + x[3] * y[1]);
    BabyBear c1 = x[0] * y[1] + x[1] * y[0] + w * (x[2] * y[3] + x[3] * y[2]);
    BabyBear c2 = x[0] * y[2] + x[1] * y[1] + x[2] * y[0] + w * (x[3] * y[3]);
    BabyBear c3 = x[0] * y[3] + x[1] * y[2] + x[2] * y[1] + x[3] * y[0];
    return {c0, c1, c2, c3};
#endif
  }
  /// Product with a base-field scalar.
  SWIRL_HD friend constexpr BabyBear4 operator*(const BabyBear4& a, BabyBear s) {
    return {a.c_[0] * s, a.c_[1] * s, a.c_[2] * s, a.c_[3] * s};
  }
  SWIRL_HD friend constexpr BabyBear4 operator*(BabyBear s, const BabyBear4& a) { return a * s; }
  SWIRL_HD friend constexpr BabyBear4 operator+(const BabyBear4& a, BabyBear s) {
    return {a.c_[0] + s, a.c_[1], a.c_[2], a.c_[3]};
  }
  SWIRL_HD friend constexpr BabyBear4 operator+(BabyBear s, const BabyBear4& a) { return a + s; }
  SWIRL_HD friend constexpr BabyBear4 operator-(const BabyBear4& a, BabyBear s) {
    return {a.c_[0] - s, a.c_[1], a.c_[2], a.c_[3]};
  }
  SWIRL_HD friend constexpr BabyBear4 operator-(BabyBear s, const BabyBear4& a) { return BabyBear4(s) - a; }

  SWIRL_HD constexpr BabyBear4& operator+=(const BabyBear4& o) { return *this = *this + o; }
  SWIRL_HD constexpr BabyBear4& operator-=(const BabyBear4& o) { return *this = *this - o; }
  SWIRL_HD constexpr BabyBear4& operator*=(const BabyBear4& o) { return *this = *this * o; }
  SWIRL_HD constexpr BabyBear4& operator*=(BabyBear s) { return *this = *this * s; }

  SWIRL_HD constexpr BabyBear4 square() const { return *this * *this; }
  SWIRL_HD constexpr BabyBear4 doubled() const { return *this + *this; }

  SWIRL_HD constexpr BabyBear4 pow(uint64_t e) const {
    BabyBear4 base = *this, acc = one();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }
  SWIRL_HD constexpr BabyBear4 exp_power_of_2(int k) const {
    BabyBear4 r = *this;
    for (int i = 0; i < k; ++i) r = r.square();
    return r;
  }

  /// The Frobenius map a -> a^p. Since x^p = x * 11^((p-1)/4), coefficient i
  /// is scaled by z^i where z = 11^((p-1)/4) is a primitive 4th root of unity.
  SWIRL_HD constexpr BabyBear4 frobenius() const {
    const BabyBear z = BabyBear::from_canonical(kFrobZ);
    const BabyBear z2 = z * z;
    return {c_[0], c_[1] * z, c_[2] * z2, c_[3] * (z2 * z)};
  }

  /// a^{-1} = (a^p a^p^2 a^p^3) / N(a) with the norm N(a) = a^(1+p+p^2+p^3)
  /// in the base field. The inverse of zero is reported as zero.
  SWIRL_HD constexpr BabyBear4 inverse() const {
    BabyBear4 f1 = frobenius();
    BabyBear4 f2 = f1.frobenius();
    BabyBear4 f3 = f2.frobenius();
    BabyBear4 conj = f1 * f2 * f3;
    BabyBear norm = (*this * conj).c_[0];
    return conj * norm.inverse();
  }

 private:
  /// 11^((p-1)/4) mod p (Plonky3's DTH_ROOT for this extension).
  static constexpr uint32_t kFrobZ = 1728404513u;
  BabyBear c_[4] = {};
};

static_assert(sizeof(BabyBear4) == 16, "BabyBear4 must be four packed words");

}  // namespace swirl
