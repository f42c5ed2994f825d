// Shared by the libFuzzer harnesses: the fixed AIR sets and their keys.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "example_airs.h"
#include "swirl/air/keygen.h"
#include "swirl/protocol/params.h"

namespace swirl::fuzz {

/// The AIR sets the proof harness verifies against: name and options as
/// `swirl prove <name> --params test-small` would use them.
struct FuzzAirSet {
  std::string name;
  cli::ExampleOptions options;
};

inline std::vector<FuzzAirSet> fuzz_air_sets() {
  cli::ExampleOptions fixture;
  fixture.log_height = 3;
  cli::ExampleOptions keccak;
  keccak.perms = 8;
  return {{"fib", fixture},          {"interactions", fixture}, {"cached", fixture},
          {"preprocessed", fixture}, {"mixture", fixture},      {"keccakf", keccak}};
}

inline SystemParams fuzz_params() { return *params_by_name("test-small"); }

inline MultiStarkProvingKey fuzz_keygen(const Fixture& fx) {
  MultiStarkKeygenBuilder kb(fuzz_params());
  for (const auto& a : fx.airs) kb.add_air(a);
  return *kb.generate_pk();
}

}  // namespace swirl::fuzz
