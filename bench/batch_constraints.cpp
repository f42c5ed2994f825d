// Benchmark of the RAP-constraints phase (LogUp preamble + GKR +
// zerocheck/LogUp batch sumcheck: the coordinator prover/rap_constraints.h
// over the CPU backend's stages) on the keccak-f AIR shape (the reference's
// keccakf example: 2633 columns, 3182 constraints of degree <= 3, rotation,
// app_params_with_100_bits_security: l_skip 4). Prints the spans round0 and
// mle_rounds and the verifier time.
//   swirl_bench_batch_constraints [num_permutations=128] [threads=all]
#include <omp.h>

#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <vector>

#include "swirl/air/dag_constraints.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/field/rng.h"
#include "swirl/prover/rap_constraints.h"
#include "swirl/util/span.h"
#include "swirl/verifier/batch_constraints.h"

int main(int argc, char** argv) {
  using namespace swirl;
  const size_t perms = argc > 1 ? static_cast<size_t>(std::atoll(argv[1])) : 128;
  if (argc > 2) omp_set_num_threads(std::atoi(argv[2]));
  const SystemParams sp = app_params_100_bits(21);
  MultiStarkKeygenBuilder kb(sp);
  kb.add_air(std::make_shared<keccakf::KeccakfAir>());
  auto pk = kb.generate_pk();
  if (!pk) {
    std::fprintf(stderr, "keygen: %s\n", pk.error().message().c_str());
    return 1;
  }
  const StarkVerifyingKey& vk = pk->per_air[0].vk;
  DagConstraints dag(vk);
  SplitMix64 rng(42);
  std::vector<KeccakState> inputs(perms);
  for (auto& s : inputs)
    for (auto& lane : s) lane = rng.next_u64();
  const ColMajorMatrix<BabyBear> trace = keccakf::generate_trace(inputs);
  std::printf("keccak-f: %zu permutations, %zu rows x %zu columns, %zu DAG nodes, %zu constraints, degree %u\n", perms,
              trace.height(), trace.width(), dag.num_nodes(), dag.constraint_nodes().size(),
              unsigned{vk.max_constraint_degree});
  std::printf("l_skip %d, max_constraint_degree %d, logup pow bits %d, threads %d\n", sp.l_skip,
              sp.max_constraint_degree, sp.logup.pow_bits, omp_get_max_threads());
  const BatchConstraintParams p{sp.l_skip, static_cast<size_t>(sp.max_constraint_degree), sp.logup.pow_bits};
  cpu::CpuBackend backend;
  const auto bpk = backend.load_proving_key(*pk);
  const auto held = backend.load_trace(trace);
  std::vector<RapAir> airs(1);
  airs[0].air = 0;
  airs[0].common_main = held.get();
  SpanCollector metrics;
  RapConstraintsOutput res;
  {
    SpanCollector::Install use(metrics);
    ScopedSpan s("prover.rap_constraints");
    Transcript t;
    res = prove_rap_constraints(t, backend, *bpk, *pk, p, airs);
  }
  std::cout << metrics.tree_text();
  std::vector<VerifierAir> vairs{VerifierAir{&dag, air_shape(vk), static_cast<size_t>(std::countr_zero(trace.height())), {}}};
  Transcript vt;
  const auto t0 = std::chrono::steady_clock::now();
  const auto ok = verify_zerocheck_and_logup(vt, p, vairs, res.gkr_proof, res.batch_proof);
  const double vms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!ok) {
    std::fprintf(stderr, "verification failed: %s\n", ok.error().message.c_str());
    return 1;
  }
  std::printf("round0 %.1f ms, mle_rounds %.1f ms, verify %.1f ms\n", metrics.total_ms("round0"),
              metrics.total_ms("mle_rounds"), vms);
  return 0;
}
