#include "swirl/air/pk_codec.h"

#include <array>
#include <cstring>
#include <memory>
#include <string>

#include "swirl/air/vk_codec.h"
#include "swirl/poly/rs_code.h"
#include "swirl/protocol/codec.h"
#include "swirl/protocol/stacking.h"

namespace swirl {
namespace {

constexpr char kMagic[8] = {'S', 'W', 'I', 'R', 'L', 'P', 'K', '\0'};

// FNV-1a over the bytes: a guard against corruption and truncation (not
// against a key edited on purpose; see the header).
uint64_t checksum(std::span<const uint8_t> bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

// The committed data of a preprocessed trace from the trace and the tree's
// digest layers: the stacking and the codeword recomputed (as keygen's
// committer makes them), the layers taken as they are; the root must be
// `commit`.
std::shared_ptr<const StackedPcsData> rebuild(const SystemParams& params, const ColMajorMatrix<BabyBear>& trace,
                                              std::vector<std::vector<Digest>> layers, const Digest& commit) {
  const std::array<const ColMajorMatrix<BabyBear>*, 1> traces{&trace};
  StackedMatrix stacked = stacked_matrix(params.l_skip, params.n_stack, traces);
  ColMajorMatrix<BabyBear> codeword = rs_code_matrix(params.l_skip, params.log_blowup, stacked.matrix);
  MerkleTree<BabyBear> tree =
      MerkleTree<BabyBear>::from_parts(std::move(codeword), std::move(layers), size_t{1} << params.k_whir());
  if (tree.root() != commit)
    throw DecodeError(DecodeErrorKind::kInvalidShape,
                      "proving key: the preprocessed trace's commitment is not the verifying key's");
  auto data = std::make_shared<StackedPcsData>();
  data->layout = std::move(stacked.layout);
  data->matrix = std::move(stacked.matrix);
  data->tree = std::move(tree);
  return data;
}

}  // namespace

std::vector<uint8_t> encode_proving_key(const MultiStarkProvingKey& pk) {
  ByteWriter w;
  for (char c : kMagic) w.u8(static_cast<uint8_t>(c));
  w.u32(kProvingKeyFormatVersion);
  const std::vector<uint8_t> vk = postcard_encode(pk.get_vk());
  w.usize(vk.size());
  for (uint8_t b : vk) w.u8(b);
  w.usize(pk.per_air.size());
  for (const StarkProvingKey& a : pk.per_air) {
    w.string(a.air_name);
    const bool pre = a.preprocessed_trace.has_value();
    if (pre != a.vk.preprocessed_data.has_value() || pre != (a.preprocessed_data != nullptr))
      throw std::invalid_argument("encode_proving_key: AIR " + a.air_name +
                                  ": the preprocessed trace, its data and the verifying key disagree");
    w.boolean(pre);
    if (!pre) continue;
    const ColMajorMatrix<BabyBear>& t = *a.preprocessed_trace;
    w.usize(t.height());
    w.usize(t.width());
    w.fields(t.values().data(), t.values().size());
    const auto& layers = a.preprocessed_data->tree.digest_layers();
    w.usize(layers.size());
    for (const auto& layer : layers) {
      w.usize(layer.size());
      w.digests(layer.data(), layer.size());
    }
  }
  std::vector<uint8_t> out = w.take();
  const uint64_t sum = checksum(out);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(sum >> (8 * i)));
  return out;
}

Expected<MultiStarkProvingKey, DecodeFailure> decode_proving_key(std::span<const uint8_t> all) {
  if (all.size() < 8) return Unexpected(DecodeFailure{DecodeErrorKind::kTruncated, 0, "proving key: too short"});
  const std::span<const uint8_t> bytes = all.first(all.size() - 8);
  uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) stored |= static_cast<uint64_t>(all[bytes.size() + static_cast<size_t>(i)]) << (8 * i);
  if (checksum(bytes) != stored)
    return Unexpected(DecodeFailure{DecodeErrorKind::kInvalidShape, bytes.size(),
                                    "proving key: checksum mismatch (the file is corrupted or truncated)"});
  ByteReader r(bytes);
  try {
    for (char c : kMagic)
      if (r.u8() != static_cast<uint8_t>(c))
        throw DecodeError(DecodeErrorKind::kInvalidShape, "proving key: not a swirl proving key (magic)");
    const uint32_t version = r.u32();
    if (version != kProvingKeyFormatVersion)
      throw DecodeError(DecodeErrorKind::kInvalidShape, "proving key: format version " + std::to_string(version) +
                                                           ", this build reads " +
                                                           std::to_string(kProvingKeyFormatVersion));
    const size_t vk_len = r.usize();
    if (vk_len > r.remaining())
      throw DecodeError(DecodeErrorKind::kTruncated, "proving key: verifying key of " + std::to_string(vk_len) +
                                                         " bytes, " + std::to_string(r.remaining()) + " left");
    const size_t vk_at = r.position();
    auto vk = postcard_decode_vk(bytes.subspan(vk_at, vk_len));
    if (!vk) {
      DecodeFailure f = vk.error();
      f.offset += vk_at;
      f.reason = "proving key: verifying key: " + f.reason;
      return Unexpected(std::move(f));
    }
    for (size_t i = 0; i < vk_len; ++i) (void)r.u8();
    MultiStarkProvingKey pk;
    pk.params = vk->inner.params;
    pk.trace_height_constraints = vk->inner.trace_height_constraints;
    pk.max_constraint_degree = static_cast<size_t>(pk.params.max_constraint_degree);
    pk.vk_pre_hash = vk->pre_hash;
    const size_t airs = r.usize();
    if (airs != vk->inner.per_air.size())
      throw DecodeError(DecodeErrorKind::kInvalidShape, "proving key: " + std::to_string(airs) + " AIRs, the verifying key has " +
                                                           std::to_string(vk->inner.per_air.size()));
    for (size_t i = 0; i < airs; ++i) {
      StarkProvingKey a;
      a.air_name = r.string();
      a.vk = vk->inner.per_air[i];
      const uint8_t flag = r.u8();  // 0 or 1 only: the encoding is canonical
      if (flag > 1) throw DecodeError(DecodeErrorKind::kInvalidShape, "proving key: flag byte " + std::to_string(flag));
      const bool pre = flag == 1;
      if (pre != a.vk.preprocessed_data.has_value())
        throw DecodeError(DecodeErrorKind::kInvalidShape,
                          "proving key: AIR " + a.air_name + ": a preprocessed trace where the verifying key has " +
                              (pre ? "none" : "one") + " (or the reverse)");
      if (pre) {
        const size_t h = r.usize(), wd = r.usize();
        const int64_t log_h = a.vk.preprocessed_data->hypercube_dim + pk.params.l_skip;
        if (log_h < 0 || log_h > 30 || h != (size_t{1} << log_h) || wd == 0 || wd > r.remaining() / 4 / h)
          throw DecodeError(DecodeErrorKind::kInvalidShape, "proving key: AIR " + a.air_name +
                                                               ": a preprocessed trace of " + std::to_string(h) + " x " +
                                                               std::to_string(wd) + " does not fit the key or the bytes");
        ColMajorMatrix<BabyBear> t(h, wd);
        for (auto& v : t.values()) v = r.field();
        const size_t nl = r.usize();
        if (nl == 0 || nl > 64)
          throw DecodeError(DecodeErrorKind::kInvalidShape, "proving key: " + std::to_string(nl) + " digest layers");
        std::vector<std::vector<Digest>> layers(nl);
        for (auto& layer : layers) {
          const size_t n = r.usize();
          if (n > r.remaining() / 32)
            throw DecodeError(DecodeErrorKind::kTruncated, "proving key: a digest layer of " + std::to_string(n) +
                                                               " digests, " + std::to_string(r.remaining()) + " bytes left");
          layer = r.vec_n<Digest>(n, [](ByteReader& rr) { return rr.digest(); });
        }
        try {
          a.preprocessed_data = rebuild(pk.params, t, std::move(layers), a.vk.preprocessed_data->commit);
        } catch (const std::invalid_argument& e) {  // layer sizes that do not fit the tree
          throw DecodeError(DecodeErrorKind::kInvalidShape, std::string("proving key: AIR ") + a.air_name + ": " + e.what());
        }
        a.preprocessed_trace = std::move(t);
      }
      pk.per_air.push_back(std::move(a));
    }
    r.expect_end();
    return pk;
  } catch (const DecodeError& e) {
    return Unexpected(DecodeFailure{e.kind(), r.position(), e.what()});
  }
}

}  // namespace swirl
