// libFuzzer: proving-key decoding (air/pk_codec.h). The input is a key file
// without its trailing 8-byte checksum; the harness appends the checksum of
// the input before decoding, so mutations reach the format behind it (with
// the checksum in the input, almost every mutation would stop there).
// Invariants: no crash, and a decoded key re-encodes to exactly the bytes
// decoded (the format is canonical).
// The rebuild of a preprocessed trace's stacking and codeword is bounded by
// the key's parameters, not by the bytes (a valid key of a small trace at a
// large stacked height is a large rebuild by right), so inputs whose
// verifying key asks for more than 2^kMaxLogRebuild stacked codeword rows
// are skipped to keep one execution fast.
// With SWIRL_FUZZ_WRITE_SEEDS=DIR the initializer writes the keys of the
// small fixed AIR sets (checksum stripped) as DIR/<name>.pk.
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "common.h"
#include "swirl/air/pk_codec.h"
#include "swirl/air/vk_codec.h"

namespace {

constexpr int kMaxLogRebuild = 16;

uint64_t fnv1a(std::span<const uint8_t> bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

// Whether the embedded verifying key (magic 8, version 4, length 4, key)
// decodes to parameters whose rebuild is small; true when it does not decode
// (the decoder rejects those inputs itself, cheaply).
bool rebuild_is_small(std::span<const uint8_t> bytes) {
  if (bytes.size() < 16) return true;
  const size_t len = le32(bytes.data() + 12);
  if (len > bytes.size() - 16) return true;
  auto vk = swirl::postcard_decode_vk(bytes.subspan(16, len));
  if (!vk) return true;
  const swirl::SystemParams& p = vk->inner.params;
  return p.log_stacked_height() + p.log_blowup <= kMaxLogRebuild;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace swirl;
  if (const char* seeds = std::getenv("SWIRL_FUZZ_WRITE_SEEDS")) {
    for (const auto& s : fuzz::fuzz_air_sets()) {
      if (s.name == "keccakf") continue;  // its 280 KiB verifying key would make mutation slow
      std::vector<uint8_t> bytes = encode_proving_key(fuzz::fuzz_keygen(cli::example(s.name, s.options, false)));
      bytes.resize(bytes.size() - 8);
      std::ofstream(std::string(seeds) + "/" + s.name + ".pk", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      std::fprintf(stderr, "seed %s.pk: %zu bytes\n", s.name.c_str(), bytes.size());
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace swirl;
  const std::span<const uint8_t> body(data, size);
  if (!rebuild_is_small(body)) return 0;
  std::vector<uint8_t> file(body.begin(), body.end());
  const uint64_t sum = fnv1a(body);
  for (int i = 0; i < 8; ++i) file.push_back(static_cast<uint8_t>(sum >> (8 * i)));
  auto pk = decode_proving_key(file);
  if (!pk) return 0;
  if (encode_proving_key(*pk) != file) {
    std::fprintf(stderr, "decoded proving key does not re-encode to its bytes\n");
    std::abort();
  }
  return 0;
}
