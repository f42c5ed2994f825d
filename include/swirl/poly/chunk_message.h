// The RS message of one skip-domain chunk (step 1 of poly/rs_code.h on the
// 2^l_skip values of one x) as straight-line code for registers, so that a
// GPU thread turns the chunk it holds into its message with ~2^l_skip
// log-linear work instead of the 2^l_skip x 2^l_skip matrix product
// (backend/cuda/commit.cu's first RS pass; the host keeps its SIMD matrix,
// poly/rs_code.cpp). The same field values as eval_to_coeff_rs_message: the
// map is linear and the arithmetic exact; tests/poly/rs_code_test.cpp
// compares them.
//
//  1. inverse DFT on D = <w>, w = two_adic_generator(l_skip): radix-2
//     decimation in frequency with the twiddles w^-e, natural order in,
//     bit-reversed out, then the 1/2^l_skip scale while the order is put
//     back;
//  2. subset-zeta over the l_skip bits of the Z-exponent (additions only).
#pragma once

#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/util/hd.h"

namespace swirl {

/// The constants chunk_message<2^l_skip> reads: table[e] = w^-e for e <
/// 2^(l_skip-1), then table[2^(l_skip-1)] = 1 / 2^l_skip. Host only.
inline std::vector<BabyBear> chunk_message_table(int l_skip) {
  const size_t len = size_t{1} << l_skip, half = len / 2;
  const BabyBear w_inv = BabyBear::two_adic_generator(l_skip).inverse();
  std::vector<BabyBear> t(half + 1);
  BabyBear p = BabyBear::one();
  for (size_t e = 0; e < half; ++e, p *= w_inv) t[e] = p;
  t[half] = BabyBear::from_canonical(static_cast<uint32_t>(len)).inverse();
  return t;
}

namespace detail {
// Bit reversal of the low `bits` bits of k, at compile time in unrolled loops.
SWIRL_HD constexpr int reverse_bits(int k, int bits) {
  int r = 0;
  for (int i = 0; i < bits; ++i) r |= ((k >> i) & 1) << (bits - 1 - i);
  return r;
}
SWIRL_HD constexpr int log2_of(int n) { return n <= 1 ? 0 : 1 + log2_of(n / 2); }
}  // namespace detail

/// The message of one chunk of kC = 2^l_skip evaluations, in place (v[z] is
/// the value at w^z in, message entry z out); `table` is
/// chunk_message_table(l_skip). For kC = 16: 17 twiddle products, 16 scale
/// products, 64 + 32 additions, where the matrix takes 256 products.
template <int kC>
SWIRL_HD inline void chunk_message(BabyBear (&v)[kC], const BabyBear* table) {
  static_assert(kC >= 2 && (kC & (kC - 1)) == 0, "a chunk is a power of two of at least 2 values");
  constexpr int kLog = detail::log2_of(kC);
  // DIF: at half-size h the twiddle of offset j is w_{2h}^-j = w^-(j kC / 2h).
#pragma unroll
  for (int h = kC / 2; h >= 1; h /= 2) {
#pragma unroll
    for (int s = 0; s < kC; s += 2 * h) {
#pragma unroll
      for (int j = 0; j < h; ++j) {
        const BabyBear a = v[s + j], b = v[s + j + h];
        v[s + j] = a + b;
        v[s + j + h] = j == 0 ? a - b : (a - b) * table[j * (kC / (2 * h))];
      }
    }
  }
  BabyBear c[kC];
  const BabyBear scale = table[kC / 2];
#pragma unroll
  for (int k = 0; k < kC; ++k) c[k] = v[detail::reverse_bits(k, kLog)] * scale;
  // Subset-zeta: c[S] = sum over T subset of S of c[T].
#pragma unroll
  for (int step = 1; step < kC; step *= 2) {
#pragma unroll
    for (int i = 0; i < kC; i += 2 * step) {
#pragma unroll
      for (int j = i; j < i + step; ++j) c[j + step] += c[j];
    }
  }
#pragma unroll
  for (int k = 0; k < kC; ++k) v[k] = c[k];
}

}  // namespace swirl
