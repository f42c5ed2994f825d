// Column layout of the keccak-f[1600] AIR: the same columns in the same
// order as p3-keccak-air v0.4.3 (`KeccakCols`, src/columns.rs), so a trace,
// its commitment and the constraint DAG line up with the reference's.
//
// One row is one round. Groups, in column order (count):
//   step_flags[24]            one-hot round number                    (24)
//   export                    never set by the generator               (1)
//   preimage[y][x][limb]      the permutation input, 16-bit limbs    (100)
//   a[y][x][limb]             this round's input state               (100)
//   c[x][z]                   bits of C[x] = xor_y A[x, y]           (320)
//   c_prime[x][z]             bits of C'[x] = C[x]^C[x-1]^rot(C[x+1],1) (320)
//   a_prime[y][x][z]          bits of A' = A ^ D (theta applied)    (1600)
//   a_prime_prime[y][x][limb] limbs of A'' (rho, pi, chi applied)    (100)
//   a_prime_prime_0_0_bits[z] bits of A''[0, 0]                       (64)
//   a_prime_prime_prime_0_0_limbs[limb]  limbs of A''[0,0] ^ RC        (4)
// total 2633 = NUM_KECCAK_COLS (size_of::<KeccakCols<u8>>()).
//
// State arrays are stored y-major ([y][x]), so the flat lane index x + 5y of
// an input maps to consecutive column groups. Limb k of a lane is bits
// [16k, 16k + 16); bit z of a lane is its bit of weight 2^z.
#pragma once

#include <cstddef>

#include "swirl/air/examples/keccakf_constants.h"

namespace swirl::keccakf {

struct Cols {
  static constexpr size_t kStepFlags = 0;
  static constexpr size_t kExport = kStepFlags + kRounds;
  static constexpr size_t kPreimage = kExport + 1;
  static constexpr size_t kA = kPreimage + 25 * kLimbsPerLane;
  static constexpr size_t kC = kA + 25 * kLimbsPerLane;
  static constexpr size_t kCPrime = kC + 5 * 64;
  static constexpr size_t kAPrime = kCPrime + 5 * 64;
  static constexpr size_t kAPrimePrime = kAPrime + 25 * 64;
  static constexpr size_t kAPrimePrime00Bits = kAPrimePrime + 25 * kLimbsPerLane;
  static constexpr size_t kAPrimePrimePrime00Limbs = kAPrimePrime00Bits + 64;
  static constexpr size_t kWidth = kAPrimePrimePrime00Limbs + kLimbsPerLane;

  static constexpr size_t step_flag(size_t round) { return kStepFlags + round; }
  static constexpr size_t export_flag() { return kExport; }
  static constexpr size_t preimage(size_t y, size_t x, size_t limb) { return kPreimage + (5 * y + x) * kLimbsPerLane + limb; }
  static constexpr size_t a(size_t y, size_t x, size_t limb) { return kA + (5 * y + x) * kLimbsPerLane + limb; }
  static constexpr size_t c(size_t x, size_t z) { return kC + 64 * x + z; }
  static constexpr size_t c_prime(size_t x, size_t z) { return kCPrime + 64 * x + z; }
  static constexpr size_t a_prime(size_t y, size_t x, size_t z) { return kAPrime + (5 * y + x) * 64 + z; }
  static constexpr size_t a_prime_prime(size_t y, size_t x, size_t limb) {
    return kAPrimePrime + (5 * y + x) * kLimbsPerLane + limb;
  }
  static constexpr size_t a_prime_prime_0_0_bit(size_t z) { return kAPrimePrime00Bits + z; }
  static constexpr size_t a_prime_prime_prime_0_0_limb(size_t limb) { return kAPrimePrimePrime00Limbs + limb; }

  /// The round's output A''' (the next round's input): lane (0, 0) has its own
  /// limbs, every other lane is A'' unchanged.
  static constexpr size_t a_prime_prime_prime(size_t y, size_t x, size_t limb) {
    return (x == 0 && y == 0) ? a_prime_prime_prime_0_0_limb(limb) : a_prime_prime(y, x, limb);
  }

  /// B[x, y] bit z. B is not stored: B[x, y] = rot(A'[x', y'], r[x'][y'])
  /// with x' = (x + 3y) mod 5, y' = x (rho then pi), so its bit z is bit
  /// z - r of that A' lane.
  static constexpr size_t b(size_t x, size_t y, size_t z) {
    const size_t xs = (x + 3 * y) % 5;
    const size_t ys = x;
    const size_t rot = kRho[xs][ys];
    return a_prime(ys, xs, (z + 64 - rot) % 64);
  }
};

/// NUM_KECCAK_COLS of p3-keccak-air v0.4.3.
inline constexpr size_t kNumCols = Cols::kWidth;
static_assert(kNumCols == 2633, "p3-keccak-air's KeccakCols has 2633 columns");

}  // namespace swirl::keccakf
