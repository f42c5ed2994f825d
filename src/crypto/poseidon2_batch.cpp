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
