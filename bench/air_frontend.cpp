// Benchmark of the AIR frontend on the host: keygen (symbolic eval, DAG,
// postcard pre-hash) of the keccak-f AIR and of the reference's mixture,
// and the debug checker's throughput on their traces.
//   swirl_bench_air_frontend [keccak_permutations=64] [mixture_log_height=12]
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "swirl/air/debug.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/air/keygen.h"

namespace {

template <typename F>
double time_ms(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void run(const char* name, const std::vector<std::shared_ptr<const swirl::Air>>& airs,
         const std::vector<swirl::AirTraces>& traces, const swirl::SystemParams& params) {
  size_t nodes = 0, rows = 0;
  bool ok = false;
  const double kg = time_ms([&] {
    swirl::MultiStarkKeygenBuilder kb(params);
    for (const auto& a : airs) kb.add_air(a);
    auto pk = kb.generate_pk();
    if (!pk) {
      std::printf("%s: keygen failed: %s\n", name, pk.error().message().c_str());
      std::exit(1);
    }
    for (const auto& a : pk->per_air) nodes += a.vk.symbolic_constraints.constraints.nodes.size();
  });
  for (const auto& t : traces) rows += t.height();
  const double dc = time_ms([&] { ok = swirl::debug_check(airs, traces).ok(); });
  std::printf("%-10s | %2d threads | keygen %8.1f ms (%zu DAG nodes) | debug_check %8.1f ms over %zu rows (%.0f rows/s)%s\n",
              name, omp_get_max_threads(), kg, nodes, dc, rows, rows / (dc / 1e3), ok ? "" : "  FAILED");
}

}  // namespace

int main(int argc, char** argv) {
  const size_t perms = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 64;
  const size_t log_h = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 12;
  const swirl::SystemParams params = swirl::test_params_for_height(static_cast<int>(log_h));

  std::vector<std::shared_ptr<const swirl::Air>> kairs{std::make_shared<swirl::keccakf::KeccakfAir>()};
  std::vector<swirl::AirTraces> ktraces(1);
  const auto inputs = swirl::keccakf::example_inputs(perms);
  ktraces[0].common_main = swirl::keccakf::generate_trace(inputs);
  swirl::SystemParams kparams = swirl::app_params_100_bits(21);

  const swirl::Fixture mix = swirl::mixture_fixture_standard(log_h);
  const int all = omp_get_max_threads();
  for (int threads : {1, all}) {
    omp_set_num_threads(threads);
    run("keccak-f", kairs, ktraces, kparams);
    run("mixture", mix.airs, mix.traces, params);
    if (all == 1) break;
  }
  return 0;
}
