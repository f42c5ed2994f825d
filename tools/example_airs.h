// The AIR sets the CLI can prove, by name: the example AIRs (fib, keccakf)
// and the reference's test fixtures. The verifier side rebuilds only the
// AIRs (keygen is deterministic), the prover side also the traces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_reference.h"

namespace swirl::cli {

struct ExampleOptions {
  size_t log_height = 8;                                // fib and fixtures
  size_t perms = 0;                                     // keccakf (0: the reference example's 1024)
  std::optional<std::vector<KeccakState>> inputs;  // keccakf --inputs
};

/// Names example() understands, for the help text.
std::vector<std::string> example_names();

/// The AIRs of example `name` (traces left empty unless `with_traces`).
/// Throws std::invalid_argument for an unknown name or bad options.
Fixture example(const std::string& name, const ExampleOptions& options, bool with_traces);

/// Reads keccak-f inputs: N states of 25 little-endian u64 lanes (200 bytes
/// each). Throws std::runtime_error on I/O errors or a size that is not a
/// multiple of 200.
std::vector<KeccakState> read_keccak_inputs(const std::string& path);

}  // namespace swirl::cli
