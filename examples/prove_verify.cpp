// Proving and verifying end to end with swirl's C++ API: keygen for the
// Fibonacci example AIR, prove on a backend (auto: the CUDA backend when
// swirl has it and a device is present, else the CPU; cuda: the CUDA
// backend constructed directly, with its cache configuration), encode to
// the reference's bytes, decode and verify. Every backend gives the same
// bytes.
//   swirl_example_prove_verify [log_height=10] [params=test-small] [backend=auto|cpu|cuda]
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/select.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"
#include "swirl/verifier/verifier.h"
#ifdef SWIRL_HAVE_CUDA
#include "swirl/backend/cuda/cuda_backend.h"
#endif

int main(int argc, char** argv) {
  using namespace swirl;
  const int log_h = argc > 1 ? std::atoi(argv[1]) : 10;
  const std::string params_name = argc > 2 ? argv[2] : "test-small";
  const std::string backend_name = argc > 3 ? argv[3] : "auto";
  const auto params = params_by_name(params_name);
  if (!params || log_h < 0 || log_h > 20 || (backend_name != "auto" && backend_name != "cpu" && backend_name != "cuda")) {
    std::fprintf(stderr, "usage: %s [log_height 0..20] [params name] [auto|cpu|cuda]\n", argv[0]);
    return 2;
  }

  // Keys: one AIR; its verifying key fixes the transcript's first values.
  MultiStarkKeygenBuilder keygen(*params);
  keygen.add_air(std::make_shared<FibonacciAir>());
  auto pk = keygen.generate_pk();
  if (!pk) {
    std::fprintf(stderr, "keygen: %s\n", pk.error().message().c_str());
    return 1;
  }

  // The trace and its public values (a, b, last b), one AirTraces per AIR.
  const size_t n = size_t{1} << log_h;
  std::vector<AirTraces> traces(1);
  traces[0].common_main = fibonacci_trace(0, 1, n);
  traces[0].public_values = {BabyBear::zero(), BabyBear::one(), fibonacci_number(0, 1, n)};

  std::unique_ptr<ProverBackend> backend;
  try {
    if (backend_name == "cuda") {
#ifdef SWIRL_HAVE_CUDA
      // The CUDA backend directly: here it also keeps every preprocessed
      // and cached commitment's stacked matrix and codeword on the device
      // (faster openings, more device memory).
      cuda::ProverCacheConfig cache;
      cache.cache_stacked_matrix = true;
      cache.cache_rs_codeword = true;
      backend = std::make_unique<cuda::CudaBackend>(cache);
#else
      backend = make_backend(BackendChoice::kCuda);  // refuses, saying why
#endif
    } else {
      backend = make_backend(backend_name == "cpu" ? BackendChoice::kCpu : BackendChoice::kAuto);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "backend %s: %s\n", backend_name.c_str(), e.what());
    return 2;
  }
  const Proof proof = prove(*backend, *pk, traces);
  const std::vector<uint8_t> bytes = encode_proof(proof);

  // The verifier side needs only the verifying key and the bytes.
  const MultiStarkVerifyingKey vk = pk->get_vk();
  auto decoded = decode_proof(bytes);
  if (!decoded) {
    std::fprintf(stderr, "decode: %s\n", decoded.error().reason.c_str());
    return 1;
  }
  if (auto rejection = verify(*params, vk, *decoded)) {
    std::printf("rejected: %s\n", rejection->to_string().c_str());
    return 1;
  }
  std::printf("fib(2^%d) = %u: proof of %zu bytes (%s backend, %s) accepted\n", log_h,
              traces[0].public_values[2].as_canonical(), bytes.size(), backend->name().c_str(),
              backend->device_name().c_str());
  return 0;
}
