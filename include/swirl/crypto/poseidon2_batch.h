// Many Poseidon2 permutations, hashes and compressions at once on the host.
//
// States are lane-sliced into SIMD registers (register i holds lane i of 16
// states with AVX-512, of 8 with AVX2), so one pass of the permutation's code
// serves 16 or 8 independent inputs. The results are bit-for-bit those of
// poseidon2_permute / poseidon2_hash / poseidon2_compress. AVX-512 is chosen
// at run time when the CPU has it; without AVX2 at compile time
// (SWIRL_HOST_ARCH empty) everything falls back to the scalar code.
//
// These are the host hot paths of Merkle trees (leaf rows, digest layers) and
// proof-of-work search.
#pragma once

#include <cstddef>

#include "swirl/crypto/poseidon2.h"

namespace swirl {

/// Permutes one state in place, the 16 lanes across SIMD registers (AVX2:
/// two), for sequential callers such as the transcript's sponge; the
/// result is poseidon2_permute's.
void poseidon2_permute_one(BabyBear* state);

/// Permutes states[0..count) in place.
void poseidon2_permute_many(BabyBear (*states)[kPoseidon2Width], size_t count);

/// out[j] = poseidon2_hash of input j, j < count, where input j has n
/// elements and element i of it is bases[j][i * stride]. (stride 1: plain
/// arrays; stride = height: a row of a column-major matrix.)
void poseidon2_hash_many(const BabyBear* const* bases, size_t count, size_t n, size_t stride, Digest* out);

/// out[j] = poseidon2_compress(left[j], right[j]), j < count.
void poseidon2_compress_many(const Digest* left, const Digest* right, size_t count, Digest* out);

/// parents[i] = poseidon2_compress(children[2i], children[2i+1]), i < count:
/// one layer of a binary Merkle tree.
void poseidon2_compress_pairs(const Digest* children, size_t count, Digest* parents);

/// How many inputs one SIMD pass handles on this CPU (16, 8 or 1).
int poseidon2_batch_lanes();

}  // namespace swirl
