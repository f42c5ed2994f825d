#include "swirl/crypto/poseidon2_batch.h"

#include <vector>

#include "field/babybear_avx2.h"
#include "poseidon2_sliced.h"
#include "swirl/crypto/hash.h"

namespace swirl {

namespace {

#if defined(__AVX2__)

using simd::Avx2;
using Sliced8 = sliced::Poseidon2Sliced<Avx2>;

bool use_avx512() {
  static const bool yes = sliced::avx512::compiled() && __builtin_cpu_supports("avx512f");
  return yes;
}

#else

bool use_avx512() { return false; }

#endif

#if defined(__AVX2__)

// One state across two AVX2 registers: a = lanes 0..7, b = lanes 8..15, so
// each 128-bit half is one group of four lanes of the external layer.
struct Wide {
  using V = Avx2;
  static __m256i load(const BabyBear* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static void store(BabyBear* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

  static __m256i sbox(__m256i x) {
    const __m256i x2 = V::mul(x, x);
    return V::mul(V::mul(x2, x), V::mul(x2, x2));
  }
  // circ(2, 3, 1, 1) per group: y_i = S + x_i + 2 x_{i+1}, S the group's sum.
  static __m256i mat4(__m256i x) {
    const __m256i s1 = V::add(x, _mm256_shuffle_epi32(x, 0x4E));
    const __m256i s = V::add(s1, _mm256_shuffle_epi32(s1, 0xB1));
    const __m256i r1 = _mm256_shuffle_epi32(x, _MM_SHUFFLE(0, 3, 2, 1));
    return V::add(V::add(s, x), V::add(r1, r1));
  }
  // M4 per group, then every lane adds the sum of its residue class mod 4.
  static void external(__m256i& a, __m256i& b) {
    a = mat4(a);
    b = mat4(b);
    const __m256i c = V::add(a, b);
    const __m256i d = V::add(c, _mm256_permute2x128_si256(c, c, 1));
    a = V::add(a, d);
    b = V::add(b, d);
  }
  // The sum of the eight lanes, in every lane.
  static __m256i hsum(__m256i x) {
    x = V::add(x, _mm256_permute2x128_si256(x, x, 1));
    x = V::add(x, _mm256_shuffle_epi32(x, 0x4E));
    return V::add(x, _mm256_shuffle_epi32(x, 0xB1));
  }

  static void permute(BabyBear* st) {
    const Poseidon2Constants& c = kPoseidon2Default;
    __m256i a = load(st), b = load(st + 8);
    external(a, b);
    for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) {
      a = sbox(V::add(a, load(c.external_initial[r])));
      b = sbox(V::add(b, load(c.external_initial[r] + 8)));
      external(a, b);
    }
    // Partial rounds. Lane 0 is kept as a scalar, and so are the two sums
    // the round needs of lanes 1..15: rest = sum x_i and dsum = sum d_i x_i.
    // With s0 = sbox(x0 + c) and tot = s0 + rest, the round gives
    //   x0' = tot + d_0 s0 = rest - s0            (d_0 = -2),
    //   x_i' = tot + d_i x_i                       (the vectors; lane 0 of a stale),
    //   rest' = 15 tot + dsum,                     dsum' from the new vectors.
    // So the chain from one round's S-box to the next is one subtraction;
    // the vector work and the sums of the new lanes (needed a round later)
    // run beside the next S-box instead of in front of it.
    static_assert(kPoseidon2Default.internal_diag[0] == -BabyBear::from_canonical(2), "x0' = rest - s0 needs d_0 = -2");
    const __m256i diag_a = load(c.internal_diag), diag_b = load(c.internal_diag + 8);
    const BabyBear fifteen = BabyBear::from_canonical(15);
    const auto lane0 = [](__m256i x) { return BabyBear::from_monty(static_cast<uint32_t>(_mm256_cvtsi256_si32(x))); };
    const auto dsum_of = [&](__m256i x, __m256i y) {
      return lane0(hsum(V::add(V::mul(diag_a, _mm256_blend_epi32(x, _mm256_setzero_si256(), 1)), V::mul(diag_b, y))));
    };
    BabyBear l0 = lane0(a);
    BabyBear rest = lane0(hsum(V::add(_mm256_blend_epi32(a, _mm256_setzero_si256(), 1), b)));
    BabyBear dsum = dsum_of(a, b);
    for (int r = 0; r < poseidon2_data::kPartialRounds; ++r) {
      const BabyBear s0 = poseidon2_detail::sbox(l0 + c.internal[r]);
      const BabyBear tot = s0 + rest;
      l0 = rest - s0;
      rest = fifteen * tot + dsum;
      const __m256i t = _mm256_set1_epi32(static_cast<int>(tot.monty()));
      a = V::add(t, V::mul(diag_a, a));
      b = V::add(t, V::mul(diag_b, b));
      dsum = dsum_of(a, b);
    }
    a = _mm256_blend_epi32(a, _mm256_set1_epi32(static_cast<int>(l0.monty())), 1);
    for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) {
      a = sbox(V::add(a, load(c.external_final[r])));
      b = sbox(V::add(b, load(c.external_final[r] + 8)));
      external(a, b);
    }
    store(st, a);
    store(st + 8, b);
  }
};

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

void poseidon2_permute_one(BabyBear* state) {
#if defined(__AVX2__)
  Wide::permute(state);
#else
  poseidon2_permute(state);
#endif
}

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
