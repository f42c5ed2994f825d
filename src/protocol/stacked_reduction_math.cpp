#include "swirl/protocol/stacked_reduction_math.h"

#include <stdexcept>
#include <string>

#include "swirl/poly/prism.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/poly/univariate_skip.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

// Polynomial product of two coefficient vectors, added into `out`.
void add_product(const std::vector<EF>& a, const std::vector<EF>& b, std::vector<EF>& out) {
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < b.size(); ++j) out[i + j] += a[i] * b[j];
}

}  // namespace

void check_stacked_reduction_inputs(std::string_view who, int l_skip, int n_stack, std::span<const size_t> heights,
                                    std::span<const size_t> widths, std::span<const StackedOpeningColumn> columns,
                                    std::span<const EF> r) {
  const std::string w(who);
  if (l_skip < 0 || l_skip > 10 || n_stack < 0 || l_skip + n_stack > 27)
    throw std::invalid_argument(w + ": bad l_skip " + std::to_string(l_skip) + " / n_stack " + std::to_string(n_stack));
  if (r.empty()) throw std::invalid_argument(w + ": r is empty");
  const size_t height = size_t{1} << (l_skip + n_stack);
  for (size_t c = 0; c < heights.size(); ++c)
    if (heights[c] != height)
      throw std::invalid_argument(w + ": matrix " + std::to_string(c) + " has height " + std::to_string(heights[c]) +
                                  ", expected " + std::to_string(height));
  for (size_t i = 0; i < columns.size(); ++i) {
    const StackedOpeningColumn& col = columns[i];
    const std::string at = w + ": column " + std::to_string(i);
    if (col.commit >= heights.size()) throw std::invalid_argument(at + ": commitment out of range");
    if (col.col >= widths[col.commit]) throw std::invalid_argument(at + ": stacked column out of range");
    if (col.log_height < 0 || col.log_height > l_skip + n_stack)
      throw std::invalid_argument(at + ": log_height " + std::to_string(col.log_height) + " out of range");
    const size_t len = col.len(l_skip);
    if (col.row % len != 0 || col.row + len > height) throw std::invalid_argument(at + ": misaligned slice");
    if (r.size() < size_t(1 + col.n_lift(l_skip)))
      throw std::invalid_argument(at + ": r has " + std::to_string(r.size()) + " coordinates, too few");
  }
}

StackedEqTables stacked_eq_tables(int l, std::span<const StackedOpeningColumn> columns, std::span<const EF> r) {
  StackedEqTables t;
  t.eq_const = eval_eq_uni_at_one(l, r[0] * F::two_adic_generator(l));
  for (const auto& col : columns) {
    const int n = col.n_lift(l);
    if (!t.eq_r.count(n)) t.eq_r[n] = eq_hypercube_table<EF>(r.subspan(1, static_cast<size_t>(n)));
  }
  for (const auto& [n, e] : t.eq_r) {
    std::vector<EF> d(e.size());
    for (size_t x = 0; x < e.size(); ++x) d[x] = e[stacked_rot_prev(x, n)] - e[x];
    t.eq_r_diff[n] = std::move(d);
  }
  return t;
}

std::vector<EF> stacked_round0_poly(int l, const EF& r0, std::span<const EF> q_acc) {
  const size_t N = size_t{1} << l;
  const F omega = F::two_adic_generator(l);
  const size_t num_groups = stacked_round0_groups(l);
  std::vector<EF> s0(2 * N - 1, EF::zero());
  std::vector<F> dom(N);
  dom[0] = F::one();
  for (size_t z = 1; z < N; ++z) dom[z] = dom[z - 1] * omega;
  for (size_t g = 0; g < num_groups; ++g) {
    std::span<const EF> qg(q_acc.data() + g * N, N);
    bool all_zero = true;
    for (const EF& v : qg) all_zero = all_zero && v.is_zero();
    if (all_zero) continue;
    std::vector<EF> e_vals(N);
    for (size_t z = 0; z < N; ++z) {
      const EF zz(dom[z]);
      if (g == 0) {
        e_vals[z] = eval_eq_uni(l, zz, r0);
      } else if (g == 1) {
        e_vals[z] = eval_eq_uni(l, zz, r0 * omega);
      } else if (g == 2) {
        e_vals[z] = eval_eq_uni_at_one(l, zz);
      } else {
        const int n = -static_cast<int>((g - 3) / 2) - 1;
        const int lp = l + n;
        const EF rp = r0.exp_power_of_2(-n);
        const F wp = omega.exp_power_of_2(-n);
        const EF y = ((g - 3) % 2 == 0) ? rp : rp * wp;
        e_vals[z] = eval_in_uni(l, n, zz) * eval_eq_uni(lp, zz, y);
      }
    }
    add_product(skip_idft<EF>(e_vals), skip_idft<EF>(qg), s0);
  }
  return s0;
}

std::map<int, StackedWeights> stacked_weights(int l, std::span<const StackedOpeningColumn> columns,
                                              const StackedEqTables& tables, const EF& r0, const EF& u0) {
  const F omega = F::two_adic_generator(l);
  const EF eq_u_r = eval_eq_uni(l, u0, r0);
  const EF eq_u_rw = eval_eq_uni(l, u0, r0 * omega);
  const EF eq_u_1 = eval_eq_uni_at_one(l, u0);
  std::map<int, StackedWeights> wt;
  for (const auto& col : columns) {
    const int n = col.n(l);
    if (wt.count(n)) continue;
    StackedWeights w;
    if (n >= 0) {
      const std::vector<EF>& e = tables.eq_r.at(n);
      w.eq.resize(e.size());
      w.rot.resize(e.size());
      for (size_t x = 0; x < e.size(); ++x) {
        w.eq[x] = eq_u_r * e[x];
        w.rot[x] = eq_u_rw * e[x] + tables.eq_const * eq_u_1 * (e[stacked_rot_prev(x, n)] - e[x]);
      }
    } else {
      const EF ind = eval_in_uni(l, n, u0);
      const EF rp = r0.exp_power_of_2(-n);
      const F wp = omega.exp_power_of_2(-n);
      w.eq = {ind * eval_eq_uni(l + n, u0, rp)};
      w.rot = {ind * eval_eq_uni(l + n, u0, rp * wp)};
    }
    wt[n] = std::move(w);
  }
  return wt;
}

}  // namespace swirl
