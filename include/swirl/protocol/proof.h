// The proof of the SWIRL protocol: the same structures, fields and field
// order as the reference's `Proof` (crates/stark-backend/src/proof.rs), so a
// proof converts one to one and the codec (protocol/proof_codec.h) writes the
// reference's bytes.
//
// Orders used throughout:
//  * "vkey order": AIR index as in the verifying key, all AIRs, present or not.
//  * "sorted order": present AIRs only, by decreasing trace height, ties by
//    increasing AIR index (the stacking order of the common main commitment).
//  * Trace parts of one AIR: common main (part 0), preprocessed (if the AIR
//    has one), then its cached mains in order.
//  * Commitments: the common main commitment, then per present AIR in sorted
//    order its preprocessed commitment (if any) and its cached commitments.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"

namespace swirl {

/// Sibling digests from a leaf up to (not including) the root.
using MerkleProof = std::vector<Digest>;

/// Shape data of one present trace.
struct TraceVData {
  /// log2 of the trace height; may be below l_skip. For an AIR with a
  /// preprocessed trace it must equal the height fixed in the verifying key.
  size_t log_height = 0;
  /// One commitment per cached main part, as many as the verifying key says.
  std::vector<Digest> cached_commitments;
  friend bool operator==(const TraceVData&, const TraceVData&) = default;
};

/// Evaluations of one GKR layer's children at the current point rho:
/// p_j(0, rho), p_j(1, rho), q_j(0, rho), q_j(1, rho). The first variable
/// (the child bit) is the low bit of the layer index. Note: the transcript
/// observes them in the order p_xi_0, q_xi_0, p_xi_1, q_xi_1, while the
/// struct (and the codec) use p_xi_0, p_xi_1, q_xi_0, q_xi_1.
struct GkrLayerClaims {
  BabyBear4 p_xi_0;
  BabyBear4 p_xi_1;
  BabyBear4 q_xi_0;
  BabyBear4 q_xi_1;
  friend bool operator==(const GkrLayerClaims&, const GkrLayerClaims&) = default;
};

/// The LogUp GKR proof (fractional sumcheck).
struct GkrProof {
  /// Proof-of-work witness found before sampling the LogUp alpha and beta.
  BabyBear logup_pow_witness;
  /// Denominator of the root fraction; its numerator is zero and not sent.
  /// Without interactions it is 1 and nothing else is sent.
  BabyBear4 q0_claim;
  /// One entry per GKR layer 1..L (L = l_skip + n_logup, or 0 without
  /// interactions).
  std::vector<GkrLayerClaims> claims_per_layer;
  /// For layers 2..L (L - 1 entries): entry j - 2 holds the j - 1 sumcheck
  /// rounds of layer j, each as the round polynomial at {1, 2, 3}.
  std::vector<std::vector<std::array<BabyBear4, 3>>> sumcheck_polys;
  friend bool operator==(const GkrProof&, const GkrProof&) = default;
};

/// The batched zerocheck + LogUp input-consistency sumcheck.
struct BatchConstraintProof {
  /// Per present AIR in sorted order: the LogUp numerator and denominator sums.
  std::vector<BabyBear4> numerator_term_per_air;
  std::vector<BabyBear4> denominator_term_per_air;
  /// Round 0 (univariate skip): (max_constraint_degree + 1) * (2^l_skip - 1) + 1
  /// coefficients, lowest degree first.
  std::vector<BabyBear4> univariate_round_coeffs;
  /// Rounds 1..n_max: the round polynomial at {1, ..., max_constraint_degree + 1}.
  std::vector<std::vector<BabyBear4>> sumcheck_round_polys;
  /// Per present AIR (sorted order), per part, the column openings; with
  /// rotations (vk need_rot) the list interleaves [col_0, rot_0, col_1, ...].
  std::vector<std::vector<std::vector<BabyBear4>>> column_openings;
  friend bool operator==(const BatchConstraintProof&, const BatchConstraintProof&) = default;
};

/// The reduction of trace openings to stacked-matrix openings.
struct StackingProof {
  /// Round 0: 2 * (2^l_skip - 1) + 1 coefficients.
  std::vector<BabyBear4> univariate_round_coeffs;
  /// Rounds 1..n_stack: the round polynomial at {1, 2}.
  std::vector<std::array<BabyBear4, 2>> sumcheck_round_polys;
  /// Per commitment, per stacked column.
  std::vector<std::vector<BabyBear4>> stacking_openings;
  friend bool operator==(const StackingProof&, const StackingProof&) = default;
};

/// The WHIR opening proof of all stacked matrices.
struct WhirProof {
  /// Proof-of-work witness before the mu batching challenge.
  BabyBear mu_pow_witness;
  /// Per sumcheck round over all WHIR rounds (num_rounds * k): values at {1, 2}.
  std::vector<std::array<BabyBear4, 2>> whir_sumcheck_polys;
  /// Codeword commitment after each fold except the final round.
  std::vector<Digest> codeword_commits;
  /// Out-of-domain answer per round except the final one.
  std::vector<BabyBear4> ood_values;
  /// One per sumcheck round (num_rounds * k).
  std::vector<BabyBear> folding_pow_witnesses;
  /// One per WHIR round.
  std::vector<BabyBear> query_phase_pow_witnesses;
  /// Initial round: per commitment, per query, 2^k rows of the stacked width.
  std::vector<std::vector<std::vector<std::vector<BabyBear>>>> initial_round_opened_rows;
  /// Initial round: per commitment, per query.
  std::vector<std::vector<MerkleProof>> initial_round_merkle_proofs;
  /// Rounds 1..num_rounds-1: per query, 2^k codeword values.
  std::vector<std::vector<std::vector<BabyBear4>>> codeword_opened_values;
  /// Rounds 1..num_rounds-1: per query; depth decreases by one per round.
  std::vector<std::vector<MerkleProof>> codeword_merkle_proofs;
  /// Coefficients of the final polynomial.
  std::vector<BabyBear4> final_poly;
  friend bool operator==(const WhirProof&, const WhirProof&) = default;
};

struct Proof {
  /// Commitment to all present common main traces (stacked together).
  Digest common_main_commit{};
  /// Per AIR in vkey order: shape data, or empty when the trace is absent.
  std::vector<std::optional<TraceVData>> trace_vdata;
  /// Per AIR in vkey order; empty for absent AIRs.
  std::vector<std::vector<BabyBear>> public_values;
  GkrProof gkr_proof;
  BatchConstraintProof batch_constraint_proof;
  StackingProof stacking_proof;
  WhirProof whir_proof;
  friend bool operator==(const Proof&, const Proof&) = default;
};

}  // namespace swirl
