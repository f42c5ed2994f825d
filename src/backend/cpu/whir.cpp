// The CPU WHIR stage. The protocol order of one round (k sumcheck steps,
// then commit / OOD or final polynomial, then queries) is prover/whir.cpp's
// (docs/protocol.md step 9).
//
// State: f = hypercube values of the current multilinear f-hat (EF), w =
// hypercube values of the current weight (EF), both folded in their lowest
// variable at each alpha. The sumcheck polynomial of a step is
// s(X) = sum_y f(X, y) w(X, y) (degree 2); s(1), s(2) are sent.
#include "swirl/backend/cpu/whir.h"

#include <omp.h>

#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/field/powers.h"
#include "swirl/poly/mle_transform.h"
#include "swirl/poly/ntt.h"
#include "swirl/poly/prism.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/util/bits.h"

namespace swirl::cpu {
namespace {

using F = BabyBear;
using EF = BabyBear4;

// f-hat = sum_j mu^j f-hat_j on the hypercube. Everything is linear, so the
// columns are batched first (EF), then converted once: inverse DFT of each
// 2^l chunk (Z values -> Z coefficients), zeta over the l Z bits (the RS
// message, as rs_code.h), zeta over all m bits (coefficients -> values).
std::vector<EF> batched_hypercube_values(int l_skip, std::span<const WhirCommitted> committed,
                                         const std::vector<EF>& mu_pows, size_t height) {
  std::vector<EF> f(height);
  std::vector<const F*> cols;
  for (const auto& c : committed)
    for (size_t j = 0; j < c.stacked->width(); ++j) cols.push_back(c.stacked->column(j).data());
  const std::ptrdiff_t h = static_cast<std::ptrdiff_t>(height);
#pragma omp parallel for schedule(dynamic, 4096) if (height * cols.size() > 32768)
  for (std::ptrdiff_t i = 0; i < h; ++i) {
    EF acc = EF::zero();
    for (size_t j = 0; j < cols.size(); ++j) acc += mu_pows[j] * cols[j][i];
    f[static_cast<size_t>(i)] = acc;
  }
  const size_t chunk = size_t{1} << l_skip;
  const std::ptrdiff_t nchunks = static_cast<std::ptrdiff_t>(height / chunk);
#pragma omp parallel for schedule(dynamic, 256) if (height > 32768)
  for (std::ptrdiff_t c = 0; c < nchunks; ++c) {
    std::span<EF> s(f.data() + static_cast<size_t>(c) * chunk, chunk);
    ntt_inverse<EF>(s);
    mle_coeffs_to_evals<EF>(s);
  }
  // Zeta over all bits; the layers with step >= chunk run in parallel.
  mle_coeffs_to_evals<EF>(f);
  return f;
}

// w += gamma * eq(x, (z, z^2, z^4, ...)) over the hypercube of w.
template <typename Z>
void add_eq_pow(std::vector<EF>& w, Z z, EF gamma) {
  const int dim = log2_exact(w.size());
  std::vector<Z> pows(static_cast<size_t>(dim));
  for (auto& p : pows) {
    p = z;
    z = z.square();
  }
  const std::vector<Z> e = eq_hypercube_table<Z>(pows);
  const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(w.size());
#pragma omp parallel for schedule(dynamic, 4096) if (n > 4096)
  for (std::ptrdiff_t i = 0; i < n; ++i) w[static_cast<size_t>(i)] += gamma * e[static_cast<size_t>(i)];
}

// (s(1), s(2)) of sum_y f(X, y) w(X, y).
std::array<EF, 2> round_values(const std::vector<EF>& f, const std::vector<EF>& w) {
  const std::ptrdiff_t half = static_cast<std::ptrdiff_t>(f.size() / 2);
  const int nt = omp_get_max_threads();
  std::vector<std::array<EF, 2>> part(static_cast<size_t>(nt), {EF::zero(), EF::zero()});
#pragma omp parallel if (half > 4096)
  {
    std::array<EF, 2> acc{EF::zero(), EF::zero()};
#pragma omp for schedule(dynamic, 4096)
    for (std::ptrdiff_t y = 0; y < half; ++y) {
      const size_t a = 2 * static_cast<size_t>(y);
      const EF f0 = f[a], f1 = f[a + 1], w0 = w[a], w1 = w[a + 1];
      acc[0] += f1 * w1;
      acc[1] += (f1.doubled() - f0) * (w1.doubled() - w0);
    }
    part[static_cast<size_t>(omp_get_thread_num())] = acc;
  }
  std::array<EF, 2> s{EF::zero(), EF::zero()};
  for (const auto& p : part) {
    s[0] += p[0];
    s[1] += p[1];
  }
  return s;
}

void fold_low(std::vector<EF>& v, EF alpha) {
  const size_t half = v.size() / 2;
  std::vector<EF> out(half);
  const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(half);
#pragma omp parallel for schedule(dynamic, 4096) if (n > 4096)
  for (std::ptrdiff_t y = 0; y < n; ++y) {
    const size_t a = 2 * static_cast<size_t>(y);
    out[static_cast<size_t>(y)] = v[a] + alpha * (v[a + 1] - v[a]);
  }
  v = std::move(out);
}

void check_inputs(int l_skip, int log_blowup, const WhirConfig& cfg, std::span<const WhirCommitted> committed) {
  if (committed.empty()) throw std::invalid_argument("cpu::Whir: no commitments");
  for (size_t c = 0; c < committed.size(); ++c)
    if (!committed[c].stacked || !committed[c].tree)
      throw std::invalid_argument("cpu::Whir: commitment " + std::to_string(c) + " is null");
  const size_t height = committed[0].stacked->height();
  const int m = log2_exact(height);
  cfg.check_shape(l_skip, m, log_blowup, "cpu::Whir");
  for (size_t c = 0; c < committed.size(); ++c) {
    const auto& cm = committed[c];
    if (cm.stacked->height() != height)
      throw std::invalid_argument("cpu::Whir: commitment " + std::to_string(c) + " has another height");
    if (cm.tree->matrix().height() != (height << log_blowup) || cm.tree->matrix().width() != cm.stacked->width() ||
        cm.tree->rows_per_query() != (size_t{1} << cfg.k))
      throw std::invalid_argument("cpu::Whir: commitment " + std::to_string(c) +
                                  ": tree does not match (codeword height, width or rows per query)");
  }
}

}  // namespace

Whir::Whir(int l_skip, int log_blowup, const WhirConfig& config, std::span<const WhirCommitted> committed)
    : l_skip_(l_skip), k_(config.k) {
  check_inputs(l_skip, log_blowup, config, committed);
  committed_.assign(committed.begin(), committed.end());
  m_ = log2_exact(committed_[0].stacked->height());
  log_rs_ = m_ + log_blowup;
}

void Whir::begin(const EF& mu, std::span<const EF> u_cube) {
  if (u_cube.size() != static_cast<size_t>(m_))
    throw std::invalid_argument("cpu::Whir: u has " + std::to_string(u_cube.size()) + " coordinates, m = " +
                                std::to_string(m_));
  size_t total_width = 0;
  for (const auto& c : committed_) total_width += c.stacked->width();
  const std::vector<EF> mu_pows = powers(mu, total_width);
  f_ = batched_hypercube_values(l_skip_, committed_, mu_pows, committed_[0].stacked->height());
  w_ = mobius_eq_hypercube_table<EF>(u_cube);
}

std::array<EF, 2> Whir::round_sums() {
  if (f_.size() < 2) throw std::logic_error("cpu::Whir: round_sums with no variable left (or before begin)");
  return round_values(f_, w_);
}

void Whir::fold(const EF& alpha) {
  if (f_.size() < 2) throw std::logic_error("cpu::Whir: fold with no variable left (or before begin)");
  fold_low(f_, alpha);
  fold_low(w_, alpha);
  --m_;
}

std::vector<EF> Whir::g_coeffs() const {
  std::vector<EF> g = f_;
  mle_evals_to_coeffs<EF>(g);
  return g;
}

Digest Whir::commit_round() {
  g_ = g_coeffs();
  if (log_rs_ < 1 || g_.size() > (size_t{1} << (log_rs_ - 1)))
    throw std::logic_error("cpu::Whir: commit_round with a codeword shorter than the message");
  ColMajorMatrix<EF>::Storage code(size_t{1} << (log_rs_ - 1), EF::zero());  // the tree's matrix, not copied
  std::copy(g_.begin(), g_.end(), code.begin());
  ntt_forward<EF>(code);
  const size_t code_len = code.size();
  trees_.push_back(MerkleTree<EF>::build(ColMajorMatrix<EF>(code_len, 1, std::move(code)), size_t{1} << k_));
  log_rs_ -= 1;
  return trees_.back().root();
}

EF Whir::eval_ood(const EF& z) { return horner(g_, z); }

std::vector<EF> Whir::final_poly() { return g_coeffs(); }

WhirQueryOpenings Whir::open_queries(size_t round, std::span<const size_t> indices) {
  WhirQueryOpenings out;
  if (round == 0) {
    out.initial_rows.resize(committed_.size());
    out.initial_paths.resize(committed_.size());
    for (size_t q : indices) {
      for (size_t c = 0; c < committed_.size(); ++c) {
        out.initial_rows[c].push_back(committed_[c].tree->opened_rows(q));
        out.initial_paths[c].push_back(committed_[c].tree->query_proof(q));
      }
    }
    return out;
  }
  if (round > trees_.size())
    throw std::logic_error("cpu::Whir: open_queries(" + std::to_string(round) + ") before that round's commit");
  // Trees of rounds before round - 1 are no longer opened.
  for (size_t r = 0; r + 1 < round; ++r) trees_[r] = MerkleTree<EF>();
  const MerkleTree<EF>& tree = trees_[round - 1];
  for (size_t q : indices) {
    std::vector<EF> values;
    for (auto& row : tree.opened_rows(q)) values.insert(values.end(), row.begin(), row.end());
    out.values.push_back(std::move(values));
    out.paths.push_back(tree.query_proof(q));
  }
  return out;
}

void Whir::update_weights(const EF& gamma, const EF& z_ood, std::span<const size_t> indices, int query_bits) {
  // New weight: w + gamma eq(., pow(z0)) + sum_i gamma^(i+2) eq(., pow(z_i)),
  // z_i = w_{query_bits}^index, the query point folded k times.
  add_eq_pow<EF>(w_, z_ood, gamma);
  const F omega = F::two_adic_generator(query_bits);
  EF gp = gamma * gamma;
  for (size_t q : indices) {
    add_eq_pow<F>(w_, omega.pow(q), gp);
    gp *= gamma;
  }
}

std::unique_ptr<WhirStage> CpuBackend::whir(const SystemParams& params,
                                            std::span<const BackendPcsData* const> commitments) {
  std::vector<WhirCommitted> committed;
  committed.reserve(commitments.size());
  for (const BackendPcsData* d : commitments) {
    const StackedPcsData& data = cpu_pcs_data(d, "CpuBackend::whir").data();
    committed.push_back({&data.matrix, &data.tree});
  }
  return std::make_unique<Whir>(params.l_skip, params.log_blowup, params.whir, committed);
}

}  // namespace swirl::cpu
