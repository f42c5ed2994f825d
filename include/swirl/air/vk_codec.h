// Verifying keys as bytes: postcard(MultiStarkVerifyingKey), i.e. the
// pre-hash's postcard body (postcard(MultiStarkVerifyingKey0)) followed by
// the pre-hash digest (8 field elements), the layout the reference's serde
// derive gives the whole key. swirl uses it as its vk file format.
//
// Decoding accepts exactly what the encoder writes: minimal varints, bools
// and Option tags 0/1, known enum variants, field words < p, no trailing
// bytes. On top of the format it checks the DAG is usable: every child
// index precedes its node, and constraint/interaction indices name nodes.
// It never throws on bad input and reserves at most kDecodePreallocCap
// elements per length read.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "swirl/air/keygen.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/util/expected.h"

namespace swirl {

/// postcard(vk.inner) || postcard(vk.pre_hash).
std::vector<uint8_t> postcard_encode(const MultiStarkVerifyingKey& vk);

Expected<MultiStarkVerifyingKey0, DecodeFailure> postcard_decode_vk0(std::span<const uint8_t> bytes);
Expected<MultiStarkVerifyingKey, DecodeFailure> postcard_decode_vk(std::span<const uint8_t> bytes);

}  // namespace swirl
