// The reference's e2e proof files (../shared/ref/e2e/, format in
// docs/testing.md) and how to rebuild their inputs: shared by the host test
// (ref_proofs_test.cpp) and the CUDA one (cuda_proofs_test.cpp).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/protocol/params.h"

#ifndef SWIRL_REF_DIR
#define SWIRL_REF_DIR "../shared/ref"
#endif

namespace swirl::testing {

struct RefCase {
  std::string file;  // under SWIRL_REF_DIR/e2e/
  std::function<SystemParams()> params;
  std::function<Fixture()> fixture;
};

inline std::vector<RefCase> ref_cases() {
  return {
      {"fib_8.proof", [] { return default_test_params_small(); }, [] { return fib_fixture(0, 1, 8); }},
      {"interactions11.proof", [] { return default_test_params_small(); }, [] { return interactions_fixture_11(); }},
      {"cached11.proof", [] { return default_test_params_small(); }, [] { return cached_fixture_11(); }},
      {"preprocessed_fib_8.proof", [] { return default_test_params_small(); },
       [] { return preprocessed_fib_fixture(0, 1, alternating_selectors(8)); }},
      {"mixture_3.proof", [] { return default_test_params_small(); }, [] { return mixture_fixture_standard(3); }},
      {"keccakf_8_app100_20.proof", [] { return app_params_100_bits(20); },
       [] {
         Fixture fx;
         fx.airs.push_back(std::make_shared<keccakf::KeccakfAir>());
         AirTraces t;
         t.common_main = keccakf::generate_trace(keccakf::example_inputs(8));
         fx.traces.push_back(std::move(t));
         return fx;
       }},
  };
}

/// Where the reference vectors are: $SWIRL_REF_DIR when set (a copy carried
/// to another machine), else the build's ../shared/ref.
inline std::string ref_dir() {
  const char* env = std::getenv("SWIRL_REF_DIR");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string(SWIRL_REF_DIR);
}

/// The bytes of reference file `file`, or nullopt when it is absent.
inline std::optional<std::vector<uint8_t>> read_ref_file(const std::string& file) {
  std::ifstream f(std::filesystem::path(ref_dir()) / "e2e" / file, std::ios::binary);
  if (!f) return std::nullopt;
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

}  // namespace swirl::testing
