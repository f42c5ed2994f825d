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

#include "swirl/prover/openings.h"
#include "swirl/prover/rap_constraints.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

std::string air_label(const MultiStarkProvingKey& pk, size_t i) {
  return "AIR " + std::to_string(i) + " (" + pk.per_air[i].air_name + ")";
}

// The AIRs with rows (height_of(i) > 0), tallest first, ties in vkey order:
// the order the common-main commitment stacks them in. Transport loads the
// common mains in it, so both must come from here.
template <typename HeightOf>
std::vector<size_t> stacking_order(size_t num_airs, const HeightOf& height_of) {
  std::vector<size_t> order;
  for (size_t i = 0; i < num_airs; ++i)
    if (height_of(i) > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return std::bit_width(height_of(a)) > std::bit_width(height_of(b)); });
  return order;
}

// Checks one present AIR's traces against its key; returns log2 height.
int check_present(const MultiStarkProvingKey& pk, size_t i, const BackendAirTraces& t) {
  const StarkVerifyingKey& vk = pk.per_air[i].vk;
  const TraceWidth& w = vk.params.width;
  const size_t h = t.height();
  if (!std::has_single_bit(h))
    throw std::invalid_argument(air_label(pk, i) + ": height " + std::to_string(h) + " is not a power of two");
  if (t.cached_mains.size() != w.cached_mains.size())
    throw std::invalid_argument(air_label(pk, i) + ": " + std::to_string(t.cached_mains.size()) +
                                " cached mains, key has " + std::to_string(w.cached_mains.size()));
  for (size_t c = 0; c < t.cached_mains.size(); ++c) {
    const BackendMatrix* m = t.cached_mains[c].get();
    if (m == nullptr || m->width() != w.cached_mains[c] || m->height() != h)
      throw std::invalid_argument(air_label(pk, i) + ": cached main " + std::to_string(c) + " is " +
                                  std::to_string(m ? m->height() : 0) + " x " + std::to_string(m ? m->width() : 0) +
                                  ", expected " + std::to_string(h) + " x " + std::to_string(w.cached_mains[c]));
  }
  const size_t cw = t.common_main ? t.common_main->width() : 0;
  const size_t ch = t.common_main ? t.common_main->height() : 0;
  if (cw != w.common_main || (w.common_main > 0 && ch != h))
    throw std::invalid_argument(air_label(pk, i) + ": common main is " + std::to_string(ch) + " x " +
                                std::to_string(cw) + ", expected width " + std::to_string(w.common_main));
  if (w.common_main == 0)
    throw std::invalid_argument(air_label(pk, i) + ": an AIR without a common main cannot be proved");
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
  if (traces.size() != pk.per_air.size())
    throw std::invalid_argument("prove: " + std::to_string(traces.size()) + " trace sets for " +
                                std::to_string(pk.per_air.size()) + " AIRs");
  // Transport: the key and every trace go to the backend once (the
  // reference moves traces before stark_prove_excluding_trace too).
  std::shared_ptr<const BackendProvingKey> bpk;
  std::vector<BackendAirTraces> held(traces.size());
  {
    // Each part with the bytes it moved (a device backend's; a host backend
    // moves none), so the traces' figure is the link's rate.
    ScopedSpan s("transport");
    const uint64_t at_start = backend.bytes_to_device();
    {
      ScopedSpan k("load_proving_key");
      const uint64_t before = backend.bytes_to_device();
      bpk = backend.load_proving_key(pk);
      if (backend.bytes_to_device() > before) k.add_bytes(backend.bytes_to_device() - before);
    }
    {
      ScopedSpan t("load_traces");
      const uint64_t before = backend.bytes_to_device();
      // The common mains go together, in the order the commitment stacks
      // them, so a device backend uploads each into its place in the
      // stacked matrix; each cached main is a commitment of its own.
      std::vector<size_t> order = stacking_order(traces.size(), [&](size_t i) { return traces[i].height(); });
      std::erase_if(order, [&](size_t i) { return traces[i].common_main.width() == 0; });  // refused below
      std::vector<const ColMajorMatrix<BabyBear>*> mains;
      for (size_t i : order) mains.push_back(&traces[i].common_main);
      std::vector<std::shared_ptr<const BackendMatrix>> loaded = backend.load_traces(pk.params, mains);
      for (size_t k = 0; k < order.size(); ++k) held[order[k]].common_main = std::move(loaded[k]);
      for (size_t i = 0; i < traces.size(); ++i) {
        for (const auto& c : traces[i].cached_mains) {
          const ColMajorMatrix<BabyBear>* one[] = {&c};
          held[i].cached_mains.push_back(std::move(backend.load_traces(pk.params, one).front()));
        }
        if (traces[i].common_main.width() > 0 && !held[i].common_main)
          held[i].common_main = backend.load_trace(traces[i].common_main);
        held[i].public_values = traces[i].public_values;
      }
      if (backend.bytes_to_device() > before) t.add_bytes(backend.bytes_to_device() - before);
    }
    if (backend.bytes_to_device() > at_start) s.add_bytes(backend.bytes_to_device() - at_start);
  }
  return prove(backend, *bpk, pk, held);
}

Proof prove(ProverBackend& backend, const BackendProvingKey& bpk, const MultiStarkProvingKey& pk,
            std::span<const BackendAirTraces> traces) {
  const SystemParams& params = pk.params;
  const size_t num_airs = pk.per_air.size();
  if (traces.size() != num_airs)
    throw std::invalid_argument("prove: " + std::to_string(traces.size()) + " trace sets for " +
                                std::to_string(num_airs) + " AIRs");
  if (bpk.num_airs() != num_airs)
    throw std::invalid_argument("prove: the backend key has " + std::to_string(bpk.num_airs()) + " AIRs, the key " +
                                std::to_string(num_airs));

  // Presence and heights (vkey order), then the stacking order.
  std::vector<int> log_height(num_airs, -1);
  for (size_t i = 0; i < num_airs; ++i) {
    if (traces[i].height() == 0) {
      if (pk.per_air[i].vk.is_required) throw std::invalid_argument("prove: " + air_label(pk, i) + " is required but absent");
      if (!traces[i].public_values.empty())
        throw std::invalid_argument("prove: " + air_label(pk, i) + " is absent but has public values");
      continue;
    }
    log_height[i] = check_present(pk, i, traces[i]);
  }
  const std::vector<size_t> sorted = stacking_order(num_airs, [&](size_t i) { return traces[i].height(); });
  if (sorted.empty()) throw std::invalid_argument("prove: no AIR has a trace");

  ScopedSpan total("stark_prove_excluding_trace");

  // Step 0: the common main commitment (sorted order), and the cached mains
  // each on its own (the reference commits them before proving; they are
  // counted in this span here).
  std::shared_ptr<const BackendPcsData> common;
  std::vector<std::vector<std::shared_ptr<const BackendPcsData>>> cached(num_airs);
  {
    ScopedSpan s("prover.main_trace_commit");
    std::vector<const BackendMatrix*> mains;
    for (size_t i : sorted) mains.push_back(traces[i].common_main.get());
    common = backend.commit(params, mains);
    for (size_t i : sorted)
      for (const auto& c : traces[i].cached_mains) {
        const BackendMatrix* one[] = {c.get()};
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
  std::vector<RapAir> airs;
  for (size_t i : sorted) {
    RapAir a;
    a.air = i;
    for (const auto& c : traces[i].cached_mains) a.cached.push_back(c.get());
    a.common_main = traces[i].common_main.get();
    a.public_values = traces[i].public_values;
    airs.push_back(std::move(a));
  }
  const BatchConstraintParams bparams{params.l_skip, static_cast<size_t>(params.max_constraint_degree),
                                      params.logup.pow_bits};
  RapConstraintsOutput rap;
  {
    ScopedSpan s("prover.rap_constraints");
    rap = prove_rap_constraints(transcript, backend, bpk, pk, bparams, airs);
  }

  // Steps 8-9: openings over all commitments in commitment order.
  std::vector<OpeningsCommitment> openings;
  {
    OpeningsCommitment c;
    c.data = common.get();
    for (size_t i : sorted) c.need_rot.push_back(pk.per_air[i].vk.params.need_rot);
    openings.push_back(std::move(c));
  }
  for (size_t i : sorted) {
    const bool rot = pk.per_air[i].vk.params.need_rot;
    if (pk.per_air[i].vk.preprocessed_data) {
      const BackendPcsData* pre = bpk.preprocessed_pcs(i);
      if (pre == nullptr) throw std::invalid_argument("prove: " + air_label(pk, i) + ": the backend key lacks its preprocessed data");
      openings.push_back(OpeningsCommitment{pre, {rot}});
    }
    for (const auto& c : cached[i]) openings.push_back(OpeningsCommitment{c.get(), {rot}});
  }
  OpeningsProof op = prove_openings(transcript, backend, params, openings, rap.r);

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
