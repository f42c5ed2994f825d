// The CPU stacked opening reduction stage. The math (docs/protocol.md, "Stacked
// opening reduction"):
//
// Trace column i (commitment c, stacked column q = q_c[col], slice starting
// at row rho, n = log_height - l, n_lift = max(n, 0), b_i = rho >> (l + n_lift)
// the slice's block index) is the restriction of the stacked column's
// prismalinear polynomial to the block b_i. The batched sumcheck polynomial
// over (Z, x) in D x {0,1}^n_stack is
//   F(Z, x) = sum_i q(Z, x) eq(x_hi, b_i) [lambda^(2i) K_i(Z, x_lo)
//                                          + lambda^(2i+1) R_i(Z, x_lo)]
// with x_lo the low n_lift bits, x_hi the rest, and
//   n >= 0: K = eq_D(Z, r_0) eq(x_lo, r_1..r_n),
//           R = eq_D(Z, w r_0) eq(x_lo, r) + eq_D(Z, 1) eq_D(w r_0, 1)
//               (eq(rot^-1 x_lo, r) - eq(x_lo, r))     (the rotation kernel)
//   n < 0:  K = in_n(Z) eq_{D_n}(Z, r_0^(2^-n)),  R = in_n(Z) eq_{D_n}(Z, w_n r_0^(2^-n))
// (R only when the column needs its rotation). Round 0 sends
// s_0(Z) = sum_x F(Z, x) (degree <= 2 (2^l - 1)); rounds 1..n_stack are the
// multilinear sumcheck of F(u_0, x) (degree 2 in each variable).
//
// Round 0 here: every kernel above is, for fixed x, a polynomial of degree
// < 2^l in Z, and only five of them occur (eq_D(Z, r_0), eq_D(Z, w r_0),
// eq_D(Z, 1) for n >= 0; two per n < 0). So s_0 = sum_g E_g(Z) Q_g(Z) where
// Q_g is a linear combination of the slices' Z-polynomials, accumulated from
// the values on D in one pass over the cells; E_g and Q_g are interpolated on
// D (2^l points) and multiplied as polynomials. This is the same polynomial
// the reference interpolates from 2 * 2^l coset points, so the same
// coefficients.
#include "swirl/backend/cpu/stacked_reduction.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/field/powers.h"
#include "swirl/poly/prism.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/protocol/stacked_reduction_math.h"

namespace swirl::cpu {
namespace {

using F = BabyBear;
using EF = BabyBear4;

// Below this much work a loop runs on the calling thread: parallel regions
// cost more than they save there (and much more on a busy machine).
constexpr size_t kParallelMin = size_t{1} << 15;

void check_inputs(int l_skip, int n_stack, std::span<const ColMajorMatrix<F>* const> stacked,
                  std::span<const StackedOpeningColumn> columns, std::span<const EF> r) {
  std::vector<size_t> heights, widths;
  for (size_t c = 0; c < stacked.size(); ++c) {
    if (stacked[c] == nullptr) throw std::invalid_argument("stacked reduction: null matrix " + std::to_string(c));
    heights.push_back(stacked[c]->height());
    widths.push_back(stacked[c]->width());
  }
  check_stacked_reduction_inputs("stacked reduction", l_skip, n_stack, heights, widths, columns, r);
}

// Per-thread accumulation helper: `parts[t]` sized `width`, summed at the end.
struct Partials {
  std::vector<std::vector<EF>> parts;
  explicit Partials(size_t width) : parts(static_cast<size_t>(omp_get_max_threads()), std::vector<EF>(width)) {}
  std::vector<EF>& mine() { return parts[static_cast<size_t>(omp_get_thread_num())]; }
  std::vector<EF> total() const {
    std::vector<EF> out(parts[0].size());
    for (const auto& p : parts)
      for (size_t k = 0; k < out.size(); ++k) out[k] += p[k];
    return out;
  }
};

}  // namespace

StackedReduction::StackedReduction(int l_skip, int n_stack, std::span<const ColMajorMatrix<F>* const> stacked,
                                   std::span<const StackedOpeningColumn> columns, std::span<const EF> r)
    : l_(l_skip), n_stack_(n_stack) {
  check_inputs(l_skip, n_stack, stacked, columns, r);
  stacked_.assign(stacked.begin(), stacked.end());
  columns_.assign(columns.begin(), columns.end());
  r_.assign(r.begin(), r.end());
}

void StackedReduction::expect_step(int step, const char* what) {
  if (step_ != step)
    throw std::logic_error(std::string("cpu::StackedReduction: ") + what + " called out of order");
  ++step_;
}

std::vector<EF> StackedReduction::round0(const EF& lambda) {
  expect_step(0, "round0");
  const int l = l_;
  const size_t N = size_t{1} << l;
  const EF r0 = r_[0];
  const std::span<const EF> r(r_);
  const std::vector<StackedOpeningColumn>& columns = columns_;
  const size_t ncols = columns.size();
  lambda_pows_ = powers(lambda, 2 * ncols);
  const std::vector<EF>& lambda_pows = lambda_pows_;
  tables_ = stacked_eq_tables(l, columns, r);
  const EF eq_const = tables_.eq_const;

  // Accumulator slots: 0..2 for E0 = eq_D(Z, r_0), E1 = eq_D(Z, w r_0),
  // E2 = eq_D(Z, 1) (n >= 0); then 3 + 2(-n - 1) and 3 + 2(-n - 1) + 1 for
  // A_n, B_n (n = -1..-l).
  const size_t num_groups = stacked_round0_groups(l);
  std::vector<EF> q_acc;
  {
    size_t total_cells = 0;
    for (const auto& col : columns) total_cells += col.len(l);
    Partials acc(num_groups * N);
#pragma omp parallel if (total_cells > kParallelMin)
    {
      std::vector<EF>& mine = acc.mine();
      std::vector<EF> t_eq(N), t_diff(N);
#pragma omp for schedule(dynamic, 1)
      for (size_t i = 0; i < ncols; ++i) {
        const StackedOpeningColumn& col = columns[i];
        const F* q = stacked_[col.commit]->column(col.col).data() + col.row;
        const EF lam_eq = lambda_pows[2 * i];
        const EF lam_rot = col.need_rot ? lambda_pows[2 * i + 1] : EF::zero();
        const int n = col.n(l);
        if (n >= 0) {
          // T[z] = sum_x eq_r[x] q(x, z) and, for the rotation kernel's
          // boundary term, T'[z] = sum_x (eq_r[x - 1] - eq_r[x]) q(x, z).
          const std::vector<EF>& e = tables_.eq_r.at(n);
          const std::vector<EF>& ed = tables_.eq_r_diff.at(n);
          std::fill(t_eq.begin(), t_eq.end(), EF::zero());
          std::fill(t_diff.begin(), t_diff.end(), EF::zero());
          for (size_t x = 0; x < e.size(); ++x) {
            const F* qx = q + x * N;
            for (size_t z = 0; z < N; ++z) t_eq[z] += e[x] * qx[z];
            if (col.need_rot)
              for (size_t z = 0; z < N; ++z) t_diff[z] += ed[x] * qx[z];
          }
          EF* a0 = mine.data();
          EF* a1 = a0 + N;
          EF* a2 = a1 + N;
          const EF lam_rot_c = lam_rot * eq_const;
          for (size_t z = 0; z < N; ++z) {
            a0[z] += lam_eq * t_eq[z];
            if (col.need_rot) {
              a1[z] += lam_rot * t_eq[z];
              a2[z] += lam_rot_c * t_diff[z];
            }
          }
        } else {
          EF* a = mine.data() + (3 + 2 * static_cast<size_t>(-n - 1)) * N;
          EF* b = a + N;
          for (size_t z = 0; z < N; ++z) {
            a[z] += lam_eq * q[z];
            if (col.need_rot) b[z] += lam_rot * q[z];
          }
        }
      }
    }
    q_acc = acc.total();
  }
  return stacked_round0_poly(l, r0, q_acc);
}

void StackedReduction::fold_round0(const EF& u0) {
  expect_step(1, "fold_round0");
  const int l = l_;
  const size_t N = size_t{1} << l;
  const EF r0 = r_[0];

  // Fold Z at u_0: every stacked column becomes a table over {0,1}^n_stack.
  const size_t cube = size_t{1} << n_stack_;
  fq_.assign(stacked_.size(), {});
  {
    const std::vector<EF> lag = skip_lagrange_weights<EF>(l, u0);
    for (size_t c = 0; c < stacked_.size(); ++c) {
      const ColMajorMatrix<F>& m = *stacked_[c];
      std::vector<std::vector<EF>>& fc = fq_[c];
      fc.assign(m.width(), std::vector<EF>(cube));
      const size_t total = m.width() * cube;
#pragma omp parallel for schedule(dynamic, 4096) if (total * N > kParallelMin)
      for (size_t t = 0; t < total; ++t) {
        const size_t j = t / cube, x = t % cube;
        const F* q = m.column(j).data() + x * N;
        EF acc = EF::zero();
        for (size_t z = 0; z < N; ++z) acc += lag[z] * q[z];
        fc[j][x] = acc;
      }
    }
  }
  // Weight tables after folding Z, per n.
  wt_ = stacked_weights(l, columns_, tables_, r0, u0);
  tables_ = {};
  eq_ub_.assign(columns_.size(), EF::one());
}

std::array<EF, 2> StackedReduction::round(int j) {
  if (j < 1 || j > n_stack_) throw std::invalid_argument("cpu::StackedReduction: round " + std::to_string(j));
  expect_step(2 * j, "round");
  const int l = l_;
  const std::vector<StackedOpeningColumn>& columns = columns_;
  const size_t ncols = columns.size();
  size_t round_work = 0;
  for (const auto& col : columns) round_work += size_t{1} << std::max(0, col.n_lift(l) - j);
  Partials acc(2);
#pragma omp parallel if (round_work > kParallelMin)
  {
    std::vector<EF>& mine = acc.mine();
#pragma omp for schedule(dynamic, 1)
    for (size_t i = 0; i < ncols; ++i) {
      const StackedOpeningColumn& col = columns[i];
      const std::vector<EF>& q = fq_[col.commit][col.col];
      const StackedWeights& w = wt_.at(col.n(l));
      const int n_lift = col.n_lift(l);
      const EF lam_eq = lambda_pows_[2 * i];
      const EF lam_rot = col.need_rot ? lambda_pows_[2 * i + 1] : EF::zero();
      if (j <= n_lift) {
        const size_t base = col.row >> (l + j - 1);
        const size_t half = size_t{1} << (n_lift - j);
        EF e1 = EF::zero(), e2 = EF::zero(), r1 = EF::zero(), r2 = EF::zero();
        for (size_t y = 0; y < half; ++y) {
          const EF q0 = q[base + 2 * y], q1 = q[base + 2 * y + 1];
          const EF q2 = q1.doubled() - q0;
          e1 += q1 * w.eq[2 * y + 1];
          e2 += q2 * (w.eq[2 * y + 1].doubled() - w.eq[2 * y]);
          if (col.need_rot) {
            r1 += q1 * w.rot[2 * y + 1];
            r2 += q2 * (w.rot[2 * y + 1].doubled() - w.rot[2 * y]);
          }
        }
        mine[0] += (lam_eq * e1 + lam_rot * r1) * eq_ub_[i];
        mine[1] += (lam_eq * e2 + lam_rot * r2) * eq_ub_[i];
      } else {
        const bool b = ((col.row >> (l + j - 1)) & 1) != 0;
        const size_t idx = (col.row >> (l + j)) << 1;
        const EF q0 = q[idx], q1 = q[idx + 1];
        const EF weight = (lam_eq * w.eq[0] + lam_rot * w.rot[0]) * eq_ub_[i];
        // eq(X, b) at X = 1 and X = 2: (1, 2) if b else (0, -1).
        if (b) {
          mine[0] += q1 * weight;
          mine[1] += (q1.doubled() - q0) * weight.doubled();
        } else {
          mine[1] -= (q1.doubled() - q0) * weight;
        }
      }
    }
  }
  const std::vector<EF> s = acc.total();
  return {s[0], s[1]};
}

void StackedReduction::fold(int j, const EF& uj) {
  if (j < 1 || j > n_stack_) throw std::invalid_argument("cpu::StackedReduction: fold " + std::to_string(j));
  expect_step(2 * j + 1, "fold");
  const int l = l_;
  const size_t cube = size_t{1} << n_stack_;
  // Fold every table in the low variable at u_j.
  for (auto& mats : fq_) {
    const size_t total = mats.size();
#pragma omp parallel for schedule(dynamic, 1) if (total * (cube >> j) > kParallelMin)
    for (size_t t = 0; t < total; ++t) {
      std::vector<EF>& v = mats[t];
      const size_t half = v.size() / 2;
      for (size_t y = 0; y < half; ++y) v[y] = v[2 * y] + (v[2 * y + 1] - v[2 * y]) * uj;
      v.resize(half);
    }
  }
  for (auto& [n, w] : wt_) {
    for (std::vector<EF>* v : {&w.eq, &w.rot}) {
      if (v->size() <= 1) continue;
      const size_t half = v->size() / 2;
      for (size_t y = 0; y < half; ++y) (*v)[y] = (*v)[2 * y] + ((*v)[2 * y + 1] - (*v)[2 * y]) * uj;
      v->resize(half);
    }
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (j > columns_[i].n_lift(l)) {
      const bool b = ((columns_[i].row >> (l + j - 1)) & 1) != 0;
      eq_ub_[i] *= b ? uj : EF::one() - uj;
    }
  }
}

std::vector<std::vector<EF>> StackedReduction::openings() {
  expect_step(2 * (n_stack_ + 1), "openings");
  std::vector<std::vector<EF>> out(fq_.size());
  for (size_t c = 0; c < fq_.size(); ++c)
    for (const auto& v : fq_[c]) out[c].push_back(v[0]);
  fq_.clear();
  wt_.clear();
  return out;
}

std::unique_ptr<StackedReductionStage> CpuBackend::stacked_reduction(const SystemParams& params,
                                                                     std::span<const BackendPcsData* const> commitments,
                                                                     std::span<const StackedOpeningColumn> columns,
                                                                     std::span<const EF> r) {
  std::vector<const ColMajorMatrix<F>*> stacked;
  stacked.reserve(commitments.size());
  for (size_t c = 0; c < commitments.size(); ++c) {
    const StackedPcsData& d = cpu_pcs_data(commitments[c], "CpuBackend::stacked_reduction").data();
    if (d.layout.width() != d.matrix.width() || d.layout.height() != d.matrix.height())
      throw std::invalid_argument("CpuBackend::stacked_reduction: commitment " + std::to_string(c) +
                                  ": layout and stacked matrix differ in shape");
    stacked.push_back(&d.matrix);
  }
  return std::make_unique<StackedReduction>(params.l_skip, params.n_stack, stacked, columns, r);
}

}  // namespace swirl::cpu
