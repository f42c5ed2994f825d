// Benchmark of the LogUp GKR (fractional sumcheck): the protocol loop
// (prover/logup_gkr.h) over the CPU stage (backend/cpu/logup_gkr.h, tree
// and layer sumchecks) and the verifier: time per input size 2^n leaves, on
// 1 thread and on all threads.
//   swirl_bench_logup_gkr [max_log_leaves=20]
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "swirl/backend/cpu/logup_gkr.h"
#include "swirl/prover/logup_gkr.h"
#include "swirl/field/rng.h"
#include "swirl/verifier/logup_gkr.h"

namespace {

using swirl::BabyBear4;
using swirl::Frac;

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int max_n = argc > 1 ? std::atoi(argv[1]) : 20;
  const int all = omp_get_max_threads();
  std::printf("%6s %8s %14s %14s %12s\n", "log_n", "leaves", "prove 1t ms", "prove all ms", "verify ms");
  for (int n = 10; n <= max_n; n += 2) {
    swirl::SplitMix64 rng(n);
    std::vector<Frac> leaves(size_t{1} << n);
    BabyBear4 sum = BabyBear4::zero();
    for (auto& f : leaves) {
      f = Frac{rng.ext(), rng.ext()};
      sum += f.p * f.q.inverse();
    }
    // Make the sum zero so the protocol's assertion holds.
    leaves.back().p -= sum * leaves.back().q;
    double t_prove[2];
    swirl::GkrProof proof;
    for (int k = 0; k < 2; ++k) {
      omp_set_num_threads(k == 0 ? 1 : all);
      swirl::Transcript t;
      swirl::cpu::LogupGkr stage(leaves);  // the copy stays outside the timing
      auto t0 = std::chrono::steady_clock::now();
      auto res = swirl::prove_fractional_sumcheck(t, stage);
      t_prove[k] = ms_since(t0);
      proof = swirl::make_gkr_proof({}, res);
    }
    swirl::Transcript vt;
    auto t0 = std::chrono::steady_clock::now();
    auto ok = swirl::verify_fractional_sumcheck(proof, vt, static_cast<size_t>(n));
    const double t_verify = ms_since(t0);
    if (!ok) {
      std::fprintf(stderr, "verification failed at n = %d\n", n);
      return 1;
    }
    std::printf("%6d %8zu %14.2f %14.2f %12.3f\n", n, leaves.size(), t_prove[0], t_prove[1], t_verify);
  }
  std::printf("threads: %d\n", all);
  return 0;
}
