// The proof's byte encoding, identical to the reference's (Encode/Decode for
// Proof in crates/stark-backend/src/proof.rs, codec version 3). Every proof
// type there has a hand-written codec; none is derived. The layout, in order:
//
//   Proof       u32 version (= 3); common_main_commit (8 elements);
//               usize num_airs; ceil(num_airs / 8) presence bytes (bit i of
//               byte b: AIR 8b + i present; unused high bits zero); each
//               present TraceVData in AIR order; usize number of public
//               value lists, each a Vec<F>; then GkrProof,
//               BatchConstraintProof, StackingProof, WhirProof.
//   TraceVData  usize log_height; Vec<Digest> cached_commitments.
//   GkrProof    F logup_pow_witness; EF q0_claim; Vec<GkrLayerClaims>
//               (each p_xi_0, p_xi_1, q_xi_0, q_xi_1); then with L layers,
//               for j = 1..L-1 exactly j rounds of [EF; 3], no lengths.
//   BatchConstraintProof
//               Vec<EF> numerator_term_per_air (its length A = present AIRs);
//               A EF denominator terms (no length); Vec<EF> univariate
//               coefficients; usize n_max; if n_max > 0: usize D, then
//               n_max rounds of D EF (no lengths); then A times: usize
//               number of parts, each part a Vec<EF>.
//   StackingProof
//               Vec<EF> univariate coefficients; usize R, R pairs of EF;
//               usize C, C times Vec<EF>.
//   WhirProof   F mu_pow_witness; usize S, S pairs of EF; Vec<Digest>
//               codeword_commits (R - 1 of them defines R rounds; S must be
//               a multiple of R and k = S / R); R - 1 EF ood values; S F
//               folding witnesses; R F query witnesses (no lengths);
//               usize num_commits (> 0); usize Q (initial queries);
//               if Q > 0: usize merkle depth d0, then num_commits usize
//               widths w_c, then per commit, per query, 2^k rows of w_c F,
//               then per commit, per query, d0 digests;
//               per later round: usize queries q_r, q_r * 2^k EF;
//               usize d1 (depth of round 1 proofs: written as that depth when
//               R > 1 and Q > 0, else 0), then per later round r (r = 1..),
//               q_r proofs of d1 - (r - 1) digests; Vec<EF> final_poly.
//
// No outside knowledge is needed to decode: every length the encoding leaves
// out is implied by a field decoded before it (listed above). Whether the
// shapes fit the verifying key and parameters is the verifier's proof-shape
// check, not the decoder's.
//
// decode_proof accepts exactly the byte strings encode_proof produces: a
// successful decode re-encodes to the same bytes. The reference decoder also
// accepts a few strings its encoder never writes (an unused round-1 merkle
// depth other than 0, ...); swirl rejects them as kNonCanonical. It also
// rejects, as kTooLarge, encodings whose implied lengths would make the
// decoder build more empty containers than the input has bytes (the
// reference would try to allocate them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "swirl/protocol/codec.h"
#include "swirl/protocol/proof.h"
#include "swirl/util/expected.h"

namespace swirl {

/// The reference's CODEC_VERSION, the first four bytes of every proof. The
/// verifying-key pre-hash also starts from it.
inline constexpr uint32_t kCodecVersion = 3;

/// Why decode_proof rejected its input.
struct DecodeFailure {
  DecodeErrorKind kind = DecodeErrorKind::kInvalidShape;
  size_t offset = 0;  // input position where decoding stopped
  std::string reason;
};

/// The reference's bytes for `proof`. Throws std::invalid_argument when the
/// proof's shape cannot be written (lengths the format leaves implicit that
/// disagree, e.g. a GKR layer with the wrong number of sumcheck rounds; the
/// reference encoder errors or panics on these).
std::vector<uint8_t> encode_proof(const Proof& proof);

/// Decodes a whole proof. Never throws for bad input and never reserves more
/// than kDecodePreallocCap elements for any length read from the input;
/// trailing bytes are rejected.
Expected<Proof, DecodeFailure> decode_proof(std::span<const uint8_t> bytes);

// Component codecs, the building blocks of the two above. Writers throw
// std::invalid_argument on unrepresentable shapes; readers throw
// DecodeError and do not check for trailing bytes.
void write_trace_vdata(ByteWriter& w, const TraceVData& v);
void write_gkr_proof(ByteWriter& w, const GkrProof& p);
void write_batch_constraint_proof(ByteWriter& w, const BatchConstraintProof& p);
void write_stacking_proof(ByteWriter& w, const StackingProof& p);
void write_whir_proof(ByteWriter& w, const WhirProof& p);
void write_proof(ByteWriter& w, const Proof& p);

TraceVData read_trace_vdata(ByteReader& r);
GkrProof read_gkr_proof(ByteReader& r);
BatchConstraintProof read_batch_constraint_proof(ByteReader& r);
StackingProof read_stacking_proof(ByteReader& r);
WhirProof read_whir_proof(ByteReader& r);
Proof read_proof(ByteReader& r);

}  // namespace swirl
