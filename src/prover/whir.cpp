// WHIR prover. Order of one round (k sumcheck steps, then commit / OOD or
// final polynomial, then queries) follows docs/protocol.md step 9.
//
// State: f = hypercube values of the current multilinear f-hat (EF), w =
// hypercube values of the current weight (EF), both folded in their lowest
// variable at each alpha. The sumcheck polynomial of a step is
// s(X) = sum_y f(X, y) w(X, y) (degree 2); s(1), s(2) are sent.
#include "swirl/prover/whir.h"

#include <omp.h>

#include <stdexcept>
#include <string>

#include "swirl/field/powers.h"
#include "swirl/poly/mle_transform.h"
#include "swirl/poly/ntt.h"
#include "swirl/poly/prism.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/util/bits.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

// Grinding, timed on its own. A search expected to take under 2^12
// permutations runs on the calling thread (a parallel region would cost
// more); the witness is the smallest either way.
BabyBear grind_span(Transcript& t, int bits) {
  ScopedSpan s("whir_grinding");
  return t.grind(bits, bits < 12 ? 1 : 0);
}

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

void check_inputs(int l_skip, int log_blowup, const WhirConfig& cfg, std::span<const WhirCommitted> committed,
                  std::span<const EF> u_cube) {
  if (committed.empty()) throw std::invalid_argument("prove_whir_opening: no commitments");
  if (cfg.rounds.empty()) throw std::invalid_argument("prove_whir_opening: no WHIR rounds");
  if (cfg.k < 1) throw std::invalid_argument("prove_whir_opening: k = " + std::to_string(cfg.k));
  if (l_skip < 0 || log_blowup < 0) throw std::invalid_argument("prove_whir_opening: bad l_skip / log_blowup");
  for (size_t c = 0; c < committed.size(); ++c)
    if (!committed[c].stacked || !committed[c].tree)
      throw std::invalid_argument("prove_whir_opening: commitment " + std::to_string(c) + " is null");
  const size_t height = committed[0].stacked->height();
  const int m = log2_exact(height);
  if (m < l_skip) throw std::invalid_argument("prove_whir_opening: stacked height " + std::to_string(height));
  if (u_cube.size() != static_cast<size_t>(m))
    throw std::invalid_argument("prove_whir_opening: u has " + std::to_string(u_cube.size()) + " coordinates, m = " +
                                std::to_string(m));
  if (cfg.num_sumcheck_rounds() > m) throw std::invalid_argument("prove_whir_opening: more sumcheck rounds than m");
  if (m + log_blowup > 27 || m + log_blowup - cfg.k < 0 || m + log_blowup - cfg.k > 30)
    throw std::invalid_argument("prove_whir_opening: domain too large or k too large");
  for (size_t c = 0; c < committed.size(); ++c) {
    const auto& cm = committed[c];
    if (cm.stacked->height() != height)
      throw std::invalid_argument("prove_whir_opening: commitment " + std::to_string(c) + " has another height");
    if (cm.tree->matrix().height() != (height << log_blowup) || cm.tree->matrix().width() != cm.stacked->width() ||
        cm.tree->rows_per_query() != (size_t{1} << cfg.k))
      throw std::invalid_argument("prove_whir_opening: commitment " + std::to_string(c) +
                                  ": tree does not match (codeword height, width or rows per query)");
  }
}

}  // namespace

WhirProof prove_whir_opening(Transcript& transcript, int l_skip, int log_blowup, const WhirConfig& config,
                             std::span<const WhirCommitted> committed, std::span<const EF> u_cube) {
  check_inputs(l_skip, log_blowup, config, committed, u_cube);
  ScopedSpan span("whir");
  const int k = config.k;
  const size_t num_rounds = config.rounds.size();
  const size_t height = committed[0].stacked->height();
  int m = log2_exact(height);

  WhirProof proof;
  proof.mu_pow_witness = grind_span(transcript, config.mu_pow_bits);
  const EF mu = transcript.sample_ext();
  size_t total_width = 0;
  for (const auto& c : committed) total_width += c.stacked->width();
  const std::vector<EF> mu_pows = powers(mu, total_width);
  std::vector<EF> f = batched_hypercube_values(l_skip, committed, mu_pows, height);
  std::vector<EF> w = mobius_eq_hypercube_table<EF>(u_cube);

  proof.initial_round_opened_rows.resize(committed.size());
  proof.initial_round_merkle_proofs.resize(committed.size());
  int log_rs = m + log_blowup;
  MerkleTree<EF> prev_tree;  // the codeword committed in the previous round
  for (size_t round = 0; round < num_rounds; ++round) {
    const bool last = round + 1 == num_rounds;
    for (int step = 0; step < k; ++step) {
      const auto s = round_values(f, w);
      transcript.observe_ext(s[0]);
      transcript.observe_ext(s[1]);
      proof.whir_sumcheck_polys.push_back(s);
      proof.folding_pow_witnesses.push_back(grind_span(transcript, config.folding_pow_bits));
      const EF alpha = transcript.sample_ext();
      fold_low(f, alpha);
      fold_low(w, alpha);
    }
    // g-hat = f-hat(alpha, .): its coefficients are the univariate g's.
    std::vector<EF> g = f;
    mle_evals_to_coeffs<EF>(g);
    MerkleTree<EF> tree;
    EF z0 = EF::zero();
    if (!last) {
      std::vector<EF> code(size_t{1} << (log_rs - 1), EF::zero());
      std::copy(g.begin(), g.end(), code.begin());
      ntt_forward<EF>(code);
      const size_t code_len = code.size();
      tree = MerkleTree<EF>::build(ColMajorMatrix<EF>(code_len, 1, std::move(code)), size_t{1} << k);
      transcript.observe_digest(tree.root());
      proof.codeword_commits.push_back(tree.root());
      z0 = transcript.sample_ext();
      const EF y0 = horner(g, z0);
      transcript.observe_ext(y0);
      proof.ood_values.push_back(y0);
    } else {
      for (const EF& c : g) transcript.observe_ext(c);
      proof.final_poly = g;
    }

    proof.query_phase_pow_witnesses.push_back(grind_span(transcript, config.query_phase_pow_bits));
    const int query_bits = log_rs - k;
    std::vector<size_t> indices(static_cast<size_t>(config.rounds[round].num_queries));
    for (auto& q : indices) q = transcript.sample_bits(query_bits);
    if (round > 0) {
      proof.codeword_opened_values.emplace_back();
      proof.codeword_merkle_proofs.emplace_back();
    }
    for (size_t q : indices) {
      if (round == 0) {
        for (size_t c = 0; c < committed.size(); ++c) {
          proof.initial_round_opened_rows[c].push_back(committed[c].tree->opened_rows(q));
          proof.initial_round_merkle_proofs[c].push_back(committed[c].tree->query_proof(q));
        }
      } else {
        std::vector<EF> values;
        for (auto& row : prev_tree.opened_rows(q)) values.insert(values.end(), row.begin(), row.end());
        proof.codeword_opened_values.back().push_back(std::move(values));
        proof.codeword_merkle_proofs.back().push_back(prev_tree.query_proof(q));
      }
    }
    const EF gamma = transcript.sample_ext();
    if (!last) {
      // New weight: w + gamma eq(., pow(z0)) + sum_i gamma^(i+2) eq(., pow(z_i)),
      // z_i = w_{log_rs - k}^index, the query point folded k times.
      add_eq_pow<EF>(w, z0, gamma);
      const F omega = F::two_adic_generator(query_bits);
      EF gp = gamma * gamma;
      for (size_t q : indices) {
        add_eq_pow<F>(w, omega.pow(q), gp);
        gp *= gamma;
      }
    }
    prev_tree = std::move(tree);
    m -= k;
    log_rs -= 1;
  }
  return proof;
}

}  // namespace swirl
