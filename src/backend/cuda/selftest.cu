#include <algorithm>
#include <stdexcept>
#include <vector>

#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/selftest.h"
#include "swirl/crypto/poseidon2.h"

namespace swirl::cuda {
namespace {

// Minimal owner for the self-test buffers.
template <typename T>
class Scratch {
 public:
  explicit Scratch(size_t n) : n_(n) {
    if (n_) SWIRL_CUDA_CHECK(cudaMalloc(&p_, n_ * sizeof(T)));
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    if (p_) cudaFree(p_);
  }
  T* get() const { return p_; }
  void upload(std::span<const T> h) {
    if (n_) SWIRL_CUDA_CHECK(cudaMemcpy(p_, h.data(), n_ * sizeof(T), cudaMemcpyHostToDevice));
  }
  std::vector<T> download() const {
    std::vector<T> h(n_);
    if (n_) SWIRL_CUDA_CHECK(cudaMemcpy(h.data(), p_, n_ * sizeof(T), cudaMemcpyDeviceToHost));
    return h;
  }

 private:
  T* p_ = nullptr;
  size_t n_;
};

constexpr int kBlock = 256;
unsigned grid_for(size_t n) { return static_cast<unsigned>((n + kBlock - 1) / kBlock); }

__global__ void field_ops_kernel(const BabyBear* a, const BabyBear* b, const BabyBear4* ea, const BabyBear4* eb,
                                 size_t n, BabyBear* add, BabyBear* sub, BabyBear* mul, BabyBear* inv, BabyBear* pw,
                                 BabyBear4* emul, BabyBear4* einv) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  add[i] = a[i] + b[i];
  sub[i] = a[i] - b[i];
  mul[i] = a[i] * b[i];
  inv[i] = a[i].inverse();
  pw[i] = a[i].pow(b[i].as_canonical());
  emul[i] = ea[i] * eb[i];
  einv[i] = ea[i].inverse();
}

__global__ void poseidon2_kernel(const BabyBear* in, BabyBear* out, size_t n) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  BabyBear s[kPoseidon2Width];
#pragma unroll
  for (int j = 0; j < kPoseidon2Width; ++j) s[j] = in[i * kPoseidon2Width + j];
  poseidon2_permute(s);
#pragma unroll
  for (int j = 0; j < kPoseidon2Width; ++j) out[i * kPoseidon2Width + j] = s[j];
}

__global__ void poseidon2_chain_kernel(BabyBear* out, int chain) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  BabyBear s[kPoseidon2Width];
#pragma unroll
  for (int j = 0; j < kPoseidon2Width; ++j) s[j] = BabyBear::from_u32(static_cast<uint32_t>(i * 16 + j + 1));
  for (int c = 0; c < chain; ++c) poseidon2_permute(s);
  out[i] = s[0];  // keep the work observable
}

}  // namespace

FieldOpsResult field_ops_on_device(std::span<const BabyBear> a, std::span<const BabyBear> b,
                                   std::span<const BabyBear4> ea, std::span<const BabyBear4> eb) {
  const size_t n = a.size();
  if (b.size() != n || ea.size() != n || eb.size() != n) throw std::invalid_argument("field_ops_on_device: lengths");
  Scratch<BabyBear> da(n), db(n), add(n), sub(n), mul(n), inv(n), pw(n);
  Scratch<BabyBear4> dea(n), deb(n), emul(n), einv(n);
  da.upload(a);
  db.upload(b);
  dea.upload(ea);
  deb.upload(eb);
  if (n) {
    field_ops_kernel<<<grid_for(n), kBlock>>>(da.get(), db.get(), dea.get(), deb.get(), n, add.get(), sub.get(),
                                              mul.get(), inv.get(), pw.get(), emul.get(), einv.get());
    SWIRL_CUDA_CHECK_LAUNCH("field_ops_kernel");
    SWIRL_CUDA_CHECK(cudaDeviceSynchronize());
  }
  return {add.download(), sub.download(), mul.download(), inv.download(),
          pw.download(),  emul.download(), einv.download()};
}

std::vector<BabyBear> poseidon2_on_device(std::span<const BabyBear> states) {
  if (states.size() % kPoseidon2Width) throw std::invalid_argument("poseidon2_on_device: not whole states");
  const size_t n = states.size() / kPoseidon2Width;
  Scratch<BabyBear> in(states.size()), out(states.size());
  in.upload(states);
  if (n) {
    poseidon2_kernel<<<grid_for(n), kBlock>>>(in.get(), out.get(), n);
    SWIRL_CUDA_CHECK_LAUNCH("poseidon2_kernel");
    SWIRL_CUDA_CHECK(cudaDeviceSynchronize());
  }
  return out.download();
}

Poseidon2Throughput bench_poseidon2_device(int reps) {
  int sms = 0;
  SWIRL_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  const size_t threads = static_cast<size_t>(sms) * 2048 * 4;  // several waves of full occupancy
  const int chain = 64;
  Scratch<BabyBear> out(threads);
  cudaEvent_t start, stop;
  SWIRL_CUDA_CHECK(cudaEventCreate(&start));
  SWIRL_CUDA_CHECK(cudaEventCreate(&stop));
  std::vector<float> times;
  for (int r = -1; r < reps; ++r) {  // r = -1 is the warm-up
    SWIRL_CUDA_CHECK(cudaEventRecord(start));
    poseidon2_chain_kernel<<<grid_for(threads), kBlock>>>(out.get(), chain);
    SWIRL_CUDA_CHECK_LAUNCH("poseidon2_chain_kernel");
    SWIRL_CUDA_CHECK(cudaEventRecord(stop));
    SWIRL_CUDA_CHECK(cudaEventSynchronize(stop));
    float ms = 0;
    SWIRL_CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
    if (r >= 0) times.push_back(ms);
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  std::sort(times.begin(), times.end());
  Poseidon2Throughput t;
  t.perms = static_cast<uint64_t>(threads) * chain;
  t.median_ms = times.empty() ? 0 : times[times.size() / 2];
  t.perms_per_s = t.median_ms > 0 ? t.perms / (t.median_ms * 1e-3) : 0;
  return t;
}

}  // namespace swirl::cuda
