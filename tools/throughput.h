// Throughput mode (`swirl bench`): many proofs of one statement with several
// in flight, as the reference's keccak-f example measures a prover (jobs x
// proofs). Each job is a host thread with its own backend (its own CUDA
// stream on the CUDA backend, on the device the request gives the job, so
// jobs spread over several GPUs) and an equal share of the OpenMP threads;
// every proof is timed span by span and compared byte for byte with the
// first (the prover is deterministic: a different proof is a race or
// uninitialised memory); after the clock stops the first proof and any that
// differs are verified, so proofs/s counts proving only.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "swirl/air/debug.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/backend.h"

namespace swirl::cli {

struct ThroughputRequest {
  const MultiStarkProvingKey* pk = nullptr;
  std::span<const AirTraces> traces;
  /// The backend of job j (0 <= j < jobs), made on the job's thread.
  std::function<std::unique_ptr<ProverBackend>(size_t job)> make_backend;
  size_t proofs = 8;  // timed
  size_t jobs = 1;    // in flight
  size_t warmup = 1;  // untimed proofs per job first
};

struct ThroughputResult {
  double wall_ms = 0;  // the timed proofs, first start to last end
  /// Per span path (SpanCollector::metrics_json's *_time_ms keys), the
  /// timed proofs' values in completion order.
  std::map<std::string, std::vector<double>> spans;
  size_t proof_bytes = 0;
  bool all_verified = true, all_identical = true;
  std::string backend;
  /// The timed proofs each device (backend device_name()) made, in the
  /// order the jobs started.
  std::vector<std::pair<std::string, size_t>> proofs_per_device;
  size_t threads_per_job = 1;
};

/// Runs the request; throws what the backend or prover throws.
ThroughputResult measure_throughput(const ThroughputRequest& r);

}  // namespace swirl::cli
