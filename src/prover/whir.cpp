// WHIR's protocol order (docs/protocol.md step 9): per round k sumcheck
// steps, then commit / OOD or the final polynomial, then queries; every
// grind, sample and observe. The compute is the stage's.
#include "swirl/prover/whir.h"

#include <stdexcept>
#include <string>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/util/bits.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

using EF = BabyBear4;

// A proof of work, timed on its own: the backend finds the witness, the
// transcript checks (and absorbs) it.
BabyBear grind(Transcript& transcript, ProverBackend& backend, int bits) {
  ScopedSpan s("whir_grinding");
  const BabyBear w = backend.grind(transcript.sponge(), bits);
  if (!transcript.check_witness(bits, w))
    throw std::logic_error("prove_whir_opening: backend " + backend.name() + " returned a failing witness");
  return w;
}

}  // namespace

WhirProof prove_whir_opening(Transcript& transcript, ProverBackend& backend, WhirStage& stage, int l_skip, int m,
                             int log_blowup, const WhirConfig& config, std::span<const EF> u_cube) {
  config.check_shape(l_skip, m, log_blowup, "prove_whir_opening");
  if (u_cube.size() != static_cast<size_t>(m))
    throw std::invalid_argument("prove_whir_opening: u has " + std::to_string(u_cube.size()) + " coordinates, m = " +
                                std::to_string(m));
  ScopedSpan span("whir");
  const int k = config.k;
  const size_t num_rounds = config.rounds.size();

  WhirProof proof;
  proof.mu_pow_witness = grind(transcript, backend, config.mu_pow_bits);
  const EF mu = transcript.sample_ext();
  stage.begin(mu, u_cube);

  int log_rs = m + log_blowup;
  for (size_t round = 0; round < num_rounds; ++round) {
    const bool last = round + 1 == num_rounds;
    for (int step = 0; step < k; ++step) {
      const std::array<EF, 2> s = stage.round_sums();
      transcript.observe_ext(s[0]);
      transcript.observe_ext(s[1]);
      proof.whir_sumcheck_polys.push_back(s);
      proof.folding_pow_witnesses.push_back(grind(transcript, backend, config.folding_pow_bits));
      const EF alpha = transcript.sample_ext();
      stage.fold(alpha);
    }
    EF z0 = EF::zero();
    if (!last) {
      const Digest root = stage.commit_round();
      transcript.observe_digest(root);
      proof.codeword_commits.push_back(root);
      z0 = transcript.sample_ext();
      const EF y0 = stage.eval_ood(z0);
      transcript.observe_ext(y0);
      proof.ood_values.push_back(y0);
    } else {
      proof.final_poly = stage.final_poly();
      for (const EF& c : proof.final_poly) transcript.observe_ext(c);
    }

    proof.query_phase_pow_witnesses.push_back(grind(transcript, backend, config.query_phase_pow_bits));
    const int query_bits = log_rs - k;
    std::vector<size_t> indices(static_cast<size_t>(config.rounds[round].num_queries));
    for (auto& q : indices) q = transcript.sample_bits(query_bits);
    WhirQueryOpenings opened = stage.open_queries(round, indices);
    if (round == 0) {
      proof.initial_round_opened_rows = std::move(opened.initial_rows);
      proof.initial_round_merkle_proofs = std::move(opened.initial_paths);
    } else {
      proof.codeword_opened_values.push_back(std::move(opened.values));
      proof.codeword_merkle_proofs.push_back(std::move(opened.paths));
    }
    const EF gamma = transcript.sample_ext();
    if (!last) stage.update_weights(gamma, z0, indices, query_bits);
    log_rs -= 1;
  }
  return proof;
}

WhirProof prove_whir_opening(Transcript& transcript, int l_skip, int log_blowup, const WhirConfig& config,
                             std::span<const WhirCommitted> committed, std::span<const EF> u_cube) {
  cpu::Whir stage(l_skip, log_blowup, config, committed);
  const int m = log2_exact(committed[0].stacked->height());
  cpu::CpuBackend backend;
  return prove_whir_opening(transcript, backend, stage, l_skip, m, log_blowup, config, u_cube);
}

}  // namespace swirl
