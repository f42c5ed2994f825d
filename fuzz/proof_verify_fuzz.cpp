// libFuzzer: proof decoding + verification against fixed keys.
// Input: one byte choosing the AIR set (fuzz_air_sets(), modulo their count),
// then the proof bytes. Invariants: decode_proof never crashes; a decoded
// proof re-encodes to exactly the input; verify never crashes and never
// answers kInternalError (a stage that threw: a bug).
//
// With SWIRL_FUZZ_WRITE_SEEDS=DIR the initializer also proves every AIR set
// and writes DIR/<name>.seed (selector byte + valid proof) for the corpus.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "common.h"
#include "swirl/backend/select.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/verifier.h"

namespace {

using namespace swirl;

struct Target {
  std::string name;
  MultiStarkVerifyingKey vk;
};
std::vector<Target>* g_targets = nullptr;
SystemParams* g_params = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_params = new SystemParams(fuzz::fuzz_params());
  g_targets = new std::vector<Target>;
  const char* seeds = std::getenv("SWIRL_FUZZ_WRITE_SEEDS");
  const auto sets = fuzz::fuzz_air_sets();
  for (size_t i = 0; i < sets.size(); ++i) {
    Fixture fx = cli::example(sets[i].name, sets[i].options, seeds != nullptr);
    const MultiStarkProvingKey pk = fuzz::fuzz_keygen(fx);
    g_targets->push_back({sets[i].name, pk.get_vk()});
    if (seeds) {
      auto backend = make_backend(BackendChoice::kCpu);
      std::vector<uint8_t> bytes = encode_proof(prove(*backend, pk, fx.traces));
      bytes.insert(bytes.begin(), static_cast<uint8_t>(i));
      std::ofstream(std::string(seeds) + "/" + sets[i].name + ".seed", std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      std::fprintf(stderr, "seed %s: %zu bytes\n", sets[i].name.c_str(), bytes.size());
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Target& t = (*g_targets)[data[0] % g_targets->size()];
  const std::span<const uint8_t> bytes(data + 1, size - 1);
  auto proof = decode_proof(bytes);
  if (!proof) return 0;
  const std::vector<uint8_t> again = encode_proof(*proof);
  if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) {
    std::fprintf(stderr, "decoded proof does not re-encode to its bytes\n");
    std::abort();
  }
  if (auto rej = verify(*g_params, t.vk, *proof)) {
    if (rej->kind == VerifyRejectionKind::kInternalError) {
      std::fprintf(stderr, "verify(%s): internal error: %s\n", t.name.c_str(), rej->to_string().c_str());
      std::abort();
    }
  }
  return 0;
}
