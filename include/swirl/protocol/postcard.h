// A postcard (serde) encoder for the few reference types whose postcard bytes
// are hashed: the verifying key pre-hash (air/keygen.h) is the Poseidon2 hash
// of postcard(MultiStarkVerifyingKey0), so these bytes must equal what
// postcard 1.x writes for the reference's Rust types.
//
// postcard's wire format (the facts used here):
//   u8                      1 raw byte
//   bool                    1 byte, 0 or 1
//   u16/u32/u64/usize       unsigned LEB128 varint (7 bits per byte, low
//                           first, high bit set on every byte but the last)
//   i16/i32/i64/isize       zigzag ((v << 1) ^ (v >> 63)), then varint
//   Option<T>               0 for None; 1 then T for Some
//   Vec<T>, String          varint length, then the elements / bytes
//   [T; N], tuples          the N elements, no length
//   struct                  its fields in declaration order, no names
//   enum                    varint variant index, then the variant's fields
//   PhantomData, ()         nothing
// BabyBear (Plonky3 0.4.3 monty-31 serde) serializes as serialize_u32 of its
// MONTGOMERY word, so a field element is varint(monty), not the canonical
// value.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/field/babybear.h"
#include "swirl/protocol/params.h"

namespace swirl {

class PostcardWriter {
 public:
  void u8(uint8_t v) { out_.push_back(v); }
  void boolean(bool v) { out_.push_back(v ? 1 : 0); }
  /// Unsigned varint (u16, u32, u64 and usize all use it).
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<uint8_t>(v));
  }
  void u16(uint16_t v) { varint(v); }
  void u32(uint32_t v) { varint(v); }
  void u64(uint64_t v) { varint(v); }
  void usize(uint64_t v) { varint(v); }
  /// Signed integers: zigzag, then varint.
  void i64(int64_t v) { varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void isize(int64_t v) { i64(v); }
  /// A sequence's length prefix.
  void len(size_t n) { varint(n); }
  /// An enum's variant index.
  void variant(uint32_t index) { varint(index); }
  /// BabyBear: varint of the Montgomery word.
  void field(BabyBear f) { varint(f.monty()); }
  /// [BabyBear; 8]: eight fields, no length.
  void digest(const Digest& d) {
    for (BabyBear f : d) field(f);
  }
  void string(std::string_view s) {
    len(s.size());
    out_.insert(out_.end(), s.begin(), s.end());
  }

  const std::vector<uint8_t>& bytes() const { return out_; }
  std::vector<uint8_t> take() { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

/// postcard(SystemParams) as the reference declares it (config.rs):
/// l_skip, n_stack, w_stack, log_blowup (usize); whir: WhirConfig { k,
/// rounds: Vec<{num_queries}>, mu_pow_bits, query_phase_pow_bits,
/// folding_pow_bits (usize), proximity: WhirProximityStrategy (enum:
/// 0 UniqueDecoding, 1 SplitUniqueList { m, list_start_round }, 2
/// ListDecoding { m }) }; logup: { max_interaction_count u32,
/// log_max_message_length u32, pow_bits usize }; max_constraint_degree usize.
/// Throws std::invalid_argument for a negative parameter.
void postcard_write(PostcardWriter& w, const SystemParams& p);

}  // namespace swirl
