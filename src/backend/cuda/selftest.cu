#include <algorithm>
#include <stdexcept>
#include <vector>

#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/backend/cuda/selftest.h"
#include "swirl/crypto/poseidon2.h"

namespace swirl::cuda {
namespace {

template <typename T>
DeviceBuffer<T> to_device(std::span<const T> h) {
  DeviceBuffer<T> d(h.size());
  if (!h.empty()) SWIRL_CUDA_CHECK(cudaMemcpy(d.data(), h.data(), d.bytes(), cudaMemcpyHostToDevice));
  return d;
}

template <typename T>
std::vector<T> to_host(const DeviceBuffer<T>& d) {
  std::vector<T> h(d.size());
  if (!h.empty()) SWIRL_CUDA_CHECK(cudaMemcpy(h.data(), d.data(), d.bytes(), cudaMemcpyDeviceToHost));
  return h;
}

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

__global__ void iota_kernel(uint32_t* out, size_t n) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < n) out[i] = static_cast<uint32_t>(i);
}

}  // namespace

void iota_on_device(uint32_t* out, size_t n, int block, cudaStream_t stream) {
  if (n == 0) return;
  const unsigned grid = static_cast<unsigned>((n + static_cast<size_t>(block) - 1) / static_cast<size_t>(block));
  SWIRL_LAUNCH(iota_kernel, grid, static_cast<unsigned>(block), 0, stream, out, n);
}

FieldOpsResult field_ops_on_device(std::span<const BabyBear> a, std::span<const BabyBear> b,
                                   std::span<const BabyBear4> ea, std::span<const BabyBear4> eb) {
  const size_t n = a.size();
  if (b.size() != n || ea.size() != n || eb.size() != n) throw std::invalid_argument("field_ops_on_device: lengths");
  DeviceBuffer<BabyBear> da = to_device(a), db = to_device(b), add(n), sub(n), mul(n), inv(n), pw(n);
  DeviceBuffer<BabyBear4> dea = to_device(ea), deb = to_device(eb), emul(n), einv(n);
  if (n) {
    SWIRL_LAUNCH(field_ops_kernel, grid_for(n), kBlock, 0, nullptr, da.data(), db.data(), dea.data(), deb.data(), n,
                 add.data(), sub.data(), mul.data(), inv.data(), pw.data(), emul.data(), einv.data());
    SWIRL_CUDA_CHECK(cudaDeviceSynchronize());
  }
  return {to_host(add), to_host(sub), to_host(mul), to_host(inv), to_host(pw), to_host(emul), to_host(einv)};
}

std::vector<BabyBear> poseidon2_on_device(std::span<const BabyBear> states) {
  if (states.size() % kPoseidon2Width) throw std::invalid_argument("poseidon2_on_device: not whole states");
  const size_t n = states.size() / kPoseidon2Width;
  DeviceBuffer<BabyBear> in = to_device(states), out(states.size());
  if (n) {
    SWIRL_LAUNCH(poseidon2_kernel, grid_for(n), kBlock, 0, nullptr, in.data(), out.data(), n);
    SWIRL_CUDA_CHECK(cudaDeviceSynchronize());
  }
  return to_host(out);
}

Poseidon2Throughput bench_poseidon2_device(int reps) {
  int sms = 0;
  SWIRL_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  const size_t threads = static_cast<size_t>(sms) * 2048 * 4;  // several waves of full occupancy
  const int chain = 64;
  DeviceBuffer<BabyBear> out(threads);
  Event start(true), stop(true);
  std::vector<float> times;
  for (int r = -1; r < reps; ++r) {  // r = -1 is the warm-up
    start.record(nullptr);
    SWIRL_LAUNCH(poseidon2_chain_kernel, grid_for(threads), kBlock, 0, nullptr, out.data(), chain);
    stop.record(nullptr);
    stop.synchronize();
    if (r >= 0) times.push_back(stop.elapsed_ms_since(start));
  }
  std::sort(times.begin(), times.end());
  Poseidon2Throughput t;
  t.perms = static_cast<uint64_t>(threads) * chain;
  t.median_ms = times.empty() ? 0 : times[times.size() / 2];
  t.perms_per_s = t.median_ms > 0 ? t.perms / (t.median_ms * 1e-3) : 0;
  return t;
}

}  // namespace swirl::cuda
