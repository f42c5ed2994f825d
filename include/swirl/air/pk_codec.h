// Proving keys as bytes, swirl's own format (the reference defines none it
// keeps stable): the verifying key in its postcard encoding (vk_codec.h),
// then per AIR its name and, for an AIR with a preprocessed trace, the trace
// and the Merkle digest layers of its commitment. Loading rebuilds the rest
// of the committed data (stacked matrix, RS codeword) from the trace, which
// costs an NTT but no hashing (the hashing is what key generation spends
// its time on: 2^22 rows at app-100:21). A 64-bit checksum over the file
// guards it against corruption and truncation, and the tree's root must be
// the verifying key's commitment (a key file of other AIRs or parameters is
// rejected). The trace and the layers are otherwise taken as written: like
// the traces, a proving key is the prover's own input, and a key edited on
// purpose (with a fresh checksum) only makes proofs the verifier rejects.
//
//   "SWIRLPK\0" | u32 version (1) | u32 len | postcard(vk) | u32 airs |
//   per AIR: string name | bool preprocessed |
//     if so: u32 height | u32 width | height x width canonical words
//            (column-major) | u32 layers | per layer: u32 count | count digests
//   | u64 FNV-1a of everything before
//
// Decoding never throws on bad input and never allocates beyond what the
// bytes left could hold.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "swirl/air/keygen.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/util/expected.h"

namespace swirl {

inline constexpr uint32_t kProvingKeyFormatVersion = 1;

std::vector<uint8_t> encode_proving_key(const MultiStarkProvingKey& pk);

/// The key, or why the bytes are not one (format, version, a preprocessed
/// trace whose commitment is not the verifying key's).
Expected<MultiStarkProvingKey, DecodeFailure> decode_proving_key(std::span<const uint8_t> bytes);

}  // namespace swirl
