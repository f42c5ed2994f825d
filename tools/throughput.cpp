#include "throughput.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "swirl/prover/prover.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/util/span.h"
#include "swirl/verifier/verifier.h"

namespace swirl::cli {

ThroughputResult measure_throughput(const ThroughputRequest& r) {
  ThroughputResult out;
  const size_t jobs = std::max<size_t>(1, r.jobs);
  out.threads_per_job = std::max<size_t>(1, static_cast<size_t>(omp_get_max_threads()) / jobs);
  const MultiStarkVerifyingKey vk = r.pk->get_vk();
  std::mutex mu;
  std::vector<uint8_t> first;
  std::vector<Proof> to_verify;
  std::exception_ptr failure;
  std::atomic<size_t> next{0};
  std::atomic<size_t> warm{0};
  using Clock = std::chrono::steady_clock;
  Clock::time_point start{}, end{};
  bool started = false;

  // Per job: the index of its device in out.proofs_per_device.
  std::vector<size_t> device_of(jobs, 0);
  auto job = [&](size_t j) {
    try {
      omp_set_num_threads(static_cast<int>(out.threads_per_job));
      std::unique_ptr<ProverBackend> backend = r.make_backend(j);
      {
        std::lock_guard<std::mutex> lock(mu);
        out.backend = backend->name();
        const std::string name = backend->device_name();
        auto& per = out.proofs_per_device;
        auto it = std::find_if(per.begin(), per.end(), [&](const auto& d) { return d.first == name; });
        device_of[j] = static_cast<size_t>(it - per.begin());
        if (it == per.end()) per.emplace_back(name, 0);
      }
      for (size_t w = 0; w < r.warmup; ++w) (void)prove(*backend, *r.pk, r.traces);
      // Every job warms up before the clock starts.
      warm.fetch_add(1);
      while (warm.load() < jobs) std::this_thread::yield();
      {
        std::lock_guard<std::mutex> lock(mu);
        if (!started) {
          start = Clock::now();
          started = true;
        }
      }
      while (next.fetch_add(1) < r.proofs) {
        SpanCollector spans;
        DeviceSpanHook hook = backend->span_hook();
        if (jobs > 1) {  // the allocator's figures are the process's, not one job's
          hook.memory = {};
          hook.reset_peak = {};
          hook.raise_peak = {};
        }
        spans.set_device_hook(hook);
        Proof proof;
        {
          SpanCollector::Install use(spans);
          proof = prove(*backend, *r.pk, r.traces);
        }
        std::vector<uint8_t> bytes = encode_proof(proof);
        const nlohmann::json m = spans.metrics_json();
        std::lock_guard<std::mutex> lock(mu);
        end = Clock::now();
        ++out.proofs_per_device[device_of[j]].second;
        // Verified after the clock stops: the first proof, and any that
        // differs from it (a proof equal to a verified one verifies).
        if (first.empty()) {
          first = std::move(bytes);
          out.proof_bytes = first.size();
          to_verify.push_back(std::move(proof));
        } else if (bytes != first) {
          out.all_identical = false;
          to_verify.push_back(std::move(proof));
        }
        for (const auto& [key, v] : m.items()) {
          if (key.size() > 8 && key.substr(key.size() - 8) == "_time_ms") out.spans[key.substr(0, key.size() - 8)].push_back(v.get<double>());
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!failure) failure = std::current_exception();
      warm.fetch_add(jobs);  // release the others from the warm-up barrier
      next.store(r.proofs);
    }
  };
  std::vector<std::thread> threads;
  for (size_t j = 0; j < jobs; ++j) threads.emplace_back(job, j);
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  out.wall_ms = started ? std::chrono::duration<double, std::milli>(end - start).count() : 0;
  for (const Proof& p : to_verify) out.all_verified = out.all_verified && !verify(r.pk->params, vk, p).has_value();
  return out;
}

}  // namespace swirl::cli
