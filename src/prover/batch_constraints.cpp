// The batched constraint sumcheck prover (docs/protocol.md, "Batch constraint
// sumcheck"). Structure:
//  * AirCtx: per present AIR, its "flat columns": the three selectors
//    [is_first, is_transition, is_last], then per trace part (preprocessed,
//    cached mains, common main) its local columns and, with rotations, its
//    next-row columns. Every flat column is handled alike: extended to the
//    round-0 cosets, folded at r_0, then folded round by round.
//  * round 0: per AIR the polynomials sp_zc, sp_p, sp_q from values on cosets
//    of D, then the eq products and the mu batching.
//  * MLE rounds: head AIRs evaluated at X = 1..d, tail AIRs as constants.
#include "swirl/prover/batch_constraints.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "swirl/field/batch_inverse.h"
#include "swirl/field/powers.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/protocol/logup.h"
#include "swirl/prover/logup_gkr.h"
#include "swirl/util/bits.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

// Below this many cell operations a loop runs on the calling thread: waking a
// team costs more than the work (and much more on a loaded machine).
constexpr size_t kParallelWork = size_t{1} << 14;

int checked_log2_height(size_t v, const char* what) {
  const int l = log2_exact(v);
  if (l < 0) throw std::invalid_argument(std::string(what) + ": height " + std::to_string(v) + " is not a power of two");
  return l;
}

struct AirCtx {
  const BatchAirInput* in = nullptr;
  const AirConstraints* air = nullptr;
  int log_h = 0;
  size_t h = 0;
  int n = 0;  // log_h - l_skip, may be negative
  size_t n_lift = 0;
  bool rot = false;
  // Parts in flat order: [preprocessed], cached..., common.
  std::vector<const ColMajorMatrix<F>*> parts;
  std::vector<size_t> local_off, next_off;  // per part, flat column offsets
  size_t ncols = 0;
  size_t nmain = 0;     // main parts (cached + common)
  size_t first_main = 0;  // index in `parts` of the first main part
  F norm;               // 2^{-max(0, -n)}
  std::vector<EF> eq3b;  // per interaction
  // Per flat column >= 3: the column's values and its row offset (0 or 1).
  std::vector<const F*> src;
  std::vector<uint8_t> src_off;

  void index_sources() {
    src.assign(ncols, nullptr);
    src_off.assign(ncols, 0);
    for (size_t p = 0; p < parts.size(); ++p) {
      for (size_t c = 0; c < parts[p]->width(); ++c) {
        src[local_off[p] + c] = parts[p]->column(c).data();
        if (rot) {
          src[next_off[p] + c] = parts[p]->column(c).data();
          src_off[next_off[p] + c] = 1;
        }
      }
    }
  }
  // Values of flat column c at lifted rows start .. start + count - 1.
  void gather(size_t c, size_t start, size_t count, F* out) const {
    const size_t mask = h - 1;
    if (c < 3) {
      for (size_t k = 0; k < count; ++k) out[k] = selector_value(c, start + k);
      return;
    }
    const F* col = src[c];
    const size_t off = src_off[c];
    for (size_t k = 0; k < count; ++k) out[k] = col[(start + k + off) & mask];
  }
  // Hints rows start .. start + count - 1 of flat column c into cache. Round
  // 0 reads one cache line from each of thousands of columns per block, more
  // streams than the hardware prefetcher follows, so the gather prefetches a
  // few columns ahead.
  void prefetch(size_t c, size_t start, size_t count) const {
    if (c < 3 || start >= h) return;
    for (size_t k = 0; k < count; k += 16) __builtin_prefetch(src[c] + ((start + k) & (h - 1)));
  }

  // Value of selector c (0 is_first, 1 is_transition, 2 is_last) at lifted
  // row i: the lift repeats the trace, so row i is row i mod h.
  F selector_value(size_t c, size_t i) const {
    const size_t r = i % h;
    if (c == 0) return r == 0 ? F::one() : F::zero();
    if (c == 1) return r == h - 1 ? F::zero() : F::one();
    return r == h - 1 ? F::one() : F::zero();
  }
};

// Builds a RowWindow over a flat row of values.
template <typename T>
struct WindowBuilder {
  std::vector<const T*> loc, nxt;
  RowWindow<T> w;
  void build(const AirCtx& a, const T* vals) {
    loc.resize(a.nmain);
    nxt.resize(a.nmain);
    w.is_first_row = vals[0];
    w.is_transition = vals[1];
    w.is_last_row = vals[2];
    if (a.in->shape.has_preprocessed) {
      w.preprocessed_local = vals + a.local_off[0];
      w.preprocessed_next = a.rot ? vals + a.next_off[0] : nullptr;
    } else {
      w.preprocessed_local = w.preprocessed_next = nullptr;
    }
    for (size_t k = 0; k < a.nmain; ++k) {
      const size_t p = a.first_main + k;
      loc[k] = vals + a.local_off[p];
      nxt[k] = a.rot ? vals + a.next_off[p] : nullptr;
    }
    w.main_local = std::span<const T* const>(loc.data(), loc.size());
    w.main_next = std::span<const T* const>(nxt.data(), nxt.size());
    w.public_values = a.in->public_values;
  }
};

// Per-row combination of node values: the lambda-batched constraints and the
// eq3b-weighted interaction numerator and denominator (without alpha).
struct Combiner {
  const std::vector<EF>* lambda_pows = nullptr;
  const std::vector<EF>* beta_pows = nullptr;

  template <typename T>
  EF constraints(const AirConstraints& air, const T* nodes) const {
    EF acc = EF::zero();
    const auto idx = air.constraint_nodes();
    for (size_t k = 0; k < idx.size(); ++k) acc += (*lambda_pows)[k] * nodes[idx[k]];
    return acc;
  }
  // h_beta(message, bus) = sum_j beta^j m_j + beta^len (bus + 1).
  template <typename T>
  EF hash(const InteractionNodes& it, const T* nodes) const {
    EF acc = (*beta_pows)[it.message.size()] * F::from_u64(uint64_t{it.bus_index} + 1);
    for (size_t j = 0; j < it.message.size(); ++j) acc += (*beta_pows)[j] * nodes[it.message[j]];
    return acc;
  }
  template <typename T>
  void interactions(const AirConstraints& air, const std::vector<EF>& eq3b, const T* nodes, EF& num, EF& den) const {
    num = EF::zero();
    den = EF::zero();
    const auto its = air.interactions();
    for (size_t i = 0; i < its.size(); ++i) {
      num += eq3b[i] * nodes[its[i].count];
      den += eq3b[i] * hash(its[i], nodes);
    }
  }
};

std::vector<EF> poly_mul(std::span<const EF> a, std::span<const EF> b, size_t keep) {
  std::vector<EF> out(keep, EF::zero());
  for (size_t i = 0; i < a.size() && i < keep; ++i)
    for (size_t j = 0; j < b.size() && i + j < keep; ++j) out[i + j] += a[i] * b[j];
  return out;
}

// Adds `src` into `dst` element-wise (thread reductions; field sums are exact,
// so the order of the additions does not change the result).
void add_into(std::vector<EF>& dst, const std::vector<EF>& src) {
  for (size_t i = 0; i < dst.size(); ++i) dst[i] += src[i];
}

std::vector<AirCtx> make_contexts(const BatchConstraintParams& params, std::span<const BatchAirInput> airs) {
  if (airs.empty()) throw std::invalid_argument("prove_zerocheck_and_logup: no present AIR");
  const int l = params.l_skip;
  std::vector<AirCtx> ctxs(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    const BatchAirInput& in = airs[t];
    AirCtx& a = ctxs[t];
    a.in = &in;
    a.air = in.air;
    if (!in.air || !in.common_main) throw std::invalid_argument("prove_zerocheck_and_logup: AIR " + std::to_string(t) + " lacks constraints or common main");
    if (in.shape.constraint_degree > params.max_constraint_degree)
      throw std::invalid_argument("prove_zerocheck_and_logup: AIR " + std::to_string(t) + " has degree " +
                                  std::to_string(in.shape.constraint_degree) + " above max_constraint_degree");
    a.h = in.common_main->height();
    a.log_h = checked_log2_height(a.h, "prove_zerocheck_and_logup");
    if (t > 0 && a.log_h > ctxs[t - 1].log_h) throw std::invalid_argument("prove_zerocheck_and_logup: AIRs not sorted by height");
    a.n = a.log_h - l;
    a.n_lift = static_cast<size_t>(std::max(a.n, 0));
    a.rot = in.shape.need_rot;
    a.norm = F::one();
    for (int i = 0; i < std::max(0, -a.n); ++i) a.norm = a.norm.halve();
    if (in.shape.has_preprocessed != (in.preprocessed != nullptr)) throw std::invalid_argument("prove_zerocheck_and_logup: preprocessed trace presence differs from the shape");
    if (in.public_values.size() != in.shape.num_public_values)
      throw std::invalid_argument("prove_zerocheck_and_logup: AIR " + std::to_string(t) + " has " +
                                  std::to_string(in.public_values.size()) + " public values, its shape says " +
                                  std::to_string(in.shape.num_public_values));
    if (in.cached.size() != in.shape.cached_widths.size()) throw std::invalid_argument("prove_zerocheck_and_logup: cached part count differs from the shape");
    if (in.preprocessed) a.parts.push_back(in.preprocessed);
    a.first_main = a.parts.size();
    for (const auto* c : in.cached) a.parts.push_back(c);
    a.parts.push_back(in.common_main);
    a.nmain = a.parts.size() - a.first_main;
    std::vector<size_t> widths;
    if (in.preprocessed) widths.push_back(in.shape.preprocessed_width);
    for (size_t w : in.shape.cached_widths) widths.push_back(w);
    widths.push_back(in.shape.common_main_width);
    size_t off = 3;
    for (size_t p = 0; p < a.parts.size(); ++p) {
      if (!a.parts[p] || a.parts[p]->width() != widths[p] || a.parts[p]->height() != a.h)
        throw std::invalid_argument("prove_zerocheck_and_logup: AIR " + std::to_string(t) + " part " + std::to_string(p) + " has the wrong shape");
      a.local_off.push_back(off);
      off += widths[p];
    }
    for (size_t p = 0; p < a.parts.size(); ++p) {
      a.next_off.push_back(off);
      if (a.rot) off += widths[p];
    }
    a.ncols = off;
    a.index_sources();
  }
  return ctxs;
}

// The GKR input layer and the per-interaction block offsets.
struct LogupLayout {
  uint64_t total = 0;
  size_t n_logup = 0;
  std::vector<std::vector<size_t>> offsets;  // per AIR, per interaction
};

LogupLayout logup_layout(int l, const std::vector<AirCtx>& ctxs) {
  LogupLayout lay;
  lay.offsets.resize(ctxs.size());
  for (size_t t = 0; t < ctxs.size(); ++t) {
    const size_t lifted = size_t{1} << (static_cast<size_t>(l) + ctxs[t].n_lift);
    for (size_t i = 0; i < ctxs[t].air->interactions().size(); ++i) {
      lay.offsets[t].push_back(lay.total);
      lay.total += lifted;
    }
  }
  lay.n_logup = calculate_n_logup(static_cast<size_t>(l), lay.total);
  return lay;
}

std::vector<Frac> build_input_layer(int l, const std::vector<AirCtx>& ctxs, const LogupLayout& lay, const EF& alpha,
                                    const std::vector<EF>& beta_pows) {
  if (lay.total == 0) return {};
  std::vector<Frac> leaves(size_t{1} << (static_cast<size_t>(l) + lay.n_logup), Frac{EF::zero(), alpha});
  Combiner comb{nullptr, &beta_pows};
  for (size_t t = 0; t < ctxs.size(); ++t) {
    const AirCtx& a = ctxs[t];
    const auto its = a.air->interactions();
    if (its.empty()) continue;
    const size_t lifted = size_t{1} << (static_cast<size_t>(l) + a.n_lift);
    const size_t reps = lifted / a.h;
#pragma omp parallel if (a.h * a.ncols >= kParallelWork)
    {
      std::vector<F> vals(a.ncols), nodes(a.air->num_nodes());
      WindowBuilder<F> wb;
#pragma omp for schedule(static)
      for (int64_t ii = 0; ii < static_cast<int64_t>(a.h); ++ii) {
        const size_t i = static_cast<size_t>(ii);
        for (size_t c = 0; c < a.ncols; ++c) a.gather(c, i, 1, &vals[c]);
        wb.build(a, vals.data());
        a.air->eval(wb.w, nodes.data());
        for (size_t k = 0; k < its.size(); ++k) {
          const Frac f{EF(nodes[its[k].count] * a.norm), comb.hash(its[k], nodes.data()) + alpha};
          for (size_t r = 0; r < reps; ++r) leaves[lay.offsets[t][k] + r * a.h + i] = f;
        }
      }
    }
  }
  return leaves;
}

// eq(xi[l + n_lift .. l + n_logup], bits(offset >> (l + n_lift))) per interaction.
void compute_eq3b(int l, std::vector<AirCtx>& ctxs, const LogupLayout& lay, const std::vector<EF>& xi) {
  for (size_t t = 0; t < ctxs.size(); ++t) {
    AirCtx& a = ctxs[t];
    a.eq3b.clear();
    const size_t lo = static_cast<size_t>(l) + a.n_lift;
    for (size_t off : lay.offsets[t]) {
      size_t b = off >> lo;
      EF acc = EF::one();
      for (size_t k = lo; k < static_cast<size_t>(l) + lay.n_logup; ++k, b >>= 1)
        acc *= eq1(xi[k], (b & 1) ? EF::one() : EF::zero());
      a.eq3b.push_back(acc);
    }
  }
}

// Extension of N values on D to the cosets g^{1+c} D, c < m, through
// coefficients: an inverse DFT, then per coset a twist by (g^{1+c})^k and a
// forward DFT (radix 2, bit-reversed in, natural out), for G columns at once.
class CosetExtender {
 public:
  CosetExtender(int l, size_t m) : l_(l), n_(size_t{1} << l), m_(m) {
    const F w = F::two_adic_generator(l);
    const F winv = w.inverse();
    tw_.resize(n_);
    itw_.resize(n_);
    F a = F::one(), b = F::one();
    for (size_t k = 0; k < n_; ++k, a *= w, b *= winv) {
      tw_[k] = a;
      itw_[k] = b;
    }
    rev_.resize(n_);
    for (size_t i = 0; i < n_; ++i) {
      size_t r = 0;
      for (int b2 = 0; b2 < l; ++b2)
        if ((i >> b2) & 1) r |= size_t{1} << (l - 1 - b2);
      rev_[i] = r;
    }
    // twist_[c][k] = (g^{1+c})^k / N (the 1/N of the inverse DFT folded in)
    const F ninv = inv_two_pow(l);
    F s = F::generator();
    for (size_t c = 0; c < m; ++c, s *= F::generator()) {
      std::vector<F> t(n_);
      F p = ninv;
      for (size_t k = 0; k < n_; ++k, p *= s) t[k] = p;
      twist_.push_back(std::move(t));
    }
  }
  // G columns at once, interleaved: in[k * G + c] (k < N, c < G); out[pt * G
  // + c] for pt = coset * N + z; tmp: N * G scratch. The inner loops run over
  // the G columns with one twiddle, which the compiler vectorises.
  template <size_t G>
  void extend_group(const F* in, F* out, F* tmp) const {
    for (size_t i = 0; i < n_; ++i)
      for (size_t c = 0; c < G; ++c) tmp[rev_[i] * G + c] = in[i * G + c];
    dft_group<G>(tmp, itw_);
    for (size_t cs = 0; cs < m_; ++cs) {
      F* o = out + cs * n_ * G;
      const std::vector<F>& t = twist_[cs];
      for (size_t k = 0; k < n_; ++k) {
        const F tk = t[k];
        F* dst = o + rev_[k] * G;
        const F* src = tmp + k * G;
        for (size_t c = 0; c < G; ++c) dst[c] = src[c] * tk;
      }
      dft_group<G>(o, tw_);
    }
  }
 private:
  template <size_t G>
  void dft_group(F* a, const std::vector<F>& tw) const {
    for (size_t len = 2; len <= n_; len <<= 1) {
      const size_t half = len / 2, step = n_ / len;
      for (size_t i = 0; i < n_; i += len)
        for (size_t j = 0; j < half; ++j) {
          const F w = tw[j * step];
          F* x = a + (i + j) * G;
          F* y = a + (i + j + half) * G;
          for (size_t c = 0; c < G; ++c) {
            const F u = x[c], v = y[c] * w;
            x[c] = u + v;
            y[c] = u - v;
          }
        }
    }
  }
  int l_;
  size_t n_, m_;
  std::vector<F> tw_, itw_;
  std::vector<size_t> rev_;
  std::vector<std::vector<F>> twist_;
};

// Round 0 of one AIR: sp_zc (d_T (N-1) + 1 coefficients), sp_p, sp_q
// (d (N-1) + 1 coefficients, numerator already normalised).
struct Round0Polys {
  std::vector<EF> zc, p, q;
};

Round0Polys round0_air(int l, size_t d, const AirCtx& a, const std::vector<EF>& xi, const Combiner& comb) {
  const size_t N = size_t{1} << l;
  const size_t dt = a.in->shape.constraint_degree;
  const bool has_int = !a.air->interactions().empty();
  const size_t m_zc = dt >= 2 ? dt - 1 : 0;
  const size_t m_lu = has_int ? dt : 0;
  const size_t m = std::max(m_zc, m_lu);
  Round0Polys out;
  out.zc.assign(dt * (N - 1) + 1, EF::zero());
  out.p.assign(d * (N - 1) + 1, EF::zero());
  out.q.assign(d * (N - 1) + 1, EF::zero());
  if (dt == 0) {  // the reference returns empty polynomials
    out.zc.clear();
    return out;
  }
  if (m == 0) return out;
  const std::vector<EF> eqx =
      eq_hypercube_table<EF>(std::span<const EF>(xi.data() + l, a.n_lift));
  const size_t pts = m * N;
  const CosetExtender extender(l, m);
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
        extender.extend_group<kGroup>(blk.data(), out.data(), tmp.data());
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
  if (m_zc > 0) {
    // q = sp_zc / (Z^N - 1); the zerofier is (g^{1+cs})^N - 1 on coset cs.
    std::vector<EF> qv(m_zc * N);
    F s = F::generator();
    for (size_t cs = 0; cs < m_zc; ++cs, s *= F::generator()) {
      const F zinv = (s.pow(N) - F::one()).inverse();
      for (size_t z = 0; z < N; ++z) qv[cs * N + z] = acc_zc[cs * N + z] * zinv;
    }
    const std::vector<EF> q = interpolate_from_skip_cosets(l, m_zc, qv);
    for (size_t i = 0; i < out.zc.size(); ++i) {
      EF c = i < q.size() ? -q[i] : EF::zero();
      if (i >= N && i - N < q.size()) c += q[i - N];
      out.zc[i] = c;
    }
  }
  if (m_lu > 0) {
    std::vector<EF> pv(acc_p.begin(), acc_p.begin() + static_cast<ptrdiff_t>(m_lu * N));
    std::vector<EF> qv(acc_q.begin(), acc_q.begin() + static_cast<ptrdiff_t>(m_lu * N));
    const std::vector<EF> pc = interpolate_from_skip_cosets(l, m_lu, pv);
    const std::vector<EF> qc = interpolate_from_skip_cosets(l, m_lu, qv);
    for (size_t i = 0; i < out.p.size() && i < pc.size(); ++i) {
      out.p[i] = pc[i] * a.norm;
      out.q[i] = qc[i];
    }
  }
  return out;
}

// The folded columns of one AIR (column-major, ncols x height) in EF.
struct Folded {
  size_t height = 0;
  std::vector<EF> v;
  EF at(size_t c, size_t i) const { return v[c * height + i]; }
};

Folded fold_round0(int l, const AirCtx& a, const std::vector<EF>& lw) {
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

std::vector<Frac> logup_input_layer(const BatchConstraintParams& params, std::span<const BatchAirInput> airs,
                                    const BabyBear4& alpha, const BabyBear4& beta) {
  const std::vector<AirCtx> ctxs = make_contexts(params, airs);
  const LogupLayout lay = logup_layout(params.l_skip, ctxs);
  size_t max_len = 0;
  for (const auto& a : ctxs)
    for (const auto& it : a.air->interactions()) max_len = std::max(max_len, it.message.size());
  return build_input_layer(params.l_skip, ctxs, lay, alpha, powers(beta, max_len + 1));
}

ZerocheckLogupResult prove_zerocheck_and_logup(Transcript& transcript, const BatchConstraintParams& params,
                                               std::span<const BatchAirInput> airs) {
  const int l = params.l_skip;
  const size_t d = params.max_constraint_degree;
  if (l < 0 || l > 20) throw std::invalid_argument("prove_zerocheck_and_logup: l_skip " + std::to_string(l) + " out of range");
  std::vector<AirCtx> ctxs = make_contexts(params, airs);
  const size_t A = ctxs.size();
  const size_t N = size_t{1} << l;
  const size_t n_max = ctxs[0].n_lift;
  const LogupLayout lay = logup_layout(l, ctxs);
  ZerocheckLogupResult res;
  res.n_logup = lay.n_logup;

  // Step 4: LogUp preamble.
  const LogupChallenges ch = logup_grind_and_sample(transcript, params.logup_pow_bits);
  res.alpha = ch.alpha;
  res.beta = ch.beta;
  size_t max_len = 0, max_constraints = 0;
  for (const auto& a : ctxs) {
    for (const auto& it : a.air->interactions()) max_len = std::max(max_len, it.message.size());
    max_constraints = std::max(max_constraints, a.air->constraint_nodes().size());
  }
  const std::vector<EF> beta_pows = powers(ch.beta, max_len + 1);

  // Step 5: GKR on the input layer.
  const std::vector<Frac> leaves = build_input_layer(l, ctxs, lay, ch.alpha, beta_pows);
  const FractionalSumcheckResult gkr = prove_fractional_sumcheck(transcript, leaves, true);
  res.gkr_proof = make_gkr_proof(ch, gkr);

  // Step 6: complete xi.
  std::vector<EF> xi = gkr.xi;
  extend_xi(transcript, xi, static_cast<size_t>(l) + std::max(n_max, lay.n_logup));
  compute_eq3b(l, ctxs, lay, xi);

  // Step 7: the batch sumcheck.
  const EF lambda = transcript.sample_ext();
  res.lambda = lambda;
  const std::vector<EF> lambda_pows = powers(lambda, max_constraints);
  const Combiner comb{&lambda_pows, &beta_pows};
  const size_t sp0_len = d * (N - 1) + 1;
  const size_t s0_len = (d + 1) * (N - 1) + 1;
  BatchConstraintProof& proof = res.batch_proof;
  std::vector<Folded> folded(A);
  EF prev_s;
  std::vector<EF> r;
  {
    ScopedSpan span("round0");
    std::vector<Round0Polys> polys(A);
    for (size_t t = 0; t < A; ++t) polys[t] = round0_air(l, d, ctxs[t], xi, comb);

    const std::vector<EF> eq_sharp = eq_sharp_uni_poly(std::span<const EF>(xi.data(), static_cast<size_t>(l)));
    std::vector<std::vector<EF>> sp(A), sq(A);
    for (size_t t = 0; t < A; ++t) {
      sp[t] = poly_mul(eq_sharp, std::span<const EF>(polys[t].p.data(), std::min(sp0_len, polys[t].p.size())), s0_len);
      sq[t] = poly_mul(eq_sharp, std::span<const EF>(polys[t].q.data(), std::min(sp0_len, polys[t].q.size())), s0_len);
      EF sum_p = EF::zero(), sum_q = EF::zero();
      for (size_t j = 0; j < s0_len; j += N) {
        sum_p += sp[t][j];
        sum_q += sq[t][j];
      }
      sum_p = sum_p * F::from_u64(N);
      sum_q = sum_q * F::from_u64(N);
      transcript.observe_ext(sum_p);
      transcript.observe_ext(sum_q);
      proof.numerator_term_per_air.push_back(sum_p);
      proof.denominator_term_per_air.push_back(sum_q);
    }
    const EF mu = transcript.sample_ext();
    res.mu = mu;
    const std::vector<EF> mu_pows = powers(mu, 3 * A);
    std::vector<EF> zc_batch(sp0_len, EF::zero());
    for (size_t t = 0; t < A; ++t)
      for (size_t j = 0; j < sp0_len && j < polys[t].zc.size(); ++j) zc_batch[j] += mu_pows[2 * A + t] * polys[t].zc[j];
    const std::vector<EF> s0 = [&] {
      std::vector<EF> out = poly_mul(eq_uni_poly(l, xi[0]), zc_batch, s0_len);
      for (size_t t = 0; t < A; ++t)
        for (size_t j = 0; j < s0_len; ++j) out[j] += mu_pows[2 * t] * sp[t][j] + mu_pows[2 * t + 1] * sq[t][j];
      return out;
    }();
    for (const EF& c : s0) transcript.observe_ext(c);
    proof.univariate_round_coeffs = s0;
    const EF r0 = transcript.sample_ext();
    r.push_back(r0);
    prev_s = horner(s0, r0);
    const std::vector<EF> lw = skip_lagrange_weights<EF>(l, r0);
    for (size_t t = 0; t < A; ++t) folded[t] = fold_round0(l, ctxs[t], lw);
  }

  {
    ScopedSpan span("mle_rounds");
    const std::vector<EF> mu_pows = powers(res.mu, 3 * A);
    std::vector<EF> eq_ns{eval_eq_uni<EF>(l, xi[0], r[0])};
    std::vector<EF> eq_sharp_ns{eval_eq_sharp_uni(std::span<const EF>(xi.data(), static_cast<size_t>(l)), r[0])};
    std::vector<EF> tilde_zc(A, EF::zero()), tilde_p(A, EF::zero()), tilde_q(A, EF::zero());
    for (size_t j = 1; j <= n_max; ++j) {
      std::vector<EF> head_zc(d, EF::zero()), head_lu(d, EF::zero());
      EF tail = EF::zero();
      for (size_t t = 0; t < A; ++t) {
        const AirCtx& a = ctxs[t];
        if (a.n_lift >= j) {
          std::vector<EF> zc, p, q;
          mle_round_air(d, l, j, a, folded[t], xi, comb, zc, p, q);
          for (size_t i = 0; i < d; ++i) {
            head_zc[i] += mu_pows[2 * A + t] * zc[i];
            head_lu[i] += mu_pows[2 * t] * p[i] + mu_pows[2 * t + 1] * q[i];
          }
        } else {
          if (j == a.n_lift + 1) {
            std::vector<EF> vals(a.ncols), nodes(a.air->num_nodes());
            for (size_t c = 0; c < a.ncols; ++c) vals[c] = folded[t].at(c, 0);
            WindowBuilder<EF> wb;
            wb.build(a, vals.data());
            a.air->eval(wb.w, nodes.data());
            tilde_zc[t] = eq_ns[j - 1] * comb.constraints(*a.air, nodes.data());
            if (!a.air->interactions().empty()) {
              EF num, den;
              comb.interactions(*a.air, a.eq3b, nodes.data(), num, den);
              tilde_p[t] = eq_sharp_ns[j - 1] * num * a.norm;
              tilde_q[t] = eq_sharp_ns[j - 1] * den;
            }
          } else {
            tilde_zc[t] *= r[j - 1];
            tilde_p[t] *= r[j - 1];
            tilde_q[t] *= r[j - 1];
          }
          tail += mu_pows[2 * A + t] * tilde_zc[t] + mu_pows[2 * t] * tilde_p[t] + mu_pows[2 * t + 1] * tilde_q[t];
        }
      }
      // s'(X) at X = 0..d; s'(0) from s(0) + s(1) = prev.
      const EF xc = xi[static_cast<size_t>(l) + j - 1];
      std::vector<EF> spv(d + 1);
      for (size_t i = 0; i < d; ++i) spv[i + 1] = eq_ns[j - 1] * head_zc[i] + eq_sharp_ns[j - 1] * head_lu[i];
      const EF sp1 = d >= 1 ? spv[1] : EF::zero();
      spv[0] = (prev_s - xc * sp1 - tail) * (EF::one() - xc).inverse();
      auto s_at = [&](const EF& X) { return eq1(xc, X) * eval_from_integer_points(spv, X) + tail * X; };
      std::vector<EF> evals(d + 1);
      for (size_t i = 1; i <= d + 1; ++i) {
        evals[i - 1] = s_at(EF(F::from_u64(i)));
        transcript.observe_ext(evals[i - 1]);
      }
      proof.sumcheck_round_polys.push_back(evals);
      const EF rj = transcript.sample_ext();
      r.push_back(rj);
      prev_s = s_at(rj);
      for (size_t t = 0; t < A; ++t) fold_mle(folded[t], ctxs[t].ncols, rj);
      const EF e = eq1(xc, rj);
      eq_ns.push_back(eq_ns[j - 1] * e);
      eq_sharp_ns.push_back(eq_sharp_ns[j - 1] * e);
    }
  }

  // Column openings: per AIR, part order [common, preprocessed, cached...].
  for (size_t t = 0; t < A; ++t) {
    const AirCtx& a = ctxs[t];
    std::vector<size_t> order{a.parts.size() - 1};
    if (a.in->shape.has_preprocessed) order.push_back(0);
    for (size_t p = a.first_main; p + 1 < a.parts.size(); ++p) order.push_back(p);
    std::vector<std::vector<EF>> per_part;
    for (size_t p : order) {
      std::vector<EF> o;
      for (size_t c = 0; c < a.parts[p]->width(); ++c) {
        o.push_back(folded[t].at(a.local_off[p] + c, 0));
        if (a.rot) o.push_back(folded[t].at(a.next_off[p] + c, 0));
      }
      per_part.push_back(std::move(o));
    }
    proof.column_openings.push_back(std::move(per_part));
  }
  auto observe_part = [&](const std::vector<EF>& o, bool rot) {
    for (size_t i = 0; i < o.size(); i += rot ? 2 : 1) {
      transcript.observe_ext(o[i]);
      transcript.observe_ext(rot ? o[i + 1] : EF::zero());
    }
  };
  for (size_t t = 0; t < A; ++t) observe_part(proof.column_openings[t][0], ctxs[t].rot);
  for (size_t t = 0; t < A; ++t)
    for (size_t p = 1; p < proof.column_openings[t].size(); ++p) observe_part(proof.column_openings[t][p], ctxs[t].rot);

  res.r = std::move(r);
  res.xi = std::move(xi);
  return res;
}

}  // namespace swirl
