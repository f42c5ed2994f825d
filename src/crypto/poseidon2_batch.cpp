#include "swirl/crypto/poseidon2_batch.h"

#include <vector>

#include "poseidon2_sliced.h"
#include "swirl/crypto/hash.h"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace swirl {

namespace {

#if defined(__AVX2__)

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
using Sliced8 = sliced::Poseidon2Sliced<Avx2>;

bool use_avx512() {
  static const bool yes = sliced::avx512::compiled() && __builtin_cpu_supports("avx512f");
  return yes;
}

#else

bool use_avx512() { return false; }

#endif

void scalar_hash(const BabyBear* base, size_t n, size_t stride, Digest& out) {
  BabyBear s[kPoseidon2Width] = {};
  size_t i = 0;
  while (i < n) {
    size_t take = n - i < static_cast<size_t>(kPoseidon2Rate) ? n - i : kPoseidon2Rate;
    for (size_t k = 0; k < take; ++k) s[k] = base[(i + k) * stride];
    poseidon2_permute(s);
    i += take;
  }
  for (int k = 0; k < kDigestSize; ++k) out[k] = s[k];
}

}  // namespace

int poseidon2_batch_lanes() {
#if defined(__AVX2__)
  return use_avx512() ? 16 : 8;
#else
  return 1;
#endif
}

void poseidon2_permute_many(BabyBear (*states)[kPoseidon2Width], size_t count) {
  size_t j = 0;
#if defined(__AVX2__)
  if (use_avx512())
    for (; j + 16 <= count; j += 16) sliced::avx512::permute16(states + j);
  for (; j + 8 <= count; j += 8) Sliced8::permute_states(states + j);
#endif
  for (; j < count; ++j) poseidon2_permute(states[j]);
}

void poseidon2_hash_many(const BabyBear* const* bases, size_t count, size_t n, size_t stride, Digest* out) {
  size_t j = 0;
#if defined(__AVX2__)
  if (use_avx512())
    for (; j + 16 <= count; j += 16) sliced::avx512::hash16(bases + j, n, stride, out + j);
  for (; j + 8 <= count; j += 8) Sliced8::hash(bases + j, n, stride, out + j);
#endif
  for (; j < count; ++j) scalar_hash(bases[j], n, stride, out[j]);
}

void poseidon2_compress_many(const Digest* left, const Digest* right, size_t count, Digest* out) {
  size_t j = 0;
#if defined(__AVX2__)
  if (use_avx512())
    for (; j + 16 <= count; j += 16) sliced::avx512::compress16(left + j, right + j, out + j);
  for (; j + 8 <= count; j += 8) Sliced8::compress(left + j, right + j, out + j);
#endif
  for (; j < count; ++j) out[j] = poseidon2_compress(left[j], right[j]);
}

void poseidon2_compress_pairs(const Digest* children, size_t count, Digest* parents) {
  // Split into left and right children in chunks so the SIMD path reads
  // contiguous digests.
  constexpr size_t kChunk = 256;
  Digest left[kChunk], right[kChunk];
  for (size_t i0 = 0; i0 < count; i0 += kChunk) {
    size_t m = count - i0 < kChunk ? count - i0 : kChunk;
    for (size_t i = 0; i < m; ++i) {
      left[i] = children[2 * (i0 + i)];
      right[i] = children[2 * (i0 + i) + 1];
    }
    poseidon2_compress_many(left, right, m, parents + i0);
  }
}

}  // namespace swirl
