// A plain Keccak-f[1600] permutation, written from the FIPS 202 step
// mappings (theta, rho, pi, chi, iota). It is the independent model the
// keccak-f AIR's trace generator is tested against, so it derives its own
// constants (round constants from the LFSR rc(t), rho offsets from the
// (t+1)(t+2)/2 walk) instead of sharing the tables in keccakf_constants.h.
#pragma once

#include <array>
#include <cstdint>

namespace swirl {

/// 25 lanes of 64 bits; lane (x, y) sits at index x + 5 * y, as in FIPS 202
/// and as the reference's `[u64; 25]` inputs are laid out.
using KeccakState = std::array<uint64_t, 25>;

/// The 24-round Keccak-f[1600] permutation, in place.
void keccakf_permute(KeccakState& state);

/// Round constants computed by the rc(t) LFSR of FIPS 202, algorithm 5.
std::array<uint64_t, 24> keccakf_derived_round_constants();

/// Rho rotation offsets indexed [x][y], computed by the walk of FIPS 202,
/// algorithm 2.
std::array<std::array<int, 5>, 5> keccakf_derived_rho_offsets();

}  // namespace swirl
