// The batch-constraint phase (LogUp GKR input + zerocheck/LogUp batch
// sumcheck): prover and verifier against each other, the prover's messages
// against direct definitions (slow models written from the math in
// docs/protocol.md), and every tampered claim rejected.
//
// The constraint systems are defined here by hand through the AirConstraints
// interface (the AIR DAG of air/ plugs into the same interface).
#include "swirl/prover/batch_constraints.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <functional>

#include "air/test_committer.h"
#include "swirl/air/dag_constraints.h"
#include "swirl/air/debug.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/protocol/params.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/verifier/batch_constraints.h"
#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;
using K = BatchConstraintRejectionKind;

// ---- hand-written constraint systems ---------------------------------------

// An AIR whose node evaluation is one templated function of the derived class.
template <typename Derived>
class HandAir : public AirConstraints {
 public:
  size_t num_nodes() const override { return num_nodes_; }
  std::span<const uint32_t> constraint_nodes() const override { return constraints_; }
  std::span<const InteractionNodes> interactions() const override { return interactions_; }
  void eval(const RowWindow<F>& w, F* n) const override { static_cast<const Derived*>(this)->run(w, n); }
  void eval(const RowWindow<EF>& w, EF* n) const override { static_cast<const Derived*>(this)->run(w, n); }

 protected:
  size_t num_nodes_ = 0;
  std::vector<uint32_t> constraints_;
  std::vector<InteractionNodes> interactions_;
};

template <typename T>
T cst(uint64_t v) {
  return T(F::from_u64(v));
}

// Fibonacci: common main [a, b], rotation; public values [a0, b0, b_last].
// Degree 2.
class FibAir : public HandAir<FibAir> {
 public:
  FibAir() {
    num_nodes_ = 5;
    constraints_ = {0, 1, 2, 3, 4};
  }
  template <typename T>
  void run(const RowWindow<T>& w, T* n) const {
    const T* lo = w.main_local[0];
    const T* nx = w.main_next[0];
    n[0] = w.is_first_row * (lo[0] - T(w.public_values[0]));
    n[1] = w.is_first_row * (lo[1] - T(w.public_values[1]));
    n[2] = w.is_transition * (nx[0] - lo[1]);
    n[3] = w.is_transition * (nx[1] - (lo[0] + lo[1]));
    n[4] = w.is_last_row * (lo[1] - T(w.public_values[2]));
  }
  static AirShape shape() {
    AirShape s;
    s.constraint_degree = 2;
    s.need_rot = true;
    s.common_main_width = 2;
    s.num_public_values = 3;
    return s;
  }
};

// Preprocessed [s], cached [x0, x1], common [y], no rotation. Degree 3:
// s * (y - x0 * x1) = 0 and (1 - s) * (y - x0 - x1) = 0.
class CubicAir : public HandAir<CubicAir> {
 public:
  CubicAir() {
    num_nodes_ = 2;
    constraints_ = {0, 1};
  }
  template <typename T>
  void run(const RowWindow<T>& w, T* n) const {
    const T s = w.preprocessed_local[0];
    const T* x = w.main_local[0];
    const T y = w.main_local[1][0];
    n[0] = s * (y - x[0] * x[1]);
    n[1] = (T(F::one()) - s) * (y - x[0] - x[1]);
  }
  static AirShape shape() {
    AirShape s;
    s.constraint_degree = 3;
    s.has_preprocessed = true;
    s.preprocessed_width = 1;
    s.cached_widths = {2};
    s.common_main_width = 1;
    return s;
  }
};

// Sender: common [v, c]; c boolean; sends (v, v^2) on bus 0 and (v) on bus 3
// with multiplicity c. Degree 2.
class SenderAir : public HandAir<SenderAir> {
 public:
  SenderAir() {
    num_nodes_ = 5;
    constraints_ = {0};
    interactions_ = {InteractionNodes{0, 1, {2, 3}}, InteractionNodes{3, 1, {2}}};
  }
  template <typename T>
  void run(const RowWindow<T>& w, T* n) const {
    const T* lo = w.main_local[0];
    n[0] = lo[1] * (lo[1] - T(F::one()));
    n[1] = lo[1];
    n[2] = lo[0];
    n[3] = lo[0] * lo[0];
    n[4] = T(F::zero());
  }
  static AirShape shape() {
    AirShape s;
    s.constraint_degree = 2;
    s.common_main_width = 2;
    return s;
  }
};

// Receiver (a table): common [v, m], rotation; v_0 = 0, v' = v + 1; receives
// (v, v^2) on bus 0 and (v) on bus 3 with multiplicity -m. Degree 2.
class ReceiverAir : public HandAir<ReceiverAir> {
 public:
  ReceiverAir() {
    num_nodes_ = 6;
    constraints_ = {0, 1};
    interactions_ = {InteractionNodes{0, 2, {3, 4}}, InteractionNodes{3, 2, {3}}};
  }
  template <typename T>
  void run(const RowWindow<T>& w, T* n) const {
    const T* lo = w.main_local[0];
    const T* nx = w.main_next[0];
    n[0] = w.is_first_row * lo[0];
    n[1] = w.is_transition * (nx[0] - lo[0] - T(F::one()));
    n[2] = -lo[1];
    n[3] = lo[0];
    n[4] = lo[0] * lo[0];
    n[5] = T(F::zero());
  }
  static AirShape shape() {
    AirShape s;
    s.constraint_degree = 2;
    s.need_rot = true;
    s.common_main_width = 2;
    return s;
  }
};

// Degree 1: common [a, b], a - 2 b = 0; sends (b) on bus 1 with
// multiplicity a and receives it back with -a (balanced within the AIR).
class LinearAir : public HandAir<LinearAir> {
 public:
  LinearAir() {
    num_nodes_ = 4;
    constraints_ = {0};
    interactions_ = {InteractionNodes{1, 1, {2}}, InteractionNodes{1, 3, {2}}};
  }
  template <typename T>
  void run(const RowWindow<T>& w, T* n) const {
    const T* lo = w.main_local[0];
    n[0] = lo[0] - lo[1] - lo[1];
    n[1] = lo[0];
    n[2] = lo[1];
    n[3] = -lo[0];
  }
  static AirShape shape() {
    AirShape s;
    s.constraint_degree = 1;
    s.common_main_width = 2;
    return s;
  }
};

// ---- traces ------------------------------------------------------------------

struct AirInstance {
  const AirConstraints* air;
  AirShape shape;
  ColMajorMatrix<F> common;
  std::optional<ColMajorMatrix<F>> preprocessed;
  std::vector<ColMajorMatrix<F>> cached;
  std::vector<F> pvs;
  size_t air_index = 0;  // for sorting ties
};

const FibAir kFib;
const CubicAir kCubic;
const SenderAir kSender;
const ReceiverAir kReceiver;
const LinearAir kLinear;

AirInstance linear_instance(SplitMix64& rng, size_t h) {
  AirInstance a{&kLinear, LinearAir::shape(), ColMajorMatrix<F>(h, 2), std::nullopt, {}, {}, 0};
  for (size_t i = 0; i < h; ++i) {
    const F b = rng.field();
    a.common.at(i, 0) = b + b;
    a.common.at(i, 1) = b;
  }
  return a;
}

AirInstance fib_instance(size_t h) {
  AirInstance a{&kFib, FibAir::shape(), ColMajorMatrix<F>(h, 2), std::nullopt, {}, {}, 0};
  F x = F::from_u64(1), y = F::from_u64(1);
  for (size_t i = 0; i < h; ++i) {
    a.common.at(i, 0) = x;
    a.common.at(i, 1) = y;
    const F nx = y, ny = x + y;
    x = nx;
    y = ny;
  }
  a.pvs = {F::from_u64(1), F::from_u64(1), a.common.at(h - 1, 1)};
  return a;
}

AirInstance cubic_instance(SplitMix64& rng, size_t h) {
  AirInstance a{&kCubic, CubicAir::shape(), ColMajorMatrix<F>(h, 1), ColMajorMatrix<F>(h, 1), {ColMajorMatrix<F>(h, 2)}, {}, 0};
  for (size_t i = 0; i < h; ++i) {
    const bool s = i % 3 != 1;
    const F x0 = rng.field(), x1 = rng.field();
    a.preprocessed->at(i, 0) = s ? F::one() : F::zero();
    a.cached[0].at(i, 0) = x0;
    a.cached[0].at(i, 1) = x1;
    a.common.at(i, 0) = s ? x0 * x1 : x0 + x1;
  }
  return a;
}

// A sender of height hs and a receiver (table 0..hr-1) that balance.
std::pair<AirInstance, AirInstance> lookup_instances(SplitMix64& rng, size_t hs, size_t hr) {
  AirInstance s{&kSender, SenderAir::shape(), ColMajorMatrix<F>(hs, 2), std::nullopt, {}, {}, 0};
  AirInstance r{&kReceiver, ReceiverAir::shape(), ColMajorMatrix<F>(hr, 2), std::nullopt, {}, {}, 0};
  std::vector<uint64_t> mult(hr, 0);
  for (size_t i = 0; i < hs; ++i) {
    const uint64_t v = rng.below(hr);
    const bool c = rng.below(4) != 0;
    s.common.at(i, 0) = F::from_u64(v);
    s.common.at(i, 1) = c ? F::one() : F::zero();
    if (c) ++mult[v];
  }
  for (size_t i = 0; i < hr; ++i) {
    r.common.at(i, 0) = F::from_u64(i);
    r.common.at(i, 1) = F::from_u64(mult[i]);
  }
  return {std::move(s), std::move(r)};
}

// Sorted order: decreasing height, ties by air_index.
void sort_instances(std::vector<AirInstance>& v) {
  for (size_t i = 0; i < v.size(); ++i) v[i].air_index = i;
  std::stable_sort(v.begin(), v.end(), [](const AirInstance& a, const AirInstance& b) {
    return a.common.height() > b.common.height();
  });
}

std::vector<BatchAirInput> prover_inputs(const std::vector<AirInstance>& v) {
  std::vector<BatchAirInput> out;
  for (const auto& a : v) {
    BatchAirInput in;
    in.air = a.air;
    in.shape = a.shape;
    in.preprocessed = a.preprocessed ? &*a.preprocessed : nullptr;
    for (const auto& c : a.cached) in.cached.push_back(&c);
    in.common_main = &a.common;
    in.public_values = a.pvs;
    out.push_back(std::move(in));
  }
  return out;
}

size_t log2_of(size_t h) {
  size_t l = 0;
  while ((size_t{1} << l) < h) ++l;
  return l;
}

std::vector<VerifierAir> verifier_inputs(const std::vector<AirInstance>& v) {
  std::vector<VerifierAir> out;
  for (const auto& a : v) out.push_back(VerifierAir{a.air, a.shape, log2_of(a.common.height()), a.pvs});
  return out;
}

struct ProveRun {
  ZerocheckLogupResult res;
  TranscriptLog log;
};

ProveRun prove(const BatchConstraintParams& p, const std::vector<AirInstance>& v) {
  ProveRun run;
  Transcript t;
  t.record_into(&run.log);
  const auto in = prover_inputs(v);
  run.res = prove_zerocheck_and_logup(t, p, in);
  return run;
}

Expected<std::vector<EF>, BatchConstraintRejection> verify(const BatchConstraintParams& p, const std::vector<AirInstance>& v,
                                                        const GkrProof& g, const BatchConstraintProof& b,
                                                        TranscriptLog* log = nullptr) {
  Transcript t;
  if (log) t.record_into(log);
  const auto in = verifier_inputs(v);
  return verify_zerocheck_and_logup(t, p, in, g, b);
}

BatchConstraintParams params(int l, size_t d, int pow = 2) { return BatchConstraintParams{l, d, pow}; }

// Honest run: verifies, same transcript traffic, r of length n_max + 1.
void expect_roundtrip(const BatchConstraintParams& p, const std::vector<AirInstance>& v) {
  const ProveRun run = prove(p, v);
  TranscriptLog vlog;
  const auto r = verify(p, v, run.res.gkr_proof, run.res.batch_proof, &vlog);
  ASSERT_TRUE(r.has_value()) << batch_constraint_rejection_name(r.error().kind) << ": " << r.error().message;
  EXPECT_EQ(*r, run.res.r);
  const size_t n_max = static_cast<size_t>(std::max<int>(0, static_cast<int>(log2_of(v[0].common.height())) - p.l_skip));
  EXPECT_EQ(run.res.r.size(), n_max + 1);
  EXPECT_EQ(vlog, run.log);
}

// ---- slow models ---------------------------------------------------------------

// Value of column `c` of part `mat` (or a selector) at lifted row i, with
// the rotation offset; selectors: 0 first, 1 transition, 2 last.
F selector(int which, size_t i, size_t h) {
  const size_t r = i % h;
  if (which == 0) return r == 0 ? F::one() : F::zero();
  if (which == 1) return r == h - 1 ? F::zero() : F::one();
  return r == h - 1 ? F::one() : F::zero();
}

// Evaluates the AIR's nodes at the point (z, x) of the prism, where every
// column is replaced by its extension sum_k L_k(z) col[x N + k (+1)]
// (a lift for short traces). `lw` = Lagrange weights of D at z.
std::vector<EF> nodes_at(const AirInstance& a, int l, size_t x, const std::vector<EF>& lw) {
  const size_t N = size_t{1} << l;
  const size_t h = a.common.height();
  auto ext = [&](const ColMajorMatrix<F>& m, size_t c, size_t off) {
    EF acc = EF::zero();
    for (size_t k = 0; k < N; ++k) acc += lw[k] * m.at((x * N + k + off) % h, c);
    return acc;
  };
  auto ext_sel = [&](int which) {
    EF acc = EF::zero();
    for (size_t k = 0; k < N; ++k) acc += lw[k] * selector(which, x * N + k, h);
    return acc;
  };
  auto part = [&](const ColMajorMatrix<F>& m, size_t off) {
    std::vector<EF> v(m.width());
    for (size_t c = 0; c < m.width(); ++c) v[c] = ext(m, c, off);
    return v;
  };
  std::vector<std::vector<EF>> loc, nxt;
  for (const auto& c : a.cached) {
    loc.push_back(part(c, 0));
    nxt.push_back(part(c, 1));
  }
  loc.push_back(part(a.common, 0));
  nxt.push_back(part(a.common, 1));
  std::vector<EF> pl, pn;
  if (a.preprocessed) {
    pl = part(*a.preprocessed, 0);
    pn = part(*a.preprocessed, 1);
  }
  std::vector<const EF*> lp, np;
  for (size_t i = 0; i < loc.size(); ++i) {
    lp.push_back(loc[i].data());
    np.push_back(nxt[i].data());
  }
  RowWindow<EF> w;
  w.is_first_row = ext_sel(0);
  w.is_transition = ext_sel(1);
  w.is_last_row = ext_sel(2);
  w.preprocessed_local = a.preprocessed ? pl.data() : nullptr;
  w.preprocessed_next = a.preprocessed ? pn.data() : nullptr;
  w.main_local = lp;
  w.main_next = np;
  w.public_values = a.pvs;
  std::vector<EF> nodes(a.air->num_nodes());
  a.air->eval(w, nodes.data());
  return nodes;
}

// Block offsets of every (AIR, interaction) in the GKR input layer.
std::vector<std::vector<size_t>> block_offsets(int l, const std::vector<AirInstance>& v) {
  std::vector<std::vector<size_t>> out(v.size());
  size_t off = 0;
  for (size_t t = 0; t < v.size(); ++t) {
    const size_t lifted = std::max(v[t].common.height(), size_t{1} << l);
    for (size_t i = 0; i < v[t].air->interactions().size(); ++i) {
      out[t].push_back(off);
      off += lifted;
    }
  }
  return out;
}

std::vector<EF> pows(const EF& x, size_t n) {
  std::vector<EF> o(n);
  EF a = EF::one();
  for (auto& e : o) {
    e = a;
    a *= x;
  }
  return o;
}

// s_0(z) from the definition: the mu-batched sums over the hypercube of the
// eq-weighted constraint and interaction polynomials at (z, x).
EF model_s0_at(const BatchConstraintParams& p, const std::vector<AirInstance>& v, const ZerocheckLogupResult& res,
               const EF& z) {
  const int l = p.l_skip;
  const size_t A = v.size();
  const auto lw = skip_lagrange_weights<EF>(l, z);
  const auto& xi = res.xi;
  const EF eq_sharp = eval_eq_sharp_uni(std::span<const EF>(xi.data(), l), z);
  const EF eq_uni = eval_eq_uni<EF>(l, xi[0], z);
  const auto mu = pows(res.mu, 3 * A);
  size_t max_c = 0, max_m = 0;
  for (const auto& a : v) {
    max_c = std::max(max_c, a.air->constraint_nodes().size());
    for (const auto& it : a.air->interactions()) max_m = std::max(max_m, it.message.size());
  }
  const auto lam = pows(res.lambda, max_c);
  const auto beta = pows(res.beta, max_m + 1);
  const auto offs = block_offsets(l, v);
  const size_t n_logup = res.n_logup;
  EF total = EF::zero();
  for (size_t t = 0; t < A; ++t) {
    const AirInstance& a = v[t];
    const int n = static_cast<int>(log2_of(a.common.height())) - l;
    const size_t n_lift = static_cast<size_t>(std::max(n, 0));
    F norm = F::one();
    for (int i = 0; i < -n; ++i) norm = norm.halve();
    std::vector<EF> eq3b;
    for (size_t off : offs[t]) {
      std::vector<EF> bits;
      for (size_t k = l + n_lift; k < l + n_logup; ++k) bits.push_back(((off >> k) & 1) ? EF::one() : EF::zero());
      eq3b.push_back(eval_eq_mle<EF>(std::span<const EF>(xi.data() + l + n_lift, n_logup - n_lift), bits));
    }
    const auto eqx = eq_hypercube_table<EF>(std::span<const EF>(xi.data() + l, n_lift));
    EF zc = EF::zero(), num = EF::zero(), den = EF::zero();
    for (size_t x = 0; x < eqx.size(); ++x) {
      const auto nodes = nodes_at(a, l, x, lw);
      EF c = EF::zero();
      const auto ci = a.air->constraint_nodes();
      for (size_t k = 0; k < ci.size(); ++k) c += lam[k] * nodes[ci[k]];
      zc += eqx[x] * c;
      const auto its = a.air->interactions();
      for (size_t i = 0; i < its.size(); ++i) {
        EF hsh = beta[its[i].message.size()] * F::from_u64(its[i].bus_index + 1u);
        for (size_t j = 0; j < its[i].message.size(); ++j) hsh += beta[j] * nodes[its[i].message[j]];
        num += eqx[x] * eq3b[i] * nodes[its[i].count];
        den += eqx[x] * eq3b[i] * hsh;
      }
    }
    total += mu[2 * t] * eq_sharp * num * norm + mu[2 * t + 1] * eq_sharp * den + mu[2 * A + t] * eq_uni * zc;
  }
  return total;
}

// The column opening model: the prismalinear extension at (r_0, r_1..r_n)
// (for n < 0: the extension on the order-h subgroup at r_0^{2^{-n}}).
EF model_opening(int l, const ColMajorMatrix<F>& m, size_t c, size_t off, const std::vector<EF>& r) {
  const size_t h = m.height();
  const int n = static_cast<int>(log2_of(h)) - l;
  if (n < 0) {
    EF z = r[0];
    for (int i = 0; i < -n; ++i) z = z * z;
    const auto lw = skip_lagrange_weights<EF>(l + n, z);
    EF acc = EF::zero();
    for (size_t k = 0; k < h; ++k) acc += lw[k] * m.at((k + off) % h, c);
    return acc;
  }
  const size_t N = size_t{1} << l;
  const auto lw = skip_lagrange_weights<EF>(l, r[0]);
  const auto eqx = eq_hypercube_table<EF>(std::span<const EF>(r.data() + 1, static_cast<size_t>(n)));
  EF acc = EF::zero();
  for (size_t x = 0; x < eqx.size(); ++x)
    for (size_t k = 0; k < N; ++k) acc += eqx[x] * lw[k] * m.at((x * N + k + off) % h, c);
  return acc;
}

// ---- tests ---------------------------------------------------------------------

// The reference's batch_sumcheck_zero_interactions: a Fibonacci AIR alone,
// heights 2^0 .. 2^12, default_test_params_small (l_skip 2, degree 3).
TEST(BatchConstraints, ZeroInteractionsAllHeights) {
  for (size_t lh = 0; lh <= 12; ++lh) {
    SCOPED_TRACE(lh);
    std::vector<AirInstance> v;
    v.push_back(fib_instance(size_t{1} << lh));
    expect_roundtrip(params(2, 3), v);
  }
}

// The reference's batch_sumcheck_zero_interactions_malleable_q0.
TEST(BatchConstraints, ZeroInteractionsMalleableQ0) {
  std::vector<AirInstance> v;
  v.push_back(fib_instance(16));
  const auto p = params(2, 3);
  const ProveRun run = prove(p, v);
  EXPECT_EQ(run.res.gkr_proof.q0_claim, EF::one());
  GkrProof g = run.res.gkr_proof;
  g.q0_claim = EF(F::from_u64(2));
  const auto r = verify(p, v, g, run.res.batch_proof);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, K::kGkr);
  ASSERT_TRUE(r.error().gkr.has_value());
  EXPECT_EQ(r.error().gkr->kind, GkrRejectionKind::kInvalidZeroRoundValue);
}

// The reference's batch_constraints_with_interactions, widened: sender and
// receiver of many heights (including below 2^l_skip) with unrelated AIRs
// mixed in, several l_skip.
TEST(BatchConstraints, WithInteractionsMixedHeights) {
  SplitMix64 rng(7);
  const std::vector<std::pair<size_t, size_t>> heights = {{1, 1}, {1, 2}, {2, 8}, {16, 4}, {4, 64}, {256, 32}, {8, 8}};
  for (int l : {0, 1, 2, 3, 4}) {
    for (auto [hs, hr] : heights) {
      SCOPED_TRACE(testing::Message() << "l=" << l << " hs=" << hs << " hr=" << hr);
      std::vector<AirInstance> v;
      auto [s, r] = lookup_instances(rng, hs, hr);
      v.push_back(std::move(s));
      v.push_back(fib_instance(std::max<size_t>(1, hs / 2)));
      v.push_back(std::move(r));
      v.push_back(cubic_instance(rng, std::max<size_t>(1, hr * 2)));
      sort_instances(v);
      expect_roundtrip(params(l, 3), v);
    }
  }
}

TEST(BatchConstraints, PartitionsAndHigherDegreeBound) {
  SplitMix64 rng(8);
  // A global degree above every AIR's (d = 4 > 3): longer round polynomials.
  for (size_t h : {1, 2, 4, 32, 128}) {
    std::vector<AirInstance> v;
    v.push_back(cubic_instance(rng, h));
    expect_roundtrip(params(2, 4, 0), v);
  }
}

TEST(BatchConstraints, Round0PolynomialMatchesDefinition) {
  SplitMix64 rng(9);
  for (int l : {1, 2, 3}) {
    std::vector<AirInstance> v;
    auto [s, r] = lookup_instances(rng, 32, 4);
    v.push_back(std::move(s));
    v.push_back(std::move(r));
    v.push_back(cubic_instance(rng, 16));
    v.push_back(fib_instance(2));
    sort_instances(v);
    const auto p = params(l, 3);
    const ProveRun run = prove(p, v);
    const auto& coeffs = run.res.batch_proof.univariate_round_coeffs;
    for (int rep = 0; rep < 3; ++rep) {
      const EF z = rng.ext();
      EXPECT_EQ(horner(coeffs, z), model_s0_at(p, v, run.res, z)) << "l=" << l;
    }
    // On D the zerocheck part vanishes and the LogUp part is the rows' sum.
    const auto w = skip_domain_points(l);
    EXPECT_EQ(horner(coeffs, EF(w[1 % w.size()])), model_s0_at(p, v, run.res, EF(w[1 % w.size()])));
  }
}

TEST(BatchConstraints, LogupTermsAreTheInputLayerSums) {
  SplitMix64 rng(10);
  std::vector<AirInstance> v;
  auto [s, r] = lookup_instances(rng, 64, 2);
  v.push_back(std::move(s));
  v.push_back(std::move(r));
  v.push_back(fib_instance(8));
  sort_instances(v);
  const auto p = params(2, 3);
  const ProveRun run = prove(p, v);
  const auto inputs = prover_inputs(v);
  const auto leaves = logup_input_layer(p, inputs, run.res.alpha, run.res.beta);
  const size_t L = p.l_skip + run.res.n_logup;
  ASSERT_EQ(leaves.size(), size_t{1} << L);
  const auto eq = eq_hypercube_table<EF>(std::span<const EF>(run.res.xi.data(), L));
  const auto offs = block_offsets(p.l_skip, v);
  for (size_t t = 0; t < v.size(); ++t) {
    EF num = EF::zero(), den = EF::zero();
    const size_t lifted = std::max(v[t].common.height(), size_t{1} << p.l_skip);
    for (size_t off : offs[t])
      for (size_t i = off; i < off + lifted; ++i) {
        num += eq[i] * leaves[i].p;
        den += eq[i] * (leaves[i].q - run.res.alpha);
      }
    EXPECT_EQ(run.res.batch_proof.numerator_term_per_air[t], num) << t;
    EXPECT_EQ(run.res.batch_proof.denominator_term_per_air[t], den) << t;
  }
  // The leaves themselves: the sender's first block is count / (alpha + h).
  const auto& sm = v[0].common;  // sorted first: the sender (64 rows)
  ASSERT_EQ(v[0].air, &kSender);
  const EF hsh = run.res.beta * run.res.beta * F::from_u64(1) + EF(sm.at(5, 0)) + run.res.beta * (sm.at(5, 0) * sm.at(5, 0));
  EXPECT_EQ(leaves[5].p, EF(sm.at(5, 1)));
  EXPECT_EQ(leaves[5].q, hsh + run.res.alpha);
}

TEST(BatchConstraints, OpeningsAreExtensionsAtR) {
  SplitMix64 rng(11);
  for (int l : {0, 2, 3}) {
    std::vector<AirInstance> v;
    v.push_back(cubic_instance(rng, 64));
    v.push_back(fib_instance(4));
    v.push_back(cubic_instance(rng, 2));
    sort_instances(v);
    const auto p = params(l, 3);
    const ProveRun run = prove(p, v);
    const auto& r = run.res.r;
    for (size_t t = 0; t < v.size(); ++t) {
      const auto& a = v[t];
      const auto& op = run.res.batch_proof.column_openings[t];
      const size_t k = a.shape.need_rot ? 2 : 1;
      auto check_part = [&](const std::vector<EF>& o, const ColMajorMatrix<F>& m) {
        ASSERT_EQ(o.size(), m.width() * k);
        for (size_t c = 0; c < m.width(); ++c) {
          EXPECT_EQ(o[c * k], model_opening(l, m, c, 0, r));
          if (k == 2) {
            EXPECT_EQ(o[c * k + 1], model_opening(l, m, c, 1, r));
          }
        }
      };
      check_part(op[0], a.common);
      size_t idx = 1;
      if (a.preprocessed) check_part(op[idx++], *a.preprocessed);
      for (const auto& c : a.cached) check_part(op[idx++], c);
      EXPECT_EQ(idx, op.size());
    }
  }
}

TEST(BatchConstraints, IndependentOfThreadCount) {
  SplitMix64 rng(12);
  std::vector<AirInstance> v;
  // Large enough that every loop runs in parallel (kParallelWork).
  auto [s, r] = lookup_instances(rng, 8192, 1024);
  v.push_back(std::move(s));
  v.push_back(std::move(r));
  v.push_back(cubic_instance(rng, 4096));
  sort_instances(v);
  const auto p = params(2, 3);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const ProveRun one = prove(p, v);
  omp_set_num_threads(3);
  const ProveRun three = prove(p, v);
  omp_set_num_threads(saved);
  EXPECT_EQ(one.res.batch_proof, three.res.batch_proof);
  EXPECT_EQ(one.res.gkr_proof, three.res.gkr_proof);
}

// Every tampered claim, polynomial value and opening is rejected.
TEST(BatchConstraints, TamperedProofsAreRejected) {
  SplitMix64 rng(13);
  std::vector<AirInstance> v;
  auto [s, r] = lookup_instances(rng, 32, 8);
  v.push_back(std::move(s));
  v.push_back(std::move(r));
  v.push_back(cubic_instance(rng, 16));
  v.push_back(fib_instance(2));
  sort_instances(v);
  const auto p = params(2, 3);
  const ProveRun run = prove(p, v);
  const GkrProof& g = run.res.gkr_proof;
  const BatchConstraintProof& b = run.res.batch_proof;
  ASSERT_TRUE(verify(p, v, g, b).has_value());
  const EF delta = EF::one();
  auto expect_reject = [&](const BatchConstraintProof& bad, std::optional<K> kind, const std::string& what) {
    const auto res = verify(p, v, g, bad);
    ASSERT_FALSE(res.has_value()) << what;
    if (kind) {
      EXPECT_EQ(res.error().kind, *kind) << what << ": " << batch_constraint_rejection_name(res.error().kind);
    }
  };
  for (size_t t = 0; t < v.size(); ++t) {
    BatchConstraintProof bad = b;
    bad.numerator_term_per_air[t] += delta;
    expect_reject(bad, K::kGkrNumeratorMismatch, "numerator " + std::to_string(t));
    bad = b;
    bad.denominator_term_per_air[t] += delta;
    expect_reject(bad, K::kGkrDenominatorMismatch, "denominator " + std::to_string(t));
  }
  {
    // Moving value between two AIRs' numerators keeps the GKR sums but breaks round 0.
    BatchConstraintProof bad = b;
    bad.numerator_term_per_air[0] += delta;
    bad.numerator_term_per_air[1] -= delta;
    expect_reject(bad, K::kSumClaimMismatch, "shifted numerators");
  }
  for (size_t j = 0; j < b.univariate_round_coeffs.size(); ++j) {
    BatchConstraintProof bad = b;
    bad.univariate_round_coeffs[j] += delta;
    // Coefficients at multiples of N change the domain sum; the others only
    // change s_0(r_0), caught by the following rounds.
    expect_reject(bad, j % 4 == 0 ? std::optional<K>(K::kSumClaimMismatch) : std::optional<K>(K::kInconsistentClaims),
                  "s_0 coefficient " + std::to_string(j));
  }
  for (size_t j = 0; j < b.sumcheck_round_polys.size(); ++j)
    for (size_t i = 0; i < b.sumcheck_round_polys[j].size(); ++i) {
      BatchConstraintProof bad = b;
      bad.sumcheck_round_polys[j][i] += delta;
      expect_reject(bad, K::kInconsistentClaims, "round " + std::to_string(j) + " value " + std::to_string(i));
    }
  for (size_t t = 0; t < b.column_openings.size(); ++t)
    for (size_t part = 0; part < b.column_openings[t].size(); ++part)
      for (size_t c = 0; c < b.column_openings[t][part].size(); ++c) {
        BatchConstraintProof bad = b;
        bad.column_openings[t][part][c] += delta;
        if (v[t].air == &kReceiver && part == 0 && c == 3) {
          // The receiver never reads the next row of its column m: this
          // opening is not bound by this phase (the stacked reduction binds
          // it), as in the reference.
          EXPECT_TRUE(verify(p, v, g, bad).has_value());
          continue;
        }
        expect_reject(bad, K::kInconsistentClaims,
                      "opening " + std::to_string(t) + "/" + std::to_string(part) + "/" + std::to_string(c));
      }
  // Shapes.
  {
    BatchConstraintProof bad = b;
    bad.univariate_round_coeffs.pop_back();
    expect_reject(bad, K::kProofShape, "short s_0");
    bad = b;
    bad.sumcheck_round_polys.pop_back();
    expect_reject(bad, K::kProofShape, "missing round");
    bad = b;
    bad.sumcheck_round_polys[0].push_back(EF::zero());
    expect_reject(bad, K::kProofShape, "long round");
    bad = b;
    bad.column_openings[0][0].pop_back();
    expect_reject(bad, K::kProofShape, "short opening");
    bad = b;
    bad.column_openings[1].pop_back();
    expect_reject(bad, K::kProofShape, "missing part");
    bad = b;
    bad.numerator_term_per_air.pop_back();
    expect_reject(bad, K::kProofShape, "missing numerator");
  }
  // GKR and witness.
  {
    GkrProof bad = g;
    bad.logup_pow_witness = bad.logup_pow_witness + F::one();
    // With 2 bits a wrong witness may pass by chance; try until one fails.
    for (int i = 0; i < 16; ++i, bad.logup_pow_witness = bad.logup_pow_witness + F::one()) {
      Transcript t;
      if (!t.check_witness(p.logup_pow_bits, bad.logup_pow_witness)) break;
    }
    const auto res = verify(p, v, bad, b);
    ASSERT_FALSE(res.has_value());
    EXPECT_EQ(res.error().kind, K::kInvalidLogupPowWitness);
    bad = g;
    bad.q0_claim += delta;
    const auto res2 = verify(p, v, bad, b);
    ASSERT_FALSE(res2.has_value());
    EXPECT_EQ(res2.error().kind, K::kGkr);
    bad = g;
    bad.claims_per_layer.back().p_xi_0 += delta;
    const auto res3 = verify(p, v, bad, b);
    ASSERT_FALSE(res3.has_value());
    EXPECT_EQ(res3.error().kind, K::kGkr);
  }
}

// A trace that violates its constraints: the honest-behaving prover runs,
// the verifier rejects.
TEST(BatchConstraints, BadWitnessIsRejected) {
  SplitMix64 rng(14);
  for (size_t h : {1, 2, 4, 8, 64}) {
    for (int which = 0; which < 3; ++which) {
      SCOPED_TRACE(testing::Message() << "h=" << h << " which=" << which);
      std::vector<AirInstance> v;
      if (which == 0) {
        v.push_back(fib_instance(h));
        v[0].common.at(h - 1, 1) += F::one();  // breaks the last-row (and a transition) constraint
      } else if (which == 1) {
        v.push_back(cubic_instance(rng, h));
        v[0].common.at(0, 0) += F::one();
      } else {
        v.push_back(fib_instance(h));
        v[0].pvs[0] += F::one();  // public value mismatch
      }
      const auto p = params(2, 3);
      const ProveRun run = prove(p, v);
      const auto res = verify(p, v, run.res.gkr_proof, run.res.batch_proof);
      ASSERT_FALSE(res.has_value());
      // The prover's round-0 zerocheck polynomial is (Z^N - 1) q truncated
      // to d_T (N - 1) + 1 coefficients (as the reference's): for a bad
      // witness the truncation can already break the sum over D.
      EXPECT_TRUE(res.error().kind == K::kInconsistentClaims || res.error().kind == K::kSumClaimMismatch)
          << batch_constraint_rejection_name(res.error().kind);
    }
  }
}

TEST(BatchConstraints, UnbalancedInteractionsThrow) {
  SplitMix64 rng(15);
  std::vector<AirInstance> v;
  auto [s, r] = lookup_instances(rng, 8, 8);
  r.common.at(0, 1) += F::one();
  v.push_back(std::move(s));
  v.push_back(std::move(r));
  sort_instances(v);
  EXPECT_THROW(prove(params(2, 3), v), std::invalid_argument);
}

TEST(BatchConstraints, InvalidInputsThrow) {
  SplitMix64 rng(16);
  std::vector<AirInstance> v;
  v.push_back(fib_instance(4));
  v.push_back(fib_instance(8));  // not sorted
  EXPECT_THROW(prove(params(2, 3), v), std::invalid_argument);
  std::vector<AirInstance> w;
  w.push_back(cubic_instance(rng, 8));
  EXPECT_THROW(prove(params(2, 2), w), std::invalid_argument);  // degree 3 > 2
  std::vector<AirInstance> e;
  EXPECT_THROW(prove(params(2, 3), e), std::invalid_argument);
}


// ---- the real constraint DAG (air/) -----------------------------------------

// A keyed fixture: its proving key, one DagConstraints per AIR, and the
// present AIRs as sorted instances.
struct KeyedFixture {
  MultiStarkProvingKey pk;
  std::vector<std::unique_ptr<DagConstraints>> dags;
  std::vector<AirInstance> sorted;
};

KeyedFixture key_fixture(const SystemParams& sp, const Fixture& fx) {
  MultiStarkKeygenBuilder kb(sp, testing_support::fake_preprocessed_commit);
  for (const auto& a : fx.airs) kb.add_air(a);
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error(pk.error().message());
  KeyedFixture k;
  k.pk = std::move(*pk);
  for (size_t i = 0; i < fx.airs.size(); ++i) {
    k.dags.push_back(std::make_unique<DagConstraints>(k.pk.per_air[i].vk));
    const AirTraces& tr = fx.traces[i];
    if (tr.height() == 0) continue;  // absent
    AirInstance a{k.dags[i].get(), air_shape(k.pk.per_air[i].vk), tr.common_main, std::nullopt, tr.cached_mains,
                  tr.public_values, i};
    if (k.pk.per_air[i].preprocessed_trace) a.preprocessed = *k.pk.per_air[i].preprocessed_trace;
    k.sorted.push_back(std::move(a));
  }
  std::stable_sort(k.sorted.begin(), k.sorted.end(), [](const AirInstance& a, const AirInstance& b) {
    return a.common.height() > b.common.height();
  });
  return k;
}

BatchConstraintParams params_of(const SystemParams& sp) {
  return BatchConstraintParams{sp.l_skip, static_cast<size_t>(sp.max_constraint_degree), sp.logup.pow_bits};
}

// The reference's fixtures through keygen's DAG: honest proofs verify with
// identical transcripts, the round-0 polynomial and openings equal the
// direct models.
TEST(BatchConstraintsDag, ReferenceFixtures) {
  const SystemParams sp = default_test_params_small();
  std::vector<std::pair<std::string, Fixture>> fixtures;
  for (size_t lh : {0, 1, 2, 3, 5, 8}) fixtures.emplace_back("fib " + std::to_string(lh), fib_fixture(0, 1, size_t{1} << lh));
  fixtures.emplace_back("interactions11", interactions_fixture_11());
  fixtures.emplace_back("cached11", cached_fixture_11());
  {
    std::vector<bool> sels(64);
    for (size_t i = 0; i < sels.size(); ++i) sels[i] = i % 2 == 0;
    fixtures.emplace_back("preprocessed fib", preprocessed_fib_fixture(0, 1, sels));
    fixtures.emplace_back("preprocessed+cached 2", preprocessed_and_cached_fixture(sels, 2));
  }
  fixtures.emplace_back("self interaction", self_interaction_fixture({1, 3, 4}, 3, 2));
  for (size_t lh : {1, 3, 5}) fixtures.emplace_back("mixture " + std::to_string(lh), mixture_fixture_standard(lh));
  SplitMix64 rng(21);
  for (const auto& [name, fx] : fixtures) {
    SCOPED_TRACE(name);
    const KeyedFixture k = key_fixture(sp, fx);
    const auto p = params_of(sp);
    expect_roundtrip(p, k.sorted);
    const ProveRun run = prove(p, k.sorted);
    const EF z = rng.ext();
    EXPECT_EQ(horner(run.res.batch_proof.univariate_round_coeffs, z), model_s0_at(p, k.sorted, run.res, z));
    for (size_t t = 0; t < k.sorted.size(); ++t) {
      const auto& a = k.sorted[t];
      const auto& op = run.res.batch_proof.column_openings[t][0];
      const size_t kk = a.shape.need_rot ? 2 : 1;
      for (size_t c = 0; c < a.common.width(); ++c) EXPECT_EQ(op[c * kk], model_opening(p.l_skip, a.common, c, 0, run.res.r));
    }
  }
}

// Tampering with the witness of a DAG-evaluated AIR is caught.
TEST(BatchConstraintsDag, BadWitness) {
  const SystemParams sp = default_test_params_small();
  Fixture fx = mixture_fixture_standard(3);
  fx.traces[0].common_main.at(2, 0) += F::one();  // the Fibonacci AIR
  const KeyedFixture k = key_fixture(sp, fx);
  const auto p = params_of(sp);
  const ProveRun run = prove(p, k.sorted);
  const auto res = verify(p, k.sorted, run.res.gkr_proof, run.res.batch_proof);
  ASSERT_FALSE(res.has_value());
  EXPECT_TRUE(res.error().kind == K::kInconsistentClaims || res.error().kind == K::kSumClaimMismatch);
}

// keccak-f: 3182 constraints, 2633 columns, degree 3, one permutation
// (32 rows) and four (128 rows), with l_skip 2 and 4.
TEST(BatchConstraintsDag, Keccakf) {
  for (auto [l, perms] : std::vector<std::pair<int, size_t>>{{2, 1}, {4, 4}}) {
    SCOPED_TRACE(testing::Message() << "l=" << l << " perms=" << perms);
    SystemParams sp = default_test_params_small();
    sp.l_skip = l;
    const Fixture fx = keccakf_fixture(perms, perms);  // the instances borrow its traces
    const KeyedFixture k = key_fixture(sp, fx);
    expect_roundtrip(params_of(sp), k.sorted);
  }
}

// The reference's gkr_verify_zero_interactions: the GKR part of a proof of
// InteractionsFixture11 verifies on its own (witness, alpha, beta, then
// verify_fractional_sumcheck over all its layers).
TEST(BatchConstraintsDag, GkrVerifiesAlone) {
  const SystemParams sp = default_test_params_small();
  const KeyedFixture k = key_fixture(sp, interactions_fixture_11());
  const ProveRun run = prove(params_of(sp), k.sorted);
  const GkrProof& g = run.res.gkr_proof;
  Transcript t;
  ASSERT_TRUE(t.check_witness(sp.logup.pow_bits, g.logup_pow_witness));
  EXPECT_EQ(t.sample_ext(), run.res.alpha);
  EXPECT_EQ(t.sample_ext(), run.res.beta);
  ASSERT_GT(g.claims_per_layer.size(), 0u);
  const auto claims = verify_fractional_sumcheck(g, t, g.claims_per_layer.size());
  ASSERT_TRUE(claims.has_value()) << claims.error().message;
  EXPECT_EQ(claims->xi, std::vector<EF>(run.res.xi.begin(), run.res.xi.begin() + static_cast<ptrdiff_t>(claims->xi.size())));
}

// Degree-1 AIRs: no zerocheck cosets (the zerocheck polynomial is zero) and
// one coset for the LogUp polynomials; alone and mixed with others.
TEST(BatchConstraints, DegreeOneAirs) {
  SplitMix64 rng(31);
  for (int l : {0, 2, 3}) {
    for (size_t h : {1, 2, 8, 64}) {
      SCOPED_TRACE(testing::Message() << "l=" << l << " h=" << h);
      std::vector<AirInstance> v;
      v.push_back(linear_instance(rng, h));
      expect_roundtrip(params(l, 1), v);
      v.push_back(fib_instance(4));
      sort_instances(v);
      const auto p = params(l, 3);
      expect_roundtrip(p, v);
      const ProveRun run = prove(p, v);
      const EF z = rng.ext();
      EXPECT_EQ(horner(run.res.batch_proof.univariate_round_coeffs, z), model_s0_at(p, v, run.res, z));
      std::vector<AirInstance> bad;
      bad.push_back(linear_instance(rng, h));
      bad[0].common.at(h - 1, 0) += F::one();
      const ProveRun brun = prove(params(l, 1), bad);
      EXPECT_FALSE(verify(params(l, 1), bad, brun.res.gkr_proof, brun.res.batch_proof).has_value());
    }
  }
}

// Random proofs of the right shape never crash the verifier and are rejected.
TEST(BatchConstraints, RandomProofsAreRejected) {
  SplitMix64 rng(32);
  std::vector<AirInstance> v;
  auto [s, r] = lookup_instances(rng, 16, 4);
  v.push_back(std::move(s));
  v.push_back(std::move(r));
  v.push_back(cubic_instance(rng, 8));
  sort_instances(v);
  const auto p = params(2, 3, 0);
  const ProveRun run = prove(p, v);
  for (int rep = 0; rep < 20; ++rep) {
    GkrProof g = run.res.gkr_proof;
    BatchConstraintProof b = run.res.batch_proof;
    auto randomize = [&](EF& x) {
      if (rng.below(3) == 0) x = rng.ext();
    };
    for (auto& x : b.numerator_term_per_air) randomize(x);
    for (auto& x : b.denominator_term_per_air) randomize(x);
    for (auto& x : b.univariate_round_coeffs) randomize(x);
    for (auto& rp : b.sumcheck_round_polys)
      for (auto& x : rp) randomize(x);
    for (auto& a : b.column_openings)
      for (auto& part : a)
        for (auto& x : part) randomize(x);
    if (rep % 2 == 0) {
      for (auto& c : g.claims_per_layer) randomize(c.q_xi_1);
    }
    if (g == run.res.gkr_proof && b == run.res.batch_proof) continue;
    EXPECT_FALSE(verify(p, v, g, b).has_value()) << rep;
  }
}

// DagConstraints: eval_many (node-major, several windows) equals eval per
// window, in F and EF, on the keccak-f DAG and on a fixture with
// preprocessed, cached and public variables.
template <typename T>
void expect_eval_many_matches(const AirConstraints& air, const AirShape& sh, SplitMix64& rng) {
  const size_t P = 5;
  auto rnd = [&]() {
    if constexpr (std::is_same_v<T, F>) return rng.field();
    else return rng.ext();
  };
  std::vector<size_t> widths = sh.cached_widths;
  widths.push_back(sh.common_main_width);
  std::vector<std::vector<std::vector<T>>> loc(P), nxt(P);
  std::vector<std::vector<T>> pl(P), pn(P);
  std::vector<std::vector<const T*>> lp(P), np(P);
  std::vector<F> pvs(sh.num_public_values);
  for (auto& x : pvs) x = rng.field();
  std::vector<RowWindow<T>> wins(P);
  for (size_t p = 0; p < P; ++p) {
    for (size_t w : widths) {
      std::vector<T> a(w), b(w);
      for (auto& x : a) x = rnd();
      for (auto& x : b) x = rnd();
      loc[p].push_back(std::move(a));
      nxt[p].push_back(std::move(b));
    }
    for (size_t i = 0; i < widths.size(); ++i) {
      lp[p].push_back(loc[p][i].data());
      np[p].push_back(nxt[p][i].data());
    }
    pl[p].resize(sh.preprocessed_width);
    pn[p].resize(sh.preprocessed_width);
    for (auto& x : pl[p]) x = rnd();
    for (auto& x : pn[p]) x = rnd();
    wins[p].is_first_row = rnd();
    wins[p].is_last_row = rnd();
    wins[p].is_transition = rnd();
    wins[p].preprocessed_local = pl[p].data();
    wins[p].preprocessed_next = pn[p].data();
    wins[p].main_local = lp[p];
    wins[p].main_next = np[p];
    wins[p].public_values = pvs;
  }
  const size_t n = air.num_nodes();
  std::vector<T> many(n * P), one(n);
  air.eval_many(std::span<const RowWindow<T>>(wins), many.data());
  for (size_t p = 0; p < P; ++p) {
    air.eval(wins[p], one.data());
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(many[i * P + p], one[i]) << "node " << i << " window " << p;
  }
}

TEST(BatchConstraintsDag, EvalManyMatchesEval) {
  SplitMix64 rng(41);
  const SystemParams sp = default_test_params_small();
  {
    Fixture fx;
    fx.airs.push_back(std::make_shared<keccakf::KeccakfAir>());
    AirTraces tr;
    std::vector<KeccakState> inputs(1);
    tr.common_main = keccakf::generate_trace(inputs);
    fx.traces.push_back(std::move(tr));
    const KeyedFixture k = key_fixture(sp, fx);
    expect_eval_many_matches<F>(*k.sorted[0].air, k.sorted[0].shape, rng);
    expect_eval_many_matches<EF>(*k.sorted[0].air, k.sorted[0].shape, rng);
  }
  {
    std::vector<bool> sels(16);
    for (size_t i = 0; i < sels.size(); ++i) sels[i] = i % 3 == 0;
    Fixture fx = preprocessed_and_cached_fixture(sels, 2);
    fx.append(fib_fixture(0, 1, 8));
    const KeyedFixture k = key_fixture(sp, fx);
    for (const auto& a : k.sorted) {
      expect_eval_many_matches<F>(*a.air, a.shape, rng);
      expect_eval_many_matches<EF>(*a.air, a.shape, rng);
    }
  }
  // The interface's default (one eval per window) on a hand-written AIR.
  expect_eval_many_matches<F>(kFib, FibAir::shape(), rng);
  expect_eval_many_matches<EF>(kCubic, CubicAir::shape(), rng);
}

// Every column opening of the reference fixtures (common, preprocessed and
// cached parts, local and next row) is bound by the final check exactly when
// the DAG reads that variable: tampering a used one is rejected, an unused
// one (keygen's unused_variables) is not bound by this phase.
TEST(BatchConstraintsDag, TamperedOpeningsMatchUsedVariables) {
  const SystemParams sp = default_test_params_small();
  std::vector<bool> sels(16);
  for (size_t i = 0; i < sels.size(); ++i) sels[i] = i % 2 == 0;
  Fixture fx = mixture_fixture_standard(3);
  fx.append(preprocessed_and_cached_fixture(sels, 2));
  const KeyedFixture k = key_fixture(sp, fx);
  const auto p = params_of(sp);
  const ProveRun run = prove(p, k.sorted);
  const BatchConstraintProof& b = run.res.batch_proof;
  ASSERT_TRUE(verify(p, k.sorted, run.res.gkr_proof, b).has_value());
  size_t used = 0, unused = 0;
  for (size_t t = 0; t < k.sorted.size(); ++t) {
    const StarkVerifyingKey& vk = k.pk.per_air[k.sorted[t].air_index].vk;
    const bool rot = vk.params.need_rot;
    const size_t num_cached = vk.num_cached_mains();
    const bool has_pre = vk.params.width.preprocessed.has_value();
    for (size_t part = 0; part < b.column_openings[t].size(); ++part) {
      for (size_t idx = 0; idx < b.column_openings[t][part].size(); ++idx) {
        const size_t col = rot ? idx / 2 : idx;
        const size_t offset = rot ? idx % 2 : 0;
        SymbolicVariable var;
        var.index = col;
        if (part == 0) var.entry = Entry::main(num_cached, offset);
        else if (has_pre && part == 1) var.entry = Entry::preprocessed(offset);
        else var.entry = Entry::main(part - 1 - (has_pre ? 1 : 0), offset);
        const bool is_unused = std::find(vk.unused_variables.begin(), vk.unused_variables.end(), var) !=
                               vk.unused_variables.end();
        BatchConstraintProof bad = b;
        bad.column_openings[t][part][idx] += EF::one();
        const auto res = verify(p, k.sorted, run.res.gkr_proof, bad);
        if (is_unused) {
          ++unused;
          EXPECT_TRUE(res.has_value()) << "AIR " << t << " part " << part << " idx " << idx;
        } else {
          ++used;
          ASSERT_FALSE(res.has_value()) << "AIR " << t << " part " << part << " idx " << idx;
          EXPECT_EQ(res.error().kind, K::kInconsistentClaims);
        }
      }
    }
  }
  EXPECT_GT(used, 50u);
  EXPECT_GT(unused, 0u);
}

}  // namespace
}  // namespace swirl
