// Private to src/crypto: the lane-sliced Poseidon2 permutation written once
// over a SIMD "lane vector" type, instantiated for AVX2 (8 lanes) and
// AVX-512 (16 lanes). Register i holds lane i of `Vec::kLanes` states.
//
// Vec provides: type T; kLanes; splat(BabyBear); add, sub, mul (Montgomery,
// fully reduced, the same words as BabyBear's operators); halve and
// mul_2exp_neg<n> (BabyBear::halve, BabyBear::mul_2exp_neg); zero();
// load_lanes(const uint32_t*), store_lanes(T, uint32_t*).
#pragma once

#include <cstddef>
#include <cstdint>

#include "swirl/crypto/poseidon2.h"

namespace swirl::sliced {

template <typename Vec>
struct Poseidon2Sliced {
  using T = typename Vec::T;
  static constexpr int kLanes = Vec::kLanes;

  struct Constants {
    T external_initial[poseidon2_data::kHalfFullRounds][16];
    T external_final[poseidon2_data::kHalfFullRounds][16];
    T internal[poseidon2_data::kPartialRounds];
  };

  static const Constants& constants() {
    static const Constants c = [] {
      Constants k;
      const Poseidon2Constants& p = kPoseidon2Default;
      for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r)
        for (int i = 0; i < 16; ++i) {
          k.external_initial[r][i] = Vec::splat(p.external_initial[r][i]);
          k.external_final[r][i] = Vec::splat(p.external_final[r][i]);
        }
      for (int r = 0; r < poseidon2_data::kPartialRounds; ++r) k.internal[r] = Vec::splat(p.internal[r]);
      return k;
    }();
    return c;
  }

  static inline T sbox(T x) {
    T x2 = Vec::mul(x, x);
    T x3 = Vec::mul(x2, x);
    T x4 = Vec::mul(x2, x2);
    return Vec::mul(x3, x4);
  }

  static inline void mat4(T* x) {
    T t01 = Vec::add(x[0], x[1]);
    T t23 = Vec::add(x[2], x[3]);
    T t0123 = Vec::add(t01, t23);
    T t01123 = Vec::add(t0123, x[1]);
    T t01233 = Vec::add(t0123, x[3]);
    T y3 = Vec::add(t01233, Vec::add(x[0], x[0]));
    T y1 = Vec::add(t01123, Vec::add(x[2], x[2]));
    T y0 = Vec::add(t01123, t01);
    T y2 = Vec::add(t01233, t23);
    x[0] = y0;
    x[1] = y1;
    x[2] = y2;
    x[3] = y3;
  }

  static inline void external_linear(T* s) {
    for (int g = 0; g < 16; g += 4) mat4(s + g);
    T sums[4];
    for (int k = 0; k < 4; ++k) sums[k] = Vec::add(Vec::add(s[k], s[4 + k]), Vec::add(s[8 + k], s[12 + k]));
    for (int i = 0; i < 16; ++i) s[i] = Vec::add(s[i], sums[i & 3]);
  }

  // poseidon2_detail::internal_linear, lane-sliced: V's products as
  // additions, halvings and shift-and-folds instead of Montgomery products
  // (a quarter of the permutation's multiplications).
  static inline void internal_linear(T* s) {
    T sum = s[0];
    for (int i = 1; i < 16; ++i) sum = Vec::add(sum, s[i]);
    const T d0 = Vec::add(s[0], s[0]), d4 = Vec::add(s[4], s[4]), d5 = Vec::add(s[5], s[5]);
    const T d7 = Vec::add(s[7], s[7]), d8 = Vec::add(s[8], s[8]);
    s[0] = Vec::sub(sum, d0);                                    // -2
    s[1] = Vec::add(sum, s[1]);                                  // 1
    s[2] = Vec::add(sum, Vec::add(s[2], s[2]));                  // 2
    s[3] = Vec::add(sum, Vec::halve(s[3]));                      // 1/2
    s[4] = Vec::add(sum, Vec::add(d4, s[4]));                    // 3
    s[5] = Vec::add(sum, Vec::add(d5, d5));                      // 4
    s[6] = Vec::sub(sum, Vec::halve(s[6]));                      // -1/2
    s[7] = Vec::sub(sum, Vec::add(d7, s[7]));                    // -3
    s[8] = Vec::sub(sum, Vec::add(d8, d8));                      // -4
    s[9] = Vec::add(sum, Vec::template mul_2exp_neg<8>(s[9]));    // 1/2^8
    s[10] = Vec::add(sum, Vec::template mul_2exp_neg<2>(s[10]));  // 1/4
    s[11] = Vec::add(sum, Vec::template mul_2exp_neg<3>(s[11]));  // 1/8
    s[12] = Vec::add(sum, Vec::template mul_2exp_neg<27>(s[12])); // 1/2^27
    s[13] = Vec::sub(sum, Vec::template mul_2exp_neg<8>(s[13]));  // -1/2^8
    s[14] = Vec::sub(sum, Vec::template mul_2exp_neg<4>(s[14]));  // -1/16
    s[15] = Vec::sub(sum, Vec::template mul_2exp_neg<27>(s[15])); // -1/2^27
  }

  static void permute(T* s) {
    const Constants& c = constants();
    external_linear(s);
    for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) {
      for (int i = 0; i < 16; ++i) s[i] = sbox(Vec::add(s[i], c.external_initial[r][i]));
      external_linear(s);
    }
    for (int r = 0; r < poseidon2_data::kPartialRounds; ++r) {
      s[0] = sbox(Vec::add(s[0], c.internal[r]));
      internal_linear(s);
    }
    for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) {
      for (int i = 0; i < 16; ++i) s[i] = sbox(Vec::add(s[i], c.external_final[r][i]));
      external_linear(s);
    }
  }

  static inline T gather(const BabyBear* const* src, size_t idx, size_t stride) {
    alignas(64) uint32_t w[kLanes];
    for (int j = 0; j < kLanes; ++j) w[j] = src[j][idx * stride].monty();
    return Vec::load_lanes(w);
  }

  /// Sponge hash of kLanes inputs (element i of input j at base[j][i * stride]).
  static void hash(const BabyBear* const* base, size_t n, size_t stride, Digest* out) {
    T s[16];
    for (auto& v : s) v = Vec::zero();
    size_t i = 0;
    while (i < n) {
      size_t take = n - i < static_cast<size_t>(kPoseidon2Rate) ? n - i : kPoseidon2Rate;
      for (size_t k = 0; k < take; ++k) s[k] = gather(base, i + k, stride);
      permute(s);
      i += take;
    }
    store_digests(s, out);
  }

  /// kLanes compressions of (left[j], right[j]).
  static void compress(const Digest* left, const Digest* right, Digest* out) {
    T s[16];
    alignas(64) uint32_t w[kLanes];
    for (int k = 0; k < kDigestSize; ++k) {
      for (int j = 0; j < kLanes; ++j) w[j] = left[j][k].monty();
      s[k] = Vec::load_lanes(w);
      for (int j = 0; j < kLanes; ++j) w[j] = right[j][k].monty();
      s[kDigestSize + k] = Vec::load_lanes(w);
    }
    permute(s);
    store_digests(s, out);
  }

  static inline void store_digests(const T* s, Digest* out) {
    alignas(64) uint32_t w[kLanes];
    for (int k = 0; k < kDigestSize; ++k) {
      Vec::store_lanes(s[k], w);
      for (int j = 0; j < kLanes; ++j) out[j][k] = BabyBear::from_monty(w[j]);
    }
  }

  static void permute_states(BabyBear (*states)[kPoseidon2Width]) {
    T s[16];
    alignas(64) uint32_t w[kLanes];
    for (int i = 0; i < 16; ++i) {
      for (int j = 0; j < kLanes; ++j) w[j] = states[j][i].monty();
      s[i] = Vec::load_lanes(w);
    }
    permute(s);
    for (int i = 0; i < 16; ++i) {
      Vec::store_lanes(s[i], w);
      for (int j = 0; j < kLanes; ++j) states[j][i] = BabyBear::from_monty(w[j]);
    }
  }
};

/// AVX-512 entry points (defined in poseidon2_avx512.cpp, compiled with
/// AVX-512 enabled; call only when the CPU supports it).
namespace avx512 {
bool compiled();
void hash16(const BabyBear* const* base, size_t n, size_t stride, Digest* out);
void compress16(const Digest* left, const Digest* right, Digest* out);
void permute16(BabyBear (*states)[kPoseidon2Width]);
}  // namespace avx512

}  // namespace swirl::sliced
