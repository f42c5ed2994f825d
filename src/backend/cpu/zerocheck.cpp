// Structure: per present AIR its flat columns (backend/cpu/air_ctx.h), every
// one handled alike: extended to the round-0 cosets, folded at r_0, then
// folded round by round.
//  * round 0: per AIR the polynomials sp_zc, sp_p, sp_q from values on cosets
//    of D (the eq products and the mu batching are the coordinator's).
//  * MLE rounds: head AIRs evaluated at X = 1..d, the AIR whose folds just
//    ended at its folded point.
#include "swirl/backend/cpu/zerocheck.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "backend/cpu/air_ctx.h"
#include "swirl/field/powers.h"
#include "swirl/poly/coset_extend.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/protocol/zerocheck_math.h"

namespace swirl::cpu {
namespace {

using namespace rap;

// Adds `src` into `dst` element-wise (thread reductions; field sums are exact,
// so the order of the additions does not change the result).
void add_into(std::vector<EF>& dst, const std::vector<EF>& src) {
  for (size_t i = 0; i < dst.size(); ++i) dst[i] += src[i];
}

// Round 0 of one AIR: sp_zc (d_T (N-1) + 1 coefficients), sp_p, sp_q
// (d (N-1) + 1 coefficients, numerator already normalised).
ZerocheckRound0Air round0_air(int l, size_t d, const AirCtx& a, const std::vector<EF>& xi, const Combiner& comb) {
  const size_t N = size_t{1} << l;
  const size_t dt = a.in->shape.constraint_degree;
  const bool has_int = !a.air->interactions().empty();
  const ZerocheckCosets cosets = zerocheck_round0_cosets(dt, has_int);
  const size_t m_zc = cosets.zc, m_lu = cosets.lu, m = cosets.max();
  ZerocheckRound0Air out;
  if (m == 0) {
    zerocheck_round0_polys(l, d, dt, has_int, {}, {}, {}, a.norm, out.zc, out.p, out.q);
    return out;
  }
  const std::vector<EF> eqx =
      eq_hypercube_table<EF>(std::span<const EF>(xi.data() + l, a.n_lift));
  const size_t pts = m * N;
  const SkipCosetExtender extender(l, m);
  std::vector<EF> acc_zc(pts, EF::zero()), acc_p(pts, EF::zero()), acc_q(pts, EF::zero());
#pragma omp parallel if (eqx.size() * N * a.ncols >= kParallelWork)
  {
    std::vector<EF> lzc(pts, EF::zero()), lp(pts, EF::zero()), lq(pts, EF::zero());
    constexpr size_t kGroup = 16;  // columns transposed together (one cache line of F)
    constexpr size_t kPts = 16;     // points per DAG evaluation
    std::vector<F> blk(N * kGroup), tmp(N * kGroup), out(kGroup * pts), ext(a.ncols * pts);
    std::vector<F> nodes(a.air->num_nodes() * kPts), nvals(has_int ? a.air->num_nodes() : 0);
    std::vector<WindowBuilder<F>> wbs(kPts);
    std::vector<RowWindow<F>> wins(kPts);
    const auto cidx = a.air->constraint_nodes();
#pragma omp for schedule(static)
    for (int64_t xx = 0; xx < static_cast<int64_t>(eqx.size()); ++xx) {
      const size_t x = static_cast<size_t>(xx);
      // values on the cosets: ext[c][cos * N + z] = column c's extension at g^{1+cos} omega^z
      // (point-major, so one point's row is contiguous for the evaluator)
      for (size_t c0 = 0; c0 < a.ncols; c0 += kGroup) {
        const size_t g = std::min(kGroup, a.ncols - c0);
        F col[64];
        for (size_t c = 0; c < kGroup; ++c) {
          if (c < g) {
            if (c0 + c + 8 < a.ncols) a.prefetch(c0 + c + 8, x * N, N);
            for (size_t k0 = 0; k0 < N; k0 += 64) {
              const size_t cnt = std::min<size_t>(64, N - k0);
              a.gather(c0 + c, x * N + k0, cnt, col);
              for (size_t k = 0; k < cnt; ++k) blk[(k0 + k) * kGroup + c] = col[k];
            }
          } else {
            for (size_t k = 0; k < N; ++k) blk[k * kGroup + c] = F::zero();
          }
        }
        extender.extend(blk.data(), out.data(), tmp.data(), kGroup);
        for (size_t pt = 0; pt < pts; ++pt) {
          F* dst = ext.data() + pt * a.ncols + c0;
          const F* src = out.data() + pt * kGroup;
          for (size_t c = 0; c < g; ++c) dst[c] = src[c];
        }
      }
      const EF e = eqx[x];
      // kPts points per evaluation (node-major node values: nodes[i * g + p]).
      for (size_t pt0 = 0; pt0 < pts; pt0 += kPts) {
        const size_t g = std::min(kPts, pts - pt0);
        for (size_t p = 0; p < g; ++p) {
          wbs[p].build(a, ext.data() + (pt0 + p) * a.ncols);
          wins[p] = wbs[p].w;
        }
        a.air->eval_many(std::span<const RowWindow<F>>(wins.data(), g), nodes.data());
        if (pt0 / N < m_zc) {
          // sum_k lambda^k c_k per point, one base-field coordinate of
          // lambda^k at a time (four loops over the points that vectorise).
          F zc[4][kPts] = {};
          for (size_t k = 0; k < cidx.size(); ++k) {
            const EF lk = (*comb.lambda_pows)[k];
            const F* row = nodes.data() + size_t{cidx[k]} * g;
            for (int i = 0; i < 4; ++i) {
              const F li = lk[i];
              for (size_t p = 0; p < g; ++p) zc[i][p] += li * row[p];
            }
          }
          for (size_t p = 0; p < g; ++p)
            if ((pt0 + p) / N < m_zc) lzc[pt0 + p] += e * EF(zc[0][p], zc[1][p], zc[2][p], zc[3][p]);
        }
        for (size_t p = 0; p < g && has_int; ++p) {
          if ((pt0 + p) / N >= m_lu) continue;
          for (size_t i = 0; i < nvals.size(); ++i) nvals[i] = nodes[i * g + p];
          EF num, den;
          comb.interactions(*a.air, a.eq3b, nvals.data(), num, den);
          lp[pt0 + p] += e * num;
          lq[pt0 + p] += e * den;
        }
      }
    }
#pragma omp critical
    {
      add_into(acc_zc, lzc);
      add_into(acc_p, lp);
      add_into(acc_q, lq);
    }
  }
  zerocheck_round0_polys(l, d, dt, has_int, std::span<const EF>(acc_zc.data(), m_zc * N),
                         std::span<const EF>(acc_p.data(), m_lu * N), std::span<const EF>(acc_q.data(), m_lu * N),
                         a.norm, out.zc, out.p, out.q);
  return out;
}

// The folded columns of one AIR (column-major, ncols x height) in EF.
struct Folded {
  size_t height = 0;
  std::vector<EF> v;
  EF at(size_t c, size_t i) const { return v[c * height + i]; }
};

Folded rap_fold_round0(int l, const AirCtx& a, const std::vector<EF>& lw) {
  const size_t N = size_t{1} << l;
  Folded f;
  f.height = size_t{1} << a.n_lift;
  f.v.assign(a.ncols * f.height, EF::zero());
#pragma omp parallel for schedule(static) if (a.ncols * f.height * N >= kParallelWork)
  for (int64_t cc = 0; cc < static_cast<int64_t>(a.ncols); ++cc) {
    const size_t c = static_cast<size_t>(cc);
    for (size_t x = 0; x < f.height; ++x) {
      EF acc = EF::zero();
      F blk[64];
      for (size_t k0 = 0; k0 < N; k0 += 64) {
        const size_t cnt = std::min<size_t>(64, N - k0);
        a.gather(c, x * N + k0, cnt, blk);
        for (size_t k = 0; k < cnt; ++k) acc += lw[k0 + k] * blk[k];
      }
      f.v[c * f.height + x] = acc;
    }
  }
  return f;
}

void fold_mle(Folded& f, size_t ncols, const EF& r) {
  if (f.height <= 1) return;
  const size_t hh = f.height / 2;
  std::vector<EF> out(ncols * hh);
#pragma omp parallel for schedule(static) if (ncols * hh >= kParallelWork)
  for (int64_t cc = 0; cc < static_cast<int64_t>(ncols); ++cc) {
    const size_t c = static_cast<size_t>(cc);
    for (size_t y = 0; y < hh; ++y) {
      const EF t0 = f.v[c * f.height + 2 * y], t1 = f.v[c * f.height + 2 * y + 1];
      out[c * hh + y] = t0 + (t1 - t0) * r;
    }
  }
  f.v = std::move(out);
  f.height = hh;
}

// One head AIR in MLE round j: sums at X = 1..d of the zerocheck and the
// interaction numerator / denominator.
void mle_round_air(size_t d, int l, size_t j, const AirCtx& a, const Folded& f, const std::vector<EF>& xi,
                   const Combiner& comb, std::vector<EF>& zc, std::vector<EF>& p, std::vector<EF>& q) {
  const size_t ny = f.height / 2;
  const std::vector<EF> eqy = eq_hypercube_table<EF>(std::span<const EF>(xi.data() + l + j, a.n_lift - j));
  zc.assign(d, EF::zero());
  p.assign(d, EF::zero());
  q.assign(d, EF::zero());
  const bool has_int = !a.air->interactions().empty();
#pragma omp parallel if (ny * a.ncols >= kParallelWork / 4)
  {
    std::vector<EF> lzc(d, EF::zero()), lp(d, EF::zero()), lq(d, EF::zero());
    // The d points X = 1..d of one pair are evaluated together (node-major
    // node values: nodes[i * d + X - 1]).
    std::vector<EF> vals(d * a.ncols), nodes(a.air->num_nodes() * d), nvals(has_int ? a.air->num_nodes() : 0);
    std::vector<WindowBuilder<EF>> wbs(d);
    std::vector<RowWindow<EF>> wins(d);
    const auto cidx = a.air->constraint_nodes();
    std::vector<EF> zcx(d);
#pragma omp for schedule(static)
    for (int64_t yy = 0; yy < static_cast<int64_t>(ny); ++yy) {
      const size_t y = static_cast<size_t>(yy);
      for (size_t c = 0; c < a.ncols; ++c) {
        const EF t0 = f.at(c, 2 * y), t1 = f.at(c, 2 * y + 1);
        const EF diff = t1 - t0;
        EF v = t1;  // X = 1
        for (size_t X = 0; X < d; ++X, v += diff) vals[X * a.ncols + c] = v;
      }
      for (size_t X = 0; X < d; ++X) {
        wbs[X].build(a, vals.data() + X * a.ncols);
        wins[X] = wbs[X].w;
      }
      a.air->eval_many(std::span<const RowWindow<EF>>(wins.data(), d), nodes.data());
      const EF e = eqy[y];
      for (size_t X = 0; X < d; ++X) zcx[X] = EF::zero();
      for (size_t k = 0; k < cidx.size(); ++k) {
        const EF lk = (*comb.lambda_pows)[k];
        const EF* row = nodes.data() + size_t{cidx[k]} * d;
        for (size_t X = 0; X < d; ++X) zcx[X] += lk * row[X];
      }
      for (size_t X = 0; X < d; ++X) lzc[X] += e * zcx[X];
      if (has_int) {
        for (size_t X = 0; X < d; ++X) {
          for (size_t i = 0; i < nvals.size(); ++i) nvals[i] = nodes[i * d + X];
          EF num, den;
          comb.interactions(*a.air, a.eq3b, nvals.data(), num, den);
          lp[X] += e * num;
          lq[X] += e * den;
        }
      }
    }
#pragma omp critical
    {
      add_into(zc, lzc);
      add_into(p, lp);
      add_into(q, lq);
    }
  }
  for (auto& v : p) v = v * a.norm;
}


}  // namespace

struct Zerocheck::Impl {
  BatchConstraintParams params;
  std::vector<HostRapAir> airs;
  std::vector<AirCtx> ctxs;
  std::vector<EF> xi, lambda_pows, beta_pows;
  Combiner comb;
  std::vector<Folded> folded;
  bool have_round0 = false, have_folded = false;
};

Zerocheck::Zerocheck(const BatchConstraintParams& params, std::vector<HostRapAir> airs)
    : impl_(std::make_unique<Impl>()) {
  impl_->params = params;
  impl_->airs = std::move(airs);
  impl_->ctxs = make_contexts(params, impl_->airs, "Zerocheck");
}

Zerocheck::~Zerocheck() = default;

std::vector<ZerocheckRound0Air> Zerocheck::round0(const ZerocheckChallenges& ch) {
  Impl& s = *impl_;
  const int l = s.params.l_skip;
  const size_t d = s.params.max_constraint_degree;
  const size_t A = s.ctxs.size();
  const size_t n_max = s.ctxs[0].n_lift;
  if (ch.xi.size() < static_cast<size_t>(l) + n_max)
    throw std::invalid_argument("Zerocheck::round0: xi has " + std::to_string(ch.xi.size()) + " < l_skip + n_max coordinates");
  if (ch.eq3b.size() != A)
    throw std::invalid_argument("Zerocheck::round0: eq3b for " + std::to_string(ch.eq3b.size()) + " AIRs, expected " +
                                std::to_string(A));
  size_t max_len = 0, max_constraints = 0;
  for (size_t t = 0; t < A; ++t) {
    AirCtx& a = s.ctxs[t];
    if (ch.eq3b[t].size() != a.air->interactions().size())
      throw std::invalid_argument("Zerocheck::round0: AIR " + std::to_string(t) + " has " +
                                  std::to_string(ch.eq3b[t].size()) + " eq3b weights for " +
                                  std::to_string(a.air->interactions().size()) + " interactions");
    a.eq3b = ch.eq3b[t];
    for (const auto& it : a.air->interactions()) max_len = std::max(max_len, it.message.size());
    max_constraints = std::max(max_constraints, a.air->constraint_nodes().size());
  }
  s.xi.assign(ch.xi.begin(), ch.xi.end());
  s.lambda_pows = powers(ch.lambda, max_constraints);
  s.beta_pows = powers(ch.beta, max_len + 1);
  s.comb = Combiner{&s.lambda_pows, &s.beta_pows};
  std::vector<ZerocheckRound0Air> out(A);
  for (size_t t = 0; t < A; ++t) out[t] = round0_air(l, d, s.ctxs[t], s.xi, s.comb);
  s.have_round0 = true;
  return out;
}

void Zerocheck::fold_round0(const BabyBear4& r0) {
  Impl& s = *impl_;
  if (!s.have_round0) throw std::invalid_argument("Zerocheck::fold_round0: round0 has not run");
  const std::vector<EF> lw = skip_lagrange_weights<EF>(s.params.l_skip, r0);
  s.folded.assign(s.ctxs.size(), Folded{});
  for (size_t t = 0; t < s.ctxs.size(); ++t) s.folded[t] = rap_fold_round0(s.params.l_skip, s.ctxs[t], lw);
  s.have_folded = true;
}

std::vector<ZerocheckRoundAir> Zerocheck::mle_round(size_t j) {
  Impl& s = *impl_;
  const size_t n_max = s.ctxs[0].n_lift;
  if (!s.have_folded) throw std::invalid_argument("Zerocheck::mle_round: fold_round0 has not run");
  if (j < 1 || j > n_max)
    throw std::invalid_argument("Zerocheck::mle_round: round " + std::to_string(j) + " outside [1, " +
                                std::to_string(n_max) + "]");
  const int l = s.params.l_skip;
  const size_t d = s.params.max_constraint_degree;
  std::vector<ZerocheckRoundAir> out(s.ctxs.size());
  for (size_t t = 0; t < s.ctxs.size(); ++t) {
    const AirCtx& a = s.ctxs[t];
    ZerocheckRoundAir& o = out[t];
    if (a.n_lift >= j) {
      mle_round_air(d, l, j, a, s.folded[t], s.xi, s.comb, o.zc, o.p, o.q);
    } else if (j == a.n_lift + 1) {
      std::vector<EF> vals(a.ncols), nodes(a.air->num_nodes());
      for (size_t c = 0; c < a.ncols; ++c) vals[c] = s.folded[t].at(c, 0);
      WindowBuilder<EF> wb;
      wb.build(a, vals.data());
      a.air->eval(wb.w, nodes.data());
      o.at_point = true;
      o.point_zc = s.comb.constraints(*a.air, nodes.data());
      o.point_p = o.point_q = EF::zero();
      if (!a.air->interactions().empty()) {
        EF num, den;
        s.comb.interactions(*a.air, a.eq3b, nodes.data(), num, den);
        o.point_p = num * a.norm;
        o.point_q = den;
      }
    }
  }
  return out;
}

void Zerocheck::fold(const BabyBear4& r) {
  Impl& s = *impl_;
  if (!s.have_folded) throw std::invalid_argument("Zerocheck::fold: fold_round0 has not run");
  for (size_t t = 0; t < s.ctxs.size(); ++t) fold_mle(s.folded[t], s.ctxs[t].ncols, r);
}

std::vector<std::vector<std::vector<BabyBear4>>> Zerocheck::column_openings() {
  Impl& s = *impl_;
  if (!s.have_folded) throw std::invalid_argument("Zerocheck::column_openings: fold_round0 has not run");
  std::vector<std::vector<std::vector<BabyBear4>>> all;
  // Per AIR, part order [common, preprocessed, cached...].
  for (size_t t = 0; t < s.ctxs.size(); ++t) {
    const AirCtx& a = s.ctxs[t];
    std::vector<size_t> order{a.parts.size() - 1};
    if (a.in->shape.has_preprocessed) order.push_back(0);
    for (size_t p = a.first_main; p + 1 < a.parts.size(); ++p) order.push_back(p);
    std::vector<std::vector<EF>> per_part;
    for (size_t p : order) {
      std::vector<EF> o;
      for (size_t c = 0; c < a.parts[p]->width(); ++c) {
        o.push_back(s.folded[t].at(a.local_off[p] + c, 0));
        if (a.rot) o.push_back(s.folded[t].at(a.next_off[p] + c, 0));
      }
      per_part.push_back(std::move(o));
    }
    all.push_back(std::move(per_part));
  }
  return all;
}

std::unique_ptr<ZerocheckStage> CpuBackend::zerocheck(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                                      const BatchConstraintParams& params,
                                                      std::span<const RapAir> airs) {
  return std::make_unique<Zerocheck>(
      params, host_rap_airs(cpu_proving_key(pk, "CpuBackend::zerocheck"), host_pk, airs, "CpuBackend::zerocheck"));
}

}  // namespace swirl::cpu
