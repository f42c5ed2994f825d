// Device kernels and the stage of WHIR (backend/cuda/whir.h).
//
// Layout: f, w, g are BabyBear4 vectors over the hypercube, index bit i =
// variable i (the lowest variable is folded first, pairs (2y, 2y + 1)).
// The subset transforms (zeta: coefficients -> hypercube values, Moebius:
// back) go in passes of up to 4 bits, one thread per line of 2^4 entries
// held in registers, so f of 2^21 entries takes 6 passes over memory.
#include "swirl/backend/cuda/whir.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "block_sum.cuh"
#include "eq_weight.cuh"
#include "swirl/backend/cuda/commit.h"
#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/pinned.h"
#include "swirl/field/powers.h"
#include "swirl/poly/rs_code.h"

namespace swirl::cuda {
namespace {

using F = BabyBear;
using EF = BabyBear4;

constexpr int kBlock = 256;
constexpr size_t kMaxSumBlocks = 1024;  // partial sums per reduction (one block adds them up)
constexpr int kMaxLSkip = 10;           // a skip-domain chunk fits one block of batch_message_kernel

unsigned blocks_for(size_t n, unsigned block = kBlock) {
  return static_cast<unsigned>(std::max<size_t>((n + block - 1) / block, 1));
}
unsigned sum_blocks(size_t n) { return static_cast<unsigned>(std::min(kMaxSumBlocks, (n + kBlock - 1) / kBlock + 1)); }

// f[i] = M (sum_j mu^j col_j) on each 2^l chunk: the mu-batched stacked
// columns, then the RS message map of the chunk (inverse DFT on D, zeta over
// the Z bits; M[z][t] from the host's eval_to_coeff_rs_message). A block
// (blockDim a multiple of the chunk) batches its rows into shared memory,
// then applies M to each of its chunks.
__global__ void batch_message_kernel(const F* const* cols, const EF* mu_pows, size_t ncols, size_t height, int l,
                                     const F* mmat, EF* f) {
  extern __shared__ EF rows[];
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  EF acc = EF::zero();
  if (i < height)
    for (size_t j = 0; j < ncols; ++j) acc += mu_pows[j] * cols[j][i];
  rows[threadIdx.x] = acc;
  __syncthreads();
  if (i >= height) return;
  const size_t chunk = size_t{1} << l;
  const size_t z = i & (chunk - 1), base = threadIdx.x - z;
  const F* row = mmat + z * chunk;
  EF out = EF::zero();
  for (size_t t = 0; t < chunk; ++t) out += rows[base + t] * row[t];
  f[i] = out;
}

// Bits s0 .. s0 + NB - 1 of the subset transform: v[x | b] += v[x] (zeta)
// or -= (Moebius, kInverse) for each of those bits b. Thread t owns the
// line lo + hi 2^(s0 + NB) + j 2^s0, j < 2^NB (lo < 2^s0): consecutive
// threads take consecutive lo, so loads are coalesced once s0 >= 2.
template <int NB, bool kInverse>
__global__ void subset_pass_kernel(EF* v, int log_n, int s0) {
  const size_t lines = size_t{1} << (log_n - NB);
  const size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t >= lines) return;
  const size_t lo = t & ((size_t{1} << s0) - 1), hi = t >> s0;
  EF* base = v + lo + (hi << (s0 + NB));
  EF x[1 << NB];
#pragma unroll
  for (int j = 0; j < (1 << NB); ++j) x[j] = base[static_cast<size_t>(j) << s0];
#pragma unroll
  for (int b = 0; b < NB; ++b)
#pragma unroll
    for (int j = 0; j < (1 << NB); ++j)
      if ((j >> b) & 1) {
        if constexpr (kInverse)
          x[j] -= x[j ^ (1 << b)];
        else
          x[j] += x[j ^ (1 << b)];
      }
#pragma unroll
  for (int j = 0; j < (1 << NB); ++j) base[static_cast<size_t>(j) << s0] = x[j];
}

template <bool kInverse>
void subset_transform(EF* v, int log_n, cudaStream_t stream) {
  for (int s0 = 0; s0 < log_n;) {
    const int nb = std::min(4, log_n - s0);
    const unsigned grid = blocks_for(size_t{1} << (log_n - nb));
    switch (nb) {
      case 1:
        SWIRL_LAUNCH((subset_pass_kernel<1, kInverse>), grid, kBlock, 0, stream, v, log_n, s0);
        break;
      case 2:
        SWIRL_LAUNCH((subset_pass_kernel<2, kInverse>), grid, kBlock, 0, stream, v, log_n, s0);
        break;
      case 3:
        SWIRL_LAUNCH((subset_pass_kernel<3, kInverse>), grid, kBlock, 0, stream, v, log_n, s0);
        break;
      default:
        SWIRL_LAUNCH((subset_pass_kernel<4, kInverse>), grid, kBlock, 0, stream, v, log_n, s0);
        break;
    }
    s0 += nb;
  }
}

// w[x] = prod_i (x_i ? u_i : 1 - 2 u_i) (mobius_eq_hypercube_table).
__global__ void mobius_eq_kernel(const EF* u, int m, EF* w) {
  const size_t x = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (x >= (size_t{1} << m)) return;
  EF acc = EF::one();
  for (int i = 0; i < m; ++i) acc *= ((x >> i) & 1) ? u[i] : EF::one() - u[i].doubled();
  w[x] = acc;
}

// Per block, the partial (s(1), s(2)) of sum_y f(X, y) w(X, y) over the
// pairs y it strides through: s(1) += f1 w1, s(2) += (2 f1 - f0)(2 w1 - w0).
__global__ void __launch_bounds__(kBlock) round_sums_kernel(const EF* f, const EF* w, size_t half, EF* partial) {
  EF s1 = EF::zero(), s2 = EF::zero();
  for (size_t y = blockIdx.x * static_cast<size_t>(kBlock) + threadIdx.x; y < half;
       y += static_cast<size_t>(gridDim.x) * kBlock) {
    const EF f0 = f[2 * y], f1 = f[2 * y + 1], w0 = w[2 * y], w1 = w[2 * y + 1];
    s1 += f1 * w1;
    s2 += (f1.doubled() - f0) * (w1.doubled() - w0);
  }
  const EF a = block_sum<kBlock>(s1);
  __syncthreads();  // block_sum's temporary storage is reused
  const EF b = block_sum<kBlock>(s2);
  if (threadIdx.x == 0) {
    partial[2 * blockIdx.x] = a;
    partial[2 * blockIdx.x + 1] = b;
  }
}

// out[c] = sum over blocks of partial[blk * stride + c], c < stride (one block).
__global__ void __launch_bounds__(kBlock) sum_partials_kernel(const EF* partial, size_t blocks, int stride, EF* out) {
  for (int c = 0; c < stride; ++c) {
    EF acc = EF::zero();
    for (size_t b = threadIdx.x; b < blocks; b += kBlock) acc += partial[b * stride + c];
    const EF s = block_sum<kBlock>(acc);
    if (threadIdx.x == 0) out[c] = s;
    __syncthreads();
  }
}

// out_f[y] = f[2y] + alpha (f[2y+1] - f[2y]), the same for w.
__global__ void fold_kernel(const EF* f, const EF* w, size_t half, EF alpha, EF* out_f, EF* out_w) {
  const size_t y = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (y >= half) return;
  const EF f0 = f[2 * y], w0 = w[2 * y];
  out_f[y] = f0 + alpha * (f[2 * y + 1] - f0);
  out_w[y] = w0 + alpha * (w[2 * y + 1] - w0);
}

// Column j of out (height n, 4 columns) = coefficient j of g.
__global__ void split_coefficients_kernel(const EF* g, size_t n, F* out) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  const EF v = g[i];
#pragma unroll
  for (int j = 0; j < 4; ++j) out[static_cast<size_t>(j) * n + i] = v[j];
}

// z^(2^b), b < 32: a power z^e is the product over the set bits of e.
struct Pow2Table {
  EF p[32];
};

// Per block, the partial sum of g[i] z^i over the i it strides through
// (z^i from the table once, then one multiplication by z^stride per step).
__global__ void __launch_bounds__(kBlock) horner_kernel(const EF* g, size_t n, Pow2Table zp, EF z_stride, EF* partial) {
  const size_t i0 = blockIdx.x * static_cast<size_t>(kBlock) + threadIdx.x;
  EF zi = EF::one();
  for (int b = 0; b < 32; ++b)
    if ((i0 >> b) & 1) zi *= zp.p[b];
  EF acc = EF::zero();
  for (size_t i = i0; i < n; i += static_cast<size_t>(gridDim.x) * kBlock) {
    acc += g[i] * zi;
    zi *= z_stride;
  }
  const EF s = block_sum<kBlock>(acc);
  if (threadIdx.x == 0) partial[blockIdx.x] = s;
}

// w[x] += gamma eq(x, zp) + sum_i gp[i] eq(x, qp_i), where eq(x, p) =
// prod_b (x_b ? p_b : 1 - p_b) and the query points are base-field:
// qp[(i * dim + b) * 2 + {0, 1}] = (1 - p_b, p_b).
__global__ void add_eq_points_kernel(EF* w, int dim, EF gamma, const EF* zp, const F* qp, const EF* gp, size_t nq) {
  const size_t x = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (x >= (size_t{1} << dim)) return;
  EF acc = gamma * eq_weight<EF>(zp, dim, x);
  for (size_t i = 0; i < nq; ++i) {
    const F* p = qp + i * static_cast<size_t>(dim) * 2;
    F eq = F::one();
    for (int b = 0; b < dim; ++b) eq *= p[2 * b + ((x >> b) & 1)];
    acc += gp[i] * eq;
  }
  w[x] += acc;
}

// out[(i R + t) W + j] = code[j N + q_i + t S], S = N / R: the R opened rows
// of each query, row-major.
__global__ void gather_rows_kernel(const F* code, size_t n, size_t width, size_t rows_per_query,
                                   const uint64_t* queries, size_t nq, F* out) {
  const size_t e = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (e >= nq * rows_per_query * width) return;
  const size_t j = e % width, rt = e / width, t = rt % rows_per_query, i = rt / rows_per_query;
  const size_t stride = n / rows_per_query;
  out[e] = code[j * n + queries[i] + t * stride];
}

// Layer offsets of a tree, by value (depth <= 40).
struct LayerOffsets {
  uint64_t off[41];
};

// out[i depth + l] = layer l's node (q_i >> l) ^ 1: the sibling path.
__global__ void gather_paths_kernel(const Digest* digests, LayerOffsets lo, int depth, const uint64_t* queries,
                                    size_t nq, Digest* out) {
  const size_t e = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (e >= nq * static_cast<size_t>(depth)) return;
  const size_t l = e % depth, i = e / depth;
  out[e] = digests[lo.off[l] + ((queries[i] >> l) ^ 1)];
}

int log2_exact(size_t n) { return (n != 0 && (n & (n - 1)) == 0) ? __builtin_ctzll(n) : -1; }

void check_committed(int l_skip, int log_blowup, const WhirConfig& cfg, const std::vector<WhirDeviceCommitted>& cm) {
  if (cm.empty()) throw std::invalid_argument("cuda::Whir: no commitments");
  if (l_skip > kMaxLSkip)
    throw std::invalid_argument("cuda::Whir: l_skip " + std::to_string(l_skip) + " above " + std::to_string(kMaxLSkip));
  for (size_t c = 0; c < cm.size(); ++c)
    if (!cm[c].stacked || !cm[c].tree)
      throw std::invalid_argument("cuda::Whir: commitment " + std::to_string(c) + " is null");
  const size_t height = cm[0].stacked->height();
  const int m = log2_exact(height);
  cfg.check_shape(l_skip, m, log_blowup, "cuda::Whir");
  const size_t rows = size_t{1} << cfg.k;
  for (size_t c = 0; c < cm.size(); ++c) {
    const WhirDeviceCommitted& x = cm[c];
    const std::string who = "cuda::Whir: commitment " + std::to_string(c);
    if (x.stacked->height() != height) throw std::invalid_argument(who + " has another height");
    if (x.tree->rows_per_query != rows || x.tree->num_layers() == 0 ||
        x.tree->layer_size(0) != (height << log_blowup) / rows)
      throw std::invalid_argument(who + ": tree does not match (codeword height or rows per query)");
    if (x.codeword && (x.codeword->height() != (height << log_blowup) || x.codeword->width() != x.stacked->width()))
      throw std::invalid_argument(who + ": codeword does not match the stacked matrix");
  }
}

}  // namespace

Whir::Whir(int l_skip, int log_blowup, const WhirConfig& config, std::vector<WhirDeviceCommitted> committed,
           cudaStream_t stream, std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned)
    : l_skip_(l_skip),
      log_blowup_(log_blowup),
      k_(config.k),
      stream_(stream),
      committed_(std::move(committed)),
      owned_(std::move(owned)),
      mailbox_(4 * sizeof(EF), stream) {
  check_committed(l_skip, log_blowup, config, committed_);
  m_ = log2_exact(committed_[0].stacked->height());
  log_rs_ = m_ + log_blowup;
}

void Whir::begin(const EF& mu, std::span<const EF> u_cube) {
  if (u_cube.size() != static_cast<size_t>(m_) || begun_)
    throw std::invalid_argument("cuda::Whir: begin with u of " + std::to_string(u_cube.size()) +
                                " coordinates, m = " + std::to_string(m_) + (begun_ ? " (again)" : ""));
  begun_ = true;
  const size_t height = f_len();
  std::vector<const F*> cols;
  for (const WhirDeviceCommitted& c : committed_)
    for (size_t j = 0; j < c.stacked->width(); ++j) cols.push_back(c.stacked->data() + j * height);
  const std::vector<EF> mu_pows = powers(mu, std::max<size_t>(cols.size(), 1));
  const size_t chunk = size_t{1} << l_skip_;
  std::vector<F> mmat(chunk * chunk), e(chunk);
  for (size_t t = 0; t < chunk; ++t) {
    std::fill(e.begin(), e.end(), F());
    e[t] = F::one();
    eval_to_coeff_rs_message(l_skip_, e);
    for (size_t z = 0; z < chunk; ++z) mmat[z * chunk + t] = e[z];
  }
  DeviceBuffer<const F*> d_cols = upload_async(std::span<const F* const>(cols), stream_);
  DeviceBuffer<EF> d_mu = upload_async(std::span<const EF>(mu_pows), stream_);
  DeviceBuffer<F> d_mmat = upload_async(std::span<const F>(mmat), stream_);
  DeviceBuffer<EF> d_u = upload_async(u_cube, stream_);
  f_ = DeviceBuffer<EF>(height);
  w_ = DeviceBuffer<EF>(height);
  next_f_ = DeviceBuffer<EF>(std::max<size_t>(height / 2, 1));  // after the first fold, the swapped-out
  next_w_ = DeviceBuffer<EF>(std::max<size_t>(height / 2, 1));  // buffers are always large enough
  partial_ = DeviceBuffer<EF>(2 * kMaxSumBlocks + 2);
  const unsigned block = static_cast<unsigned>(std::max<size_t>(kBlock, chunk));
  SWIRL_LAUNCH(batch_message_kernel, blocks_for(height, block), block, block * sizeof(EF), stream_, d_cols.data(),
               d_mu.data(), cols.size(), height, l_skip_, d_mmat.data(), f_.data());
  subset_transform<false>(f_.data(), m_, stream_);
  SWIRL_LAUNCH(mobius_eq_kernel, blocks_for(height), kBlock, 0, stream_, d_u.data(), m_, w_.data());
  // The upload buffers are freed on return; cudaFree waits for the kernels
  // above, and the stacked matrices are not read again.
}

std::array<EF, 2> Whir::round_sums() {
  if (!begun_ || m_ < 1) throw std::logic_error("cuda::Whir: round_sums with no variable left (or before begin)");
  const size_t half = f_len() / 2;
  const unsigned nb = sum_blocks(half);
  SWIRL_LAUNCH(round_sums_kernel, nb, kBlock, 0, stream_, f_.data(), w_.data(), half, partial_.data());
  SWIRL_LAUNCH(sum_partials_kernel, 1, kBlock, 0, stream_, partial_.data(), size_t{nb}, 2,
               partial_.data() + 2 * kMaxSumBlocks);
  const EF* s = read_sums(2);
  return {s[0], s[1]};
}

const EF* Whir::read_sums(size_t count) {
  mailbox_.wait(mailbox_.post(partial_.data() + 2 * kMaxSumBlocks, count * sizeof(EF)));
  return mailbox_.read<EF>();
}

void Whir::fold(const EF& alpha) {
  if (!begun_ || m_ < 1) throw std::logic_error("cuda::Whir: fold with no variable left (or before begin)");
  const size_t half = f_len() / 2;
  SWIRL_LAUNCH(fold_kernel, blocks_for(half), kBlock, 0, stream_, f_.data(), w_.data(), half, alpha, next_f_.data(),
               next_w_.data());
  std::swap(f_, next_f_);
  std::swap(w_, next_w_);
  --m_;
}

void Whir::coefficients_of_f() {
  const size_t n = f_len();
  if (g_.size() < n) g_ = DeviceBuffer<EF>(n);
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(g_.data(), f_.data(), n * sizeof(EF), cudaMemcpyDeviceToDevice, stream_));
  subset_transform<true>(g_.data(), m_, stream_);
}

Digest Whir::commit_round() {
  if (!begun_ || log_rs_ < 1 || m_ > log_rs_ - 1)
    throw std::logic_error("cuda::Whir: commit_round with a codeword shorter than the message (or before begin)");
  coefficients_of_f();
  const size_t n = f_len();
  DeviceMatrix<F> split(n, 4);
  SWIRL_LAUNCH(split_coefficients_kernel, blocks_for(n), kBlock, 0, stream_, g_.data(), n, split.data());
  codes_.push_back(rs_encode_on_device(0, log_rs_ - 1 - m_, split, stream_));
  trees_.push_back(merkle_tree_on_device(codes_.back(), size_t{1} << k_, stream_));
  log_rs_ -= 1;
  const DeviceDigestLayers& t = trees_.back();
  mailbox_.wait(mailbox_.post(t.layer(t.num_layers() - 1), sizeof(Digest)));
  Digest root;
  std::copy_n(mailbox_.read<Digest>(), 1, &root);
  return root;
}

EF Whir::eval_ood(const EF& z) {
  if (codes_.empty()) throw std::logic_error("cuda::Whir: eval_ood before commit_round");
  const size_t n = f_len();
  Pow2Table zp{};
  EF p = z;
  for (auto& v : zp.p) {
    v = p;
    p = p.square();
  }
  const unsigned nb = sum_blocks(n);
  const EF z_stride = z.pow(static_cast<uint64_t>(nb) * kBlock);
  SWIRL_LAUNCH(horner_kernel, nb, kBlock, 0, stream_, g_.data(), n, zp, z_stride, partial_.data());
  SWIRL_LAUNCH(sum_partials_kernel, 1, kBlock, 0, stream_, partial_.data(), size_t{nb}, 1,
               partial_.data() + 2 * kMaxSumBlocks);
  return read_sums(1)[0];
}

std::vector<EF> Whir::final_poly() {
  if (!begun_) throw std::logic_error("cuda::Whir: final_poly before begin");
  coefficients_of_f();
  std::vector<EF> out(f_len());
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(out.data(), g_.data(), out.size() * sizeof(EF), cudaMemcpyDeviceToHost, stream_));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream_));
  return out;
}

WhirQueryOpenings Whir::open_queries(size_t round, std::span<const size_t> indices) {
  if (round > codes_.size())
    throw std::logic_error("cuda::Whir: open_queries(" + std::to_string(round) + ") before that round's commit");
  const size_t rows = size_t{1} << k_, nq = indices.size();
  // What this round opens: (codeword, tree) per commitment in round 0, the
  // previous round's codeword and tree after.
  struct Opened {
    const DeviceMatrix<F>* code;
    const DeviceDigestLayers* tree;
  };
  std::vector<Opened> opened;
  std::vector<DeviceMatrix<F>> encoded;  // round 0: codewords not kept by the commitment
  encoded.reserve(committed_.size());
  if (round == 0) {
    for (const WhirDeviceCommitted& c : committed_) {
      const DeviceMatrix<F>* code = c.codeword;
      if (!code) {
        encoded.push_back(rs_code_matrix_on_device(l_skip_, log_blowup_, *c.stacked, stream_));
        code = &encoded.back();
      }
      opened.push_back({code, c.tree});
    }
  } else {
    // Trees of rounds before round - 1 are no longer opened.
    for (size_t r = 0; r + 1 < round; ++r) {
      codes_[r] = DeviceMatrix<F>();
      trees_[r] = DeviceDigestLayers();
    }
    opened.push_back({&codes_[round - 1], &trees_[round - 1]});
  }
  std::vector<uint64_t> queries(indices.begin(), indices.end());
  for (const Opened& o : opened) {
    const size_t s = o.tree->layer_size(0);
    for (size_t q : indices)
      if (q >= s) throw std::out_of_range("cuda::Whir: query " + std::to_string(q) + " >= " + std::to_string(s));
  }
  // One device buffer for everything: per opened matrix its rows, then its
  // paths (in words).
  std::vector<size_t> row_at, path_at;
  size_t words = 0;
  for (const Opened& o : opened) {
    row_at.push_back(words);
    words += nq * rows * o.code->width();
    path_at.push_back(words);
    words += nq * (o.tree->num_layers() - 1) * kDigestSize;
  }
  if (words == 0) words = 1;
  DeviceBuffer<uint64_t> d_q = upload_async(std::span<const uint64_t>(queries), stream_);
  DeviceBuffer<F> d_out(words);
  for (size_t i = 0; i < opened.size(); ++i) {
    const Opened& o = opened[i];
    const size_t nrow = nq * rows * o.code->width();
    if (nrow > 0)
      SWIRL_LAUNCH(gather_rows_kernel, blocks_for(nrow), kBlock, 0, stream_, o.code->data(), o.code->height(),
                   o.code->width(), rows, d_q.data(), nq, d_out.data() + row_at[i]);
    const int depth = static_cast<int>(o.tree->num_layers() - 1);
    if (depth > 40) throw std::invalid_argument("cuda::Whir: tree deeper than 40 layers");
    LayerOffsets lo{};
    for (int l = 0; l <= depth; ++l) lo.off[l] = o.tree->offsets[static_cast<size_t>(l)];
    if (nq > 0 && depth > 0)
      SWIRL_LAUNCH(gather_paths_kernel, blocks_for(nq * depth), kBlock, 0, stream_, o.tree->digests.data(), lo, depth,
                   d_q.data(), nq, reinterpret_cast<Digest*>(d_out.data() + path_at[i]));
  }
  PinnedBlock host = PinnedPool::global().acquire(words * sizeof(F));
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(host.data(), d_out.data(), words * sizeof(F), cudaMemcpyDeviceToHost, stream_));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream_));
  const F* h = host.as<F>();

  WhirQueryOpenings out;
  auto paths = [&](size_t i, size_t depth) {
    std::vector<MerkleProof> ps(nq);
    const Digest* d = reinterpret_cast<const Digest*>(h + path_at[i]);
    for (size_t q = 0; q < nq; ++q) ps[q].assign(d + q * depth, d + (q + 1) * depth);
    return ps;
  };
  if (round == 0) {
    for (size_t i = 0; i < opened.size(); ++i) {
      const size_t width = opened[i].code->width();
      std::vector<std::vector<std::vector<F>>> per_query(nq);
      for (size_t q = 0; q < nq; ++q) {
        per_query[q].resize(rows);
        for (size_t t = 0; t < rows; ++t) {
          const F* r = h + row_at[i] + (q * rows + t) * width;
          per_query[q][t].assign(r, r + width);
        }
      }
      out.initial_rows.push_back(std::move(per_query));
      out.initial_paths.push_back(paths(i, opened[i].tree->num_layers() - 1));
    }
  } else {
    const EF* v = reinterpret_cast<const EF*>(h + row_at[0]);
    for (size_t q = 0; q < nq; ++q) out.values.emplace_back(v + q * rows, v + (q + 1) * rows);
    out.paths = paths(0, opened[0].tree->num_layers() - 1);
  }
  return out;
}

void Whir::update_weights(const EF& gamma, const EF& z_ood, std::span<const size_t> indices, int query_bits) {
  if (!begun_) throw std::logic_error("cuda::Whir: update_weights before begin");
  if (query_bits < 0 || query_bits > F::kTwoAdicity)
    throw std::invalid_argument("cuda::Whir: query_bits " + std::to_string(query_bits));
  const int dim = m_;
  std::vector<EF> zp(static_cast<size_t>(std::max(dim, 1))), gp(std::max<size_t>(indices.size(), 1));
  EF p = z_ood;
  for (int b = 0; b < dim; ++b) {
    zp[static_cast<size_t>(b)] = p;
    p = p.square();
  }
  std::vector<F> qp(std::max<size_t>(indices.size() * static_cast<size_t>(dim) * 2, 1));
  const F omega = F::two_adic_generator(query_bits);
  EF g = gamma * gamma;
  for (size_t i = 0; i < indices.size(); ++i) {
    gp[i] = g;
    g *= gamma;
    F x = omega.pow(indices[i]);
    for (int b = 0; b < dim; ++b) {
      qp[(i * static_cast<size_t>(dim) + static_cast<size_t>(b)) * 2] = F::one() - x;
      qp[(i * static_cast<size_t>(dim) + static_cast<size_t>(b)) * 2 + 1] = x;
      x = x.square();
    }
  }
  // Kept until the next call (freeing them here would wait for the kernel).
  weights_ef_ = upload_async(std::span<const EF>(zp), stream_);
  weights_gp_ = upload_async(std::span<const EF>(gp), stream_);
  weights_f_ = upload_async(std::span<const F>(qp), stream_);
  SWIRL_LAUNCH(add_eq_points_kernel, blocks_for(f_len()), kBlock, 0, stream_, w_.data(), dim, gamma, weights_ef_.data(),
               weights_f_.data(), weights_gp_.data(), indices.size());
}

}  // namespace swirl::cuda
