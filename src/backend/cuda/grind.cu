#include "swirl/backend/cuda/grind.h"

#include <algorithm>
#include <stdexcept>

#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/crypto/poseidon2.h"

namespace swirl::cuda {
namespace {

struct SpongeState {
  BabyBear s[kPoseidon2Width];
};

constexpr unsigned long long kNone = ~0ull;

__global__ void pow_search_kernel(SpongeState base, int lane, uint32_t mask, uint64_t first, uint64_t count,
                                  unsigned long long* best) {
  const uint64_t i = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (i >= count) return;
  const uint64_t w = first + i;
  // A witness below w is known already: w cannot be the smallest. Blocks
  // start roughly in index order, so once the first witness is found the
  // rest of the batch costs one load per thread instead of a permutation.
  if (*static_cast<volatile unsigned long long*>(best) < w) return;
  BabyBear s[kPoseidon2Width];
#pragma unroll
  for (int j = 0; j < kPoseidon2Width; ++j) s[j] = base.s[j];
  s[lane] = BabyBear::from_canonical(static_cast<uint32_t>(w));
  poseidon2_permute(s);
  if ((s[kPoseidon2Rate - 1].as_canonical() & mask) == 0) atomicMin(best, static_cast<unsigned long long>(w));
}

}  // namespace

std::optional<BabyBear> find_pow_witness_on_device(const DuplexSponge& sponge, int bits, cudaStream_t stream,
                                                   uint64_t limit) {
  if (bits < 0 || bits > 30) throw std::invalid_argument("find_pow_witness_on_device: bits must be in [0, 30]");
  if (bits == 0) return BabyBear::zero();
  limit = std::min<uint64_t>(limit, BabyBear::kP);
  SpongeState base;
  for (int j = 0; j < kPoseidon2Width; ++j) base.s[j] = sponge.state()[static_cast<size_t>(j)];
  const int lane = sponge.absorb_idx();
  const uint32_t mask = (1u << bits) - 1u;
  DeviceBuffer<unsigned long long> best(1);
  unsigned long long host = kNone;
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(best.data(), &host, sizeof(host), cudaMemcpyHostToDevice, stream));
  // 16 x the expected number of candidates first (a miss has probability
  // e^-16), then doubling batches, at most 2^26 candidates (~30 ms) each.
  uint64_t batch = std::min<uint64_t>(uint64_t{1} << std::min(bits + 4, 26), uint64_t{1} << 26);
  for (uint64_t first = 0; first < limit; first += batch, batch = std::min<uint64_t>(batch * 2, uint64_t{1} << 26)) {
    const uint64_t count = std::min(batch, limit - first);
    constexpr int kBlock = 256;
    const dim3 grid(static_cast<unsigned>((count + kBlock - 1) / kBlock));
    SWIRL_LAUNCH(pow_search_kernel, grid, dim3(kBlock), 0, stream, base, lane, mask, first, count, best.data());
    SWIRL_CUDA_CHECK(cudaMemcpyAsync(&host, best.data(), sizeof(host), cudaMemcpyDeviceToHost, stream));
    SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream));
    if (host != kNone) return BabyBear::from_canonical(static_cast<uint32_t>(host));
  }
  return std::nullopt;
}

}  // namespace swirl::cuda
