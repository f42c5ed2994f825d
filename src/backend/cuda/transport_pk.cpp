// Proving-key and cached-main transport: PCS data through upload_pcs_data,
// constraint arrays through upload_vector. Host orchestration only.
#include "swirl/backend/cuda/transport_pk.h"

#include <stdexcept>
#include <string>

#include "swirl/protocol/pcs_data.h"

namespace swirl::cuda {

DeviceCommittedTrace upload_committed_trace(Transporter& t, const StackedPcsData& data,
                                            const ProverCacheConfig& config, const ColMajorMatrix<BabyBear>* trace) {
  if (data.layout.num_matrices() != 1)
    throw std::invalid_argument("upload_committed_trace: the data commits " +
                                std::to_string(data.layout.num_matrices()) + " matrices, expected 1");
  DeviceCommittedTrace out;
  out.commitment = data.commit();
  HostPcsData host = host_pcs_data(data);
  if (trace != nullptr) host.unstacked = {trace};
  out.data = upload_pcs_data(t, host, config.pcs());
  return out;
}

DeviceAirConstraints upload_air_constraints(Transporter& t, const AirConstraintCode& code) {
  // upload_vector of an empty span allocates nothing.
  DeviceAirConstraints d;
  d.nodes = t.upload_vector<uint64_t>(code.nodes);
  d.constraint_idx = t.upload_vector<uint32_t>(code.constraint_idx);
  d.interactions = t.upload_vector<uint32_t>(code.interactions);
  d.interaction_fields = t.upload_vector<uint32_t>(code.interaction_fields);
  d.max_message_length = code.max_message_length;
  return d;
}

DeviceProvingKey upload_proving_key(Transporter& t, const MultiStarkProvingKey& pk, const ProverCacheConfig& config) {
  DeviceProvingKey out;
  out.per_air.reserve(pk.per_air.size());
  for (size_t i = 0; i < pk.per_air.size(); ++i) {
    const StarkProvingKey& a = pk.per_air[i];
    const std::string who = "upload_proving_key: AIR " + std::to_string(i) + " (" + a.air_name + ")";
    DeviceStarkProvingKey d;
    d.air_name = a.air_name;
    d.vk = a.vk;
    if (a.vk.preprocessed_data) {
      if (!a.preprocessed_data) throw std::invalid_argument(who + " has a preprocessed commitment but no PCS data");
      if (a.preprocessed_data->commit() != a.vk.preprocessed_data->commit)
        throw std::invalid_argument(who + ": the preprocessed PCS data's root is not the verifying key's commitment");
      // The key holds the trace unstacked: uploaded as it is, no gather.
      d.preprocessed = upload_committed_trace(t, *a.preprocessed_data, config,
                                              a.preprocessed_trace ? &*a.preprocessed_trace : nullptr);
    }
    AirConstraintCode code;
    try {
      code = encode_air_constraints(a.vk.symbolic_constraints);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(who + ": " + e.what());
    }
    d.constraints = upload_air_constraints(t, code);
    out.per_air.push_back(std::move(d));
  }
  out.trace_height_constraints = pk.trace_height_constraints;
  out.max_constraint_degree = pk.max_constraint_degree;
  out.params = pk.params;
  out.vk_pre_hash = pk.vk_pre_hash;
  t.synchronize();
  return out;
}

}  // namespace swirl::cuda
