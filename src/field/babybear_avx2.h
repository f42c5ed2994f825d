// Private to src/: eight BabyBear Montgomery words per AVX2 register, with
// the scalar operators' exact results (fully reduced words). Used by the
// lane-sliced Poseidon2 (crypto/poseidon2_batch.cpp) and the NTT butterflies
// (poly/ntt.cpp). Everything here has internal linkage (anonymous namespace):
// the AVX-512 translation unit must not share inline definitions with the
// rest (docs/design.md, Host SIMD).
#pragma once

#if defined(__AVX2__)
#include <immintrin.h>

#include <cstdint>

#include "swirl/field/babybear.h"

namespace swirl::simd {
namespace {

// Eight BabyBear Montgomery words per AVX2 register.
struct Avx2 {
  using T = __m256i;
  static constexpr int kLanes = 8;
  static inline T p() { return _mm256_set1_epi32(static_cast<int>(BabyBear::kP)); }
  static inline T splat(BabyBear x) { return _mm256_set1_epi32(static_cast<int>(x.monty())); }
  static inline T zero() { return _mm256_setzero_si256(); }
  static inline T load_lanes(const uint32_t* w) { return _mm256_load_si256(reinterpret_cast<const T*>(w)); }
  static inline void store_lanes(T v, uint32_t* w) { _mm256_store_si256(reinterpret_cast<T*>(w), v); }
  // The scalar operators' branch-free reductions: the unsigned minimum picks
  // the representative in [0, p).
  static inline T add(T a, T b) {
    T s = _mm256_add_epi32(a, b);
    return _mm256_min_epu32(s, _mm256_sub_epi32(s, p()));
  }
  static inline T sub(T a, T b) {
    T d = _mm256_sub_epi32(a, b);
    return _mm256_min_epu32(d, _mm256_add_epi32(d, p()));
  }
  // BabyBear::halve: x / 2, plus (p + 1) / 2 when x is odd.
  static inline T halve(T x) {
    const T odd = _mm256_and_si256(x, _mm256_set1_epi32(1));
    const T corr = _mm256_and_si256(_mm256_sub_epi32(_mm256_setzero_si256(), odd),
                                   _mm256_set1_epi32(static_cast<int>((BabyBear::kP + 1) >> 1)));
    return _mm256_add_epi32(_mm256_srli_epi32(x, 1), corr);
  }
  // BabyBear::mul_2exp_neg: x 2^-n = hi - 15 lo 2^(27-n) mod p.
  template <int n>
  static inline T mul_2exp_neg(T x) {
    static_assert(n >= 1 && n <= 27);
    const T hi = _mm256_srli_epi32(x, n);
    const T u = _mm256_slli_epi32(_mm256_and_si256(x, _mm256_set1_epi32((1 << n) - 1)), 27 - n);
    return sub(hi, _mm256_sub_epi32(_mm256_slli_epi32(u, 4), u));
  }
  // Montgomery product: vpmuludq multiplies the even 32-bit lanes into 64-bit
  // products, so even and odd lanes go separately and their high halves are
  // blended back. With m = lo(ab) p^-1, lo(ab) = lo(mp) and the result is
  // hi(ab) - hi(mp) in (-p, p).
  static inline T mul(T a, T b) {
    const T pinv = _mm256_set1_epi32(static_cast<int>(BabyBear::kPInv));
    T prod_even = _mm256_mul_epu32(a, b);
    T prod_odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32));
    T qp_even = _mm256_mul_epu32(_mm256_mul_epu32(prod_even, pinv), p());
    T qp_odd = _mm256_mul_epu32(_mm256_mul_epu32(prod_odd, pinv), p());
    T prod_hi = _mm256_blend_epi32(_mm256_srli_epi64(prod_even, 32), prod_odd, 0b10101010);
    T qp_hi = _mm256_blend_epi32(_mm256_srli_epi64(qp_even, 32), qp_odd, 0b10101010);
    T t = _mm256_sub_epi32(prod_hi, qp_hi);
    return _mm256_min_epu32(t, _mm256_add_epi32(t, p()));
  }
};

}  // namespace
}  // namespace swirl::simd

#endif  // __AVX2__
