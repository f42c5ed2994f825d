#include "swirl/prover/logup_gkr.h"

#include <omp.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "swirl/poly/sumcheck.h"
#include "swirl/util/span.h"

namespace swirl {

namespace {

using EF = BabyBear4;

// Below this many items a loop runs on the calling thread.
constexpr size_t kParallelMin = size_t{1} << 12;

// The four columns of one GKR layer sumcheck at a point: the children's
// numerators and denominators, p_j(0, .), q_j(0, .), p_j(1, .), q_j(1, .).
struct Quad {
  EF p0, q0, p1, q1;
};

Quad lerp(const Quad& a, const Quad& b, const EF& r) {
  return {a.p0 + (b.p0 - a.p0) * r, a.q0 + (b.q0 - a.q0) * r, a.p1 + (b.p1 - a.p1) * r, a.q1 + (b.q1 - a.q1) * r};
}

// The layer relation batched with lambda: the parent's numerator
// p0 q1 + p1 q0 plus lambda times its denominator q0 q1.
EF layer_relation(const Quad& a, const EF& lambda) { return (a.p0 + lambda * a.q0) * a.q1 + a.p1 * a.q0; }

struct alignas(64) Partial3 {
  EF v[3];
};

// sum over y < n of term(y), for terms of three values, in parallel when
// large. Field addition is exact, so the order of the sum does not matter.
template <typename Term>
std::array<EF, 3> sum3(size_t n, const Term& term) {
  std::array<EF, 3> total{};
  if (n < kParallelMin) {
    for (size_t y = 0; y < n; ++y) {
      std::array<EF, 3> t = term(y);
      for (int i = 0; i < 3; ++i) total[i] += t[i];
    }
    return total;
  }
  std::vector<Partial3> partial(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    Partial3& acc = partial[static_cast<size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (size_t y = 0; y < n; ++y) {
      std::array<EF, 3> t = term(y);
      for (int i = 0; i < 3; ++i) acc.v[i] += t[i];
    }
  }
  for (const Partial3& p : partial)
    for (int i = 0; i < 3; ++i) total[i] += p.v[i];
  return total;
}

template <typename Body>
void parallel_for(size_t n, const Body& body) {
  if (n < kParallelMin) {
    for (size_t i = 0; i < n; ++i) body(i);
    return;
  }
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; ++i) body(i);
}

// eq(x, b) over b in {0,1}^n, parallel version of eq_hypercube_table.
std::vector<EF> eq_table(std::span<const EF> x) {
  std::vector<EF> out(size_t{1} << x.size());
  out[0] = EF::one();
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t half = size_t{1} << i;
    const EF xi = x[i];
    parallel_for(half, [&](size_t b) {
      const EF hi = out[b] * xi;
      out[b + half] = hi;
      out[b] = out[b] - hi;
    });
  }
  return out;
}

void observe_claims(Transcript& t, const GkrLayerClaims& c) {
  // The transcript order differs from the struct order.
  t.observe_ext(c.p_xi_0);
  t.observe_ext(c.q_xi_0);
  t.observe_ext(c.p_xi_1);
  t.observe_ext(c.q_xi_1);
}

// One GKR layer: the sumcheck of
//   sum_y eq(xi, y) [p_hat(xi) + lambda q_hat(xi) relation at y]
// over m = xi.size() variables, where the columns at index x are
// children[2x] (child bit 0) and children[2x + 1] (child bit 1). Observes each
// round polynomial at 1, 2, 3 and samples the round challenge. Returns the
// children's values at the final point rho (the layer claims) and rho.
struct LayerOutcome {
  GkrLayerClaims claims;
  std::vector<EF> rho;
  std::vector<std::array<EF, 3>> round_polys;
};

LayerOutcome prove_layer(Transcript& transcript, std::span<const Frac> children, std::span<const EF> xi,
                         const EF& lambda) {
  const size_t m = xi.size();
  LayerOutcome out;
  out.rho.reserve(m);
  out.round_polys.reserve(m);

  // s_t(X) = eq(xi_<t, rho_<t) * eq1(xi_t, X) * s'_t(X) with
  // s'_t(X) = sum_y eq(xi_>t, y) relation(rho_<t, X, y): eq_acc carries the
  // first factor, `eq` holds eq(xi_>t, .) and loses its low coordinate each
  // round (summing pairs), so s'_t has degree 2 and three values fix it.
  std::vector<EF> eq = eq_table(xi.subspan(1));
  std::vector<EF> eq_next(eq.size() / 2);
  EF eq_acc = EF::one();

  // Round 0 reads the children directly; later rounds read the folded quads.
  std::vector<Quad> cur(size_t{1} << (m - 1)), next(cur.size() / 2);
  auto child_quad = [&](size_t x) {
    const Frac& a = children[2 * x];
    const Frac& b = children[2 * x + 1];
    return Quad{a.p, a.q, b.p, b.q};
  };

  for (size_t t = 0; t < m; ++t) {
    const size_t half = size_t{1} << (m - t - 1);  // points y of the remaining hypercube
    auto term = [&](const Quad& lo, const Quad& hi, const EF& w) {
      Quad two{hi.p0.doubled() - lo.p0, hi.q0.doubled() - lo.q0, hi.p1.doubled() - lo.p1, hi.q1.doubled() - lo.q1};
      return std::array<EF, 3>{w * layer_relation(lo, lambda), w * layer_relation(hi, lambda),
                               w * layer_relation(two, lambda)};
    };
    std::array<EF, 3> sp;  // s'_t at 0, 1, 2
    if (t == 0) {
      sp = sum3(half, [&](size_t y) { return term(child_quad(2 * y), child_quad(2 * y + 1), eq[y]); });
    } else {
      sp = sum3(half, [&](size_t y) { return term(cur[2 * y], cur[2 * y + 1], eq[y]); });
    }
    const EF sp3 = extrapolate_quadratic_to_3(sp[0], sp[1], sp[2]);
    const EF one = EF::one();
    const EF two = one.doubled();
    const EF three = two + one;
    std::array<EF, 3> s = {eq_acc * eq1(xi[t], one) * sp[1], eq_acc * eq1(xi[t], two) * sp[2],
                           eq_acc * eq1(xi[t], three) * sp3};
    for (const EF& v : s) transcript.observe_ext(v);
    out.round_polys.push_back(s);
    const EF r = transcript.sample_ext();
    out.rho.push_back(r);
    eq_acc *= eq1(xi[t], r);

    // Fold the columns by r and drop the eq table's low coordinate.
    if (t == 0) {
      parallel_for(half, [&](size_t y) { cur[y] = lerp(child_quad(2 * y), child_quad(2 * y + 1), r); });
    } else {
      parallel_for(half, [&](size_t y) { next[y] = lerp(cur[2 * y], cur[2 * y + 1], r); });
      std::swap(cur, next);
    }
    if (half > 1) {
      parallel_for(half / 2, [&](size_t y) { eq_next[y] = eq[2 * y] + eq[2 * y + 1]; });
      std::swap(eq, eq_next);
    }
  }
  const Quad& fin = cur[0];
  out.claims = GkrLayerClaims{fin.p0, fin.p1, fin.q0, fin.q1};
  return out;
}

}  // namespace

LogupChallenges logup_grind_and_sample(Transcript& transcript, int pow_bits, int threads) {
  LogupChallenges c;
  c.pow_witness = transcript.grind(pow_bits, threads);
  c.alpha = transcript.sample_ext();
  c.beta = transcript.sample_ext();
  return c;
}

FractionalSumcheckResult prove_fractional_sumcheck(Transcript& transcript, std::span<const Frac> leaves,
                                                   bool assert_zero) {
  ScopedSpan span("logup_gkr");  // the reference's span; inert without a collector
  FractionalSumcheckResult res;
  if (leaves.empty()) {
    res.root = Frac{EF::zero(), EF::one()};
    res.p_at_xi = EF::zero();
    res.q_at_xi = EF::one();
    return res;
  }
  if (!std::has_single_bit(leaves.size()))
    throw std::invalid_argument("prove_fractional_sumcheck: " + std::to_string(leaves.size()) +
                                " leaves is not a power of two");
  const size_t n = static_cast<size_t>(std::countr_zero(leaves.size()));

  // The tree above the leaves: layers[k] has 2^k nodes, layers[n] would be
  // the leaves themselves (not copied).
  std::vector<std::vector<Frac>> layers(n);
  for (size_t k = n; k-- > 0;) {
    std::span<const Frac> below = k + 1 == n ? leaves : std::span<const Frac>(layers[k + 1]);
    layers[k].resize(size_t{1} << k);
    std::vector<Frac>& cur = layers[k];
    parallel_for(cur.size(), [&](size_t x) { cur[x] = below[2 * x] + below[2 * x + 1]; });
  }
  const Frac root = n == 0 ? leaves[0] : layers[0][0];
  if (assert_zero && !root.p.is_zero())
    throw std::invalid_argument("prove_fractional_sumcheck: the fractions do not sum to zero");
  res.root = root;
  if (!assert_zero) transcript.observe_ext(root.p);
  transcript.observe_ext(root.q);
  if (n == 0) {
    res.p_at_xi = root.p;
    res.q_at_xi = root.q;
    return res;
  }
  auto layer = [&](size_t k) { return k == n ? leaves : std::span<const Frac>(layers[k]); };

  // Layer 1: its two nodes are the claims directly.
  std::span<const Frac> l1 = layer(1);
  GkrLayerClaims claims{l1[0].p, l1[1].p, l1[0].q, l1[1].q};
  observe_claims(transcript, claims);
  res.claims_per_layer.push_back(claims);
  EF mu = transcript.sample_ext();
  std::vector<EF> xi = {mu};

  // Layers 2..n: a sumcheck over the parent layer's j - 1 variables.
  for (size_t j = 2; j <= n; ++j) {
    const EF lambda = transcript.sample_ext();
    LayerOutcome lo = prove_layer(transcript, layer(j), xi, lambda);
    observe_claims(transcript, lo.claims);
    res.claims_per_layer.push_back(lo.claims);
    res.sumcheck_polys.push_back(std::move(lo.round_polys));
    mu = transcript.sample_ext();
    xi.clear();
    xi.push_back(mu);
    xi.insert(xi.end(), lo.rho.begin(), lo.rho.end());
  }
  const GkrLayerClaims& last = res.claims_per_layer.back();
  res.p_at_xi = interpolate_linear_01(last.p_xi_0, last.p_xi_1, mu);
  res.q_at_xi = interpolate_linear_01(last.q_xi_0, last.q_xi_1, mu);
  res.xi = std::move(xi);
  return res;
}

GkrProof make_gkr_proof(const LogupChallenges& challenges, const FractionalSumcheckResult& result) {
  GkrProof p;
  p.logup_pow_witness = challenges.pow_witness;
  p.q0_claim = result.root.q;
  p.claims_per_layer = result.claims_per_layer;
  p.sumcheck_polys = result.sumcheck_polys;
  return p;
}

void extend_xi(Transcript& transcript, std::vector<BabyBear4>& xi, size_t length) {
  if (xi.size() > length)
    throw std::invalid_argument("extend_xi: xi already has " + std::to_string(xi.size()) + " > " +
                                std::to_string(length) + " coordinates");
  while (xi.size() < length) xi.push_back(transcript.sample_ext());
}

}  // namespace swirl
