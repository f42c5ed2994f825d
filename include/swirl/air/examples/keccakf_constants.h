// Keccak-f[1600] constants as tabulated by the reference (p3-keccak-air
// v0.4.3, src/constants.rs and src/lib.rs). Facts, checked in the tests
// against the values keccakf_reference.h derives from FIPS 202.
#pragma once

#include <cstddef>
#include <cstdint>

namespace swirl::keccakf {

inline constexpr size_t kRounds = 24;
/// Limbs per 64-bit lane in the AIR (16 bits each: BabyBear holds them).
inline constexpr size_t kLimbsPerLane = 4;
inline constexpr size_t kBitsPerLimb = 16;

/// Rho offsets indexed [x][y].
inline constexpr uint8_t kRho[5][5] = {
    {0, 36, 3, 41, 18}, {1, 44, 10, 45, 2}, {62, 6, 43, 15, 61}, {28, 55, 25, 21, 56}, {27, 20, 39, 8, 14},
};

/// Iota round constants, round 0 first.
inline constexpr uint64_t kRoundConstants[kRounds] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000, 0x000000000000808B,
    0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008A, 0x0000000000000088,
    0x0000000080008009, 0x000000008000000A, 0x000000008000808B, 0x800000000000008B, 0x8000000000008089,
    0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
};

constexpr bool round_constant_bit(size_t round, size_t z) { return (kRoundConstants[round] >> z) & 1; }

constexpr uint64_t rotl64(uint64_t v, unsigned r) { return r == 0 ? v : (v << r) | (v >> (64 - r)); }

}  // namespace swirl::keccakf
