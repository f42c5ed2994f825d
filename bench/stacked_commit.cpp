// Benchmark of the host main-trace commitment (cpu::stacked_commit): one
// trace of 2^log_height x width (default: the keccak-f example's 2^15 x 2633)
// with the app parameters (l_skip 4, log_blowup 1, log_stacked_height 21,
// k_whir 4), timed per span on 1 thread and on 2 (or all, if fewer) threads.
//   swirl_bench_stacked_commit [log_height=15] [width=2633] [log_stacked_height=21] [repeats=1]
// Prints, per thread count, the stacking time, rs_code_matrix and merkle_tree
// wall (span) and process-CPU ms, and the first word of the root.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/crypto/merkle.h"
#include "swirl/poly/rs_code.h"
#include "swirl/protocol/stacking.h"
#include "swirl/field/rng.h"
#include "swirl/util/span.h"

int main(int argc, char** argv) {
  const int log_height = argc > 1 ? std::atoi(argv[1]) : 15;
  const size_t width = argc > 2 ? static_cast<size_t>(std::atoll(argv[2])) : 2633;
  const int log_stacked_height = argc > 3 ? std::atoi(argv[3]) : 21;
  const int repeats = argc > 4 ? std::max(1, std::atoi(argv[4])) : 1;
  const int l_skip = 4, log_blowup = 1, k_whir = 4;
  const int n_stack = log_stacked_height - l_skip;

  const size_t height = size_t{1} << log_height;
  swirl::ColMajorMatrix<swirl::BabyBear> trace(height, width);
  {
    auto& v = trace.values();
#pragma omp parallel for schedule(static)
    for (size_t c = 0; c < width; ++c) {
      swirl::SplitMix64 rng(c);
      for (size_t r = 0; r < height; ++r) v[c * height + r] = rng.field();
    }
  }
  std::vector<const swirl::ColMajorMatrix<swirl::BabyBear>*> traces{&trace};

  // The commit's stages are run one by one (exactly what stacked_commit does)
  // so each gets its wall time (span) and its process CPU time: on a shared
  // machine the CPU time of a 1-thread run is the figure least disturbed by
  // other load, and CPU / threads bounds what an idle machine would show.
  auto cpu_ms = [] {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
  };
  std::printf("trace 2^%d x %zu, l_skip %d, log_blowup %d, log_stacked_height %d, k_whir %d, repeats %d (best)\n",
              log_height, width, l_skip, log_blowup, log_stacked_height, k_whir, repeats);
  std::printf("%8s %10s %12s %12s %12s %12s %12s\n", "threads", "stack ms", "rs wall ms", "rs cpu ms", "merkle wall",
              "merkle cpu", "root[0]");
  const int all = omp_get_max_threads();
  std::vector<int> thread_counts{1};
  if (all > 1) thread_counts.push_back(std::min(all, 2));
  if (all > 2) thread_counts.push_back(all);
  uint32_t first_root = 0;
  for (int threads : thread_counts) {
    omp_set_num_threads(threads);
    double st = 1e300, rs = 1e300, rs_cpu = 1e300, mt = 1e300, mt_cpu = 1e300;
    uint32_t root0 = 0;
    for (int r = 0; r < repeats; ++r) {
      swirl::SpanCollector metrics;
      swirl::SpanCollector::Install use(metrics);
      auto t0 = std::chrono::steady_clock::now();
      swirl::StackedMatrix stacked = swirl::stacked_matrix(l_skip, n_stack, traces);
      st = std::min(st, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      double c0 = cpu_ms();
      auto codeword = swirl::rs_code_matrix(l_skip, log_blowup, stacked.matrix);
      double c1 = cpu_ms();
      auto tree = swirl::MerkleTree<swirl::BabyBear>::build(std::move(codeword), size_t{1} << k_whir);
      double c2 = cpu_ms();
      rs = std::min(rs, metrics.total_ms("rs_code_matrix"));
      mt = std::min(mt, metrics.total_ms("merkle_tree"));
      rs_cpu = std::min(rs_cpu, c1 - c0);
      mt_cpu = std::min(mt_cpu, c2 - c1);
      root0 = tree.root()[0].as_canonical();
    }
    if (first_root == 0) first_root = root0;
    if (root0 != first_root) {
      std::fprintf(stderr, "root differs between thread counts\n");
      return 1;
    }
    std::printf("%8d %10.1f %12.1f %12.1f %12.1f %12.1f %12u\n", threads, st, rs, rs_cpu, mt, mt_cpu, root0);
  }
  // The stage-by-stage root is stacked_commit's root.
  auto [root, data] = swirl::cpu::stacked_commit(l_skip, n_stack, log_blowup, k_whir, traces);
  if (root[0].as_canonical() != first_root) {
    std::fprintf(stderr, "stacked_commit root differs from the staged one\n");
    return 1;
  }
  std::printf("stacked width %zu, codeword height 2^%d\n", data.layout.width(), log_stacked_height + log_blowup);
  return 0;
}
