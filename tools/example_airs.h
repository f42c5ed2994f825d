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
#include "swirl/protocol/params.h"

namespace swirl::cli {

struct ExampleOptions {
  size_t log_height = 8;                           // fib and fixtures
  size_t perms = 0;                                // keccakf (0: the reference example's 1024)
  std::optional<std::vector<KeccakState>> inputs;  // keccakf --inputs
  HostMemoryResource* trace_memory = nullptr;      // keccakf: where its trace goes (the backend's trace_memory())
};

/// Largest --log-height, and the most keccak-f permutations (a trace of
/// 2^24 rows, the largest stacked height of any parameter set).
inline constexpr size_t kMaxLogHeight = 24;
inline constexpr size_t kMaxPerms = (size_t{1} << 24) / 24;

/// The shape of one AIR of an example: what the memory estimate and the
/// verifier's shape check need, known without building full-size traces.
struct AirExtent {
  std::string name;
  std::vector<size_t> cached_widths;  // one per cached main partition
  size_t common_width = 0;
  size_t preprocessed_width = 0;      // 0: no preprocessed trace
  size_t interactions = 0;            // LogUp interactions (bus sends and receives)
  std::optional<size_t> log_height;   // nullopt: no trace (absent AIR)
};

/// The number of keccak-f permutations `options` asks for.
size_t keccak_perms(const ExampleOptions& options);

/// Per-AIR shapes of example `name` (the fixtures' trace heights are either
/// fixed or 2^log_height; both are read off two tiny builds).
std::vector<AirExtent> example_shape(const std::string& name, const ExampleOptions& options);

/// Estimated peak host memory of proving `shape` under `params`, in bytes
/// (formula: docs/design.md, "Errors").
uint64_t estimate_prove_bytes(const std::vector<AirExtent>& shape, const SystemParams& params);
/// Host memory of the traces alone (what building the example costs).
uint64_t estimate_trace_bytes(const std::vector<AirExtent>& shape);

/// Names example() understands, for the help text.
std::vector<std::string> example_names();

/// The AIRs of example `name` (traces left empty unless `with_traces`).
/// Throws std::invalid_argument for an unknown name or bad options.
Fixture example(const std::string& name, const ExampleOptions& options, bool with_traces);

/// Reads keccak-f inputs: N >= 1 states of 25 little-endian u64 lanes (200
/// bytes each, at most kMaxPerms states). Throws CliError (cli_support.h).
std::vector<KeccakState> read_keccak_inputs(const std::string& path);

}  // namespace swirl::cli
