#include "swirl/backend/cpu/logup_gkr.h"

#include <omp.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/cpu/logup_input.h"
#include "swirl/backend/cpu/rap_air.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/protocol/logup.h"

namespace swirl::cpu {

namespace {

using EF = BabyBear4;
using Quad = LogupGkr::Quad;

// Below this many items a loop runs on the calling thread.
constexpr size_t kParallelMin = size_t{1} << 12;

SWIRL_HD inline Quad lerp(const Quad& a, const Quad& b, const EF& r) {
  return {a.p0 + (b.p0 - a.p0) * r, a.q0 + (b.q0 - a.q0) * r, a.p1 + (b.p1 - a.p1) * r, a.q1 + (b.q1 - a.q1) * r};
}

SWIRL_HD inline EF relation(const Quad& a, const EF& lambda) {
  return gkr_layer_relation(a.p0, a.q0, a.p1, a.q1, lambda);
}

// The round's three terms of one pair (lo, hi) with weight w: the relation
// at X = 0, 1, 2 (X = 2 is 2 hi - lo).
SWIRL_HD inline std::array<EF, 3> round_term(const Quad& lo, const Quad& hi, const EF& w, const EF& lambda) {
  const Quad two{hi.p0.doubled() - lo.p0, hi.q0.doubled() - lo.q0, hi.p1.doubled() - lo.p1, hi.q1.doubled() - lo.q1};
  return {w * relation(lo, lambda), w * relation(hi, lambda), w * relation(two, lambda)};
}

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

}  // namespace

LogupGkr::LogupGkr(std::vector<Frac> leaves) : leaves_(std::move(leaves)) {
  if (leaves_.empty() || !std::has_single_bit(leaves_.size()))
    throw std::invalid_argument("LogupGkr: " + std::to_string(leaves_.size()) + " leaves is not a power of two");
  n_ = static_cast<size_t>(std::countr_zero(leaves_.size()));
}

void LogupGkr::build_tree() {
  if (built_) return;
  built_ = true;
  layers_.resize(n_);
  for (size_t k = n_; k-- > 0;) {
    std::span<const Frac> below = layer(k + 1);
    layers_[k].resize(size_t{1} << k);
    std::vector<Frac>& cur = layers_[k];
    parallel_for(cur.size(), [&](size_t x) { cur[x] = below[2 * x] + below[2 * x + 1]; });
  }
}

std::span<const Frac> LogupGkr::layer(size_t k) const {
  return k == n_ ? std::span<const Frac>(leaves_) : std::span<const Frac>(layers_[k]);
}

Frac LogupGkr::root() {
  build_tree();
  return n_ == 0 ? leaves_[0] : layers_[0][0];
}

GkrLayerClaims LogupGkr::layer1_claims() {
  if (n_ == 0) throw std::invalid_argument("LogupGkr::layer1_claims: a single leaf has no layer 1");
  build_tree();
  std::span<const Frac> l1 = layer(1);
  return GkrLayerClaims{l1[0].p, l1[1].p, l1[0].q, l1[1].q};
}

Quad LogupGkr::child_quad(size_t x) const {
  std::span<const Frac> children = layer(j_);
  const Frac& a = children[2 * x];
  const Frac& b = children[2 * x + 1];
  return Quad{a.p, a.q, b.p, b.q};
}

void LogupGkr::begin_layer(size_t j, std::span<const BabyBear4> xi, const BabyBear4& lambda) {
  if (j < 2 || j > n_)
    throw std::invalid_argument("LogupGkr::begin_layer: layer " + std::to_string(j) + " outside [2, " +
                                std::to_string(n_) + "]");
  if (xi.size() != j - 1)
    throw std::invalid_argument("LogupGkr::begin_layer: xi has " + std::to_string(xi.size()) + " coordinates, layer " +
                                std::to_string(j) + " needs " + std::to_string(j - 1));
  build_tree();
  j_ = j;
  t_ = 0;
  lambda_ = lambda;
  // s'_t(X) = sum_y eq(xi_>t, y) relation(rho_<t, X, y): `eq_` holds
  // eq(xi_>t, .) and loses its low coordinate each round (summing pairs).
  eq_ = eq_table(xi.subspan(1));
  eq_next_.assign(eq_.size() / 2, EF::zero());
  cur_.assign(size_t{1} << (j - 2), Quad{});
  next_.assign(cur_.size() / 2, Quad{});
}

std::array<BabyBear4, 3> LogupGkr::round_sums() {
  const size_t m = j_ - 1;
  if (j_ == 0 || t_ >= m) throw std::invalid_argument("LogupGkr::round_sums: no open round");
  const size_t half = size_t{1} << (m - t_ - 1);  // points y of the remaining hypercube
  // Round 0 reads the children directly; later rounds read the folded quads.
  if (t_ == 0) return sum3(half, [&](size_t y) { return round_term(child_quad(2 * y), child_quad(2 * y + 1), eq_[y], lambda_); });
  return sum3(half, [&](size_t y) { return round_term(cur_[2 * y], cur_[2 * y + 1], eq_[y], lambda_); });
}

void LogupGkr::fold(const BabyBear4& r) {
  const size_t m = j_ - 1;
  if (j_ == 0 || t_ >= m) throw std::invalid_argument("LogupGkr::fold: no open round");
  const size_t half = size_t{1} << (m - t_ - 1);
  // Fold the columns by r and drop the eq table's low coordinate.
  if (t_ == 0) {
    parallel_for(half, [&](size_t y) { cur_[y] = lerp(child_quad(2 * y), child_quad(2 * y + 1), r); });
  } else {
    parallel_for(half, [&](size_t y) { next_[y] = lerp(cur_[2 * y], cur_[2 * y + 1], r); });
    std::swap(cur_, next_);
  }
  if (half > 1) {
    parallel_for(half / 2, [&](size_t y) { eq_next_[y] = eq_[2 * y] + eq_[2 * y + 1]; });
    std::swap(eq_, eq_next_);
  }
  ++t_;
}

GkrLayerClaims LogupGkr::layer_claims() {
  if (j_ == 0 || t_ != j_ - 1) throw std::invalid_argument("LogupGkr::layer_claims: the layer's rounds are not done");
  const Quad& fin = cur_[0];
  return GkrLayerClaims{fin.p0, fin.p1, fin.q0, fin.q1};
}

std::unique_ptr<LogupGkrStage> CpuBackend::logup_gkr(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                                     const BatchConstraintParams& params, std::span<const RapAir> airs,
                                                     const BabyBear4& alpha, const BabyBear4& beta) {
  const std::vector<HostRapAir> host = host_rap_airs(cpu_proving_key(pk, "CpuBackend::logup_gkr"), host_pk, airs,
                                                     "CpuBackend::logup_gkr");
  std::vector<Frac> leaves = logup_input_layer(params, host, alpha, beta);
  if (leaves.empty()) return nullptr;
  return std::make_unique<LogupGkr>(std::move(leaves));
}

}  // namespace swirl::cpu
