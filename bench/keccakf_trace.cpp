// Benchmark of the keccak-f AIR trace generator: wall time to build the
// column-major trace of N permutations (the reference example's seeded
// inputs), on 1 thread and on all threads, median of a few runs.
//   swirl_bench_keccakf_trace [num_permutations=1024] [runs=5]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "swirl/air/examples/keccakf_cols.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1024;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const auto inputs = swirl::keccakf::example_inputs(n);
  const size_t height = swirl::keccakf::trace_height(n);
  const double mib = double(height) * swirl::keccakf::kNumCols * 4 / (1 << 20);
  std::printf("permutations %zu, trace %zu x %zu (%.0f MiB)\n", n, height, swirl::keccakf::kNumCols, mib);
  const int all = omp_get_max_threads();
  for (int threads : {1, all}) {
    if (threads == 1 && all == 1 && threads != all) continue;
    omp_set_num_threads(threads);
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto trace = swirl::keccakf::generate_trace(inputs);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (trace.height() != height) return 1;
    }
    std::sort(ms.begin(), ms.end());
    std::printf("threads %3d: median %8.1f ms (min %.1f)\n", threads, ms[ms.size() / 2], ms.front());
    if (all == 1) break;
  }
  return 0;
}
