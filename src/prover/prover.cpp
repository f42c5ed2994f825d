// The prover coordinator (prover/prover.h). The order below is the
// contract of docs/protocol.md "Protocol order"; the verifier
// (verifier/verifier.cpp) replays it.
#include "swirl/prover/prover.h"

#include <algorithm>
#include <bit>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/air/dag_constraints.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

std::string air_label(const MultiStarkProvingKey& pk, size_t i) {
  return "AIR " + std::to_string(i) + " (" + pk.per_air[i].air_name + ")";
}

// Checks one present AIR's traces against its key; returns log2 height.
int check_present(const MultiStarkProvingKey& pk, size_t i, const AirTraces& t) {
  const StarkVerifyingKey& vk = pk.per_air[i].vk;
  const TraceWidth& w = vk.params.width;
  const size_t h = t.height();
  if (!std::has_single_bit(h))
    throw std::invalid_argument(air_label(pk, i) + ": height " + std::to_string(h) + " is not a power of two");
  if (t.cached_mains.size() != w.cached_mains.size())
    throw std::invalid_argument(air_label(pk, i) + ": " + std::to_string(t.cached_mains.size()) +
                                " cached mains, key has " + std::to_string(w.cached_mains.size()));
  for (size_t c = 0; c < t.cached_mains.size(); ++c) {
    if (t.cached_mains[c].width() != w.cached_mains[c] || t.cached_mains[c].height() != h)
      throw std::invalid_argument(air_label(pk, i) + ": cached main " + std::to_string(c) + " is " +
                                  std::to_string(t.cached_mains[c].height()) + " x " +
                                  std::to_string(t.cached_mains[c].width()) + ", expected " + std::to_string(h) +
                                  " x " + std::to_string(w.cached_mains[c]));
  }
  if (t.common_main.width() != w.common_main || (w.common_main > 0 && t.common_main.height() != h))
    throw std::invalid_argument(air_label(pk, i) + ": common main is " + std::to_string(t.common_main.height()) +
                                " x " + std::to_string(t.common_main.width()) + ", expected width " +
                                std::to_string(w.common_main));
  if (t.public_values.size() != vk.params.num_public_values)
    throw std::invalid_argument(air_label(pk, i) + ": " + std::to_string(t.public_values.size()) +
                                " public values, key has " + std::to_string(vk.params.num_public_values));
  const int log_h = std::countr_zero(h);
  if (vk.preprocessed_data) {
    if (vk.preprocessed_data->hypercube_dim + pk.params.l_skip != log_h)
      throw std::invalid_argument(air_label(pk, i) + ": height 2^" + std::to_string(log_h) +
                                  " differs from the preprocessed trace's");
    if (!pk.per_air[i].preprocessed_trace)
      throw std::invalid_argument(air_label(pk, i) + ": the proving key lacks the preprocessed trace");
  }
  return log_h;
}

}  // namespace

Proof prove(ProverBackend& backend, const MultiStarkProvingKey& pk, std::span<const AirTraces> traces) {
  const SystemParams& params = pk.params;
  const size_t num_airs = pk.per_air.size();
  if (traces.size() != num_airs)
    throw std::invalid_argument("prove: " + std::to_string(traces.size()) + " trace sets for " +
                                std::to_string(num_airs) + " AIRs");

  // Presence and heights (vkey order), then the sorted order.
  std::vector<int> log_height(num_airs, -1);
  std::vector<size_t> sorted;
  for (size_t i = 0; i < num_airs; ++i) {
    if (traces[i].height() == 0) {
      if (pk.per_air[i].vk.is_required) throw std::invalid_argument("prove: " + air_label(pk, i) + " is required but absent");
      if (!traces[i].public_values.empty())
        throw std::invalid_argument("prove: " + air_label(pk, i) + " is absent but has public values");
      continue;
    }
    log_height[i] = check_present(pk, i, traces[i]);
    sorted.push_back(i);
  }
  if (sorted.empty()) throw std::invalid_argument("prove: no AIR has a trace");
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](size_t a, size_t b) { return log_height[a] > log_height[b]; });

  ScopedSpan total("stark_prove_excluding_trace");

  // Step 0: the common main commitment (sorted order), and the cached mains
  // each on its own (the reference commits them before proving; they are
  // counted in this span here).
  std::shared_ptr<const BackendPcsData> common;
  std::vector<std::vector<std::shared_ptr<const BackendPcsData>>> cached(num_airs);
  {
    ScopedSpan s("prover.main_trace_commit");
    std::vector<const ColMajorMatrix<BabyBear>*> mains;
    for (size_t i : sorted) mains.push_back(&traces[i].common_main);
    common = backend.commit(params, mains);
    for (size_t i : sorted)
      for (const auto& c : traces[i].cached_mains) {
        const ColMajorMatrix<BabyBear>* one[] = {&c};
        cached[i].push_back(backend.commit(params, one));
      }
  }

  Transcript transcript;
  // Step 1: vk pre-hash. Step 2: common main commitment.
  transcript.observe_digest(pk.vk_pre_hash);
  transcript.observe_digest(common->commit());
  // Step 3: per AIR in vkey order.
  for (size_t i = 0; i < num_airs; ++i) {
    const StarkVerifyingKey& vk = pk.per_air[i].vk;
    const bool present = log_height[i] >= 0;
    if (!vk.is_required) transcript.observe(present ? BabyBear::one() : BabyBear::zero());
    if (present) {
      if (vk.preprocessed_data)
        transcript.observe_digest(vk.preprocessed_data->commit);
      else
        transcript.observe(BabyBear::from_u32(static_cast<uint32_t>(log_height[i])));
      for (const auto& c : cached[i]) transcript.observe_digest(c->commit());
    }
    for (BabyBear pv : traces[i].public_values) transcript.observe(pv);
  }

  // Steps 4-7: the RAP constraints.
  std::vector<std::unique_ptr<DagConstraints>> dags;
  std::vector<BatchAirInput> inputs;
  for (size_t i : sorted) {
    const StarkProvingKey& apk = pk.per_air[i];
    dags.push_back(std::make_unique<DagConstraints>(apk.vk));
    BatchAirInput in;
    in.air = dags.back().get();
    in.shape = air_shape(apk.vk);
    if (apk.vk.preprocessed_data) in.preprocessed = &*apk.preprocessed_trace;
    for (const auto& c : traces[i].cached_mains) in.cached.push_back(&c);
    in.common_main = &traces[i].common_main;
    in.public_values = traces[i].public_values;
    inputs.push_back(std::move(in));
  }
  const BatchConstraintParams bparams{params.l_skip, static_cast<size_t>(params.max_constraint_degree),
                                      params.logup.pow_bits};
  RapConstraintsOutput rap;
  {
    ScopedSpan s("prover.rap_constraints");
    rap = backend.prove_rap_constraints(transcript, bparams, inputs);
  }

  // Steps 8-9: openings over all commitments in commitment order.
  std::vector<std::shared_ptr<const BackendPcsData>> keep;  // preprocessed data held for the call
  std::vector<OpeningsInput> openings;
  {
    OpeningsInput c;
    c.data = common.get();
    for (size_t i : sorted) c.need_rot.push_back(pk.per_air[i].vk.params.need_rot);
    openings.push_back(std::move(c));
  }
  for (size_t i : sorted) {
    const bool rot = pk.per_air[i].vk.params.need_rot;
    if (pk.per_air[i].vk.preprocessed_data) {
      keep.push_back(backend.preprocessed(params, pk.per_air[i]));
      openings.push_back(OpeningsInput{keep.back().get(), {rot}});
    }
    for (const auto& c : cached[i]) openings.push_back(OpeningsInput{c.get(), {rot}});
  }
  OpeningsProof op = backend.prove_openings(transcript, params, openings, rap.r);

  Proof proof;
  proof.common_main_commit = common->commit();
  proof.trace_vdata.resize(num_airs);
  proof.public_values.resize(num_airs);
  for (size_t i = 0; i < num_airs; ++i) {
    if (log_height[i] < 0) continue;
    TraceVData v;
    v.log_height = static_cast<size_t>(log_height[i]);
    for (const auto& c : cached[i]) v.cached_commitments.push_back(c->commit());
    proof.trace_vdata[i] = std::move(v);
    proof.public_values[i] = traces[i].public_values;
  }
  proof.gkr_proof = std::move(rap.gkr_proof);
  proof.batch_constraint_proof = std::move(rap.batch_proof);
  proof.stacking_proof = std::move(op.stacking);
  proof.whir_proof = std::move(op.whir);
  return proof;
}

}  // namespace swirl
