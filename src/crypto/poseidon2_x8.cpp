#include "swirl/crypto/poseidon2_x8.h"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace swirl {

#if defined(__AVX2__)

namespace {

// Eight BabyBear elements in Montgomery form, one per 32-bit lane.
using V = __m256i;

inline V splat(BabyBear x) { return _mm256_set1_epi32(static_cast<int>(x.monty())); }
const V kP = _mm256_set1_epi32(static_cast<int>(BabyBear::kP));
const V kPInv = _mm256_set1_epi32(static_cast<int>(BabyBear::kPInv));

// The same branch-free reductions as BabyBear's scalar operators: the unsigned
// minimum picks the value in [0, p).
inline V add(V a, V b) {
  V s = _mm256_add_epi32(a, b);
  return _mm256_min_epu32(s, _mm256_sub_epi32(s, kP));
}
inline V sub(V a, V b) {
  V d = _mm256_sub_epi32(a, b);
  return _mm256_min_epu32(d, _mm256_add_epi32(d, kP));
}

// Montgomery product of eight pairs. _mm256_mul_epu32 multiplies the even
// 32-bit lanes into 64-bit products, so even and odd lanes are done
// separately and their high halves blended back together. With
// q = (ab mod 2^32) * p^-1 mod 2^32, ab - qp is divisible by 2^32 and its
// high half hi(ab) - hi(qp) lies in (-p, p).
inline V mul(V a, V b) {
  V a_odd = _mm256_srli_epi64(a, 32);
  V b_odd = _mm256_srli_epi64(b, 32);
  V prod_even = _mm256_mul_epu32(a, b);
  V prod_odd = _mm256_mul_epu32(a_odd, b_odd);
  V q_even = _mm256_mul_epu32(prod_even, kPInv);
  V q_odd = _mm256_mul_epu32(prod_odd, kPInv);
  V qp_even = _mm256_mul_epu32(q_even, kP);
  V qp_odd = _mm256_mul_epu32(q_odd, kP);
  V prod_hi = _mm256_blend_epi32(_mm256_srli_epi64(prod_even, 32), prod_odd, 0b10101010);
  V qp_hi = _mm256_blend_epi32(_mm256_srli_epi64(qp_even, 32), qp_odd, 0b10101010);
  V t = _mm256_sub_epi32(prod_hi, qp_hi);
  return _mm256_min_epu32(t, _mm256_add_epi32(t, kP));
}

inline V sbox(V x) {
  V x2 = mul(x, x);
  V x3 = mul(x2, x);
  V x4 = mul(x2, x2);
  return mul(x3, x4);
}

inline V dbl(V x) { return add(x, x); }

inline void mat4(V* x) {
  V t01 = add(x[0], x[1]);
  V t23 = add(x[2], x[3]);
  V t0123 = add(t01, t23);
  V t01123 = add(t0123, x[1]);
  V t01233 = add(t0123, x[3]);
  V y3 = add(t01233, dbl(x[0]));
  V y1 = add(t01123, dbl(x[2]));
  V y0 = add(t01123, t01);
  V y2 = add(t01233, t23);
  x[0] = y0;
  x[1] = y1;
  x[2] = y2;
  x[3] = y3;
}

inline void external_linear(V* s) {
  for (int g = 0; g < 16; g += 4) mat4(s + g);
  V sums[4];
  for (int k = 0; k < 4; ++k) sums[k] = add(add(s[k], s[4 + k]), add(s[8 + k], s[12 + k]));
  for (int i = 0; i < 16; ++i) s[i] = add(s[i], sums[i & 3]);
}

// The constants, splatted once.
struct SplatConstants {
  V external_initial[poseidon2_data::kHalfFullRounds][16];
  V external_final[poseidon2_data::kHalfFullRounds][16];
  V internal[poseidon2_data::kPartialRounds];
  V diag[16];
  SplatConstants() {
    const Poseidon2Constants& c = kPoseidon2Default;
    for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r)
      for (int i = 0; i < 16; ++i) {
        external_initial[r][i] = splat(c.external_initial[r][i]);
        external_final[r][i] = splat(c.external_final[r][i]);
      }
    for (int r = 0; r < poseidon2_data::kPartialRounds; ++r) internal[r] = splat(c.internal[r]);
    for (int i = 0; i < 16; ++i) diag[i] = splat(c.internal_diag[i]);
  }
};

const SplatConstants& constants() {
  static const SplatConstants c;
  return c;
}

void permute_sliced(V* s) {
  const SplatConstants& c = constants();
  external_linear(s);
  for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) {
    for (int i = 0; i < 16; ++i) s[i] = sbox(add(s[i], c.external_initial[r][i]));
    external_linear(s);
  }
  for (int r = 0; r < poseidon2_data::kPartialRounds; ++r) {
    s[0] = sbox(add(s[0], c.internal[r]));
    V sum = s[0];
    for (int i = 1; i < 16; ++i) sum = add(sum, s[i]);
    for (int i = 0; i < 16; ++i) s[i] = add(sum, mul(c.diag[i], s[i]));
  }
  for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) {
    for (int i = 0; i < 16; ++i) s[i] = sbox(add(s[i], c.external_final[r][i]));
    external_linear(s);
  }
}

// Lane j of register i <-> element i of state j.
inline V gather_lane(const BabyBear* const* src, size_t idx, size_t stride) {
  alignas(32) uint32_t w[8];
  for (int j = 0; j < 8; ++j) w[j] = src[j][idx * stride].monty();
  return _mm256_load_si256(reinterpret_cast<const V*>(w));
}
inline void scatter_lane(V v, BabyBear (*dst)[kDigestSize], int i) {
  alignas(32) uint32_t w[8];
  _mm256_store_si256(reinterpret_cast<V*>(w), v);
  for (int j = 0; j < 8; ++j) dst[j][i] = BabyBear::from_monty(w[j]);
}

}  // namespace

void poseidon2_permute_x8(BabyBear (*states)[kPoseidon2Width]) {
  V s[16];
  for (int i = 0; i < 16; ++i) {
    alignas(32) uint32_t w[8];
    for (int j = 0; j < 8; ++j) w[j] = states[j][i].monty();
    s[i] = _mm256_load_si256(reinterpret_cast<const V*>(w));
  }
  permute_sliced(s);
  for (int i = 0; i < 16; ++i) {
    alignas(32) uint32_t w[8];
    _mm256_store_si256(reinterpret_cast<V*>(w), s[i]);
    for (int j = 0; j < 8; ++j) states[j][i] = BabyBear::from_monty(w[j]);
  }
}

void poseidon2_hash_strided_x8(const BabyBear* const* base, size_t n, size_t stride,
                               BabyBear (*out)[kDigestSize]) {
  V s[16];
  for (auto& v : s) v = _mm256_setzero_si256();
  size_t i = 0;
  while (i < n) {
    size_t take = n - i < static_cast<size_t>(kPoseidon2Rate) ? n - i : kPoseidon2Rate;
    for (size_t k = 0; k < take; ++k) s[k] = gather_lane(base, i + k, stride);
    permute_sliced(s);
    i += take;
  }
  for (int k = 0; k < kDigestSize; ++k) scatter_lane(s[k], out, k);
}

void poseidon2_compress_x8(const BabyBear (*left)[kDigestSize], const BabyBear (*right)[kDigestSize],
                           BabyBear (*out)[kDigestSize]) {
  V s[16];
  const BabyBear* l[8];
  const BabyBear* r[8];
  for (int j = 0; j < 8; ++j) l[j] = left[j], r[j] = right[j];
  for (int k = 0; k < kDigestSize; ++k) {
    s[k] = gather_lane(l, k, 1);
    s[kDigestSize + k] = gather_lane(r, k, 1);
  }
  permute_sliced(s);
  for (int k = 0; k < kDigestSize; ++k) scatter_lane(s[k], out, k);
}

#else  // no AVX2: eight scalar permutations

void poseidon2_permute_x8(BabyBear (*states)[kPoseidon2Width]) {
  for (int j = 0; j < 8; ++j) poseidon2_permute(states[j]);
}

void poseidon2_hash_strided_x8(const BabyBear* const* base, size_t n, size_t stride,
                               BabyBear (*out)[kDigestSize]) {
  for (int j = 0; j < 8; ++j) {
    BabyBear s[kPoseidon2Width] = {};
    size_t i = 0;
    while (i < n) {
      size_t take = n - i < static_cast<size_t>(kPoseidon2Rate) ? n - i : kPoseidon2Rate;
      for (size_t k = 0; k < take; ++k) s[k] = base[j][(i + k) * stride];
      poseidon2_permute(s);
      i += take;
    }
    for (int k = 0; k < kDigestSize; ++k) out[j][k] = s[k];
  }
}

void poseidon2_compress_x8(const BabyBear (*left)[kDigestSize], const BabyBear (*right)[kDigestSize],
                           BabyBear (*out)[kDigestSize]) {
  for (int j = 0; j < 8; ++j) poseidon2_compress(left[j], right[j], out[j]);
}

#endif

void poseidon2_hash_x8(const BabyBear* const* inputs, size_t n, BabyBear (*out)[kDigestSize]) {
  poseidon2_hash_strided_x8(inputs, n, 1, out);
}

}  // namespace swirl
