// libFuzzer: verifying-key decoding (postcard, air/vk_codec.h), which also
// decodes the SystemParams inside the key. Invariants: no crash, and a
// decoded key re-encodes to exactly the input (the codec is canonical).
// With SWIRL_FUZZ_WRITE_SEEDS=DIR the initializer writes the keys of the
// fixed AIR sets as DIR/<name>.vk.
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "common.h"
#include "swirl/air/vk_codec.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace swirl;
  if (const char* seeds = std::getenv("SWIRL_FUZZ_WRITE_SEEDS")) {
    for (const auto& s : fuzz::fuzz_air_sets()) {
      const std::vector<uint8_t> bytes =
          postcard_encode(fuzz::fuzz_keygen(cli::example(s.name, s.options, false)).get_vk());
      std::ofstream(std::string(seeds) + "/" + s.name + ".vk", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      std::fprintf(stderr, "seed %s.vk: %zu bytes\n", s.name.c_str(), bytes.size());
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace swirl;
  const std::span<const uint8_t> bytes(data, size);
  auto vk = postcard_decode_vk(bytes);
  if (!vk) return 0;
  const std::vector<uint8_t> again = postcard_encode(*vk);
  if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) {
    std::fprintf(stderr, "decoded key does not re-encode to its bytes\n");
    std::abort();
  }
  return 0;
}
