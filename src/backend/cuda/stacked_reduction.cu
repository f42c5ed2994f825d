#include "swirl/backend/cuda/stacked_reduction.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cuda/launch.h"
#include "swirl/field/powers.h"
#include "swirl/poly/univariate_skip.h"

namespace swirl::cuda {
namespace {

using F = BabyBear;
using EF = BabyBear4;
using Column = StackedReduction::Column;
constexpr int kBlock = 128;

dim3 grid_for(size_t n) { return dim3(static_cast<unsigned>((n + kBlock - 1) / kBlock)); }

// Pointers of the current tables, by value in the launch (few commitments,
// at most l_skip + n_stack + 1 values of n).
constexpr int kMaxCommits = 64;
constexpr int kMaxN = 40;
struct TablePtrs {
  const EF* fq[kMaxCommits];
  const EF* w_eq[kMaxN];
  const EF* w_rot[kMaxN];
};

// Round 0, one thread per (column i, z): T[z] = sum_x eq_r[x] q(x, z),
// T'[z] = sum_x (eq_r[x-1] - eq_r[x]) q(x, z) for n >= 0; T[z] = q[z] for
// n < 0. out[(i * N + z) * 2 + {0, 1}].
__global__ void round0_columns_kernel(const Column* cols, size_t ncols, const F* const* stacked, size_t height,
                                      int l, TablePtrs eq_r, TablePtrs eq_diff, EF* out) {
  const size_t N = size_t{1} << l;
  const size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t >= ncols * N) return;
  const size_t i = t / N, z = t % N;
  const Column c = cols[i];
  const F* q = stacked[c.commit] + c.col * height + c.row;
  EF te = EF::zero(), td = EF::zero();
  if (c.n >= 0) {
    const EF* e = eq_r.w_eq[c.n];
    const EF* ed = eq_diff.w_eq[c.n];
    const size_t xs = size_t{1} << c.n;
    for (size_t x = 0; x < xs; ++x) {
      const F v = q[x * N + z];
      te += e[x] * v;
      if (c.need_rot) td += ed[x] * v;
    }
  } else {
    te = EF(q[z]);
  }
  out[t * 2] = te;
  out[t * 2 + 1] = td;
}

// One block per (group g, z): its threads split the columns, then add up
// in shared memory.
__global__ void round0_groups_kernel(const Column* cols, size_t ncols, int l, const EF* lambda, EF eq_const,
                                     const EF* per_col, EF* q_acc) {
  __shared__ EF part[kBlock];
  const size_t N = size_t{1} << l;
  const size_t g = blockIdx.x / N, z = blockIdx.x % N;
  EF acc = EF::zero();
  for (size_t i = threadIdx.x; i < ncols; i += blockDim.x) {
    const Column c = cols[i];
    const EF lam_eq = lambda[2 * i];
    const EF lam_rot = c.need_rot ? lambda[2 * i + 1] : EF::zero();
    const EF te = per_col[(i * N + z) * 2], td = per_col[(i * N + z) * 2 + 1];
    if (c.n >= 0) {
      if (g == 0) acc += lam_eq * te;
      if (g == 1 && c.need_rot) acc += lam_rot * te;
      if (g == 2 && c.need_rot) acc += lam_rot * eq_const * td;
    } else {
      const size_t a = 3 + 2 * static_cast<size_t>(-c.n - 1);
      if (g == a) acc += lam_eq * te;
      if (g == a + 1 && c.need_rot) acc += lam_rot * te;
    }
  }
  part[threadIdx.x] = acc;
  __syncthreads();
  for (int s = kBlock / 2; s > 0; s >>= 1) {
    if (static_cast<int>(threadIdx.x) < s) part[threadIdx.x] += part[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) q_acc[blockIdx.x] = part[0];
}

// fq[j * cube + x] = sum_z lag[z] m[j * height + x * N + z].
__global__ void fold_z_kernel(const F* m, size_t width, size_t height, int l, const EF* lag, EF* fq) {
  const size_t N = size_t{1} << l;
  const size_t cube = height / N;
  const size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t >= width * cube) return;
  const size_t j = t / cube, x = t % cube;
  const F* q = m + j * height + x * N;
  EF acc = EF::zero();
  for (size_t z = 0; z < N; ++z) acc += lag[z] * q[z];
  fq[t] = acc;
}

// Round j, one block per column: its threads split the column's pairs
// (heads) and add up in shared memory; a tail column is one term.
__global__ void round_kernel(const Column* cols, int l, int j, size_t fq_len, TablePtrs tabs, const EF* lambda,
                             const EF* eq_ub, EF* out) {
  __shared__ EF part[2][kBlock];
  const size_t i = blockIdx.x;
  const Column c = cols[i];
  const EF* q = tabs.fq[c.commit] + c.col * fq_len;
  const EF* weq = tabs.w_eq[c.n + l];
  const EF* wrot = tabs.w_rot[c.n + l];
  const EF lam_eq = lambda[2 * i];
  const EF lam_rot = c.need_rot ? lambda[2 * i + 1] : EF::zero();
  EF s1 = EF::zero(), s2 = EF::zero();
  if (j <= c.n_lift) {
    const size_t base = c.row >> (l + j - 1);
    const size_t half = size_t{1} << (c.n_lift - j);
    EF e1 = EF::zero(), e2 = EF::zero(), r1 = EF::zero(), r2 = EF::zero();
    for (size_t y = threadIdx.x; y < half; y += blockDim.x) {
      const EF q0 = q[base + 2 * y], q1 = q[base + 2 * y + 1];
      const EF q2 = q1.doubled() - q0;
      e1 += q1 * weq[2 * y + 1];
      e2 += q2 * (weq[2 * y + 1].doubled() - weq[2 * y]);
      if (c.need_rot) {
        r1 += q1 * wrot[2 * y + 1];
        r2 += q2 * (wrot[2 * y + 1].doubled() - wrot[2 * y]);
      }
    }
    s1 = (lam_eq * e1 + lam_rot * r1) * eq_ub[i];
    s2 = (lam_eq * e2 + lam_rot * r2) * eq_ub[i];
  } else if (threadIdx.x == 0) {
    const bool b = ((c.row >> (l + j - 1)) & 1) != 0;
    const size_t idx = (c.row >> (l + j)) << 1;
    const EF q0 = q[idx], q1 = q[idx + 1];
    const EF weight = (lam_eq * weq[0] + lam_rot * wrot[0]) * eq_ub[i];
    // eq(X, b) at X = 1 and X = 2: (1, 2) if b else (0, -1).
    if (b) {
      s1 = q1 * weight;
      s2 = (q1.doubled() - q0) * weight.doubled();
    } else {
      s2 = -((q1.doubled() - q0) * weight);
    }
  }
  part[0][threadIdx.x] = s1;
  part[1][threadIdx.x] = s2;
  __syncthreads();
  for (int s = kBlock / 2; s > 0; s >>= 1) {
    if (static_cast<int>(threadIdx.x) < s) {
      part[0][threadIdx.x] += part[0][threadIdx.x + s];
      part[1][threadIdx.x] += part[1][threadIdx.x + s];
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    out[2 * i] = part[0][0];
    out[2 * i + 1] = part[1][0];
  }
}

__global__ void sum_pairs_kernel(const EF* in, size_t n, EF* out) {
  // One block: thread t sums entries t, t + blockDim, ... of each lane.
  __shared__ EF acc[2][kBlock];
  EF a = EF::zero(), b = EF::zero();
  for (size_t i = threadIdx.x; i < n; i += blockDim.x) {
    a += in[2 * i];
    b += in[2 * i + 1];
  }
  acc[0][threadIdx.x] = a;
  acc[1][threadIdx.x] = b;
  __syncthreads();
  if (threadIdx.x == 0) {
    EF s = EF::zero(), t = EF::zero();
    for (int k = 0; k < kBlock; ++k) {
      s += acc[0][k];
      t += acc[1][k];
    }
    out[0] = s;
    out[1] = t;
  }
}

// v: `count` tables of length 2 * half each, column-major; out[k * half + y].
__global__ void fold_tables_kernel(const EF* v, size_t count, size_t half, EF u, EF* out) {
  const size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t >= count * half) return;
  const size_t k = t / half, y = t % half;
  const EF a = v[k * 2 * half + 2 * y], b = v[k * 2 * half + 2 * y + 1];
  out[t] = a + (b - a) * u;
}

__global__ void update_eq_ub_kernel(const Column* cols, size_t ncols, int l, int j, EF uj, EF* eq_ub) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= ncols) return;
  const Column c = cols[i];
  if (j > c.n_lift) {
    const bool b = ((c.row >> (l + j - 1)) & 1) != 0;
    eq_ub[i] *= b ? uj : EF::one() - uj;
  }
}

__global__ void fill_kernel(EF* v, size_t n, EF x) {
  const size_t t = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (t < n) v[t] = x;
}


}  // namespace

StackedReduction::StackedReduction(int l_skip, int n_stack, std::vector<const DeviceMatrix<BabyBear>*> stacked,
                                   std::span<const StackedOpeningColumn> columns, std::span<const BabyBear4> r,
                                   cudaStream_t stream, std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned)
    : l_(l_skip),
      n_stack_(n_stack),
      stream_(stream),
      owned_(std::move(owned)),
      stacked_(std::move(stacked)),
      mailbox_(2 * sizeof(BabyBear4), stream) {
  std::vector<size_t> heights, widths;
  for (size_t c = 0; c < stacked_.size(); ++c) {
    if (stacked_[c] == nullptr) throw std::invalid_argument("cuda::StackedReduction: null matrix " + std::to_string(c));
    heights.push_back(stacked_[c]->height());
    widths.push_back(stacked_[c]->width());
  }
  check_stacked_reduction_inputs("cuda::StackedReduction", l_skip, n_stack, heights, widths, columns, r);
  // The launches carry the table pointers by value (TablePtrs).
  if (stacked_.size() > static_cast<size_t>(kMaxCommits) || l_skip + n_stack + 1 > kMaxN)
    throw std::invalid_argument("cuda::StackedReduction: too many commitments or too large a cube");
  std::vector<Column> cols;
  for (const StackedOpeningColumn& col : columns) {
    cols.push_back(Column{static_cast<uint32_t>(col.commit), static_cast<uint32_t>(col.col), col.row, col.n(l_skip),
                          col.n_lift(l_skip), col.need_rot ? 1u : 0u});
  }
  columns_.assign(columns.begin(), columns.end());
  r_.assign(r.begin(), r.end());
  d_columns_ = upload_async(std::span<const Column>(cols), stream_);
  std::vector<const BabyBear*> ptrs;
  for (const auto* m : stacked_) ptrs.push_back(m->data());
  d_stacked_ = upload_async(std::span<const BabyBear* const>(ptrs), stream_);
}

void StackedReduction::expect_step(int step, const char* what) {
  if (step_ != step) throw std::logic_error(std::string("cuda::StackedReduction: ") + what + " called out of order");
  ++step_;
}

std::vector<EF> StackedReduction::round0(const EF& lambda) {
  expect_step(0, "round0");
  const int l = l_;
  const size_t N = size_t{1} << l;
  const size_t ncols = columns_.size();
  const size_t height = size_t{1} << (l_ + n_stack_);
  d_lambda_ = upload_async(std::span<const EF>(powers(lambda, 2 * ncols)), stream_);
  tables_ = stacked_eq_tables(l, columns_, r_);
  // The eq tables on the device, indexed by n >= 0 (w_eq holds eq_r).
  std::vector<DeviceBuffer<EF>> eq_r, eq_diff;
  TablePtrs pe{}, pd{};
  for (const auto& [n, e] : tables_.eq_r) {
    eq_r.push_back(upload_async(std::span<const EF>(e), stream_));
    eq_diff.push_back(upload_async(std::span<const EF>(tables_.eq_r_diff.at(n)), stream_));
    pe.w_eq[n] = eq_r.back().data();
    pd.w_eq[n] = eq_diff.back().data();
  }
  const size_t groups = stacked_round0_groups(l);
  DeviceBuffer<EF> per_col(std::max<size_t>(1, ncols * N * 2)), q_acc(groups * N);
  if (ncols > 0) {
    SWIRL_LAUNCH(round0_columns_kernel, grid_for(ncols * N), dim3(kBlock), 0, stream_, d_columns_.data(), ncols,
                 d_stacked_.data(), height, l, pe, pd, per_col.data());
  }
  SWIRL_LAUNCH(round0_groups_kernel, dim3(static_cast<unsigned>(groups * N)), dim3(kBlock), 0, stream_, d_columns_.data(), ncols, l,
               d_lambda_.data(), tables_.eq_const, per_col.data(), q_acc.data());
  std::vector<EF> acc(groups * N);
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(acc.data(), q_acc.data(), acc.size() * sizeof(EF), cudaMemcpyDeviceToHost, stream_));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream_));
  return stacked_round0_poly(l, r_[0], acc);
}

void StackedReduction::fold_round0(const EF& u0) {
  expect_step(1, "fold_round0");
  const int l = l_;
  const size_t height = size_t{1} << (l_ + n_stack_);
  const size_t cube = size_t{1} << n_stack_;
  const std::vector<EF> lag = skip_lagrange_weights<EF>(l, u0);
  d_lag_ = upload_async(std::span<const EF>(lag), stream_);
  fq_len_ = cube;
  fq_.clear();
  fq_next_.clear();
  for (const auto* m : stacked_) {
    fq_.emplace_back(m->width() * cube);
    fq_next_.emplace_back(m->width() * cube / 2);
    if (m->width() > 0)
      SWIRL_LAUNCH(fold_z_kernel, grid_for(m->width() * cube), dim3(kBlock), 0, stream_, m->data(), m->width(), height,
                   l, d_lag_.data(), fq_.back().data());
  }
  const std::map<int, StackedWeights> wt = stacked_weights(l, columns_, tables_, r_[0], u0);
  tables_ = {};
  const size_t slots = static_cast<size_t>(l_ + n_stack_ + 1);
  w_eq_.clear();
  w_rot_.clear();
  w_eq_next_.clear();
  w_rot_next_.clear();
  w_eq_.resize(slots);
  w_rot_.resize(slots);
  w_eq_next_.resize(slots);
  w_rot_next_.resize(slots);
  w_len_.assign(slots, 0);
  for (const auto& [n, w] : wt) {
    const size_t k = static_cast<size_t>(n + l);
    w_eq_[k] = upload_async(std::span<const EF>(w.eq), stream_);
    w_rot_[k] = upload_async(std::span<const EF>(w.rot), stream_);
    w_eq_next_[k] = DeviceBuffer<EF>(w.eq.size() / 2);
    w_rot_next_[k] = DeviceBuffer<EF>(w.rot.size() / 2);
    w_len_[k] = w.eq.size();
  }
  eq_ub_ = DeviceBuffer<EF>(std::max<size_t>(1, columns_.size()));
  SWIRL_LAUNCH(fill_kernel, grid_for(eq_ub_.size()), dim3(kBlock), 0, stream_, eq_ub_.data(), eq_ub_.size(), EF::one());
  partial_ = DeviceBuffer<EF>(std::max<size_t>(2, 2 * columns_.size()) + 2);
}

std::array<EF, 2> StackedReduction::round(int j) {
  if (j < 1 || j > n_stack_) throw std::invalid_argument("cuda::StackedReduction: round " + std::to_string(j));
  expect_step(2 * j, "round");
  const size_t ncols = columns_.size();
  TablePtrs tabs{};
  for (size_t c = 0; c < fq_.size(); ++c) tabs.fq[c] = fq_[c].data();
  for (size_t k = 0; k < w_eq_.size(); ++k) {
    tabs.w_eq[k] = w_eq_[k].data();
    tabs.w_rot[k] = w_rot_[k].data();
  }
  EF* sums = partial_.data() + 2 * ncols;
  if (ncols > 0) {
    SWIRL_LAUNCH(round_kernel, dim3(static_cast<unsigned>(ncols)), dim3(kBlock), 0, stream_, d_columns_.data(), l_, j,
                 fq_len_, tabs, d_lambda_.data(), eq_ub_.data(), partial_.data());
  }
  SWIRL_LAUNCH(sum_pairs_kernel, dim3(1), dim3(kBlock), 0, stream_, partial_.data(), ncols, sums);
  // Posted into the host mailbox: no copy call, no stream synchronisation.
  mailbox_.wait(mailbox_.post(sums, 2 * sizeof(EF)));
  std::array<EF, 2> out{mailbox_.read<EF>()[0], mailbox_.read<EF>()[1]};
  return out;
}

void StackedReduction::fold(int j, const EF& uj) {
  if (j < 1 || j > n_stack_) throw std::invalid_argument("cuda::StackedReduction: fold " + std::to_string(j));
  expect_step(2 * j + 1, "fold");
  const size_t half = fq_len_ / 2;
  for (size_t c = 0; c < fq_.size(); ++c) {
    const size_t width = stacked_[c]->width();
    if (width > 0 && half > 0)
      SWIRL_LAUNCH(fold_tables_kernel, grid_for(width * half), dim3(kBlock), 0, stream_, fq_[c].data(), width, half, uj,
                   fq_next_[c].data());
    std::swap(fq_[c], fq_next_[c]);
  }
  fq_len_ = half;
  for (size_t k = 0; k < w_eq_.size(); ++k) {
    if (w_len_[k] <= 1) continue;
    const size_t wh = w_len_[k] / 2;
    SWIRL_LAUNCH(fold_tables_kernel, grid_for(wh), dim3(kBlock), 0, stream_, w_eq_[k].data(), size_t{1}, wh, uj,
                 w_eq_next_[k].data());
    SWIRL_LAUNCH(fold_tables_kernel, grid_for(wh), dim3(kBlock), 0, stream_, w_rot_[k].data(), size_t{1}, wh, uj,
                 w_rot_next_[k].data());
    std::swap(w_eq_[k], w_eq_next_[k]);
    std::swap(w_rot_[k], w_rot_next_[k]);
    w_len_[k] = wh;
  }
  if (!columns_.empty())
    SWIRL_LAUNCH(update_eq_ub_kernel, grid_for(columns_.size()), dim3(kBlock), 0, stream_, d_columns_.data(),
                 columns_.size(), l_, j, uj, eq_ub_.data());
}

std::vector<std::vector<EF>> StackedReduction::openings() {
  expect_step(2 * (n_stack_ + 1), "openings");
  std::vector<std::vector<EF>> out(fq_.size());
  for (size_t c = 0; c < fq_.size(); ++c) {
    const size_t width = stacked_[c]->width();
    std::vector<EF> all(width * fq_len_);
    if (!all.empty())
      SWIRL_CUDA_CHECK(cudaMemcpyAsync(all.data(), fq_[c].data(), all.size() * sizeof(EF), cudaMemcpyDeviceToHost, stream_));
    SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream_));
    for (size_t j = 0; j < width; ++j) out[c].push_back(all[j * fq_len_]);
  }
  fq_.clear();
  fq_next_.clear();
  return out;
}

}  // namespace swirl::cuda
