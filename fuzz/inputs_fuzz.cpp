// libFuzzer: the CLI's --inputs reader (cli::parse_keccak_inputs). Invariants:
// either a CliError with exit status 2, or N = size / 200 states whose
// little-endian lanes re-serialise to exactly the input.
#include <cstdio>
#include <cstdlib>

#include "cli_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace swirl::cli;
  try {
    const auto states = parse_keccak_inputs(std::span<const uint8_t>(data, size), "fuzz");
    if (states.empty() || states.size() * 200 != size) std::abort();
    for (size_t s = 0; s < states.size(); ++s)
      for (size_t i = 0; i < 200; ++i)
        if (static_cast<uint8_t>(states[s][i / 8] >> (8 * (i % 8))) != data[s * 200 + i]) std::abort();
  } catch (const CliError& e) {
    if (e.code() != kExitUsage) std::abort();
    if (size != 0 && size % 200 == 0) std::abort();
  }
  return 0;
}
