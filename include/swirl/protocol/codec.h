// The reference's byte codec, primitive by primitive. Every composite type
// (proofs, verifying keys) is written by composing these in field order.
//
//   u8, bool        1 byte (decode: any nonzero byte is true)
//   u32             4 bytes little-endian
//   usize           as u32 (encode fails above 2^32 - 1)
//   BabyBear        canonical value as u32; decode rejects values >= p
//   BabyBear4       its 4 coefficients, c0 first
//   Digest          its 8 elements
//   [T; N]          N elements, no length
//   Vec<T>          usize length, then the elements
//   Option<T>       bool presence, then the value if present
//   String          usize byte length, then the bytes
//
// ByteReader throws DecodeError on malformed input (short input, field value
// out of range); decoders of whole objects catch it at their boundary and
// return a typed failure, so no caller sees an exception for bad bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/field/babybear4.h"

namespace swirl {

/// Why bytes were rejected.
enum class DecodeErrorKind {
  kTruncated,        // the input ended inside a value
  kFieldOutOfRange,  // a field element's u32 is >= p
  kTrailingBytes,    // bytes left after the whole object
  kVersionMismatch,  // a version prefix other than the one this build writes
  kInvalidShape,     // lengths that contradict each other or the format
  kNonCanonical,     // decodable, but not what the encoder writes for that value
  kTooLarge,         // implied sizes beyond what the input can justify
};

inline const char* decode_error_kind_name(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::kTruncated: return "truncated";
    case DecodeErrorKind::kFieldOutOfRange: return "field element out of range";
    case DecodeErrorKind::kTrailingBytes: return "trailing bytes";
    case DecodeErrorKind::kVersionMismatch: return "version mismatch";
    case DecodeErrorKind::kInvalidShape: return "invalid shape";
    case DecodeErrorKind::kNonCanonical: return "non-canonical encoding";
    case DecodeErrorKind::kTooLarge: return "too large";
  }
  return "unknown";
}

/// Malformed bytes (internal to decoders; see the file comment).
class DecodeError : public std::runtime_error {
 public:
  DecodeError(DecodeErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  DecodeErrorKind kind() const { return kind_; }

 private:
  DecodeErrorKind kind_;
};

/// Lengths read from untrusted input reserve at most this many elements up
/// front, and never more than the bytes that remain (ByteReader::prealloc),
/// so a forged length cannot force a large allocation.
inline constexpr size_t kDecodePreallocCap = 1024;

class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(v); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void usize(size_t v) {
    if (v > UINT32_MAX) throw std::invalid_argument("codec: usize value does not fit in u32");
    u32(static_cast<uint32_t>(v));
  }
  void field(BabyBear x) { u32(x.as_canonical()); }
  /// Elements one after another, no length.
  void fields(const BabyBear* xs, size_t n) {
    for (size_t i = 0; i < n; ++i) field(xs[i]);
  }
  void ext(const BabyBear4& x) {
    for (int i = 0; i < 4; ++i) field(x[i]);
  }
  void digest(const Digest& d) {
    for (BabyBear x : d) field(x);
  }
  void exts(const BabyBear4* xs, size_t n) {
    for (size_t i = 0; i < n; ++i) ext(xs[i]);
  }
  void digests(const Digest* ds, size_t n) {
    for (size_t i = 0; i < n; ++i) digest(ds[i]);
  }
  void string(const std::string& s) {
    usize(s.size());
    out_.insert(out_.end(), s.begin(), s.end());
  }
  /// Length-prefixed sequence, each element written by `write(writer, elem)`.
  template <typename T, typename F>
  void vec(const std::vector<T>& v, F&& write) {
    usize(v.size());
    for (const T& e : v) write(*this, e);
  }
  template <typename T, typename F>
  void optional(const std::optional<T>& v, F&& write) {
    boolean(v.has_value());
    if (v) write(*this, *v);
  }

  const std::vector<uint8_t>& bytes() const { return out_; }
  std::vector<uint8_t> take() { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> in) : in_(in) {}

  uint8_t u8() {
    need(1);
    return in_[pos_++];
  }
  bool boolean() { return u8() != 0; }
  uint32_t u32() {
    need(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(in_[pos_ + i]) << (8 * i);
    pos_ += 4;
    return v;
  }
  size_t usize() { return u32(); }
  BabyBear field() {
    uint32_t v = u32();
    if (v >= BabyBear::kP) throw DecodeError(DecodeErrorKind::kFieldOutOfRange, "codec: field element out of range");
    return BabyBear::from_canonical(v);
  }
  BabyBear4 ext() {
    BabyBear c0 = field(), c1 = field(), c2 = field(), c3 = field();
    return BabyBear4(c0, c1, c2, c3);
  }
  Digest digest() {
    Digest d;
    for (auto& x : d) x = field();
    return d;
  }
  std::string string() {
    size_t n = usize();
    need(n);
    std::string s(reinterpret_cast<const char*>(in_.data() + pos_), n);
    pos_ += n;
    return s;
  }
  /// Length-prefixed sequence; every element must occupy at least one byte,
  /// so a length beyond the bytes that remain fails at once (kTruncated).
  template <typename T, typename F>
  std::vector<T> vec(F&& read) {
    const size_t n = usize();
    if (n > remaining())
      throw DecodeError(DecodeErrorKind::kTruncated, "codec: length " + std::to_string(n) + " exceeds the " +
                                                         std::to_string(remaining()) + " bytes left");
    return vec_n<T>(n, read);
  }
  /// Exactly n elements (no length prefix).
  template <typename T, typename F>
  std::vector<T> vec_n(size_t n, F&& read) {
    std::vector<T> v;
    v.reserve(prealloc(n));
    for (size_t i = 0; i < n; ++i) v.push_back(read(*this));
    return v;
  }
  template <typename T, typename F>
  std::optional<T> optional(F&& read) {
    if (!boolean()) return std::nullopt;
    return read(*this);
  }

  size_t position() const { return pos_; }
  size_t size() const { return in_.size(); }
  size_t remaining() const { return in_.size() - pos_; }
  /// How many of n claimed elements to reserve room for: at most
  /// kDecodePreallocCap and at most the bytes that remain.
  size_t prealloc(size_t n) const {
    const size_t cap = remaining() < kDecodePreallocCap ? remaining() : kDecodePreallocCap;
    return n < cap ? n : cap;
  }
  /// Whole-object decoders call this last: trailing bytes are an error.
  void expect_end() const {
    if (pos_ != in_.size()) throw DecodeError(DecodeErrorKind::kTrailingBytes, "codec: trailing bytes after decoded value");
  }

 private:
  void need(size_t n) const {
    if (in_.size() - pos_ < n) throw DecodeError(DecodeErrorKind::kTruncated, "codec: unexpected end of input");
  }
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

}  // namespace swirl
