// The two hash functions built from the Poseidon2 permutation, as the
// reference config builds them:
//  * hash: a padding-free sponge of width 16, rate 8, output 8. The state
//    starts at zero; input overwrites lanes 0..7 block by block and each full
//    block is permuted; a final partial block overwrites only its first lanes
//    (the rest keep the previous output) and is permuted; an input that ends
//    exactly on a block boundary is not permuted again. The digest is lanes
//    0..7. The empty input hashes to eight zeros.
//  * compress: 2-to-1 truncated permutation: permute (left || right) and keep
//    lanes 0..7.
#pragma once

#include <cstddef>

#include "swirl/crypto/poseidon2.h"

namespace swirl {

/// Sponge hash of `n` base-field elements into `out[0..8)`.
SWIRL_HD inline void poseidon2_hash(const BabyBear* in, size_t n, BabyBear* out) {
  BabyBear s[kPoseidon2Width] = {};
  size_t i = 0;
  while (i < n) {
    size_t take = n - i < static_cast<size_t>(kPoseidon2Rate) ? n - i : kPoseidon2Rate;
    for (size_t j = 0; j < take; ++j) s[j] = in[i + j];
    poseidon2_permute(s);
    i += take;
  }
  for (int j = 0; j < kDigestSize; ++j) out[j] = s[j];
}

/// 2-to-1 compression of two digests.
SWIRL_HD inline void poseidon2_compress(const BabyBear* left, const BabyBear* right, BabyBear* out) {
  BabyBear s[kPoseidon2Width];
  for (int j = 0; j < kDigestSize; ++j) {
    s[j] = left[j];
    s[kDigestSize + j] = right[j];
  }
  poseidon2_permute(s);
  for (int j = 0; j < kDigestSize; ++j) out[j] = s[j];
}

inline Digest poseidon2_hash(const BabyBear* in, size_t n) {
  Digest d;
  poseidon2_hash(in, n, d.data());
  return d;
}

inline Digest poseidon2_compress(const Digest& left, const Digest& right) {
  Digest d;
  poseidon2_compress(left.data(), right.data(), d.data());
  return d;
}

}  // namespace swirl
