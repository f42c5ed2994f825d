// The verifier (verifier/verifier.h), in the reference's order
// (verifier/mod.rs verify, v2.0.1; docs/protocol.md "Verifier order and
// checks").
#include "swirl/verifier/verifier.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <memory>
#include <vector>

#include "swirl/air/dag_constraints.h"
#include "swirl/crypto/transcript.h"
#include "swirl/verifier/batch_constraints.h"
#include "swirl/verifier/openings.h"
#include "swirl/verifier/proof_shape.h"

namespace swirl {
namespace {

VerifyRejection reject(VerifyRejectionKind kind, std::string message) { return VerifyRejection{kind, std::move(message)}; }

std::optional<VerifyRejection> verify_impl(const SystemParams& params, const MultiStarkVerifyingKey& mvk,
                                           const Proof& proof) {
  using K = VerifyRejectionKind;
  const MultiStarkVerifyingKey0& vk = mvk.inner;
  if (!(params == vk.params)) return reject(K::kSystemParamsMismatch, "the parameters differ from the key's");
  const SystemParams& p = vk.params;
  const size_t num_airs = vk.per_air.size();
  if (std::none_of(proof.trace_vdata.begin(), proof.trace_vdata.end(), [](const auto& v) { return v.has_value(); }))
    return reject(K::kEmptyTraces, "the proof has no trace");

  auto layouts = verify_proof_shape(vk, proof);
  if (!layouts) {
    return reject(K::kProofShape,
                  std::string(proof_shape_section_name(layouts.error().section)) + ": " + layouts.error().message);
  }
  const std::vector<size_t> sorted = sorted_present_airs(proof);
  const size_t l = static_cast<size_t>(p.l_skip);

  // Trace-height constraints (saturating u64 sums; the reference's wrap on
  // overflow cannot be reached by keys of sane size).
  for (const LinearConstraint& lc : vk.trace_height_constraints) {
    if (lc.coefficients.size() != num_airs) return reject(K::kInvalidKey, "a trace-height constraint has the wrong arity");
    uint64_t sum = 0;
    for (size_t i : sorted) {
      const uint64_t h = uint64_t{1} << std::max(proof.trace_vdata[i]->log_height, l);
      const uint64_t term = h * lc.coefficients[i];  // h <= 2^27, coefficient < 2^32
      sum = sum > std::numeric_limits<uint64_t>::max() - term ? std::numeric_limits<uint64_t>::max() : sum + term;
    }
    if (sum >= lc.threshold)
      return reject(K::kTraceHeightsTooLarge,
                    "sum " + std::to_string(sum) + " >= threshold " + std::to_string(lc.threshold));
  }

  // Transcript preamble (protocol steps 1-3).
  Transcript transcript;
  transcript.observe_digest(mvk.pre_hash);
  transcript.observe_digest(proof.common_main_commit);
  for (size_t i = 0; i < num_airs; ++i) {
    const StarkVerifyingKey& avk = vk.per_air[i];
    const auto& vd = proof.trace_vdata[i];
    if (!avk.is_required) transcript.observe(vd ? BabyBear::one() : BabyBear::zero());
    if (vd) {
      if (avk.preprocessed_data) {
        const int64_t want = avk.preprocessed_data->hypercube_dim + p.l_skip;
        if (want < 0 || static_cast<uint64_t>(want) != vd->log_height)
          return reject(K::kPreprocessedTraceHeightMismatch,
                        "AIR " + std::to_string(i) + " log_height " + std::to_string(vd->log_height) +
                            ", preprocessed trace has " + std::to_string(want));
        transcript.observe_digest(avk.preprocessed_data->commit);
      } else {
        transcript.observe(BabyBear::from_u64(vd->log_height));
      }
      for (const Digest& c : vd->cached_commitments) transcript.observe_digest(c);
    }
    for (BabyBear pv : proof.public_values[i]) transcript.observe(pv);
  }

  // Steps 4-7: GKR and batch constraints.
  std::vector<std::unique_ptr<DagConstraints>> dags;
  std::vector<VerifierAir> airs;
  try {
    for (size_t i : sorted) {
      dags.push_back(std::make_unique<DagConstraints>(vk.per_air[i]));
      VerifierAir a;
      a.air = dags.back().get();
      a.shape = air_shape(vk.per_air[i]);
      a.log_height = proof.trace_vdata[i]->log_height;
      a.public_values = proof.public_values[i];
      airs.push_back(std::move(a));
    }
  } catch (const std::exception& e) {
    return reject(K::kInvalidKey, e.what());
  }
  const BatchConstraintParams bparams{p.l_skip, static_cast<size_t>(p.max_constraint_degree), p.logup.pow_bits};
  auto r = verify_zerocheck_and_logup(transcript, bparams, airs, proof.gkr_proof, proof.batch_constraint_proof);
  if (!r) {
    const BatchConstraintRejection& e = r.error();
    std::string msg = batch_constraint_rejection_name(e.kind);
    if (e.gkr) msg += std::string(" (") + gkr_rejection_name(e.gkr->kind) + ": " + e.gkr->message + ")";
    if (!e.message.empty()) msg += ": " + e.message;
    return reject(K::kBatchConstraint, msg);
  }

  // Steps 8-9: stacked reduction and WHIR over the commitments.
  std::vector<std::vector<bool>> need_rot;
  std::vector<Digest> commits{proof.common_main_commit};
  need_rot.emplace_back();
  for (size_t i : sorted) need_rot[0].push_back(vk.per_air[i].params.need_rot);
  for (size_t i : sorted) {
    const bool rot = vk.per_air[i].params.need_rot;
    if (vk.per_air[i].preprocessed_data) {
      need_rot.push_back({rot});
      commits.push_back(vk.per_air[i].preprocessed_data->commit);
    }
    for (const Digest& c : proof.trace_vdata[i]->cached_commitments) {
      need_rot.push_back({rot});
      commits.push_back(c);
    }
  }
  auto op = verify_openings(transcript, p, proof.stacking_proof, proof.whir_proof, *layouts, need_rot,
                            proof.batch_constraint_proof.column_openings, commits, *r);
  if (op) {
    if (const auto* m = std::get_if<ColumnOpeningsMismatch>(&*op)) return reject(K::kStackedReduction, m->message);
    if (const auto* s = std::get_if<StackedReductionRejection>(&*op))
      return reject(K::kStackedReduction, std::string(stacked_reduction_rejection_name(s->kind)) + ": " + s->message);
    const auto& w = std::get<WhirRejection>(*op);
    return reject(K::kWhir, std::string(whir_rejection_name(w.kind)) + " (round " + std::to_string(w.round) +
                                "): " + w.message);
  }
  return std::nullopt;
}

}  // namespace

const char* verify_rejection_name(VerifyRejectionKind kind) {
  switch (kind) {
    case VerifyRejectionKind::kSystemParamsMismatch: return "SystemParamsMismatch";
    case VerifyRejectionKind::kEmptyTraces: return "EmptyTraces";
    case VerifyRejectionKind::kProofShape: return "ProofShape";
    case VerifyRejectionKind::kTraceHeightsTooLarge: return "TraceHeightsTooLarge";
    case VerifyRejectionKind::kPreprocessedTraceHeightMismatch: return "PreprocessedTraceHeightMismatch";
    case VerifyRejectionKind::kInvalidKey: return "InvalidKey";
    case VerifyRejectionKind::kBatchConstraint: return "BatchConstraint";
    case VerifyRejectionKind::kStackedReduction: return "StackedReduction";
    case VerifyRejectionKind::kWhir: return "Whir";
    case VerifyRejectionKind::kInternalError: return "InternalError";
  }
  return "?";
}

std::string VerifyRejection::to_string() const { return std::string(verify_rejection_name(kind)) + ": " + message; }

std::optional<VerifyRejection> verify(const SystemParams& params, const MultiStarkVerifyingKey& vk, const Proof& proof) {
  // The stages return typed rejections and are not expected to throw; a
  // throw (e.g. allocation failure) still becomes a rejection, never a crash.
  try {
    return verify_impl(params, vk, proof);
  } catch (const std::exception& e) {
    return VerifyRejection{VerifyRejectionKind::kInternalError, std::string("internal error: ") + e.what()};
  }
}

}  // namespace swirl
