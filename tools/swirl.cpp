// The swirl command line:
//   swirl prove  <air> --proof FILE [--params NAME] [--backend auto|cpu|cuda]
//                [--metrics FILE] [--check] [--perms N] [--inputs FILE] [--log-height N]
//   swirl verify <air> --proof FILE [--params NAME] [--log-height N]
// `verify` prints `accepted` and exits 0, or prints the rejection and exits 1.
// Other failures (bad options, I/O, a prover error) exit 2.
#include <omp.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "example_airs.h"
#include "swirl/air/debug.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/select.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/util/span.h"
#include "swirl/verifier/verifier.h"

namespace {

using namespace swirl;

struct Options {
  std::string air;
  std::string proof_path;
  std::string params_name = "app-100:21";
  std::string backend = "auto";
  std::string metrics_path;
  std::string inputs_path;
  bool check = false;
  int threads = 0;
  cli::ExampleOptions example;
};

SystemParams params_or_throw(const std::string& name) {
  auto p = params_by_name(name);
  if (!p) {
    std::string known;
    for (const auto& n : known_params_names()) known += " " + n;
    throw std::invalid_argument("unknown --params '" + name + "' (known:" + known + ")");
  }
  return *p;
}

MultiStarkProvingKey keygen_or_throw(const SystemParams& params, const Fixture& fx) {
  MultiStarkKeygenBuilder kb(params);
  for (const auto& a : fx.airs) kb.add_air(a);
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error("keygen: " + pk.error().message());
  return std::move(*pk);
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// The reference's CUDA backend names the children of these two phases with
// the phase as prefix (prover.rap_constraints.round0, prover.openings.whir,
// ...); the metrics carry those keys too, beside the short span names.
void add_qualified_keys(const SpanRecord& r, nlohmann::json& j) {
  if (r.name == "prover.rap_constraints" || r.name == "prover.openings") {
    for (const SpanRecord& c : r.children) {
      const std::string key = r.name + "." + c.name + "_time_ms";
      j[key] = j.value(key, 0.0) + c.ms;
    }
  }
  for (const SpanRecord& c : r.children) add_qualified_keys(c, j);
}

int run_prove(const Options& o) {
  const SystemParams params = params_or_throw(o.params_name);
  cli::ExampleOptions ex = o.example;
  if (!o.inputs_path.empty()) {
    if (o.air != "keccakf") throw std::invalid_argument("--inputs is only for keccakf");
    ex.inputs = cli::read_keccak_inputs(o.inputs_path);
  }
  // Choose the backend first: an unavailable one fails before any work.
  auto backend = make_backend(parse_backend_choice(o.backend));
  const auto t0 = std::chrono::steady_clock::now();
  Fixture fx = cli::example(o.air, ex, true);
  const double trace_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (o.check) {
    const DebugReport report = debug_check(fx.airs, fx.traces);
    if (!report.ok()) {
      std::cerr << "debug check failed:\n" << report.to_string() << "\n";
      return 2;
    }
    std::cerr << "debug check: ok\n";
  }
  const MultiStarkProvingKey pk = keygen_or_throw(params, fx);

  SpanCollector spans;
  Proof proof;
  {
    SpanCollector::Install use(spans);
    proof = prove(*backend, pk, fx.traces);
  }
  const std::vector<uint8_t> bytes = encode_proof(proof);
  {
    std::ofstream f(o.proof_path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error("cannot write --proof file " + o.proof_path);
  }
  std::cerr << spans.tree_text();
  std::cerr << "backend " << backend->name() << ", params " << o.params_name << ", trace generation "
            << static_cast<long>(trace_ms) << " ms, proof " << bytes.size() << " bytes, peak RSS "
            << peak_rss_kib() / 1024 << " MiB\n";
  if (!o.metrics_path.empty()) {
    nlohmann::json j = spans.metrics_json();
    for (const SpanRecord& r : spans.roots()) add_qualified_keys(r, j);
    j["trace_gen_time_ms"] = trace_ms;
    j["proof_bytes"] = bytes.size();
    j["peak_rss_kib"] = peak_rss_kib();
    j["backend"] = backend->name();
    j["params"] = o.params_name;
    std::ofstream f(o.metrics_path);
    f << j.dump(2) << "\n";
    if (!f) throw std::runtime_error("cannot write --metrics file " + o.metrics_path);
  }
  std::cout << "proved " << o.air << " -> " << o.proof_path << "\n";
  return 0;
}

int run_verify(const Options& o) {
  const SystemParams params = params_or_throw(o.params_name);
  std::ifstream f(o.proof_path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open --proof file " + o.proof_path);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  // keygen needs no traces; only the AIRs.
  const Fixture fx = cli::example(o.air, o.example, false);
  const MultiStarkVerifyingKey vk = keygen_or_throw(params, fx).get_vk();
  auto proof = decode_proof(bytes);
  if (!proof) {
    std::cout << "rejected: decode failed at byte " << proof.error().offset << ": " << proof.error().reason << "\n";
    return 1;
  }
  if (auto rej = verify(params, vk, *proof)) {
    std::cout << "rejected: " << rej->to_string() << "\n";
    return 1;
  }
  std::cout << "accepted\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"swirl: prover and verifier of the SWIRL protocol (stark-backend v2 proofs)"};
  app.require_subcommand(1);
  Options o;
  std::string airs_help = "AIR set:";
  for (const auto& n : swirl::cli::example_names()) airs_help += " " + n;
  std::string params_help = "parameter set by name (default app-100:21):";
  for (const auto& n : swirl::known_params_names()) params_help += " " + n;

  auto* prove_cmd = app.add_subcommand("prove", "prove an example AIR set and write the proof");
  auto* verify_cmd = app.add_subcommand("verify", "verify a proof of an example AIR set");
  for (auto* cmd : {prove_cmd, verify_cmd}) {
    cmd->add_option("air", o.air, airs_help)->required();
    cmd->add_option("--proof", o.proof_path, "proof file")->required();
    cmd->add_option("--params", o.params_name, params_help);
    cmd->add_option("--log-height", o.example.log_height, "log2 trace height of fib and the fixtures (default 8)");
  }
  prove_cmd->add_option("--backend", o.backend, "auto|cpu|cuda (default auto)");
  prove_cmd->add_option("--metrics", o.metrics_path, "write span times (<span>_time_ms) as JSON");
  prove_cmd->add_flag("--check", o.check, "run the debug constraint checker first");
  prove_cmd->add_option("--perms", o.example.perms, "keccakf: number of permutations (default 1024)");
  prove_cmd->add_option("--inputs", o.inputs_path, "keccakf: N states of 25 little-endian u64 lanes (200 bytes each)");

  prove_cmd->add_option("--threads", o.threads, "OpenMP threads (default: OpenMP's choice)");

  CLI11_PARSE(app, argc, argv);
  if (o.threads < 0) {
    std::cerr << "swirl: --threads " << o.threads << " is negative\n";
    return 2;
  }
  if (o.threads > 0) omp_set_num_threads(o.threads);
  try {
    if (prove_cmd->parsed()) return run_prove(o);
    return run_verify(o);
  } catch (const std::exception& e) {
    std::cerr << "swirl: " << e.what() << "\n";
    return 2;
  }
}
