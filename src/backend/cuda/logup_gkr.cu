#include "swirl/backend/cuda/logup_gkr.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "eq_weight.cuh"
#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/mailbox.h"

namespace swirl::cuda {
namespace {

using EF = BabyBear4;
constexpr int kBlock = 256;
constexpr size_t kMaxBlocks = 1024;  // round_terms_kernel grid (grid-stride beyond)

dim3 grid_for(size_t n) { return dim3(static_cast<unsigned>((n + kBlock - 1) / kBlock)); }

__global__ void sum_pairs_kernel(const Frac* below, Frac* above, size_t count) {
  const size_t x = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (x < count) above[x] = below[2 * x] + below[2 * x + 1];
}

// eq(x, y) for y < 2^len: bit k of y pairs with x[k].
struct EqPoint {
  EF x[32];
  int len;
};

__global__ void eq_table_kernel(EqPoint pt, EF* out, size_t count) {
  const size_t y = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (y >= count) return;
  out[y] = eq_weight<EF>(pt.x, pt.len, y);
}

__device__ GkrQuad lerp(const GkrQuad& a, const GkrQuad& b, const EF& r) {
  return {a.p0 + (b.p0 - a.p0) * r, a.q0 + (b.q0 - a.q0) * r, a.p1 + (b.p1 - a.p1) * r, a.q1 + (b.q1 - a.q1) * r};
}

__global__ void fold_quads_kernel(const GkrQuad* src, GkrQuad* out, size_t count, EF r) {
  const size_t y = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (y < count) out[y] = lerp(src[2 * y], src[2 * y + 1], r);
}

// The layer relation batched with lambda: the parent's numerator
// p0 q1 + p1 q0 plus lambda times its denominator q0 q1.
__device__ EF relation(const GkrQuad& a, const EF& lambda) { return (a.p0 + lambda * a.q0) * a.q1 + a.p1 * a.q0; }

// One round's terms with the previous round's fold applied on the fly (the
// fold is deferred from fold() to here, so a round is one pass): for
// y < half, the folded quads 2y and 2y + 1 are lerp(src[4y .. 4y + 3], r),
// written to `folded`; the eq weight is the halved table's entry
// eq[2y] + eq[2y + 1], written to `eq_out`. Without a pending fold
// (`fold_pending` false) the quads and eq are read as they are. Each block
// writes its partial sums; reduce_partials_kernel adds them up.
__global__ void round_terms_kernel(const GkrQuad* src, const EF* eq, size_t half, bool fold_pending, EF r, EF lambda,
                                   GkrQuad* folded, EF* eq_out, GkrSums3* partial) {
  __shared__ GkrSums3 acc[kBlock];
  GkrSums3 mine{};
  for (size_t y = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; y < half;
       y += static_cast<size_t>(gridDim.x) * blockDim.x) {
    GkrQuad lo, hi;
    EF w;
    if (fold_pending) {
      lo = lerp(src[4 * y], src[4 * y + 1], r);
      hi = lerp(src[4 * y + 2], src[4 * y + 3], r);
      folded[2 * y] = lo;
      folded[2 * y + 1] = hi;
      w = eq[2 * y] + eq[2 * y + 1];
      eq_out[y] = w;
    } else {
      lo = src[2 * y];
      hi = src[2 * y + 1];
      w = eq[y];
    }
    const GkrQuad two{hi.p0.doubled() - lo.p0, hi.q0.doubled() - lo.q0, hi.p1.doubled() - lo.p1,
                      hi.q1.doubled() - lo.q1};
    mine.v[0] += w * relation(lo, lambda);
    mine.v[1] += w * relation(hi, lambda);
    mine.v[2] += w * relation(two, lambda);
  }
  acc[threadIdx.x] = mine;
  __syncthreads();
  for (int s = kBlock / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s)
      for (int k = 0; k < 3; ++k) acc[threadIdx.x].v[k] += acc[threadIdx.x + s].v[k];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = acc[0];
}

// Adds the partials and posts them to the host mailbox (payload, then the
// sequence number).
__global__ void reduce_partials_kernel(const GkrSums3* partial, unsigned count, GkrSums3* out,
                                       volatile uint32_t* flag, uint32_t seq) {
  __shared__ GkrSums3 acc[kBlock];
  GkrSums3 mine{};
  for (unsigned i = threadIdx.x; i < count; i += blockDim.x)
    for (int k = 0; k < 3; ++k) mine.v[k] += partial[i].v[k];
  acc[threadIdx.x] = mine;
  __syncthreads();
  for (int s = kBlock / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s)
      for (int k = 0; k < 3; ++k) acc[threadIdx.x].v[k] += acc[threadIdx.x + s].v[k];
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    *out = acc[0];
    __threadfence_system();
    *flag = seq;
  }
}

template <typename T>
T copy_one_to_host(const T* src, cudaStream_t stream) {
  T out;
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(&out, src, sizeof(T), cudaMemcpyDeviceToHost, stream));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream));
  return out;
}

}  // namespace

LogupGkr::LogupGkr(DeviceBuffer<Frac> leaves, cudaStream_t stream)
    : stream_(stream), partial_(kMaxBlocks), mailbox_(sizeof(GkrSums3), stream) {
  if (leaves.empty() || !std::has_single_bit(leaves.size()))
    throw std::invalid_argument("cuda::LogupGkr: " + std::to_string(leaves.size()) +
                                " leaves is not a positive power of two");
  n_ = static_cast<size_t>(std::countr_zero(leaves.size()));
  layers_.resize(n_ + 1);
  layers_[n_] = std::move(leaves);
  for (size_t k = n_; k-- > 0;) {
    const size_t count = size_t{1} << k;
    layers_[k] = DeviceBuffer<Frac>(count);
    SWIRL_LAUNCH(sum_pairs_kernel, grid_for(count), dim3(kBlock), 0, stream_, layers_[k + 1].data(),
                 layers_[k].data(), count);
  }
  // The sumcheck buffers, once, for the largest layer (j = n: 2^(n-2) pairs
  // in round 0): reallocating per layer cost a cudaFree (a device-wide
  // synchronisation) and a cudaMalloc per buffer per layer.
  if (n_ >= 2) {
    const size_t half = size_t{1} << (n_ - 2);
    eq_ = DeviceBuffer<BabyBear4>(half);
    eq_next_ = DeviceBuffer<BabyBear4>(half);  // the two are swapped every round
    cur_ = DeviceBuffer<GkrQuad>(half);
    next_ = DeviceBuffer<GkrQuad>(half);
  }
}

Frac LogupGkr::root() { return copy_one_to_host(layers_[0].data(), stream_); }

GkrLayerClaims LogupGkr::layer1_claims() {
  if (n_ < 1) throw std::logic_error("cuda::LogupGkr::layer1_claims: a single leaf has no layer 1");
  const GkrQuad q = copy_one_to_host(reinterpret_cast<const GkrQuad*>(layers_[1].data()), stream_);
  return GkrLayerClaims{q.p0, q.p1, q.q0, q.q1};
}

void LogupGkr::begin_layer(size_t j, std::span<const BabyBear4> xi, const BabyBear4& lambda) {
  if (j < 2 || j > n_ || xi.size() != j - 1)
    throw std::invalid_argument("cuda::LogupGkr::begin_layer: layer " + std::to_string(j) + " with " +
                                std::to_string(xi.size()) + " coordinates (n = " + std::to_string(n_) + ")");
  m_ = j - 1;
  t_ = 0;
  lambda_ = lambda;
  EqPoint pt{};
  if (m_ - 1 > 32) throw std::invalid_argument("cuda::LogupGkr::begin_layer: more than 33 variables");
  pt.len = static_cast<int>(m_ - 1);
  for (size_t k = 1; k < m_; ++k) pt.x[k - 1] = xi[k];
  const size_t half = size_t{1} << (m_ - 1);
  // Both quad buffers hold a whole round's pairs (round 1 writes 2^(m-1)
  // folded quads, its pairs' children, into next_); sized in the constructor.
  summed_ = false;
  SWIRL_LAUNCH(eq_table_kernel, grid_for(half), dim3(kBlock), 0, stream_, pt, eq_.data(), half);
}

const GkrQuad* LogupGkr::round_source() const {
  // Round 0 reads layer m + 1 (the children of layer m's parents) as quads.
  return t_ == 0 ? reinterpret_cast<const GkrQuad*>(layers_[m_ + 1].data()) : cur_.data();
}

std::array<BabyBear4, 3> LogupGkr::round_sums() {
  if (t_ >= m_) throw std::logic_error("cuda::LogupGkr::round_sums: the layer's rounds are done");
  const size_t half = size_t{1} << (m_ - t_ - 1);
  const unsigned blocks = static_cast<unsigned>(std::min<size_t>((half + kBlock - 1) / kBlock, kMaxBlocks));
  if (t_ == 0) {
    SWIRL_LAUNCH(round_terms_kernel, dim3(blocks), dim3(kBlock), 0, stream_, round_source(), eq_.data(), half, false,
                 EF::zero(), lambda_, cur_.data(), eq_next_.data(), partial_.data());
  } else {
    // Apply the deferred fold of round t - 1 while summing round t: the
    // source holds 2 * (2 * half) quads (cur_, or the layer at t = 1).
    const GkrQuad* src = t_ == 1 ? reinterpret_cast<const GkrQuad*>(layers_[m_ + 1].data()) : cur_.data();
    SWIRL_LAUNCH(round_terms_kernel, dim3(blocks), dim3(kBlock), 0, stream_, src, eq_.data(), half, true, pending_r_,
                 lambda_, next_.data(), eq_next_.data(), partial_.data());
    std::swap(cur_, next_);
    std::swap(eq_, eq_next_);
  }
  // Straight into the host mailbox: no copy, no stream synchronisation.
  const uint32_t seq = mailbox_.arm();
  SWIRL_LAUNCH(reduce_partials_kernel, dim3(1), dim3(kBlock), 0, stream_, partial_.data(), blocks,
               mailbox_.payload<GkrSums3>(), mailbox_.flag(), seq);
  mailbox_.wait(seq);
  summed_ = true;
  const GkrSums3& host = *mailbox_.read<GkrSums3>();
  return {host.v[0], host.v[1], host.v[2]};
}

void LogupGkr::fold(const BabyBear4& r) {
  if (t_ >= m_ || !summed_) throw std::logic_error("cuda::LogupGkr::fold: no round to fold");
  // Deferred: the next round_sums (or layer_claims) applies it.
  pending_r_ = r;
  summed_ = false;
  ++t_;
}

GkrLayerClaims LogupGkr::layer_claims() {
  if (t_ != m_ || m_ == 0) throw std::logic_error("cuda::LogupGkr::layer_claims: the layer's rounds are not done");
  // The last fold, deferred: one quad from the last round's two.
  const GkrQuad* src = m_ == 1 ? reinterpret_cast<const GkrQuad*>(layers_[m_ + 1].data()) : cur_.data();
  SWIRL_LAUNCH(fold_quads_kernel, dim3(1), dim3(kBlock), 0, stream_, src, next_.data(), size_t{1}, pending_r_);
  const GkrQuad q = copy_one_to_host(next_.data(), stream_);
  return GkrLayerClaims{q.p0, q.p1, q.q0, q.q1};
}

}  // namespace swirl::cuda
