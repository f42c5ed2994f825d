#include "swirl/backend/cuda/zerocheck.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "block_sum.cuh"
#include "eq_weight.cuh"
#include "program_interp.cuh"
#include "swirl/backend/cuda/launch.h"
#include "swirl/field/powers.h"
#include "swirl/poly/coset_extend.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/protocol/zerocheck_math.h"

namespace swirl::cuda {
namespace {

using F = BabyBear;
using EF = BabyBear4;
using interp::kBlock;
constexpr int kSumBlock = 256;
constexpr unsigned kMaxGridY = 65535;

unsigned blocks_for(size_t n, int block = kBlock) { return static_cast<unsigned>((n + block - 1) / block); }

// out[b] = eq(x, b) = prod_i (b_i ? x_i : 1 - x_i), b < 2^n (bit i of b is
// coordinate i, as eq_hypercube_table).
__global__ void eq_table_kernel(const EF* x, int n, EF* out) {
  const size_t b = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (b >= (size_t{1} << n)) return;
  out[b] = eq_weight<EF>(x, n, b);
}

// Round 0's coset values of one tile of lifted rows [row0, row0 + rows):
// ext[c * stride + cs * rows + t] = sum_k E[(cs N + z) N + k] v_c(x N + k)
// for lifted row row0 + t = x N + z, i.e. column c's extension at
// g^{1+cs} omega^z over the skip-domain block x.
__global__ void round0_extend_kernel(const FlatColumnRef* __restrict__ refs, uint32_t ncols, size_t mask, int l,
                                     uint32_t m, size_t row0, size_t rows, const F* __restrict__ E, F* __restrict__ ext,
                                     size_t stride) {
  const size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t >= rows) return;
  const size_t N = size_t{1} << l;
  const size_t i = row0 + t;
  const size_t z = i & (N - 1), base = i - z;
  for (uint32_t c = blockIdx.y; c < ncols; c += gridDim.y) {
    F* out = ext + c * stride + t;
    for (uint32_t cs = 0; cs < m; ++cs) {
      const F* e = E + (cs * N + z) * N;
      F acc = F::zero();
      for (size_t k = 0; k < N; ++k) acc += e[k] * interp::trace_value(refs, c, base + k, mask);
      out[cs * rows] = acc;
    }
  }
}

// The DFT of N = 2^L values in registers: a[i] <- sum_j a[j] w^(i j),
// tw[t] = w^t (t < N/2). Radix-2 decimation in time after a bit reversal,
// unrolled so every index is a compile-time register.
template <int L>
__device__ __forceinline__ void dft_in_registers(F (&a)[1 << L], const F* tw) {
  constexpr int N = 1 << L;
#pragma unroll
  for (int i = 0; i < N; ++i) {
    int j = 0;
#pragma unroll
    for (int b = 0; b < L; ++b) j |= ((i >> b) & 1) << (L - 1 - b);
    if (i < j) {
      const F t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
#pragma unroll
  for (int s = 1; s <= L; ++s) {
    const int m = 1 << s, h = m >> 1;
#pragma unroll
    for (int k = 0; k < N; k += m) {
#pragma unroll
      for (int j = 0; j < h; ++j) {
        const F t = tw[j * (N / m)] * a[k + j + h];
        const F u = a[k + j];
        a[k + j] = u + t;
        a[k + j + h] = u - t;
      }
    }
  }
}

// Round 0's coset values through two small DFTs per skip-domain block
// (N = 2^L): one thread per (flat column, block x) takes the inverse DFT of
// the block's N values (coefficients times N), and per coset scales
// coefficient k by s^k / N (s = g^{1+cs}, `twist[cs N + k]`) and takes the
// forward DFT: the values at s omega^z, z < N. A thread's N values are
// contiguous, so the block's values go through shared memory (rows padded
// to N + 1 words against bank conflicts) and every global load and store is
// coalesced. Same layout as round0_extend_kernel; `tw`: omega^t then
// omega^-t (t < N/2).
template <int L>
__global__ void __launch_bounds__(kBlock)
    round0_extend_dft_kernel(const FlatColumnRef* __restrict__ refs, uint32_t ncols, size_t mask, uint32_t m, size_t x0,
                             size_t tx, const F* __restrict__ tw, const F* __restrict__ twist, F* __restrict__ ext,
                             size_t stride) {
  constexpr int N = 1 << L;
  __shared__ F s_tw[N];
  __shared__ F s_val[kBlock * (N + 1)];
  if (threadIdx.x < N) s_tw[threadIdx.x] = tw[threadIdx.x];
  const size_t xb = blockIdx.x * static_cast<size_t>(kBlock);   // the block's first x (tile-local)
  const size_t nx = min(static_cast<size_t>(kBlock), tx - xb);  // its blocks x
  const size_t words = nx * N, rows = tx * N, base = (x0 + xb) * N;
  const int xl = threadIdx.x;
  auto at = [](size_t i) { return (i / N) * (N + 1) + i % N; };
  for (uint32_t c = blockIdx.y; c < ncols; c += gridDim.y) {
    __syncthreads();
    if (c < 3) {
      for (size_t i = threadIdx.x; i < words; i += kBlock) s_val[at(i)] = interp::trace_value(refs, c, base + i, mask);
    } else {
      const FlatColumnRef ref = refs[c];
      for (size_t i = threadIdx.x; i < words; i += kBlock) s_val[at(i)] = ref.col[(base + i + ref.offset) & mask];
    }
    __syncthreads();
    F a[N];
#pragma unroll
    for (int k = 0; k < N; ++k) a[k] = s_val[xl * (N + 1) + k];
    if (static_cast<size_t>(xl) < nx) dft_in_registers<L>(a, s_tw + N / 2);
    F* out = ext + c * stride + xb * N;
    for (uint32_t cs = 0; cs < m; ++cs) {
      F w[N];
#pragma unroll
      for (int k = 0; k < N; ++k) w[k] = a[k] * twist[cs * N + k];
      if (static_cast<size_t>(xl) < nx) dft_in_registers<L>(w, s_tw);
      __syncthreads();
#pragma unroll
      for (int z = 0; z < N; ++z) s_val[xl * (N + 1) + z] = w[z];
      __syncthreads();
      for (size_t i = threadIdx.x; i < words; i += kBlock) out[cs * rows + i] = s_val[at(i)];
    }
  }
}

// Interaction roots in the zerocheck: num = sum_k eq3b[k] count_k, den =
// sum_k eq3b[k] (sum_j beta^j field_kj + beta^len (bus + 1)) (no alpha).
template <typename T>
struct InteractionSumSink {
  const EF* beta_pows;
  const EF* eq3b;
  const EF* den_base;
  T cnt{};
  EF fields = EF::zero(), num = EF::zero(), den = EF::zero();
  __device__ __forceinline__ void fold(uint32_t, const T (&)[1]) {}
  __device__ __forceinline__ void count(uint32_t, const T (&v)[1]) { cnt = v[0]; }
  __device__ __forceinline__ void field(uint32_t j, const T (&v)[1]) { fields += beta_pows[j] * v[0]; }
  __device__ __forceinline__ void emit(uint32_t k) {
    num += eq3b[k] * cnt;
    den += eq3b[k] * (fields + den_base[k]);
    cnt = T{};
    fields = EF::zero();
  }
};

template <typename T, int kSlots, typename Columns>
__global__ void __launch_bounds__(kBlock)
    interaction_partials_kernel(const ProgramInstr* instrs, const ProgramGroup* groups, const F* constants, const F* pv,
                                Columns cols, size_t points, const EF* beta_pows, const EF* eq3b, const EF* den_base,
                                EF* partial_num, EF* partial_den) {
  const size_t p = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  const bool live = p < points;
  InteractionSumSink<T> sink{beta_pows, eq3b, den_base};
  const size_t pts[1] = {live ? p : 0};
  interp::run_group<T, kSlots, 1>(instrs, groups[blockIdx.y], constants, pv, cols, pts, sink);
  if (live) {
    partial_num[blockIdx.y * points + p] = sink.num;
    partial_den[blockIdx.y * points + p] = sink.den;
  }
}

// part[o * chunks + ch] = chunk ch of sum_{g < G} sum_{t < T} w[t]
// v[g gs + (a T + t) Z + z] for output o = a Z + z (w == nullptr: weights
// 1); grid (outputs, chunks), each chunk kSumBlock * kSumPerThread terms.
constexpr int kSumPerThread = 8;
__global__ void __launch_bounds__(kSumBlock)
    weighted_sum_kernel(const EF* v, uint32_t G, size_t gs, size_t T, size_t Z, const EF* w, EF* part) {
  const size_t o = blockIdx.x;
  const size_t a = o / Z, z = o % Z;
  const size_t span = static_cast<size_t>(kSumBlock) * kSumPerThread;
  const size_t end = min(G * T, (blockIdx.y + 1) * span);
  EF s = EF::zero();
  for (size_t i = blockIdx.y * span + threadIdx.x; i < end; i += kSumBlock) {
    const size_t g = i / T, t = i % T;
    const EF x = v[g * gs + (a * T + t) * Z + z];
    s += w != nullptr ? w[t] * x : x;
  }
  s = block_sum<kSumBlock>(s);
  if (threadIdx.x == 0) part[o * gridDim.y + blockIdx.y] = s;
}

// acc[o] += sum_ch part[o * chunks + ch]; one block per output.
__global__ void __launch_bounds__(kSumBlock) sum_chunks_kernel(const EF* part, size_t chunks, EF* acc) {
  EF s = EF::zero();
  for (size_t i = threadIdx.x; i < chunks; i += kSumBlock) s += part[blockIdx.x * chunks + i];
  s = block_sum<kSumBlock>(s);
  if (threadIdx.x == 0) acc[blockIdx.x] += s;
}

// folded[c * cube + x] = sum_k lw[k] v_c(x N + k): every flat column bound
// at r_0 over the skip domain. One block per (column, xpb blocks x): the
// block's xpb N values are read coalesced into shared memory (rows padded
// to N + 1 words), then each thread takes its block's dot product.
__global__ void __launch_bounds__(kBlock)
    fold_round0_kernel(const FlatColumnRef* __restrict__ refs, uint32_t ncols, size_t mask, int l, size_t cube,
                       size_t xpb, const EF* __restrict__ lw, EF* __restrict__ folded) {
  extern __shared__ F s_val[];
  const size_t N = size_t{1} << l;
  const size_t xb = blockIdx.x * xpb;
  const size_t nx = min(xpb, cube - xb);
  const size_t words = nx * N, base = xb * N;
  for (uint32_t c = blockIdx.y; c < ncols; c += gridDim.y) {
    __syncthreads();
    if (c < 3) {
      for (size_t i = threadIdx.x; i < words; i += kBlock)
        s_val[(i >> l) * (N + 1) + (i & (N - 1))] = interp::trace_value(refs, c, base + i, mask);
    } else {
      const FlatColumnRef ref = refs[c];
      for (size_t i = threadIdx.x; i < words; i += kBlock)
        s_val[(i >> l) * (N + 1) + (i & (N - 1))] = ref.col[(base + i + ref.offset) & mask];
    }
    __syncthreads();
    if (threadIdx.x < nx) {
      const F* v = s_val + threadIdx.x * (N + 1);
      EF acc = EF::zero();
      for (size_t k = 0; k < N; ++k) acc += lw[k] * v[k];
      folded[c * cube + xb + threadIdx.x] = acc;
    }
  }
}

// out[c * hh + y] = t0 + (t1 - t0) r over the pairs (2y, 2y + 1) of each column.
__global__ void fold_kernel(const EF* in, size_t height, uint32_t ncols, EF r, EF* out) {
  const size_t hh = height / 2;
  const size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t >= ncols * hh) return;
  const size_t c = t / hh, y = t % hh;
  const EF t0 = in[c * height + 2 * y], t1 = in[c * height + 2 * y + 1];
  out[t] = t0 + (t1 - t0) * r;
}

// MLE round points: point p = (X - 1) half + y reads t1 + (X - 1)(t1 - t0) of
// the folded pair (2y, 2y + 1), X = 1..d, in place.
struct MlePairColumns {
  const EF* folded;
  size_t height;
  int log_half;
  __device__ __forceinline__ EF operator()(uint32_t c, size_t p) const {
    const size_t X = p >> log_half, y = p & ((size_t{1} << log_half) - 1);
    const EF* q = folded + c * height + 2 * y;
    EF v = q[1];
    if (X == 0) return v;  // X = 1: t1 (warp-uniform unless half < 32)
    const EF diff = v - q[0];
    for (size_t i = 0; i < X; ++i) v += diff;
    return v;
  }
};

template <typename T, typename Columns>
void launch_constraints(const DeviceConstraintProgram& prog, const F* pv, const Columns& cols, size_t points,
                        const EF* lambda_pows, EF* partial, cudaStream_t stream) {
  const dim3 grid = interp::constraint_grid<T>(points, prog.num_groups);
  interp::with_slots(prog.max_slots, [&](auto slots) {
    SWIRL_LAUNCH((interp::constraint_partials_kernel<T, decltype(slots)::value, Columns>), grid, dim3(kBlock), 0,
                 stream, prog.instrs.data(), prog.groups.data(), prog.constants.data(), pv, cols, points, lambda_pows,
                 partial);
  });
}

template <typename T, typename Columns>
void launch_interactions(const DeviceConstraintProgram& prog, const F* pv, const Columns& cols, size_t points,
                         const EF* beta_pows, const EF* eq3b, const EF* den_base, EF* pnum, EF* pden,
                         cudaStream_t stream) {
  const dim3 grid(blocks_for(points), prog.num_groups);
  interp::with_slots(prog.max_slots, [&](auto slots) {
    SWIRL_LAUNCH((interaction_partials_kernel<T, decltype(slots)::value, Columns>), grid, dim3(kBlock), 0, stream,
                 prog.instrs.data(), prog.groups.data(), prog.constants.data(), pv, cols, points, beta_pows, eq3b,
                 den_base, pnum, pden);
  });
}

// Chunks of one weighted sum (the scratch `part` holds outputs x chunks).
size_t sum_chunks(uint32_t G, size_t T) {
  const size_t span = static_cast<size_t>(kSumBlock) * kSumPerThread;
  return std::max<size_t>(1, (G * T + span - 1) / span);
}

// acc[a Z + z] += sum_{g < G} sum_{t < T} w[t] v[g gs + (a T + t) Z + z]
// (w == nullptr: weights 1), in two passes through `part` (A Z chunks
// entries, see sum_chunks).
void launch_weighted_sum(const EF* v, uint32_t G, size_t gs, size_t A, size_t T, size_t Z, const EF* w, EF* acc,
                         EF* part, cudaStream_t stream) {
  if (A * Z == 0 || G == 0) return;
  const size_t chunks = sum_chunks(G, T);
  SWIRL_LAUNCH(weighted_sum_kernel, dim3(static_cast<unsigned>(A * Z), static_cast<unsigned>(chunks)), dim3(kSumBlock),
               0, stream, v, G, gs, T, Z, w, part);
  SWIRL_LAUNCH(sum_chunks_kernel, dim3(static_cast<unsigned>(A * Z)), dim3(kSumBlock), 0, stream, part, chunks, acc);
}

void launch_eq_table(const EF* x, size_t n, EF* out, cudaStream_t stream) {
  SWIRL_LAUNCH(eq_table_kernel, dim3(blocks_for(size_t{1} << n)), dim3(kBlock), 0, stream, x, static_cast<int>(n), out);
}

uint32_t groups_of(const DeviceConstraintProgram* p) { return p == nullptr ? 0 : p->num_groups; }

// Blocks of the constraint kernel for `prog` resident on the whole device at once.
template <typename T, typename Columns>
size_t resident_blocks(const DeviceConstraintProgram& prog) {
  int per_sm = 0, device = 0, sms = 0;
  interp::with_slots(prog.max_slots, [&](auto slots) {
    SWIRL_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(
        &per_sm, interp::constraint_partials_kernel<T, decltype(slots)::value, Columns>, kBlock, 0));
  });
  SWIRL_CUDA_CHECK(cudaGetDevice(&device));
  SWIRL_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  return static_cast<size_t>(per_sm) * static_cast<size_t>(sms);
}

}  // namespace

struct Zerocheck::AirState {
  ZerocheckAir in;
  size_t n_lift = 0;
  BabyBear norm;
  ZerocheckCosets cosets;
  bool has_int = false;
  uint32_t ncols = 0;
  DeviceBuffer<FlatColumnRef> refs;
  DeviceBuffer<F> pv;
  DeviceBuffer<EF> eq3b, den_base;
  DeviceBuffer<EF> folded, folded_next;
  size_t folded_height = 0;
};

Zerocheck::Zerocheck(const BatchConstraintParams& params, std::vector<ZerocheckAir> airs, cudaStream_t stream,
                     size_t tile_bytes, size_t narrow_below)
    : params_(params), stream_(stream), tile_bytes_(tile_bytes), narrow_below_(narrow_below) {
  const int l = params.l_skip;
  if (l < 0 || l > 10) throw std::invalid_argument("cuda::Zerocheck: l_skip " + std::to_string(l) + " outside [0, 10]");
  if (airs.empty()) throw std::invalid_argument("cuda::Zerocheck: no AIRs");
  size_t m_max = 0;
  airs_.resize(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    AirState& s = airs_[t];
    s.in = std::move(airs[t]);
    const ZerocheckAir& a = s.in;
    const std::string who = "cuda::Zerocheck: AIR " + std::to_string(t);
    if (!std::has_single_bit(a.height))
      throw std::invalid_argument(who + ": height " + std::to_string(a.height) + " is not a power of two");
    if (t > 0 && a.height > airs_[t - 1].in.height)
      throw std::invalid_argument(who + ": heights are not sorted (non-increasing)");
    if (a.constraint_degree > params.max_constraint_degree)
      throw std::invalid_argument(who + ": constraint degree " + std::to_string(a.constraint_degree) +
                                  " above the maximum " + std::to_string(params.max_constraint_degree));
    if (a.constraints == nullptr) throw std::invalid_argument(who + ": no constraint program");
    if (a.constraints_narrow != nullptr && (a.constraints_narrow->num_columns != a.constraints->num_columns ||
                                            a.constraints_narrow->num_constraints != a.constraints->num_constraints))
      throw std::invalid_argument(who + ": the narrow constraint program is not the same constraints");
    if (a.columns.size() != a.constraints->num_columns)
      throw std::invalid_argument(who + ": " + std::to_string(a.columns.size()) + " flat columns, the program reads " +
                                  std::to_string(a.constraints->num_columns));
    if (a.message_lengths.size() != a.buses.size())
      throw std::invalid_argument(who + ": message lengths and buses differ in count");
    const int log_h = std::countr_zero(a.height);
    s.n_lift = static_cast<size_t>(std::max(0, log_h - l));
    s.norm = BabyBear::one();
    for (int i = 0; i < std::max(0, l - log_h); ++i) s.norm = s.norm.halve();
    s.has_int = !a.buses.empty();
    if (s.has_int && (a.interactions == nullptr || a.interactions->num_columns != a.columns.size()))
      throw std::invalid_argument(who + ": interactions without a matching interaction program");
    s.cosets = zerocheck_round0_cosets(a.constraint_degree, s.has_int);
    s.ncols = static_cast<uint32_t>(a.columns.size());
    m_max = std::max(m_max, s.cosets.max());
    s.refs = upload_async(std::span<const FlatColumnRef>(a.columns), stream_);
    s.pv = upload_async(std::span<const F>(a.public_values), stream_);
  }
  // The coset extension as a matrix: row cs N + z holds the weights of the
  // N block values for the point g^{1+cs} omega^z, from the host's extender
  // applied to the unit vectors (the device cannot drift from it). Only the
  // l that launch_extend gives the matrix form need it; l in 1..5 take the
  // DFT path and its tables.
  const bool dft_path = l >= 1 && l <= 5;
  if (m_max > 0 && !dft_path) {
    const size_t N = size_t{1} << l;
    const SkipCosetExtender ext(l, m_max);
    std::vector<F> unit(N * N, F::zero()), out(m_max * N * N), tmp(N * N);
    for (size_t k = 0; k < N; ++k) unit[k * N + k] = F::one();
    ext.extend(unit.data(), out.data(), tmp.data(), N);  // out[pt * N + k] = L_k(pt)
    extend_matrix_ = upload_async(std::span<const F>(out), stream_);
  }
  if (m_max > 0 && dft_path) {
    const size_t N = size_t{1} << l;
    // The DFT path's tables: omega^t, omega^-t (t < N/2), and s^k / N.
    std::vector<F> tw(std::max<size_t>(N, 2)), twist(m_max * N);
    const F w = F::two_adic_generator(l), winv = w.inverse();
    F p = F::one(), q = F::one();
    for (size_t t = 0; t < N / 2; ++t, p *= w, q *= winv) {
      tw[t] = p;
      tw[N / 2 + t] = q;
    }
    F ninv = F::one();
    for (int i = 0; i < l; ++i) ninv = ninv.halve();
    F sc = F::generator();
    for (size_t cs = 0; cs < m_max; ++cs, sc *= F::generator()) {
      F e = ninv;
      for (size_t k = 0; k < N; ++k, e *= sc) twist[cs * N + k] = e;
    }
    dft_twiddles_ = upload_async(std::span<const F>(tw), stream_);
    dft_twist_ = upload_async(std::span<const F>(twist), stream_);
  }
}

void Zerocheck::launch_extend(const AirState& s, size_t m, size_t x0, size_t tx, BabyBear* ext, size_t stride) {
  const int l = params_.l_skip;
  const size_t N = size_t{1} << l;
  const unsigned gy = std::min<uint32_t>(s.ncols, kMaxGridY);
  const auto dft = [&](auto L) {
    SWIRL_LAUNCH((round0_extend_dft_kernel<decltype(L)::value>), dim3(blocks_for(tx), gy), dim3(kBlock), 0, stream_,
                 s.refs.data(), s.ncols, s.in.height - 1, static_cast<uint32_t>(m), x0, tx, dft_twiddles_.data(),
                 dft_twist_.data(), ext, stride);
  };
  switch (l) {
    case 1:
      dft(std::integral_constant<int, 1>{});
      break;
    case 2:
      dft(std::integral_constant<int, 2>{});
      break;
    case 3:
      dft(std::integral_constant<int, 3>{});
      break;
    case 4:
      dft(std::integral_constant<int, 4>{});
      break;
    case 5:
      dft(std::integral_constant<int, 5>{});
      break;
    default:  // the matrix form (any l)
      SWIRL_LAUNCH(round0_extend_kernel, dim3(blocks_for(tx * N), gy), dim3(kBlock), 0, stream_, s.refs.data(), s.ncols,
                   s.in.height - 1, l, static_cast<uint32_t>(m), x0 * N, tx * N, extend_matrix_.data(), ext, stride);
  }
}

Zerocheck::~Zerocheck() {
  // Queued kernels read the stage's buffers; finish them before they are freed.
  cudaStreamSynchronize(stream_);
}

std::vector<ZerocheckRound0Air> Zerocheck::round0(const ZerocheckChallenges& ch) {
  const int l = params_.l_skip;
  const size_t N = size_t{1} << l;
  const size_t d = params_.max_constraint_degree;
  const size_t A = airs_.size();
  const size_t n_max = airs_[0].n_lift;
  if (ch.xi.size() < static_cast<size_t>(l) + n_max)
    throw std::invalid_argument("cuda::Zerocheck::round0: xi has " + std::to_string(ch.xi.size()) +
                                " < l_skip + n_max coordinates");
  if (ch.eq3b.size() != A)
    throw std::invalid_argument("cuda::Zerocheck::round0: eq3b for " + std::to_string(ch.eq3b.size()) +
                                " AIRs, expected " + std::to_string(A));
  size_t max_len = 0, max_constraints = 0;
  for (size_t t = 0; t < A; ++t) {
    const ZerocheckAir& a = airs_[t].in;
    if (ch.eq3b[t].size() != a.buses.size())
      throw std::invalid_argument("cuda::Zerocheck::round0: AIR " + std::to_string(t) + " has " +
                                  std::to_string(ch.eq3b[t].size()) + " eq3b weights for " +
                                  std::to_string(a.buses.size()) + " interactions");
    for (uint32_t len : a.message_lengths) max_len = std::max<size_t>(max_len, len);
    max_constraints = std::max<size_t>(max_constraints, a.constraints->num_constraints);
  }
  const std::vector<EF> beta_pows = powers(ch.beta, max_len + 1);
  xi_ = upload_async(ch.xi, stream_);
  lambda_pows_ = upload_async(std::span<const EF>(powers(ch.lambda, std::max<size_t>(1, max_constraints))), stream_);
  beta_pows_ = upload_async(std::span<const EF>(beta_pows), stream_);

  // Accumulators of every AIR in one buffer: [zc (m_zc N) | p (m_lu N) | q (m_lu N)].
  std::vector<size_t> acc_off(A + 1, 0);
  size_t ext_words = 0, part_c = 0, part_i = 0, eq_len = 1, sum_len = 1;
  std::vector<size_t> tiles(A, 1);
  for (size_t t = 0; t < A; ++t) {
    AirState& s = airs_[t];
    const ZerocheckAir& a = s.in;
    acc_off[t + 1] = acc_off[t] + (s.cosets.zc + 2 * s.cosets.lu) * N;
    std::vector<EF> den_base(a.buses.size());
    for (size_t k = 0; k < den_base.size(); ++k)
      den_base[k] = beta_pows[a.message_lengths[k]] * F::from_u64(uint64_t{a.buses[k]} + 1);
    s.eq3b = upload_async(std::span<const EF>(ch.eq3b[t]), stream_);
    s.den_base = upload_async(std::span<const EF>(den_base), stream_);
    const size_t m = s.cosets.max();
    if (m == 0) continue;
    // The tile: as many skip-domain blocks as fit in tile_bytes, rounded
    // down to whole waves of the constraint kernel. A launch lasts about as
    // long as its slowest wave runs one group's chain, so a grid of 1.1
    // waves costs about what 2 do (keccak-f: 37 groups x 64 blocks of 128
    // points against 2,112 resident blocks).
    const size_t cube = size_t{1} << s.n_lift;
    size_t tx = std::max<size_t>(1, tile_bytes_ / (s.ncols * m * N * sizeof(F)));
    const uint32_t gcon = groups_of(a.constraints);
    if (s.cosets.zc > 0 && gcon > 0) {
      const size_t per_group =
          std::max<size_t>(1, resident_blocks<F, interp::StridedColumns<F>>(*a.constraints) / gcon);
      const size_t wave_tx = std::max<size_t>(1, per_group * kBlock * interp::kPointsPerThread<F> / (s.cosets.zc * N));
      if (wave_tx <= tx) tx = wave_tx * (tx / wave_tx);
    }
    tx = std::min(tx, cube);
    tiles[t] = tx;
    const size_t rows = tx * N;
    ext_words = std::max(ext_words, s.ncols * m * rows);
    part_c = std::max<size_t>(part_c, groups_of(a.constraints) * s.cosets.zc * rows);
    part_i = std::max<size_t>(part_i, groups_of(a.interactions) * s.cosets.lu * rows);
    eq_len = std::max(eq_len, cube);
    sum_len = std::max(sum_len, m * N * sum_chunks(std::max(groups_of(a.constraints), groups_of(a.interactions)), tx));
  }
  DeviceBuffer<EF> acc(std::max<size_t>(1, acc_off[A]));
  DeviceBuffer<F> ext(ext_words);
  DeviceBuffer<EF> partial(part_c), pnum(part_i), pden(part_i), eqx(eq_len), sum_part(sum_len);
  SWIRL_CUDA_CHECK(cudaMemsetAsync(acc.data(), 0, acc.bytes(), stream_));

  for (size_t t = 0; t < A; ++t) {
    AirState& s = airs_[t];
    const ZerocheckAir& a = s.in;
    const size_t m = s.cosets.max();
    if (m == 0) continue;
    const size_t cube = size_t{1} << s.n_lift;
    EF* acc_zc = acc.data() + acc_off[t];
    EF* acc_p = acc_zc + s.cosets.zc * N;
    EF* acc_q = acc_p + s.cosets.lu * N;
    launch_eq_table(xi_.data() + l, s.n_lift, eqx.data(), stream_);
    const uint32_t gc = groups_of(a.constraints), gi = groups_of(a.interactions);
    for (size_t x0 = 0; x0 < cube; x0 += tiles[t]) {
      const size_t tx = std::min(tiles[t], cube - x0), rows = tx * N, stride = m * rows;
      const interp::StridedColumns<F> cols{ext.data(), stride};
      launch_extend(s, m, x0, tx, ext.data(), stride);
      if (s.cosets.zc > 0 && gc > 0) {
        const size_t pts = s.cosets.zc * rows;
        launch_constraints<F>(*a.constraints, s.pv.data(), cols, pts, lambda_pows_.data(), partial.data(), stream_);
        launch_weighted_sum(partial.data(), gc, pts, s.cosets.zc, tx, N, eqx.data() + x0, acc_zc, sum_part.data(),
                            stream_);
      }
      if (s.cosets.lu > 0 && gi > 0) {
        const size_t pts = s.cosets.lu * rows;
        launch_interactions<F>(*a.interactions, s.pv.data(), cols, pts, beta_pows_.data(), s.eq3b.data(),
                               s.den_base.data(), pnum.data(), pden.data(), stream_);
        launch_weighted_sum(pnum.data(), gi, pts, s.cosets.lu, tx, N, eqx.data() + x0, acc_p, sum_part.data(), stream_);
        launch_weighted_sum(pden.data(), gi, pts, s.cosets.lu, tx, N, eqx.data() + x0, acc_q, sum_part.data(), stream_);
      }
    }
  }
  std::vector<EF> sums(acc.size());
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(sums.data(), acc.data(), acc.bytes(), cudaMemcpyDeviceToHost, stream_));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream_));

  std::vector<ZerocheckRound0Air> out(A);
  for (size_t t = 0; t < A; ++t) {
    const AirState& s = airs_[t];
    const EF* zc = sums.data() + acc_off[t];
    const EF* p = zc + s.cosets.zc * N;
    const EF* q = p + s.cosets.lu * N;
    zerocheck_round0_polys(l, d, s.in.constraint_degree, s.has_int, std::span<const EF>(zc, s.cosets.zc * N),
                           std::span<const EF>(p, s.cosets.lu * N), std::span<const EF>(q, s.cosets.lu * N), s.norm,
                           out[t].zc, out[t].p, out[t].q);
  }
  have_round0_ = true;
  return out;
}

void Zerocheck::fold_round0(const BabyBear4& r0) {
  if (!have_round0_) throw std::invalid_argument("cuda::Zerocheck::fold_round0: round0 has not run");
  const int l = params_.l_skip;
  lagrange_ = upload_async(std::span<const EF>(skip_lagrange_weights<EF>(l, r0)), stream_);
  for (AirState& s : airs_) {
    const size_t cube = size_t{1} << s.n_lift;
    s.folded = DeviceBuffer<EF>(s.ncols * cube);
    s.folded_next = DeviceBuffer<EF>(s.ncols * std::max<size_t>(1, cube / 2));
    s.folded_height = cube;
    if (s.ncols == 0) continue;
    // At most kBlock blocks x per thread block, and at most 8,192 values
    // (36 KiB of shared memory) for large skip domains.
    const size_t N = size_t{1} << l;
    const size_t xpb = std::max<size_t>(1, std::min<size_t>(kBlock, 8192 / N));
    const size_t smem = xpb * (N + 1) * sizeof(F);
    SWIRL_LAUNCH(fold_round0_kernel,
                 dim3(static_cast<unsigned>((cube + xpb - 1) / xpb), std::min<uint32_t>(s.ncols, kMaxGridY)),
                 dim3(kBlock), smem, stream_, s.refs.data(), s.ncols, s.in.height - 1, l, cube, xpb, lagrange_.data(),
                 s.folded.data());
  }
  // The MLE rounds' scratch, for round 1 (every later round is smaller).
  const size_t d = params_.max_constraint_degree;
  size_t part_c = 1, part_i = 1, eq_len = 1, sum_len = 1;
  for (const AirState& s : airs_) {
    if (s.n_lift < 1) continue;
    const size_t pts = d << (s.n_lift - 1);
    uint32_t gc = groups_of(s.in.constraints);
    if (s.in.constraints_narrow != nullptr) gc = std::max(gc, s.in.constraints_narrow->num_groups);
    const uint32_t gi = s.has_int ? groups_of(s.in.interactions) : 0;
    part_c = std::max<size_t>(part_c, gc * pts);
    part_i = std::max<size_t>(part_i, gi * pts);
    eq_len = std::max(eq_len, size_t{1} << (s.n_lift - 1));
    sum_len = std::max(sum_len, d * sum_chunks(std::max(gc, gi), size_t{1} << (s.n_lift - 1)));
  }
  acc_ = DeviceBuffer<EF>(airs_.size() * 3 * d);
  partial_ = DeviceBuffer<EF>(part_c);
  pnum_ = DeviceBuffer<EF>(part_i);
  pden_ = DeviceBuffer<EF>(part_i);
  eqy_ = DeviceBuffer<EF>(eq_len);
  sum_part_ = DeviceBuffer<EF>(sum_len);
  mailbox_ = std::make_unique<HostMailbox>(acc_.bytes(), stream_);
  have_folded_ = true;
}

std::vector<ZerocheckRoundAir> Zerocheck::mle_round(size_t j) {
  const size_t n_max = airs_[0].n_lift;
  if (!have_folded_) throw std::invalid_argument("cuda::Zerocheck::mle_round: fold_round0 has not run");
  if (j < 1 || j > n_max)
    throw std::invalid_argument("cuda::Zerocheck::mle_round: round " + std::to_string(j) + " outside [1, " +
                                std::to_string(n_max) + "]");
  const int l = params_.l_skip;
  const size_t d = params_.max_constraint_degree;
  const size_t A = airs_.size();
  // Per AIR [zc | p | q], d values each (scratch from fold_round0).
  DeviceBuffer<EF>&acc = acc_, &partial = partial_, &pnum = pnum_, &pden = pden_, &eqy = eqy_;
  SWIRL_CUDA_CHECK(cudaMemsetAsync(acc.data(), 0, acc.bytes(), stream_));
  for (size_t t = 0; t < A; ++t) {
    AirState& s = airs_[t];
    const ZerocheckAir& a = s.in;
    EF* acc_zc = acc.data() + t * 3 * d;
    EF* acc_p = acc_zc + d;
    EF* acc_q = acc_p + d;
    const uint32_t gi = s.has_int ? groups_of(a.interactions) : 0;
    if (s.n_lift >= j) {
      const size_t log_half = s.n_lift - j, half = size_t{1} << log_half, pts = d * half;
      // Few points: the narrow program's shorter chains run in parallel.
      const DeviceConstraintProgram* prog =
          pts < narrow_below_ && a.constraints_narrow != nullptr ? a.constraints_narrow : a.constraints;
      const uint32_t gc = prog->num_groups;
      launch_eq_table(xi_.data() + l + j, log_half, eqy.data(), stream_);
      const MlePairColumns cols{s.folded.data(), s.folded_height, static_cast<int>(log_half)};
      if (gc > 0) {
        launch_constraints<EF>(*prog, s.pv.data(), cols, pts, lambda_pows_.data(), partial.data(), stream_);
        launch_weighted_sum(partial.data(), gc, pts, d, half, 1, eqy.data(), acc_zc, sum_part_.data(), stream_);
      }
      if (gi > 0) {
        launch_interactions<EF>(*a.interactions, s.pv.data(), cols, pts, beta_pows_.data(), s.eq3b.data(),
                                s.den_base.data(), pnum.data(), pden.data(), stream_);
        launch_weighted_sum(pnum.data(), gi, pts, d, half, 1, eqy.data(), acc_p, sum_part_.data(), stream_);
        launch_weighted_sum(pden.data(), gi, pts, d, half, 1, eqy.data(), acc_q, sum_part_.data(), stream_);
      }
    } else if (j == s.n_lift + 1) {
      // The AIR's folds ended: its one folded row is the point.
      const DeviceConstraintProgram* prog = a.constraints_narrow != nullptr ? a.constraints_narrow : a.constraints;
      const uint32_t gc = prog->num_groups;
      const interp::StridedColumns<EF> cols{s.folded.data(), 1};
      if (gc > 0) {
        launch_constraints<EF>(*prog, s.pv.data(), cols, 1, lambda_pows_.data(), partial.data(), stream_);
        launch_weighted_sum(partial.data(), gc, 1, 1, 1, 1, nullptr, acc_zc, sum_part_.data(), stream_);
      }
      if (gi > 0) {
        launch_interactions<EF>(*a.interactions, s.pv.data(), cols, 1, beta_pows_.data(), s.eq3b.data(),
                                s.den_base.data(), pnum.data(), pden.data(), stream_);
        launch_weighted_sum(pnum.data(), gi, 1, 1, 1, 1, nullptr, acc_p, sum_part_.data(), stream_);
        launch_weighted_sum(pden.data(), gi, 1, 1, 1, 1, nullptr, acc_q, sum_part_.data(), stream_);
      }
    }
  }
  // Posted into the host mailbox behind the sums: no copy call, no stream
  // synchronisation.
  mailbox_->wait(mailbox_->post(acc.data(), acc.bytes()));
  const EF* sums = mailbox_->read<EF>();
  std::vector<ZerocheckRoundAir> out(A);
  for (size_t t = 0; t < A; ++t) {
    const AirState& s = airs_[t];
    const EF* zc = sums + t * 3 * d;
    const EF* p = zc + d;
    const EF* q = p + d;
    ZerocheckRoundAir& o = out[t];
    if (s.n_lift >= j) {
      o.zc.assign(zc, zc + d);
      o.p.resize(d);
      for (size_t X = 0; X < d; ++X) o.p[X] = p[X] * s.norm;
      o.q.assign(q, q + d);
    } else if (j == s.n_lift + 1) {
      o.at_point = true;
      o.point_zc = zc[0];
      o.point_p = p[0] * s.norm;
      o.point_q = q[0];
    }
  }
  return out;
}

void Zerocheck::fold(const BabyBear4& r) {
  if (!have_folded_) throw std::invalid_argument("cuda::Zerocheck::fold: fold_round0 has not run");
  for (AirState& s : airs_) {
    if (s.folded_height <= 1 || s.ncols == 0) continue;
    const size_t hh = s.folded_height / 2;
    SWIRL_LAUNCH(fold_kernel, dim3(blocks_for(s.ncols * hh)), dim3(kBlock), 0, stream_, s.folded.data(),
                 s.folded_height, s.ncols, r, s.folded_next.data());
    std::swap(s.folded, s.folded_next);
    s.folded_height = hh;
  }
}

std::vector<std::vector<std::vector<BabyBear4>>> Zerocheck::column_openings() {
  if (!have_folded_) throw std::invalid_argument("cuda::Zerocheck::column_openings: fold_round0 has not run");
  std::vector<std::vector<EF>> rows(airs_.size());
  for (size_t t = 0; t < airs_.size(); ++t) {
    const AirState& s = airs_[t];
    if (s.folded_height != 1)
      throw std::invalid_argument("cuda::Zerocheck::column_openings: AIR " + std::to_string(t) + " has " +
                                  std::to_string(s.folded_height) + " folded rows left (fold every round first)");
    rows[t].resize(s.ncols);
    if (s.ncols > 0)
      SWIRL_CUDA_CHECK(
          cudaMemcpyAsync(rows[t].data(), s.folded.data(), s.ncols * sizeof(EF), cudaMemcpyDeviceToHost, stream_));
  }
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream_));
  std::vector<std::vector<std::vector<BabyBear4>>> all(airs_.size());
  for (size_t t = 0; t < airs_.size(); ++t) {
    for (const std::vector<uint32_t>& part : airs_[t].in.openings) {
      std::vector<EF> o;
      o.reserve(part.size());
      for (uint32_t c : part) o.push_back(rows[t].at(c));
      all[t].push_back(std::move(o));
    }
  }
  return all;
}

}  // namespace swirl::cuda
