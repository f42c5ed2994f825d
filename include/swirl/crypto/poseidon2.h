// Poseidon2 over BabyBear, width 16 (the permutation of the reference config).
//
// Structure (Poseidon2 paper, arXiv 2023/323, with Plonky3's choice of
// matrices):
//   external linear layer;
//   4 full rounds:    add round constants to all 16 lanes, x^7 on all lanes,
//                     external linear layer;
//   13 partial rounds: add one constant to lane 0, x^7 on lane 0,
//                     internal linear layer;
//   4 full rounds as above with the final constants.
// External linear layer: the 4x4 circulant M4 = circ(2, 3, 1, 1) applied to
// each group of four lanes, then every lane adds the sum of the lanes in its
// residue class mod 4 (the block matrix [[2M4, M4, ...], [M4, 2M4, ...], ...]).
// Internal linear layer: s_i <- sum(s) + V_i * s_i, with
//   V = [-2, 1, 2, 1/2, 3, 4, -1/2, -3, -4, 1/2^8, 1/4, 1/8, 1/2^27,
//        -1/2^8, -1/16, -1/2^27].
//
// The permutation is one header-only function for host and device; the
// constants live in a table (in __constant__ memory on the device) so tests
// can also run the permutation with other constants (the published vectors
// use constants drawn from a seeded PRNG).
#pragma once

#include <array>
#include <cstdint>

#include "swirl/crypto/poseidon2_constants.h"
#include "swirl/field/babybear.h"

namespace swirl {

inline constexpr int kPoseidon2Width = 16;
/// Sponge rate and digest length of the reference config (8 elements each).
inline constexpr int kPoseidon2Rate = 8;
inline constexpr int kDigestSize = 8;

struct Poseidon2Constants {
  BabyBear external_initial[poseidon2_data::kHalfFullRounds][kPoseidon2Width];
  BabyBear external_final[poseidon2_data::kHalfFullRounds][kPoseidon2Width];
  BabyBear internal[poseidon2_data::kPartialRounds];
  /// Diagonal V of the internal layer (matrix 1 + diag(V)). The lane-sliced
  /// and scalar permutations apply Plonky3's V through additions, halvings
  /// and shifts (internal_linear) rather than reading this table; it is the
  /// definition they are tested against, and the one-state AVX2 path
  /// multiplies by it.
  BabyBear internal_diag[kPoseidon2Width];
};

namespace poseidon2_detail {

constexpr BabyBear inv_pow2(int k) { return BabyBear::two().pow(k).inverse(); }

constexpr void fill_internal_diag(Poseidon2Constants& c) {
  const BabyBear half = inv_pow2(1);
  const BabyBear diag[kPoseidon2Width] = {
      BabyBear::from_i64(-2), BabyBear::from_u32(1), BabyBear::from_u32(2), half,
      BabyBear::from_u32(3),  BabyBear::from_u32(4), -half,                 BabyBear::from_i64(-3),
      BabyBear::from_i64(-4), inv_pow2(8),           inv_pow2(2),           inv_pow2(3),
      inv_pow2(27),           -inv_pow2(8),          -inv_pow2(4),          -inv_pow2(27),
  };
  for (int i = 0; i < kPoseidon2Width; ++i) c.internal_diag[i] = diag[i];
}

constexpr Poseidon2Constants make_default() {
  Poseidon2Constants c{};
  for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) {
    for (int i = 0; i < kPoseidon2Width; ++i) {
      c.external_initial[r][i] = BabyBear::from_canonical(poseidon2_data::kExternalInitial[r][i]);
      c.external_final[r][i] = BabyBear::from_canonical(poseidon2_data::kExternalFinal[r][i]);
    }
  }
  for (int r = 0; r < poseidon2_data::kPartialRounds; ++r)
    c.internal[r] = BabyBear::from_canonical(poseidon2_data::kInternal[r]);
  fill_internal_diag(c);
  return c;
}

}  // namespace poseidon2_detail

/// The constants of the reference configuration.
inline constexpr Poseidon2Constants kPoseidon2Default = poseidon2_detail::make_default();

#if defined(__CUDACC__)
// One copy per translation unit, in the constant cache: every thread of a warp
// reads the same constant in the same round, which is what that cache serves.
static __constant__ Poseidon2Constants d_poseidon2_default = kPoseidon2Default;
#endif

/// The default constants, from constant memory on the device.
SWIRL_HD SWIRL_FORCEINLINE const Poseidon2Constants& poseidon2_default_constants() {
#if SWIRL_DEVICE_PASS
  return d_poseidon2_default;
#else
  return kPoseidon2Default;
#endif
}

namespace poseidon2_detail {

SWIRL_HD SWIRL_FORCEINLINE BabyBear sbox(BabyBear x) {
  BabyBear x2 = x * x;
  BabyBear x3 = x2 * x;
  BabyBear x4 = x2 * x2;
  return x3 * x4;  // x^7
}

/// circ(2, 3, 1, 1) on four lanes.
SWIRL_HD SWIRL_FORCEINLINE void mat4(BabyBear* x) {
  BabyBear t01 = x[0] + x[1];
  BabyBear t23 = x[2] + x[3];
  BabyBear t0123 = t01 + t23;
  BabyBear t01123 = t0123 + x[1];
  BabyBear t01233 = t0123 + x[3];
  BabyBear y3 = t01233 + x[0].doubled();  // 3x0 + x1 + x2 + 2x3
  BabyBear y1 = t01123 + x[2].doubled();  // x0 + 2x1 + 3x2 + x3
  BabyBear y0 = t01123 + t01;             // 2x0 + 3x1 + x2 + x3
  BabyBear y2 = t01233 + t23;             // x0 + x1 + 2x2 + 3x3
  x[0] = y0;
  x[1] = y1;
  x[2] = y2;
  x[3] = y3;
}

SWIRL_HD SWIRL_FORCEINLINE void external_linear(BabyBear* s) {
#pragma unroll
  for (int g = 0; g < kPoseidon2Width; g += 4) mat4(s + g);
  BabyBear sums[4];
#pragma unroll
  for (int k = 0; k < 4; ++k) sums[k] = s[k] + s[4 + k] + s[8 + k] + s[12 + k];
#pragma unroll
  for (int i = 0; i < kPoseidon2Width; ++i) s[i] += sums[i & 3];
}

/// s_i <- sum(s) + V_i s_i with V = internal_diag's values (the table is
/// what the tests check them against): each V_i is a small integer, +-1/2
/// or +-2^-k, so each product is additions, a halving or a shift-and-fold
/// (BabyBear::mul_2exp_neg) instead of a Montgomery product.
SWIRL_HD SWIRL_FORCEINLINE void internal_linear(BabyBear* s) {
  BabyBear sum = s[0];
#pragma unroll
  for (int i = 1; i < kPoseidon2Width; ++i) sum += s[i];
  s[0] = sum - s[0].doubled();                 // -2
  s[1] = sum + s[1];                           // 1
  s[2] = sum + s[2].doubled();                 // 2
  s[3] = sum + s[3].halve();                   // 1/2
  s[4] = sum + (s[4].doubled() + s[4]);        // 3
  s[5] = sum + s[5].doubled().doubled();       // 4
  s[6] = sum - s[6].halve();                   // -1/2
  s[7] = sum - (s[7].doubled() + s[7]);        // -3
  s[8] = sum - s[8].doubled().doubled();       // -4
  s[9] = sum + s[9].mul_2exp_neg(8);           // 1/2^8
  s[10] = sum + s[10].mul_2exp_neg(2);         // 1/4
  s[11] = sum + s[11].mul_2exp_neg(3);         // 1/8
  s[12] = sum + s[12].mul_2exp_neg(27);        // 1/2^27
  s[13] = sum - s[13].mul_2exp_neg(8);         // -1/2^8
  s[14] = sum - s[14].mul_2exp_neg(4);         // -1/16
  s[15] = sum - s[15].mul_2exp_neg(27);        // -1/2^27
}

SWIRL_HD SWIRL_FORCEINLINE void full_round(BabyBear* s, const BabyBear* rc) {
#pragma unroll
  for (int i = 0; i < kPoseidon2Width; ++i) s[i] = sbox(s[i] + rc[i]);
  external_linear(s);
}

}  // namespace poseidon2_detail

/// Applies the permutation in place with the given constants.
SWIRL_HD inline void poseidon2_permute(BabyBear* state, const Poseidon2Constants& c) {
  using namespace poseidon2_detail;
  external_linear(state);
#pragma unroll
  for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) full_round(state, c.external_initial[r]);
#pragma unroll
  for (int r = 0; r < poseidon2_data::kPartialRounds; ++r) {
    state[0] = sbox(state[0] + c.internal[r]);
    internal_linear(state);
  }
#pragma unroll
  for (int r = 0; r < poseidon2_data::kHalfFullRounds; ++r) full_round(state, c.external_final[r]);
}

/// Applies the reference configuration's permutation in place.
SWIRL_HD inline void poseidon2_permute(BabyBear* state) { poseidon2_permute(state, poseidon2_default_constants()); }

using Poseidon2State = std::array<BabyBear, kPoseidon2Width>;
using Digest = std::array<BabyBear, kDigestSize>;

inline Poseidon2State poseidon2_permuted(Poseidon2State s) {
  poseidon2_permute(s.data());
  return s;
}

}  // namespace swirl
