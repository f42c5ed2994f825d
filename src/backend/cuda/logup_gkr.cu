#include "swirl/backend/cuda/logup_gkr.h"

#include <cub/device/device_reduce.cuh>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>

#include <bit>
#include <stdexcept>
#include <string>

#include "swirl/backend/cuda/launch.h"

namespace swirl::cuda {
namespace {

using EF = BabyBear4;
constexpr int kBlock = 256;

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
  EF acc = EF::one();
  for (int k = 0; k < pt.len; ++k) acc *= ((y >> k) & 1) ? pt.x[k] : EF::one() - pt.x[k];
  out[y] = acc;
}

__global__ void halve_eq_kernel(const EF* eq, EF* out, size_t count) {
  const size_t y = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (y < count) out[y] = eq[2 * y] + eq[2 * y + 1];
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

// term(y): eq[y] times the relation at X = 0, 1, 2 of the pair (2y, 2y + 1).
struct RoundTerm {
  const GkrQuad* src;
  const EF* eq;
  EF lambda;
  __device__ GkrSums3 operator()(size_t y) const {
    const GkrQuad lo = src[2 * y], hi = src[2 * y + 1];
    const GkrQuad two{hi.p0.doubled() - lo.p0, hi.q0.doubled() - lo.q0, hi.p1.doubled() - lo.p1,
                      hi.q1.doubled() - lo.q1};
    const EF w = eq[y];
    return GkrSums3{{w * relation(lo, lambda), w * relation(hi, lambda), w * relation(two, lambda)}};
  }
};

struct AddSums3 {
  __device__ GkrSums3 operator()(const GkrSums3& a, const GkrSums3& b) const {
    return GkrSums3{{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2]}};
  }
};

template <typename T>
T copy_one_to_host(const T* src, cudaStream_t stream) {
  T out;
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(&out, src, sizeof(T), cudaMemcpyDeviceToHost, stream));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream));
  return out;
}

}  // namespace

LogupGkr::LogupGkr(DeviceBuffer<Frac> leaves, cudaStream_t stream) : stream_(stream), sums_(1) {
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
  eq_ = DeviceBuffer<BabyBear4>(half);
  eq_next_ = DeviceBuffer<BabyBear4>(half / 2);
  cur_ = DeviceBuffer<GkrQuad>(half);
  next_ = DeviceBuffer<GkrQuad>(half / 2);
  SWIRL_LAUNCH(eq_table_kernel, grid_for(half), dim3(kBlock), 0, stream_, pt, eq_.data(), half);
}

const GkrQuad* LogupGkr::round_source() const {
  // Round 0 reads layer m + 1 (the children of layer m's parents) as quads.
  return t_ == 0 ? reinterpret_cast<const GkrQuad*>(layers_[m_ + 1].data()) : cur_.data();
}

std::array<BabyBear4, 3> LogupGkr::round_sums() {
  if (t_ >= m_) throw std::logic_error("cuda::LogupGkr::round_sums: the layer's rounds are done");
  const size_t half = size_t{1} << (m_ - t_ - 1);
  auto terms = thrust::make_transform_iterator(thrust::counting_iterator<size_t>(0),
                                               RoundTerm{round_source(), eq_.data(), lambda_});
  const GkrSums3 zero{};
  size_t bytes = 0;
  SWIRL_CUDA_CHECK(cub::DeviceReduce::Reduce(nullptr, bytes, terms, sums_.data(), half, AddSums3{}, zero, stream_));
  if (temp_.size() < bytes) temp_ = DeviceBuffer<unsigned char>(bytes);
  SWIRL_CUDA_CHECK(
      cub::DeviceReduce::Reduce(temp_.data(), bytes, terms, sums_.data(), half, AddSums3{}, zero, stream_));
  const GkrSums3 s = copy_one_to_host(sums_.data(), stream_);
  return {s.v[0], s.v[1], s.v[2]};
}

void LogupGkr::fold(const BabyBear4& r) {
  if (t_ >= m_) throw std::logic_error("cuda::LogupGkr::fold: the layer's rounds are done");
  const size_t half = size_t{1} << (m_ - t_ - 1);
  if (t_ == 0) {
    SWIRL_LAUNCH(fold_quads_kernel, grid_for(half), dim3(kBlock), 0, stream_, round_source(), cur_.data(), half, r);
  } else {
    SWIRL_LAUNCH(fold_quads_kernel, grid_for(half), dim3(kBlock), 0, stream_, cur_.data(), next_.data(), half, r);
    std::swap(cur_, next_);
  }
  if (half > 1) {
    SWIRL_LAUNCH(halve_eq_kernel, grid_for(half / 2), dim3(kBlock), 0, stream_, eq_.data(), eq_next_.data(),
                 half / 2);
    std::swap(eq_, eq_next_);
  }
  ++t_;
}

GkrLayerClaims LogupGkr::layer_claims() {
  if (t_ != m_ || m_ == 0) throw std::logic_error("cuda::LogupGkr::layer_claims: the layer's rounds are not done");
  const GkrQuad q = copy_one_to_host(cur_.data(), stream_);
  return GkrLayerClaims{q.p0, q.p1, q.q0, q.q1};
}

}  // namespace swirl::cuda
