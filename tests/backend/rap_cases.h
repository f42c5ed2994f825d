// Shared inputs of the RAP-constraints stage tests (logup_gkr_test,
// zerocheck_test): keyed fixtures of several shapes (heights below, at and
// above 2^l_skip, height 1, width 1, several AIRs, with and without
// interactions, rotation, preprocessed and cached parts), loaded into a
// backend, plus a plain model of the lifted trace rows that does not use
// the CPU backend's column layout.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "swirl/air/dag_constraints.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/backend.h"
#include "swirl/backend/cpu/rap_air.h"
#include "swirl/field/babybear4.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/protocol/params.h"
#include "swirl/field/rng.h"

namespace swirl::testing {

using F = BabyBear;
using EF = BabyBear4;

inline EF random_ef(SplitMix64& rng) {
  return EF(F::from_u64(rng.below(F::kP)), F::from_u64(rng.below(F::kP)), F::from_u64(rng.below(F::kP)),
            F::from_u64(rng.below(F::kP)));
}
inline std::vector<EF> random_efs(SplitMix64& rng, size_t n) {
  std::vector<EF> v(n);
  for (auto& x : v) x = random_ef(rng);
  return v;
}

struct RapCase {
  std::string name;
  SystemParams sp;
  Fixture fx;
  MultiStarkProvingKey pk;
  std::vector<size_t> sorted;  // present AIRs, decreasing height, ties by index
  std::vector<std::unique_ptr<DagConstraints>> dags;

  BatchConstraintParams params() const {
    return BatchConstraintParams{sp.l_skip, static_cast<size_t>(sp.max_constraint_degree), sp.logup.pow_bits};
  }
  bool has_interactions() const {
    for (size_t i : sorted)
      if (pk.per_air[i].vk.num_interactions() > 0) return true;
    return false;
  }
  /// The host inputs (sorted order) over the case's own DAGs and matrices.
  std::vector<cpu::HostRapAir> host_airs() const {
    std::vector<cpu::HostRapAir> out;
    for (size_t i : sorted) {
      cpu::HostRapAir a;
      a.air = dags[i].get();
      a.shape = air_shape(pk.per_air[i].vk);
      if (pk.per_air[i].preprocessed_trace) a.preprocessed = &*pk.per_air[i].preprocessed_trace;
      for (const auto& c : fx.traces[i].cached_mains) a.cached.push_back(&c);
      a.common_main = &fx.traces[i].common_main;
      a.public_values = fx.traces[i].public_values;
      out.push_back(std::move(a));
    }
    return out;
  }
};

inline std::unique_ptr<RapCase> make_case(std::string name, const SystemParams& sp, Fixture fx) {
  auto c = std::make_unique<RapCase>();
  c->name = std::move(name);
  c->sp = sp;
  c->fx = std::move(fx);
  MultiStarkKeygenBuilder kb(sp);
  for (const auto& a : c->fx.airs) kb.add_air(a);
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error(pk.error().message());
  c->pk = std::move(*pk);
  for (size_t i = 0; i < c->fx.airs.size(); ++i) {
    c->dags.push_back(std::make_unique<DagConstraints>(c->pk.per_air[i].vk));
    if (c->fx.traces[i].height() > 0) c->sorted.push_back(i);
  }
  std::stable_sort(c->sorted.begin(), c->sorted.end(), [&](size_t a, size_t b) {
    return c->fx.traces[a].height() > c->fx.traces[b].height();
  });
  return c;
}

/// The cases: l_skip 2 and 4, so heights 1..64 fall below, at and above 2^l.
inline const std::vector<std::unique_ptr<RapCase>>& rap_cases() {
  static const std::vector<std::unique_ptr<RapCase>> cases = [] {
    std::vector<std::unique_ptr<RapCase>> v;
    for (int l : {2, 4}) {
      const SystemParams sp = test_params_small(l, 8, 3);
      const std::string sfx = "_l" + std::to_string(l);
      {
        Fixture f = fib_fixture(0, 1, 32);
        f.append(fib_fixture(1, 1, 1));
        f.append(fib_fixture(2, 3, 4));
        f.append(fib_fixture(0, 1, 8));
        v.push_back(make_case("fib_heights" + sfx, sp, std::move(f)));
      }
      v.push_back(make_case("interactions" + sfx, sp, interactions_fixture_11()));
      v.push_back(make_case("cached" + sfx, sp, cached_fixture_11()));
      v.push_back(make_case("preprocessed" + sfx, sp,
                            preprocessed_fib_fixture(7, 3, {true, false, true, true, false, false, true, false})));
      v.push_back(make_case("preprocessed_cached" + sfx, sp,
                            preprocessed_and_cached_fixture({true, false, true, true, false, false, true, false}, 2)));
      v.push_back(make_case("self_interaction_w1" + sfx, sp, self_interaction_fixture({1, 3}, 3, 5)));
      v.push_back(make_case("mixture" + sfx, sp, mixture_fixture_standard(3)));
    }
    return v;
  }();
  return cases;
}

/// A case's traces in `backend` and the stage inputs over them.
struct LoadedCase {
  std::shared_ptr<const BackendProvingKey> pk;
  std::vector<std::shared_ptr<const BackendMatrix>> held;
  std::vector<RapAir> airs;
};

inline LoadedCase load_case(ProverBackend& backend, const RapCase& c) {
  LoadedCase l;
  l.pk = backend.load_proving_key(c.pk);
  for (size_t i : c.sorted) {
    RapAir a;
    a.air = i;
    for (const auto& m : c.fx.traces[i].cached_mains) {
      l.held.push_back(backend.load_trace(m));
      a.cached.push_back(l.held.back().get());
    }
    l.held.push_back(backend.load_trace(c.fx.traces[i].common_main));
    a.common_main = l.held.back().get();
    a.public_values = c.fx.traces[i].public_values;
    l.airs.push_back(std::move(a));
  }
  return l;
}

// ---- a plain model of one AIR's lifted rows ---------------------------------

/// One AIR's lifted trace (2^(l + n_lift) rows, row i is trace row i mod h)
/// evaluated at a weighted combination of rows: every window variable is
/// sum_i w[i] * value(i), the selectors included.
class RowModel {
 public:
  RowModel(const cpu::HostRapAir& a, int l) : a_(a) {
    h_ = a.common_main->height();
    const int log_h = std::countr_zero(h_);
    n_lift_ = static_cast<size_t>(std::max(log_h - l, 0));
    rows_ = size_t{1} << (static_cast<size_t>(l) + n_lift_);
    norm_ = F::one();
    for (int i = 0; i < std::max(0, l - log_h); ++i) norm_ = norm_.halve();
    if (a.preprocessed) parts_.push_back(a.preprocessed);
    for (auto* c : a.cached) parts_.push_back(c);
    parts_.push_back(a.common_main);
  }
  size_t rows() const { return rows_; }
  size_t n_lift() const { return n_lift_; }
  F norm() const { return norm_; }

  /// Node values of the AIR at the weighted row sum_i w[i] row(i).
  std::vector<EF> nodes_at(const std::vector<EF>& w) const {
    auto comb = [&](auto value) {
      EF acc = EF::zero();
      for (size_t i = 0; i < rows_; ++i)
        if (!w[i].is_zero()) acc += w[i] * value(i % h_);
      return acc;
    };
    const bool rot = a_.shape.need_rot;
    std::vector<std::vector<EF>> loc(parts_.size()), nxt(parts_.size());
    for (size_t p = 0; p < parts_.size(); ++p)
      for (size_t c = 0; c < parts_[p]->width(); ++c) {
        loc[p].push_back(comb([&](size_t r) { return parts_[p]->at(r, c); }));
        nxt[p].push_back(rot ? comb([&](size_t r) { return parts_[p]->at((r + 1) % h_, c); }) : EF::zero());
      }
    RowWindow<EF> win;
    win.is_first_row = comb([&](size_t r) { return r == 0 ? F::one() : F::zero(); });
    win.is_transition = comb([&](size_t r) { return r == h_ - 1 ? F::zero() : F::one(); });
    win.is_last_row = comb([&](size_t r) { return r == h_ - 1 ? F::one() : F::zero(); });
    const size_t first_main = a_.preprocessed ? 1 : 0;
    if (a_.preprocessed) {
      win.preprocessed_local = loc[0].data();
      win.preprocessed_next = rot ? nxt[0].data() : nullptr;
    }
    std::vector<const EF*> ml, mn;
    for (size_t p = first_main; p < parts_.size(); ++p) {
      ml.push_back(loc[p].data());
      mn.push_back(rot ? nxt[p].data() : nullptr);
    }
    win.main_local = ml;
    win.main_next = mn;
    win.public_values = a_.public_values;
    std::vector<EF> nodes(a_.air->num_nodes());
    a_.air->eval(win, nodes.data());
    return nodes;
  }
  /// Column c of part p (proof order: common, preprocessed, cached...) and,
  /// if `next`, its next-row column, at the weighted row.
  EF column_at(const std::vector<EF>& w, size_t proof_part, size_t c, bool next) const {
    const size_t p = proof_part == 0 ? parts_.size() - 1 : proof_part - 1;
    EF acc = EF::zero();
    for (size_t i = 0; i < rows_; ++i) acc += w[i] * parts_[p]->at(((i % h_) + (next ? 1 : 0)) % h_, c);
    return acc;
  }

  /// sum_k lambda^k C_k, and the eq3b-weighted numerator (normalised) and
  /// denominator (without alpha) of node values.
  EF constraints(const std::vector<EF>& nodes, const EF& lambda) const {
    EF acc = EF::zero(), lp = EF::one();
    for (uint32_t k : a_.air->constraint_nodes()) {
      acc += lp * nodes[k];
      lp *= lambda;
    }
    return acc;
  }
  void interactions(const std::vector<EF>& nodes, const std::vector<EF>& eq3b, const EF& beta, EF& num,
                    EF& den) const {
    num = den = EF::zero();
    const auto its = a_.air->interactions();
    for (size_t i = 0; i < its.size(); ++i) {
      EF h = EF::zero(), bp = EF::one();
      for (uint32_t m : its[i].message) {
        h += bp * nodes[m];
        bp *= beta;
      }
      h += bp * F::from_u64(uint64_t{its[i].bus_index} + 1);
      num += eq3b[i] * nodes[its[i].count];
      den += eq3b[i] * h;
    }
    num = num * norm_;
  }

  /// The weights of the point (z; u): w[x N + k] = L_k(z) eq(u, x), with z
  /// on the skip domain's extension and u (n_lift coordinates, coordinate k
  /// pairing with bit k of the block index x) on the hypercube's.
  std::vector<EF> weights(int l, const EF& z, const std::vector<EF>& u) const {
    const std::vector<EF> lw = skip_lagrange_weights<EF>(l, z);
    const std::vector<EF> eq = eq_hypercube_table<EF>(std::span<const EF>(u));
    const size_t N = size_t{1} << l;
    std::vector<EF> w(rows_);
    for (size_t x = 0; x < eq.size(); ++x)
      for (size_t k = 0; k < N; ++k) w[x * N + k] = eq[x] * lw[k];
    return w;
  }

 private:
  const cpu::HostRapAir& a_;
  size_t h_ = 0, n_lift_ = 0, rows_ = 0;
  F norm_;
  std::vector<const ColMajorMatrix<F>*> parts_;
};

}  // namespace swirl::testing
