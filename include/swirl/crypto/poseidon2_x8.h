// Eight Poseidon2 permutations at once on the host, one state per 32-bit lane
// of AVX2 registers ("lane-sliced": register i holds lane i of all eight
// states). Same permutation, same results as poseidon2_permute, bit for bit;
// about an order of magnitude faster per permutation on a core with AVX2.
// Used by the host Merkle trees, the sponge hash of many rows and grinding.
// Without AVX2 (SWIRL_HOST_ARCH empty) it falls back to eight scalar calls.
#pragma once

#include <cstddef>

#include "swirl/crypto/poseidon2.h"

namespace swirl {

/// Permutes states[0..8), each 16 elements, in place.
void poseidon2_permute_x8(BabyBear (*states)[kPoseidon2Width]);

/// Sponge-hashes eight inputs of the same length n (inputs[j] points at n
/// elements) into out[j], exactly as poseidon2_hash does for each.
void poseidon2_hash_x8(const BabyBear* const* inputs, size_t n, BabyBear (*out)[kDigestSize]);

/// Like poseidon2_hash_x8, but input j is read with a stride: element i of
/// input j is base[j][i * stride]. Used to hash matrix rows stored
/// column-major without gathering them first.
void poseidon2_hash_strided_x8(const BabyBear* const* base, size_t n, size_t stride, BabyBear (*out)[kDigestSize]);

/// Eight 2-to-1 compressions: out[j] = compress(left[j], right[j]).
void poseidon2_compress_x8(const BabyBear (*left)[kDigestSize], const BabyBear (*right)[kDigestSize],
                           BabyBear (*out)[kDigestSize]);

}  // namespace swirl
