#include "swirl/air/vk_codec.h"

#include <limits>

#include <fmt/format.h>

#include "swirl/protocol/codec.h"

namespace swirl {

namespace {

// Reads postcard; throws DecodeError (caught at the boundary below).
class PostcardReader {
 public:
  explicit PostcardReader(std::span<const uint8_t> in) : in_(in) {}

  uint8_t u8() {
    if (pos_ >= in_.size()) throw DecodeError(DecodeErrorKind::kTruncated, "postcard: unexpected end of input");
    return in_[pos_++];
  }
  bool boolean() {
    uint8_t b = u8();
    if (b > 1) throw DecodeError(DecodeErrorKind::kInvalidShape, fmt::format("postcard: bool byte {}", b));
    return b == 1;
  }
  uint64_t varint(uint64_t max) {
    uint64_t v = 0;
    for (int i = 0; i < 10; ++i) {
      const uint8_t b = u8();
      const uint64_t bits = b & 0x7f;
      if (i == 9 && bits > 1) throw DecodeError(DecodeErrorKind::kInvalidShape, "postcard: varint overflows u64");
      v |= bits << (7 * i);
      if ((b & 0x80) == 0) {
        if (i > 0 && bits == 0) throw DecodeError(DecodeErrorKind::kNonCanonical, "postcard: overlong varint");
        if (v > max) throw DecodeError(DecodeErrorKind::kInvalidShape, fmt::format("postcard: value {} > {}", v, max));
        return v;
      }
    }
    throw DecodeError(DecodeErrorKind::kInvalidShape, "postcard: varint longer than 10 bytes");
  }
  uint16_t u16() { return static_cast<uint16_t>(varint(UINT16_MAX)); }
  uint32_t u32() { return static_cast<uint32_t>(varint(UINT32_MAX)); }
  size_t usize() { return static_cast<size_t>(varint(std::numeric_limits<size_t>::max())); }
  int usize_int() { return static_cast<int>(varint(static_cast<uint64_t>(std::numeric_limits<int>::max()))); }
  int64_t isize() {
    const uint64_t z = varint(UINT64_MAX);
    return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
  }
  /// A length: at least one byte per element must remain.
  size_t len() {
    const size_t n = usize();
    if (n > in_.size() - pos_) throw DecodeError(DecodeErrorKind::kTooLarge, fmt::format("postcard: length {}", n));
    return n;
  }
  uint32_t variant(uint32_t count) {
    const uint32_t v = u32();
    if (v >= count) throw DecodeError(DecodeErrorKind::kInvalidShape, fmt::format("postcard: variant {}", v));
    return v;
  }
  BabyBear field() {
    const uint32_t m = u32();
    if (m >= BabyBear::kP) throw DecodeError(DecodeErrorKind::kFieldOutOfRange, "postcard: field word >= p");
    return BabyBear::from_monty(m);
  }
  Digest digest() {
    Digest d;
    for (auto& x : d) x = field();
    return d;
  }
  template <typename T, typename F>
  std::vector<T> vec(F&& read) {
    const size_t n = len();
    std::vector<T> v;
    v.reserve(n < kDecodePreallocCap ? n : kDecodePreallocCap);
    for (size_t i = 0; i < n; ++i) v.push_back(read());
    return v;
  }
  size_t position() const { return pos_; }
  void expect_end() const {
    if (pos_ != in_.size()) throw DecodeError(DecodeErrorKind::kTrailingBytes, "postcard: trailing bytes");
  }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

[[noreturn]] void shape(const std::string& what) { throw DecodeError(DecodeErrorKind::kInvalidShape, what); }

SystemParams read_params(PostcardReader& r) {
  SystemParams p;
  p.l_skip = r.usize_int();
  p.n_stack = r.usize_int();
  p.w_stack = r.usize_int();
  p.log_blowup = r.usize_int();
  p.whir.k = r.usize_int();
  p.whir.rounds = r.vec<WhirRoundConfig>([&] { return WhirRoundConfig{r.usize_int()}; });
  p.whir.mu_pow_bits = r.usize_int();
  p.whir.query_phase_pow_bits = r.usize_int();
  p.whir.folding_pow_bits = r.usize_int();
  switch (r.variant(3)) {
    case 0: p.whir.proximity = {WhirProximityStrategy::Kind::kUniqueDecoding, 0, 0}; break;
    case 1: {
      int m = r.usize_int();
      int start = r.usize_int();
      p.whir.proximity = {WhirProximityStrategy::Kind::kSplitUniqueList, m, start};
      break;
    }
    default: p.whir.proximity = {WhirProximityStrategy::Kind::kListDecoding, r.usize_int(), 0}; break;
  }
  p.logup.max_interaction_count = r.u32();
  p.logup.log_max_message_length = r.u32();
  p.logup.pow_bits = r.usize_int();
  p.max_constraint_degree = r.usize_int();
  return p;
}

SymbolicVariable read_var(PostcardReader& r) {
  SymbolicVariable v;
  switch (r.variant(4)) {
    case 0: v.entry = Entry::preprocessed(r.usize()); break;
    case 1: {
      size_t part = r.usize();
      v.entry = Entry::main(part, r.usize());
      break;
    }
    case 2: v.entry = Entry::public_value(); break;
    default: v.entry = Entry::challenge(); break;
  }
  v.index = r.usize();
  return v;
}

DagNode read_node(PostcardReader& r, size_t self) {
  const auto kind = static_cast<ExprKind>(r.variant(9));
  auto child = [&] {
    size_t c = r.usize();
    if (c >= self) shape(fmt::format("vk: node {} refers to node {}", self, c));
    return c;
  };
  switch (kind) {
    case ExprKind::kVariable: return DagNode::variable(read_var(r));
    case ExprKind::kIsFirstRow:
    case ExprKind::kIsLastRow:
    case ExprKind::kIsTransition: return DagNode::selector(kind);
    case ExprKind::kConstant: return DagNode::constant_node(r.field());
    case ExprKind::kNeg: {
      size_t x = child();
      return DagNode::neg(x, r.usize());
    }
    default: {
      size_t l = child();
      size_t rr = child();
      return DagNode::binary(kind, l, rr, r.usize());
    }
  }
}

StarkVerifyingKey read_air(PostcardReader& r) {
  StarkVerifyingKey vk;
  if (r.boolean()) {
    VerifierSinglePreprocessedData pd;
    pd.commit = r.digest();
    pd.hypercube_dim = r.isize();
    pd.stacking_width = r.usize();
    vk.preprocessed_data = pd;
  }
  if (r.boolean()) vk.params.width.preprocessed = r.usize();
  vk.params.width.cached_mains = r.vec<size_t>([&] { return r.usize(); });
  vk.params.width.common_main = r.usize();
  vk.params.num_public_values = r.usize();
  vk.params.need_rot = r.boolean();
  auto& dag = vk.symbolic_constraints;
  {
    const size_t n = r.len();
    dag.constraints.nodes.reserve(n < kDecodePreallocCap ? n : kDecodePreallocCap);
    for (size_t i = 0; i < n; ++i) dag.constraints.nodes.push_back(read_node(r, i));
  }
  const size_t num_nodes = dag.constraints.nodes.size();
  auto node_index = [&] {
    size_t i = r.usize();
    if (i >= num_nodes) shape(fmt::format("vk: node index {} of {}", i, num_nodes));
    return i;
  };
  dag.constraints.constraint_idx = r.vec<size_t>(node_index);
  dag.interactions = r.vec<Interaction<size_t>>([&] {
    Interaction<size_t> in;
    in.message = r.vec<size_t>(node_index);
    in.count = node_index();
    in.bus_index = r.u16();
    in.count_weight = r.u32();
    return in;
  });
  vk.max_constraint_degree = r.u8();
  vk.is_required = r.boolean();
  vk.unused_variables = r.vec<SymbolicVariable>([&] { return read_var(r); });
  return vk;
}

MultiStarkVerifyingKey0 read_vk0(PostcardReader& r) {
  MultiStarkVerifyingKey0 vk;
  vk.params = read_params(r);
  vk.per_air = r.vec<StarkVerifyingKey>([&] { return read_air(r); });
  vk.trace_height_constraints = r.vec<LinearConstraint>([&] {
    LinearConstraint c;
    c.coefficients = r.vec<uint32_t>([&] { return r.u32(); });
    c.threshold = r.u32();
    return c;
  });
  return vk;
}

template <typename T, typename F>
Expected<T, DecodeFailure> decode(std::span<const uint8_t> bytes, F&& read) {
  PostcardReader r(bytes);
  try {
    T v = read(r);
    r.expect_end();
    return v;
  } catch (const DecodeError& e) {
    return Unexpected<DecodeFailure>(DecodeFailure{e.kind(), r.position(), e.what()});
  }
}

}  // namespace

std::vector<uint8_t> postcard_encode(const MultiStarkVerifyingKey& vk) {
  std::vector<uint8_t> out = postcard_encode(vk.inner);
  PostcardWriter w;
  w.digest(vk.pre_hash);
  out.insert(out.end(), w.bytes().begin(), w.bytes().end());
  return out;
}

Expected<MultiStarkVerifyingKey0, DecodeFailure> postcard_decode_vk0(std::span<const uint8_t> bytes) {
  return decode<MultiStarkVerifyingKey0>(bytes, [](PostcardReader& r) { return read_vk0(r); });
}

Expected<MultiStarkVerifyingKey, DecodeFailure> postcard_decode_vk(std::span<const uint8_t> bytes) {
  return decode<MultiStarkVerifyingKey>(bytes, [](PostcardReader& r) {
    MultiStarkVerifyingKey vk;
    vk.inner = read_vk0(r);
    vk.pre_hash = r.digest();
    return vk;
  });
}

}  // namespace swirl
