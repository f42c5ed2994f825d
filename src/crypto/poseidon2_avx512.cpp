// The AVX-512 instantiation of the lane-sliced permutation (16 states per
// register). This file alone is compiled with AVX-512 enabled; callers check
// the CPU first (poseidon2_batch.cpp).
#include "poseidon2_sliced.h"

#if defined(__AVX512F__)
#include <immintrin.h>

namespace swirl::sliced::avx512 {

namespace {

struct Avx512 {
  using T = __m512i;
  static constexpr int kLanes = 16;
  static inline T p() { return _mm512_set1_epi32(static_cast<int>(BabyBear::kP)); }
  static inline T splat(BabyBear x) { return _mm512_set1_epi32(static_cast<int>(x.monty())); }
  static inline T zero() { return _mm512_setzero_si512(); }
  static inline T load_lanes(const uint32_t* w) { return _mm512_load_si512(w); }
  static inline void store_lanes(T v, uint32_t* w) { _mm512_store_si512(w, v); }
  static inline T add(T a, T b) {
    T s = _mm512_add_epi32(a, b);
    return _mm512_min_epu32(s, _mm512_sub_epi32(s, p()));
  }
  static inline T sub(T a, T b) {
    T d = _mm512_sub_epi32(a, b);
    return _mm512_min_epu32(d, _mm512_add_epi32(d, p()));
  }
  // As the AVX2 halve and mul_2exp_neg (src/field/babybear_avx2.h), 16 lanes.
  static inline T halve(T x) {
    const __mmask16 odd = _mm512_test_epi32_mask(x, _mm512_set1_epi32(1));
    const T half = _mm512_srli_epi32(x, 1);
    return _mm512_mask_add_epi32(half, odd, half, _mm512_set1_epi32(static_cast<int>((BabyBear::kP + 1) >> 1)));
  }
  template <int n>
  static inline T mul_2exp_neg(T x) {
    static_assert(n >= 1 && n <= 27);
    const T hi = _mm512_srli_epi32(x, n);
    const T u = _mm512_slli_epi32(_mm512_and_si512(x, _mm512_set1_epi32((1 << n) - 1)), 27 - n);
    return sub(hi, _mm512_sub_epi32(_mm512_slli_epi32(u, 4), u));
  }
  // As the AVX2 product (src/field/babybear_avx2.h), 16 lanes.
  static inline T mul(T a, T b) {
    const T pinv = _mm512_set1_epi32(static_cast<int>(BabyBear::kPInv));
    T prod_even = _mm512_mul_epu32(a, b);
    T prod_odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), _mm512_srli_epi64(b, 32));
    T qp_even = _mm512_mul_epu32(_mm512_mul_epu32(prod_even, pinv), p());
    T qp_odd = _mm512_mul_epu32(_mm512_mul_epu32(prod_odd, pinv), p());
    T prod_hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(prod_even, 32), prod_odd);
    T qp_hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(qp_even, 32), qp_odd);
    T t = _mm512_sub_epi32(prod_hi, qp_hi);
    return _mm512_min_epu32(t, _mm512_add_epi32(t, p()));
  }
};
using Sliced16 = Poseidon2Sliced<Avx512>;

}  // namespace

bool compiled() { return true; }
void hash16(const BabyBear* const* base, size_t n, size_t stride, Digest* out) { Sliced16::hash(base, n, stride, out); }
void compress16(const Digest* left, const Digest* right, Digest* out) { Sliced16::compress(left, right, out); }
void permute16(BabyBear (*states)[kPoseidon2Width]) { Sliced16::permute_states(states); }

}  // namespace swirl::sliced::avx512

#else

namespace swirl::sliced::avx512 {
bool compiled() { return false; }
void hash16(const BabyBear* const*, size_t, size_t, Digest*) {}
void compress16(const Digest*, const Digest*, Digest*) {}
void permute16(BabyBear (*)[kPoseidon2Width]) {}
}  // namespace swirl::sliced::avx512

#endif
