// Benchmarks of the foundation primitives: Poseidon2 permutations per second
// on the host (1 and 2 threads, and all threads) and, when built with CUDA and
// a device is present, on the device. Prints a table; --json FILE writes it.
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "swirl/crypto/poseidon2.h"
#include "swirl/crypto/poseidon2_batch.h"
#include "swirl/crypto/transcript.h"
#ifdef SWIRL_HAVE_CUDA
#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/selftest.h"
#endif

namespace {

using swirl::BabyBear;

// Chained permutations, one independent chain per thread; median of 5.
double host_perms_per_s(int threads, uint64_t perms_per_thread) {
  std::vector<double> rates;
  for (int rep = 0; rep < 6; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    uint32_t sink = 0;
#pragma omp parallel num_threads(threads) reduction(^ : sink)
    {
      BabyBear s[16];
      for (int j = 0; j < 16; ++j) s[j] = BabyBear::from_u32(omp_get_thread_num() * 16 + j + 1);
      for (uint64_t i = 0; i < perms_per_thread; ++i) swirl::poseidon2_permute(s);
      sink ^= s[0].monty();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (sink == 0xdeadbeef) std::puts("");
    if (rep > 0) rates.push_back(threads * perms_per_thread / s);
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

// Batched permutations (16 or 8 lane-sliced states per SIMD pass).
double host_batch_perms_per_s(int threads, uint64_t calls_per_thread) {
  constexpr int kStates = 64;
  std::vector<double> rates;
  for (int rep = 0; rep < 6; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    uint32_t sink = 0;
#pragma omp parallel num_threads(threads) reduction(^ : sink)
    {
      BabyBear s[kStates][16];
      for (int j = 0; j < kStates; ++j)
        for (int i = 0; i < 16; ++i) s[j][i] = BabyBear::from_u32(omp_get_thread_num() * 1024 + j * 16 + i + 1);
      for (uint64_t c = 0; c < calls_per_thread; ++c) swirl::poseidon2_permute_many(s, kStates);
      sink ^= s[0][0].monty();
    }
    double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (sink == 0xdeadbeef) std::puts("");
    if (rep > 0) rates.push_back(double(kStates) * threads * calls_per_thread / sec);
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

double grind_ms(int bits, int threads) {
  swirl::Transcript t;
  t.observe(BabyBear::from_u32(7));
  auto t0 = std::chrono::steady_clock::now();
  t.grind(bits, threads);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string json_path;
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json_path = argv[++i];

  nlohmann::json out;
  const int max_threads = omp_get_max_threads();
  std::printf("%-40s %16s\n", "benchmark", "value");
  std::vector<int> thread_counts = {1, 2};
  if (max_threads > 2) thread_counts.push_back(max_threads);
  for (int threads : thread_counts) {
    double r = host_perms_per_s(threads, 200000);
    out["host_poseidon2_perms_per_s"][std::to_string(threads)] = r;
    std::printf("%-40s %16.3e\n", ("host poseidon2 perms/s, " + std::to_string(threads) + " thr").c_str(), r);
  }
  for (int threads : thread_counts) {
    double r = host_batch_perms_per_s(threads, 8000);
    out["host_poseidon2_batch_perms_per_s"][std::to_string(threads)] = r;
    out["host_poseidon2_batch_lanes"] = swirl::poseidon2_batch_lanes();
    std::printf("%-40s %16.3e\n",
                ("host poseidon2 batch(" + std::to_string(swirl::poseidon2_batch_lanes()) + ") perms/s, " +
                 std::to_string(threads) + " thr").c_str(), r);
  }
  double g = grind_ms(20, max_threads);
  out["host_grind_20_bits_ms"] = g;
  std::printf("%-40s %16.1f\n", ("host grind 20 bits ms, " + std::to_string(max_threads) + " thr").c_str(), g);
#ifdef SWIRL_HAVE_CUDA
  if (swirl::cuda::device_available()) {
    auto t = swirl::cuda::bench_poseidon2_device(9);
    out["device_poseidon2_perms_per_s"] = t.perms_per_s;
    out["device_poseidon2_median_ms"] = t.median_ms;
    std::printf("%-40s %16.3e\n", "device poseidon2 perms/s", t.perms_per_s);
  } else {
    std::printf("%-40s %16s\n", "device poseidon2 perms/s", "no device");
  }
#endif
  if (!json_path.empty()) std::ofstream(json_path) << out.dump(2) << "\n";
  return 0;
}
