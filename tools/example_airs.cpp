#include "example_airs.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"

namespace swirl::cli {

std::vector<std::string> example_names() {
  return {"fib", "keccakf", "interactions", "cached", "preprocessed", "preprocessed-cached", "self-interaction",
          "mixture"};
}

namespace {
std::vector<bool> alternating(size_t n) {
  std::vector<bool> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = i % 2 == 0;
  return s;
}
}  // namespace

Fixture example(const std::string& name, const ExampleOptions& o, bool with_traces) {
  if (o.log_height > 24) throw std::invalid_argument("--log-height " + std::to_string(o.log_height) + " is too large");
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
      fx.traces[0].common_main = keccakf::generate_trace(in);
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
    fx = preprocessed_fib_fixture(0, 1, alternating(n));
  else if (name == "preprocessed-cached")
    fx = preprocessed_and_cached_fixture(alternating(n), 2);
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
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open --inputs file " + path);
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (bytes.size() % 200 != 0)
    throw std::runtime_error("--inputs file " + path + " has " + std::to_string(bytes.size()) +
                             " bytes, not a multiple of 200");
  std::vector<KeccakState> out(bytes.size() / 200);
  for (size_t s = 0; s < out.size(); ++s)
    for (size_t lane = 0; lane < 25; ++lane) {
      uint64_t v = 0;
      for (int b = 7; b >= 0; --b) v = (v << 8) | bytes[s * 200 + lane * 8 + static_cast<size_t>(b)];
      out[s][lane] = v;
    }
  return out;
}

}  // namespace swirl::cli
