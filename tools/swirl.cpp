// The swirl command line:
//   swirl prove  <air> --proof FILE [--params NAME] [--backend auto|cpu|cuda] [--device K] [--metrics FILE] [--check]
//                [--perms N] [--inputs FILE] [--log-height N] [--threads N]
//   swirl verify <air> --proof FILE [--params NAME] [--perms N] [--inputs FILE] [--log-height N] [--threads N]
// Exit status (cli_support.h): 0 proved / accepted, 1 rejected, 2 usage or
// input error, 3 environment failure. Every argument is checked before any
// work; every failure is one line naming the option or file.
#include <omp.h>

#include <cmath>

#include <fmt/format.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

#include "cli_support.h"
#include "throughput.h"
#include "example_airs.h"
#include "swirl/air/debug.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/keygen.h"
#include "swirl/air/pk_codec.h"
#include "swirl/air/vk_codec.h"
#include "swirl/backend/select.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/util/span.h"
#include "swirl/verifier/verifier.h"
#ifdef SWIRL_HAVE_CUDA
#include "swirl/backend/cuda/error.h"
#endif

namespace {

using namespace swirl;
using namespace swirl::cli;

// A proof of any parameter set here is a few MiB; a larger --proof file is
// refused before reading it whole.
constexpr size_t kMaxProofBytes = size_t{1} << 30;
constexpr size_t kMaxVkBytes = size_t{1} << 28;  // keccak-f's key is ~1 MiB
constexpr size_t kMaxPkBytes = size_t{1} << 34;  // a preprocessed trace and its tree

struct Options {
  std::string air;
  std::string proof_path;
  std::string params_name = "app-100:21";
  std::string backend = "auto";
  long long device = -1;  // --device (or SWIRL_DEVICE); -1: the default device
  bool has_device = false;
  std::string metrics_path;
  std::string inputs_path;
  std::string vk_path;  // keygen: where to write; verify: the key to use instead of key generation
  std::string pk_path;  // keygen: where to write; prove: the key to use instead of key generation
  bool has_pk = false;
  long long proofs = 8, jobs = 1, warmup = 1;  // bench
  bool has_jobs = false;                       // bench
  std::string devices;                         // bench --devices: all, or indices like 0,2
  bool has_devices = false;                    // bench
  std::string json_path;                       // bench
  bool check = false;
  long long threads = 0;
  long long perms = 0;
  long long log_height = 8;
  // Whether the option was given (CLI11 counts).
  bool has_threads = false, has_perms = false, has_log_height = false, has_inputs = false, has_metrics = false;
  bool has_vk = false;
};

// What validation produced: everything the work needs, nothing started.
struct Plan {
  SystemParams params;
  ExampleOptions example;
  std::vector<AirExtent> shape;
  bool shape_pinned = false;  // a shaping option was given (verify checks the proof against it)
};

std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// A library that calls exit() (libgomp when it cannot create a thread) would
// otherwise exit 1, the status of a rejected proof.
bool g_main_returned = false;
void on_exit_hook() {
  if (g_main_returned) return;
  remove_pending_temporaries();
  std::fputs("swirl: a library aborted the run (see its message above); environment failure\n", stderr);
  std::fflush(stderr);
  ::_exit(kExitEnvironment);
}

int hardware_threads() { return std::max(1, omp_get_num_procs()); }

// --threads, else a valid OMP_NUM_THREADS, else OpenMP's default; set
// before any parallel region so libgomp never tries an absurd team.
void set_threads(const Options& o) {
  const long long max = 4LL * hardware_threads();
  const std::string range = "1.." + std::to_string(max) + " (4 x the " + std::to_string(hardware_threads()) +
                            " hardware threads)";
  if (o.has_threads) {
    if (o.threads < 1 || o.threads > max) usage_error("--threads " + std::to_string(o.threads) + " is outside " + range);
    omp_set_num_threads(static_cast<int>(o.threads));
    return;
  }
  const char* env = std::getenv("OMP_NUM_THREADS");
  if (env == nullptr || *env == '\0') {
    omp_set_num_threads(hardware_threads());
    return;
  }
  // The first entry of the list is the outer team's size.
  const std::string s(env);
  const std::string first = s.substr(0, s.find(','));
  long long n = -1;
  try {
    size_t used = 0;
    n = std::stoll(first, &used);
    if (first.find_first_not_of(" \t", used) != std::string::npos) n = -1;
  } catch (const std::exception&) {
    n = -1;
  }
  if (n < 1 || n > max) usage_error("OMP_NUM_THREADS='" + s + "' is not a thread count in " + range);
  omp_set_num_threads(static_cast<int>(n));
}

SystemParams params_or_throw(const std::string& name) {
  auto p = params_by_name(name);
  if (!p) {
    std::string known;
    for (const auto& n : known_params_names()) known += " " + n;
    usage_error("unknown --params '" + name + "' (known:" + known + ")");
  }
  return *p;
}

MultiStarkProvingKey keygen_or_throw(const SystemParams& params, const Fixture& fx) {
  MultiStarkKeygenBuilder kb(params);
  for (const auto& a : fx.airs) kb.add_air(a);
  auto pk = kb.generate_pk();
  if (!pk) usage_error("keygen: " + pk.error().message());
  return std::move(*pk);
}

std::string pow2(size_t k) { return "2^" + std::to_string(k); }

// The option that sets the heights of `air`'s traces, for messages.
std::string shaping_option(const std::string& air, const Options& o) {
  if (air == "keccakf") {
    if (o.has_inputs) return "--inputs " + o.inputs_path;
    return "--perms " + (o.has_perms ? std::to_string(o.perms) : std::to_string(keccakf::kExamplePermutations) + " (the default)");
  }
  return "--log-height " + std::to_string(o.log_height);
}

// Checks every argument; builds nothing large.
Plan validate(const Options& o, bool proving) {
  Plan plan;
  set_threads(o);
  const auto names = example_names();
  if (std::find(names.begin(), names.end(), o.air) == names.end()) {
    std::string known;
    for (const auto& n : names) known += " " + n;
    usage_error("unknown AIR '" + o.air + "' (known:" + known + ")");
  }
  plan.params = params_or_throw(o.params_name);
  const bool keccak = o.air == "keccakf";
  if (o.has_perms) {
    if (!keccak) usage_error("--perms is only for keccakf");
    if (o.perms < 1 || static_cast<unsigned long long>(o.perms) > kMaxPerms)
      usage_error("--perms " + std::to_string(o.perms) + " is outside 1.." + std::to_string(kMaxPerms));
    plan.example.perms = static_cast<size_t>(o.perms);
  }
  if (o.has_log_height) {
    if (keccak) usage_error("--log-height does not apply to keccakf (its height follows --perms)");
    if (o.log_height < 0 || static_cast<unsigned long long>(o.log_height) > kMaxLogHeight)
      usage_error("--log-height " + std::to_string(o.log_height) + " is outside 0.." + std::to_string(kMaxLogHeight));
  }
  plan.example.log_height = static_cast<size_t>(o.log_height);
  if (o.has_inputs) {
    if (!keccak) usage_error("--inputs is only for keccakf");
    plan.example.inputs = read_keccak_inputs(o.inputs_path);
    if (o.has_perms && static_cast<size_t>(o.perms) != plan.example.inputs->size())
      usage_error("--perms " + std::to_string(o.perms) + " differs from the " +
                  std::to_string(plan.example.inputs->size()) + " states of --inputs " + o.inputs_path);
  }
  plan.shape_pinned = o.has_perms || o.has_inputs || o.has_log_height;
  plan.shape = example_shape(o.air, plan.example);

  const uint64_t available = available_host_memory();
  if (proving) {
    const size_t max_log = static_cast<size_t>(plan.params.log_stacked_height());
    for (const AirExtent& s : plan.shape)
      if (s.log_height && *s.log_height > max_log)
        usage_error(shaping_option(o.air, o) + " makes " + s.name + " a trace of " + pow2(*s.log_height) +
                    " rows; --params " + o.params_name + " holds traces of at most " + pow2(max_log) + " rows");
    const uint64_t need = estimate_prove_bytes(plan.shape, plan.params);
    if (available != 0 && need > available)
      environment_error("not enough host memory: proving " + o.air + " with " + shaping_option(o.air, o) +
                        " and --params " + o.params_name + " needs about " + format_bytes(need) +
                        " (estimate), MemAvailable is " + format_bytes(available));
    try {
      (void)parse_backend_choice(o.backend);
    } catch (const std::invalid_argument& e) {
      usage_error("--backend " + o.backend + ": " + e.what());
    }
  } else if (!keccak) {
    // verify builds the fixture's AIRs, which build their traces.
    const uint64_t need = estimate_trace_bytes(plan.shape);
    if (available != 0 && need > available)
      environment_error("not enough host memory: the " + o.air + " AIRs with " + shaping_option(o.air, o) +
                        " need about " + format_bytes(need) + ", MemAvailable is " + format_bytes(available));
  }
  return plan;
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// The CUDA device: --device, else SWIRL_DEVICE, else -1 (the default one).
// SWIRL_DEVICE is ambient configuration: it is ignored when the CPU backend
// proves (--backend cpu, or auto without a device); --device is not.
int device_index(const Options& o) {
  if (o.has_device) {
    if (o.device < 0 || o.device > 1023) usage_error("--device " + std::to_string(o.device) + " outside 0..1023");
    return static_cast<int>(o.device);
  }
  const BackendChoice choice = parse_backend_choice(o.backend);
  if (choice == BackendChoice::kCpu || (choice == BackendChoice::kAuto && !cuda_device_present())) return -1;
  const char* env = std::getenv("SWIRL_DEVICE");
  if (env == nullptr || *env == '\0') return -1;
  const std::string v(env);
  if (v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos)
    usage_error("SWIRL_DEVICE '" + v + "' is not a device index 0..1023");
  return std::stoi(v);
}

// bench --devices: "all" (every device present) or distinct indices "0,2".
// Checked for its form first, then against the backend that proves and the
// devices present.
std::vector<int> device_list(const Options& o) {
  const std::string opt = "--devices " + o.devices;
  if (o.has_device) usage_error(opt + " and --device " + std::to_string(o.device) + ": give one of them");
  std::vector<int> out;
  const bool all = o.devices == "all";
  for (size_t pos = 0; !all && pos <= o.devices.size();) {
    const size_t comma = std::min(o.devices.find(',', pos), o.devices.size());
    const std::string item = o.devices.substr(pos, comma - pos);
    if (item.empty() || item.size() > 4 || item.find_first_not_of("0123456789") != std::string::npos)
      usage_error(opt + ": '" + item + "' is not a device index (expected all, or indices like 0,1)");
    const int d = std::stoi(item);
    if (std::find(out.begin(), out.end(), d) != out.end()) usage_error(opt + ": device " + item + " given twice");
    out.push_back(d);
    pos = comma + 1;
  }
  const BackendChoice choice = parse_backend_choice(o.backend);
  if (choice == BackendChoice::kCpu || (choice == BackendChoice::kAuto && !cuda_device_present()))
    usage_error(opt + ": a device list applies to the CUDA backend, and the CPU backend proves here");
  const int count = cuda_device_count();
  if (count == 0) {  // --backend cuda here: the backend's own reason
    try {
      (void)make_backend(choice, -1);
    } catch (const std::runtime_error& e) {
      usage_error("--backend " + o.backend + ": " + e.what());
    }
  }
  if (all)
    for (int d = 0; d < count; ++d) out.push_back(d);
  for (int d : out)
    if (d >= count)
      usage_error(opt + ": device " + std::to_string(d) + ": " + std::to_string(count) + " device(s) present (indices 0.." +
                  std::to_string(count - 1) + ")");
  return out;
}

std::string device_option(const Options& o) {
  return o.has_device ? "--device " + std::to_string(o.device) : std::string("SWIRL_DEVICE");
}

// A proving key file (swirl keygen --pk) for the example `fx` at `params`:
// the parameters and the AIRs (count and names) must be the ones asked for.
MultiStarkProvingKey read_pk_file(const Options& o, const SystemParams& params, const Fixture& fx) {
  const std::vector<uint8_t> bytes = read_input_file("--pk", o.pk_path, kMaxPkBytes);
  auto pk = decode_proving_key(bytes);
  if (!pk)
    usage_error("--pk " + o.pk_path + ": not a usable proving key (decode failed at byte " +
                std::to_string(pk.error().offset) + ": " + pk.error().reason + ")");
  if (!(pk->params == params))
    usage_error("--pk " + o.pk_path + " was made for other parameters than --params " + o.params_name);
  bool same = pk->per_air.size() == fx.airs.size();
  for (size_t i = 0; same && i < fx.airs.size(); ++i) same = pk->per_air[i].air_name == fx.airs[i]->name();
  if (!same) usage_error("--pk " + o.pk_path + " holds the key of other AIRs than " + o.air);
  return std::move(*pk);
}

int run_prove(const Options& o) {
  const Plan plan = validate(o, true);
  if (o.has_metrics && o.metrics_path == o.proof_path) usage_error("--metrics and --proof name the same file");
  std::unique_ptr<ProverBackend> backend;
  const int device = device_index(o);
  try {
    backend = make_backend(parse_backend_choice(o.backend), device);
  } catch (const std::runtime_error& e) {
    usage_error("--backend " + o.backend + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    usage_error(device_option(o) + ": " + e.what());
  }
  // Outputs next: an unusable path fails before any work.
  OutputFile proof_out("--proof", o.proof_path);
  std::unique_ptr<OutputFile> metrics_out;
  if (o.has_metrics) metrics_out = std::make_unique<OutputFile>("--metrics", o.metrics_path);

  const auto t0 = std::chrono::steady_clock::now();
  ExampleOptions traces_for_backend = plan.example;
  traces_for_backend.trace_memory = backend->trace_memory();  // pinned for a GPU: DMA'd in place
  Fixture fx = example(o.air, traces_for_backend, true);
  const double trace_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (o.check) {
    const DebugReport report = debug_check(fx.airs, fx.traces);
    if (!report.ok()) {
      std::cerr << "swirl: --check: the traces violate the constraints:\n" << report.to_string() << "\n";
      return kExitUsage;
    }
    std::cerr << "debug check: ok\n";
  }
  const auto k0 = std::chrono::steady_clock::now();
  const MultiStarkProvingKey pk = o.has_pk ? read_pk_file(o, plan.params, fx) : keygen_or_throw(plan.params, fx);
  const double keygen_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - k0).count();

  SpanCollector spans;
  spans.set_device_hook(backend->span_hook());
  Proof proof;
  {
    SpanCollector::Install use(spans);
    proof = prove(*backend, pk, fx.traces);
  }
  const std::vector<uint8_t> bytes = encode_proof(proof);
  std::cerr << spans.tree_text();
  std::cerr << "backend " << backend->name() << " (" << backend->device_name() << "), params " << o.params_name << ", trace generation "
            << static_cast<long>(trace_ms) << " ms, key " << (o.has_pk ? "read" : "generation") << " "
            << static_cast<long>(keygen_ms) << " ms, proof "
            << bytes.size() << " bytes, peak RSS "
            << peak_rss_kib() / 1024 << " MiB (estimated " << format_bytes(estimate_prove_bytes(plan.shape, plan.params))
            << ")\n";
  proof_out.stage(bytes);
  if (metrics_out) {
    // Span gauges keyed as the reference's (phase-qualified below the root:
    // prover.rap_constraints.round0_time_ms, ...), values in ms to the us.
    nlohmann::json j = spans.metrics_json();
    j["trace_gen_time_ms"] = std::round(trace_ms * 1000.0) / 1000.0;
    j["keygen_time_ms"] = std::round(keygen_ms * 1000.0) / 1000.0;
    j["proof_bytes"] = bytes.size();
    j["peak_rss_kib"] = peak_rss_kib();
    j["labels"] = {{"air", o.air},
                   {"backend", backend->name()},
                   {"device", backend->device_name()},
                   {"threads", omp_get_max_threads()},
                   {"params", o.params_name},
                   {"version", SWIRL_VERSION}};
    const std::string text = j.dump(2) + "\n";
    metrics_out->stage(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  proof_out.rename_into_place();
  if (metrics_out) {
    try {
      metrics_out->rename_into_place();
    } catch (...) {
      proof_out.remove_placed();
      throw;
    }
  }
  std::cout << "proved " << o.air << " -> " << o.proof_path << "\n";
  return kExitOk;
}

std::string values_text(const std::vector<BabyBear>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size() && i < 8; ++i) s += (i ? ", " : "") + std::to_string(v[i].as_canonical());
  if (v.size() > 8) s += ", ... (" + std::to_string(v.size()) + " in all)";
  return s + "]";
}

// A verifying key file: postcard(MultiStarkVerifyingKey) (air/vk_codec.h).
MultiStarkVerifyingKey read_vk_file(const std::string& path) {
  const std::vector<uint8_t> bytes = read_input_file("--vk", path, kMaxVkBytes);
  auto vk = postcard_decode_vk(bytes);
  if (!vk)
    usage_error("--vk " + path + ": not a verifying key (decode failed at byte " +
                std::to_string(vk.error().offset) + ": " + vk.error().reason + ")");
  return std::move(*vk);
}

int run_verify(const Options& o) {
  const Plan plan = validate(o, false);
  const std::vector<uint8_t> bytes = read_input_file("--proof", o.proof_path, kMaxProofBytes);
  const auto k0 = std::chrono::steady_clock::now();
  MultiStarkVerifyingKey vk;
  if (o.has_vk) {
    // The key from disk: no key generation (no preprocessed commitment).
    vk = read_vk_file(o.vk_path);
    if (!(vk.inner.params == plan.params))
      usage_error("--vk " + o.vk_path + " was made for other parameters than --params " + o.params_name);
  } else {
    // keygen needs no traces; only the AIRs.
    const Fixture fx = example(o.air, plan.example, false);
    vk = keygen_or_throw(plan.params, fx).get_vk();
  }
  const double key_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - k0).count();

  const auto t0 = std::chrono::steady_clock::now();
  auto ms = [&] { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(); };
  auto proof = decode_proof(bytes);
  if (!proof) {
    std::cout << "rejected: decode failed at byte " << proof.error().offset << ": " << proof.error().reason << "\n";
    return kExitRejected;
  }
  // The shape the options ask for, before the (costlier) verification.
  if (plan.shape_pinned && proof->trace_vdata.size() == plan.shape.size()) {
    for (size_t i = 0; i < plan.shape.size(); ++i) {
      const auto& want = plan.shape[i].log_height;
      const auto& got = proof->trace_vdata[i];
      if (want.has_value() != got.has_value() || (want && *want != got->log_height)) {
        const std::string found = got ? pow2(got->log_height) + " rows" : "no trace";
        const std::string expected = want ? pow2(*want) + " rows" : "no trace";
        std::cout << "rejected: AIR " << i << " (" << plan.shape[i].name << ") has " << found << " in the proof; "
                  << shaping_option(o.air, o) << " expects " << expected << "\n";
        return kExitRejected;
      }
    }
  }
  if (auto rej = verify(plan.params, vk, *proof)) {
    std::cout << "rejected: " << rej->to_string() << "\n";
    return kExitRejected;
  }
  const double took = ms();
  std::cout << "accepted\n";
  std::cerr << "verified " << o.air << " (" << proof->trace_vdata.size() << " AIRs) with --params " << o.params_name
            << ", proof " << o.proof_path << " (" << bytes.size() << " bytes), in " << static_cast<long>(took + 0.5)
            << " ms (key " << (o.has_vk ? "read from " + o.vk_path : std::string("generated")) << " in "
            << static_cast<long>(key_ms + 0.5) << " ms); heights "
            << (plan.shape_pinned ? "checked against " + shaping_option(o.air, o) : std::string("as the proof has them"))
            << ":\n";
  for (size_t i = 0; i < proof->trace_vdata.size(); ++i) {
    std::cerr << "  AIR " << i << " " << (i < plan.shape.size() ? plan.shape[i].name : "?") << ": ";
    if (!proof->trace_vdata[i]) {
      std::cerr << "no trace\n";
      continue;
    }
    std::cerr << pow2(proof->trace_vdata[i]->log_height) << " rows";
    if (i < proof->public_values.size() && !proof->public_values[i].empty())
      std::cerr << ", public values " << values_text(proof->public_values[i]);
    std::cerr << "\n";
  }
  return kExitOk;
}

int run_keygen(const Options& o) {
  const Plan plan = validate(o, false);
  if (o.vk_path.empty() && o.pk_path.empty()) usage_error("keygen writes --vk FILE, --pk FILE or both; neither given");
  if (!o.vk_path.empty() && o.vk_path == o.pk_path) usage_error("--vk and --pk name the same file");
  std::unique_ptr<OutputFile> vk_out, pk_out;
  if (!o.vk_path.empty()) vk_out = std::make_unique<OutputFile>("--vk", o.vk_path);
  if (!o.pk_path.empty()) pk_out = std::make_unique<OutputFile>("--pk", o.pk_path);
  const auto t0 = std::chrono::steady_clock::now();
  const Fixture fx = example(o.air, plan.example, false);
  const MultiStarkProvingKey pk = keygen_or_throw(plan.params, fx);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::vector<uint8_t> vk_bytes, pk_bytes;
  if (vk_out) vk_out->stage(vk_bytes = postcard_encode(pk.get_vk()));
  if (pk_out) pk_out->stage(pk_bytes = encode_proving_key(pk));
  if (vk_out) vk_out->rename_into_place();
  if (pk_out) {
    try {
      pk_out->rename_into_place();
    } catch (...) {
      if (vk_out) vk_out->remove_placed();
      throw;
    }
  }
  if (vk_out) std::cout << "wrote the verifying key of " << o.air << " -> " << o.vk_path << "\n";
  if (pk_out) std::cout << "wrote the proving key of " << o.air << " -> " << o.pk_path << "\n";
  std::cerr << "keygen " << o.air << " with --params " << o.params_name << ": " << pk.per_air.size() << " AIRs, "
            << (vk_out ? "verifying key " + std::to_string(vk_bytes.size()) + " bytes, " : std::string())
            << (pk_out ? "proving key " + std::to_string(pk_bytes.size()) + " bytes, " : std::string())
            << static_cast<long>(ms + 0.5) << " ms\n";
  return kExitOk;
}

// Throughput mode: proofs x jobs, each proof timed, verified and compared.
int run_bench(const Options& o) {
  const Plan plan = validate(o, true);
  if (o.proofs < 1 || o.proofs > 100000) usage_error("--proofs " + std::to_string(o.proofs) + " outside 1..100000");
  if (o.jobs < 1 || o.jobs > 64) usage_error("--jobs " + std::to_string(o.jobs) + " outside 1..64");
  if (o.warmup < 0 || o.warmup > 100) usage_error("--warmup " + std::to_string(o.warmup) + " outside 0..100");
  const BackendChoice choice = parse_backend_choice(o.backend);
  // The device of each job: --devices round robin, else the one device.
  const std::vector<int> devices = o.has_devices ? device_list(o) : std::vector<int>{device_index(o)};
  size_t jobs = static_cast<size_t>(o.jobs);
  if (o.has_devices && !o.has_jobs) jobs = devices.size();  // one job per device unless told
  if (jobs < devices.size())
    usage_error("--jobs " + std::to_string(jobs) + " with --devices " + o.devices + " (" +
                std::to_string(devices.size()) + " devices): give every device a job (--jobs >= " +
                std::to_string(devices.size()) + ")");
  HostMemoryResource* trace_memory = nullptr;  // the backends' (one resource for every device)
  for (int device : devices) {
    try {
      trace_memory = make_backend(choice, device)->trace_memory();  // refused here, before any work, if it cannot prove
    } catch (const std::runtime_error& e) {
      usage_error("--backend " + o.backend + ": " + e.what());
    } catch (const std::invalid_argument& e) {
      usage_error((o.has_devices ? "--devices " + o.devices : device_option(o)) + ": " + e.what());
    }
  }
  std::unique_ptr<OutputFile> json_out;
  if (!o.json_path.empty()) json_out = std::make_unique<OutputFile>("--json", o.json_path);
  ExampleOptions traces_for_backend = plan.example;
  traces_for_backend.trace_memory = trace_memory;
  Fixture fx = example(o.air, traces_for_backend, true);
  const MultiStarkProvingKey pk = keygen_or_throw(plan.params, fx);
  ThroughputRequest req;
  req.pk = &pk;
  req.traces = fx.traces;
  req.make_backend = [choice, devices](size_t job) { return make_backend(choice, devices[job % devices.size()]); };
  req.proofs = static_cast<size_t>(o.proofs);
  req.jobs = jobs;
  req.warmup = static_cast<size_t>(o.warmup);
  const ThroughputResult res = measure_throughput(req);

  // Rows: the roots and the phase-qualified paths (a short alias of a path
  // is left out), min / median / max over the proofs.
  struct Row {
    std::string path;
    double min, median, max;
  };
  std::vector<Row> rows;
  for (const auto& [path, v] : res.spans) {
    bool alias = false;
    for (const auto& [other, unused] : res.spans)
      if (other.size() > path.size() && other.compare(other.size() - path.size() - 1, std::string::npos, "." + path) == 0)
        alias = true;
    if (alias) continue;
    std::vector<double> w = v;
    std::sort(w.begin(), w.end());
    rows.push_back({path, w.front(), w[w.size() / 2], w.back()});
  }
  const double per_s = res.wall_ms > 0 ? 1000.0 * static_cast<double>(o.proofs) / res.wall_ms : 0;
  std::string device_names, per_device;
  for (const auto& [name, n] : res.proofs_per_device) {
    device_names += (device_names.empty() ? "" : ", ") + name;
    per_device += fmt::format("{}{}: {} proofs", per_device.empty() ? "" : ", ", name, n);
  }
  std::cerr << "bench " << o.air << " with --params " << o.params_name << ": " << o.proofs << " proofs, " << jobs
            << (jobs == 1 ? " job" : " jobs") << " in flight (" << res.threads_per_job
            << (res.threads_per_job == 1 ? " thread" : " threads") << " each) after "
            << o.warmup << " warm-up proof(s) per job, backend " << res.backend << " (" << device_names << "), proof "
            << res.proof_bytes << " bytes\n";
  if (res.proofs_per_device.size() > 1) std::cerr << "per device: " << per_device << "\n";
  std::cerr << fmt::format("{:<52} {:>11} {:>11} {:>11}\n", "span (ms)", "min", "median", "max");
  for (const Row& r : rows)
    std::cerr << fmt::format("{:<52} {:>11.3f} {:>11.3f} {:>11.3f}\n", r.path, r.min, r.median, r.max);
  std::cout << fmt::format("{} proofs in {:.3f} s: {:.3f} proofs/s; {}, {}\n", o.proofs, res.wall_ms / 1000.0, per_s,
                           res.all_verified ? "all accepted" : "SOME REJECTED",
                           res.all_identical ? "all identical" : "NOT ALL IDENTICAL");
  if (json_out) {
    nlohmann::json j;
    j["labels"] = {{"air", o.air},        {"backend", res.backend},  {"device", device_names},
                   {"threads", res.threads_per_job}, {"params", o.params_name}, {"version", SWIRL_VERSION}};
    j["proofs"] = o.proofs;
    j["jobs"] = jobs;
    for (const auto& [name, n] : res.proofs_per_device) j["proofs_per_device"][name] = n;
    j["warmup"] = o.warmup;
    j["wall_ms"] = std::round(res.wall_ms * 1000.0) / 1000.0;
    j["proofs_per_second"] = std::round(per_s * 1000.0) / 1000.0;
    j["proof_bytes"] = res.proof_bytes;
    j["all_accepted"] = res.all_verified;
    j["all_identical"] = res.all_identical;
    for (const Row& r : rows)
      j["spans"][r.path] = {{"min_ms", std::round(r.min * 1000.0) / 1000.0},
                            {"median_ms", std::round(r.median * 1000.0) / 1000.0},
                            {"max_ms", std::round(r.max * 1000.0) / 1000.0}};
    const std::string text = j.dump(2) + "\n";
    json_out->stage(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    json_out->rename_into_place();
  }
  if (!res.all_verified) return kExitRejected;
  if (!res.all_identical) environment_error("the proofs of one statement differ (a race or uninitialised memory)");
  return kExitOk;
}

int run(int argc, char** argv) {
  CLI::App app{"swirl: prover and verifier of the SWIRL protocol (stark-backend v2 proofs)\n"
               "exit status: 0 proved/accepted, 1 proof rejected, 2 usage or input error, 3 environment failure"};
  app.require_subcommand(1);
  Options o;
  std::string airs_help = "AIR set:";
  for (const auto& n : swirl::cli::example_names()) airs_help += " " + n;
  std::string params_help = "parameter set by name (default app-100:21):";
  for (const auto& n : swirl::known_params_names()) params_help += " " + n;

  auto* prove_cmd = app.add_subcommand("prove", "prove an example AIR set and write the proof");
  auto* verify_cmd = app.add_subcommand("verify", "verify a proof of an example AIR set");
  auto* keygen_cmd = app.add_subcommand("keygen", "write the verifying key of an example AIR set");
  auto* bench_cmd =
      app.add_subcommand("bench", "prove (and verify) many proofs with several in flight: times per span, proofs/s");
  struct Shaping {
    CLI::Option *threads, *perms, *log_height, *inputs;
  } opts[4];
  int k = 0;
  for (auto* cmd : {prove_cmd, verify_cmd, keygen_cmd, bench_cmd}) {
    cmd->add_option("air", o.air, airs_help)->required();
    if (cmd == prove_cmd || cmd == verify_cmd) cmd->add_option("--proof", o.proof_path, "proof file")->required();
    cmd->add_option("--params", o.params_name, params_help);
    opts[k].log_height =
        cmd->add_option("--log-height", o.log_height, "log2 trace height of fib and the fixtures, 0..24 (default 8)");
    opts[k].perms = cmd->add_option("--perms", o.perms, "keccakf: number of permutations (default 1024)");
    opts[k].inputs = cmd->add_option("--inputs", o.inputs_path,
                                     "keccakf: N states of 25 little-endian u64 lanes (200 bytes each)");
    opts[k].threads = cmd->add_option("--threads", o.threads, "OpenMP threads, 1..4 x hardware threads");
    ++k;
  }
  auto* metrics = prove_cmd->add_option("--metrics", o.metrics_path, "write span times (<span>_time_ms) as JSON");
  keygen_cmd->add_option("--vk", o.vk_path, "verifying key file to write");
  keygen_cmd->add_option("--pk", o.pk_path, "proving key file to write (for prove --pk)");
  auto* prove_pk =
      prove_cmd->add_option("--pk", o.pk_path, "proving key file (from swirl keygen --pk) instead of key generation");
  auto* verify_vk =
      verify_cmd->add_option("--vk", o.vk_path, "verifying key file (from swirl keygen) instead of key generation");
  prove_cmd->add_option("--backend", o.backend, "auto|cpu|cuda (default auto)");
  bench_cmd->add_option("--backend", o.backend, "auto|cpu|cuda (default auto)");
  CLI::Option* prove_device =
      prove_cmd->add_option("--device", o.device, "CUDA device index (default: SWIRL_DEVICE, else the first)");
  CLI::Option* bench_device =
      bench_cmd->add_option("--device", o.device, "CUDA device index (default: SWIRL_DEVICE, else the first)");
  bench_cmd->add_option("--proofs", o.proofs, "timed proofs, 1..100000 (default 8)");
  CLI::Option* bench_jobs = bench_cmd->add_option(
      "--jobs", o.jobs, "proofs in flight (host threads, each its own backend), 1..64 (default 1; with --devices, one per device)");
  CLI::Option* bench_devices = bench_cmd->add_option(
      "--devices", o.devices, "CUDA devices the jobs spread over, round robin: all, or indices like 0,1");
  bench_cmd->add_option("--warmup", o.warmup, "untimed proofs per job first, 0..100 (default 1)");
  bench_cmd->add_option("--json", o.json_path, "write the figures as JSON");
  prove_cmd->add_flag("--check", o.check, "run the debug constraint checker first");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "swirl: " << one_line(e.what()) << " (swirl --help lists the options)\n";
    return kExitUsage;
  }
  const Shaping& s = opts[prove_cmd->parsed() ? 0 : verify_cmd->parsed() ? 1 : keygen_cmd->parsed() ? 2 : 3];
  o.has_threads = s.threads->count() > 0;
  o.has_perms = s.perms->count() > 0;
  o.has_log_height = s.log_height->count() > 0;
  o.has_inputs = s.inputs->count() > 0;
  o.has_metrics = metrics->count() > 0;
  o.has_vk = verify_vk->count() > 0;
  o.has_pk = prove_pk->count() > 0;
  o.has_device = prove_device->count() > 0 || bench_device->count() > 0;
  o.has_jobs = bench_jobs->count() > 0;
  o.has_devices = bench_devices->count() > 0;
  if (keygen_cmd->parsed()) return run_keygen(o);
  if (bench_cmd->parsed()) return run_bench(o);
  return prove_cmd->parsed() ? run_prove(o) : run_verify(o);
}

}  // namespace

int main(int argc, char** argv) {
  std::atexit(on_exit_hook);
  int code = kExitEnvironment;
  try {
    code = run(argc, argv);
  } catch (const CliError& e) {
    std::cerr << "swirl: " << one_line(e.what()) << "\n";
    code = e.code();
  } catch (const std::bad_alloc&) {
    std::cerr << "swirl: out of host memory\n";
    code = kExitEnvironment;
  } catch (const std::length_error& e) {
    std::cerr << "swirl: out of host memory (" << one_line(e.what()) << ")\n";
    code = kExitEnvironment;
  } catch (const std::invalid_argument& e) {
    std::cerr << "swirl: " << one_line(e.what()) << "\n";
    code = kExitUsage;
#ifdef SWIRL_HAVE_CUDA
  } catch (const cuda::DeviceOutOfMemory& e) {
    // The instance does not fit this device: an input the device cannot take
    // (2), like an AIR set too large for the parameters; other CUDA failures
    // are the environment's (3).
    std::cerr << "swirl: the instance does not fit the device: " << one_line(e.what()) << "\n";
    code = kExitUsage;
#endif
  } catch (const std::exception& e) {
    std::cerr << "swirl: " << one_line(e.what()) << "\n";
    code = kExitEnvironment;
  } catch (...) {
    std::cerr << "swirl: unknown failure\n";
    code = kExitEnvironment;
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "swirl: cannot write to standard output\n";
    if (code == kExitOk) code = kExitEnvironment;
  }
  g_main_returned = true;
  return code;
}
