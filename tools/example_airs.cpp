#include "example_airs.h"

#include <stdexcept>

#include "cli_support.h"
#include "swirl/air/builder.h"

#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"

namespace swirl::cli {

std::vector<std::string> example_names() {
  return {"fib", "keccakf", "interactions", "cached", "preprocessed", "preprocessed-cached", "self-interaction",
          "mixture"};
}


Fixture example(const std::string& name, const ExampleOptions& o, bool with_traces) {
  if (o.log_height > kMaxLogHeight)
    throw std::invalid_argument("--log-height " + std::to_string(o.log_height) + " is too large (at most " +
                                std::to_string(kMaxLogHeight) + ")");
  const size_t n = size_t{1} << o.log_height;
  if (name == "keccakf") {
    Fixture fx;
    fx.airs.push_back(std::make_shared<keccakf::KeccakfAir>());
    fx.traces.resize(1);
    if (with_traces) {
      std::vector<KeccakState> in;
      if (o.inputs) {
        if (o.perms != 0 && o.perms != o.inputs->size())
          throw std::invalid_argument("--perms " + std::to_string(o.perms) + " differs from the " +
                                      std::to_string(o.inputs->size()) + " states of --inputs");
        in = *o.inputs;
      } else {
        in = keccakf::example_inputs(o.perms == 0 ? keccakf::kExamplePermutations : o.perms);
      }
      fx.traces[0].common_main = keccakf::generate_trace(in, o.trace_memory);
    }
    return fx;
  }
  // The fixtures build their traces with their AIRs; they are small.
  Fixture fx;
  if (name == "fib")
    fx = fib_fixture(0, 1, n);
  else if (name == "interactions")
    fx = interactions_fixture_11();
  else if (name == "cached")
    fx = cached_fixture_11();
  else if (name == "preprocessed")
    fx = preprocessed_fib_fixture(0, 1, alternating_selectors(n));
  else if (name == "preprocessed-cached")
    fx = preprocessed_and_cached_fixture(alternating_selectors(n), 2);
  else if (name == "self-interaction")
    fx = self_interaction_fixture({4, 7, 8, 8, 10, 100}, o.log_height, 4);
  else if (name == "mixture")
    fx = mixture_fixture_standard(o.log_height);
  else
    throw std::invalid_argument("unknown AIR '" + name + "'");
  if (!with_traces) fx.traces.assign(fx.airs.size(), AirTraces{});
  return fx;
}

std::vector<KeccakState> read_keccak_inputs(const std::string& path) {
  return parse_keccak_inputs(read_input_file("--inputs", path, kMaxPerms * 200), path);
}

size_t keccak_perms(const ExampleOptions& o) {
  if (o.inputs) return o.inputs->size();
  return o.perms == 0 ? keccakf::kExamplePermutations : o.perms;
}

namespace {

size_t log2_exact(size_t n) {
  size_t k = 0;
  while ((size_t{1} << k) < n) ++k;
  return k;
}

}  // namespace

std::vector<AirExtent> example_shape(const std::string& name, const ExampleOptions& o) {
  if (name == "keccakf") {
    const keccakf::KeccakfAir air;
    AirExtent s;
    s.name = air.name();
    s.common_width = air.common_main_width();
    s.interactions = symbolic_builder(air, trace_width_of(air, std::nullopt)).interactions().size();
    s.log_height = log2_exact(keccakf::trace_height(keccak_perms(o)));
    return {s};
  }
  ExampleOptions small = o;
  small.log_height = 0;
  const Fixture f0 = example(name, small, true);
  small.log_height = 1;
  const Fixture f1 = example(name, small, true);
  std::vector<AirExtent> out;
  for (size_t i = 0; i < f0.airs.size(); ++i) {
    const Air& air = *f0.airs[i];
    AirExtent s;
    s.name = air.name();
    s.cached_widths = air.cached_main_widths();
    s.common_width = air.common_main_width();
    std::optional<size_t> pre_width;
    if (auto pre = air.preprocessed_trace()) pre_width = pre->width();
    s.preprocessed_width = pre_width.value_or(0);
    s.interactions = symbolic_builder(air, trace_width_of(air, pre_width)).interactions().size();
    const size_t h0 = f0.traces[i].height(), h1 = f1.traces[i].height();
    if (h0 != 0) s.log_height = h1 == h0 ? log2_exact(h0) : log2_exact(h0) + o.log_height;
    out.push_back(std::move(s));
  }
  return out;
}

uint64_t estimate_trace_bytes(const std::vector<AirExtent>& shape) {
  uint64_t bytes = 0;
  for (const AirExtent& s : shape) {
    if (!s.log_height) continue;
    size_t width = s.common_width + s.preprocessed_width;
    for (size_t w : s.cached_widths) width += w;
    bytes += 4 * static_cast<uint64_t>(width) << *s.log_height;
  }
  return bytes;
}

uint64_t estimate_prove_bytes(const std::vector<AirExtent>& shape, const SystemParams& params) {
  const uint64_t stacked_rows = uint64_t{1} << params.log_stacked_height();
  const uint64_t blowup = uint64_t{1} << params.log_blowup;
  // One commitment over cells: its stacked matrix (whole columns of
  // stacked_rows), the RS codeword (blowup times that) and the Merkle tree
  // over the codeword's rows (about two digests of 32 bytes per row).
  auto commitment = [&](uint64_t cells) {
    const uint64_t columns = std::max<uint64_t>(1, (cells + stacked_rows - 1) / stacked_rows);
    const uint64_t stacked = 4 * columns * stacked_rows;
    return stacked + blowup * stacked + 64 * blowup * stacked_rows;
  };
  uint64_t common_cells = 0, total = estimate_trace_bytes(shape);
  for (const AirExtent& s : shape) {
    if (!s.log_height) continue;
    common_cells += static_cast<uint64_t>(s.common_width) << *s.log_height;
    for (size_t w : s.cached_widths) total += commitment(static_cast<uint64_t>(w) << *s.log_height);
    if (s.preprocessed_width) total += commitment(static_cast<uint64_t>(s.preprocessed_width) << *s.log_height);
    // LogUp-GKR: a numerator and a denominator in BabyBear^4 per interaction
    // and row, and the layers above them (as many again).
    total += (uint64_t{64} * s.interactions) << *s.log_height;
  }
  if (common_cells) total += commitment(common_cells);
  return total + (uint64_t{64} << 20);  // code, tables, the proof itself
}

}  // namespace swirl::cli
