// Benchmark of the host main-trace commitment (cpu::stacked_commit): one
// trace of 2^log_height x width (default: the keccak-f example's 2^15 x 2633)
// with the app parameters (l_skip 4, log_blowup 1, log_stacked_height 21,
// k_whir 4), timed per span on 1 thread and on 2 (or all, if fewer) threads.
//   swirl_bench_stacked_commit [log_height=15] [width=2633] [log_stacked_height=21] [repeats=1]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/util/rng.h"
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

  std::printf("trace 2^%d x %zu, l_skip %d, log_blowup %d, log_stacked_height %d, k_whir %d, repeats %d\n",
              log_height, width, l_skip, log_blowup, log_stacked_height, k_whir, repeats);
  std::printf("%8s %16s %16s %16s %12s\n", "threads", "rs_code_matrix ms", "merkle_tree ms", "stacked_commit ms",
              "root[0]");
  const int all = omp_get_max_threads();
  std::vector<int> thread_counts{1};
  if (all > 1) thread_counts.push_back(std::min(all, 2));
  if (all > 2) thread_counts.push_back(all);
  for (int threads : thread_counts) {
    omp_set_num_threads(threads);
    double rs = 1e300, mt = 1e300, total = 1e300;
    uint32_t root0 = 0;
    for (int r = 0; r < repeats; ++r) {
      swirl::SpanCollector metrics;
      swirl::SpanCollector::Install use(metrics);
      auto t0 = std::chrono::steady_clock::now();
      auto [root, data] = swirl::cpu::stacked_commit(l_skip, n_stack, log_blowup, k_whir, traces);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      rs = std::min(rs, metrics.total_ms("rs_code_matrix"));
      mt = std::min(mt, metrics.total_ms("merkle_tree"));
      total = std::min(total, ms);
      root0 = root[0].as_canonical();
    }
    std::printf("%8d %16.1f %16.1f %16.1f %12u\n", threads, rs, mt, total, root0);
  }
  return 0;
}
