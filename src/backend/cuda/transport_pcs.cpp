#include "swirl/backend/cuda/transport_pcs.h"

#include <stdexcept>
#include <string>

#include "swirl/protocol/pcs_data.h"

namespace swirl::cuda {

HostPcsData host_pcs_data(const StackedPcsData& data) {
  HostPcsData h;
  h.layout = &data.layout;
  h.stacked = &data.matrix;
  h.codeword = &data.tree.matrix();
  h.digest_layers = data.tree.digest_layers();
  h.rows_per_query = data.tree.rows_per_query();
  return h;
}

UnstackPlan unstack_plan(const StackedLayout& layout, const ColMajorMatrix<BabyBear>& stacked, size_t mat) {
  const StridedColMajorView v = stacked_mat_view(layout, stacked, mat);
  if (v.width == 0) return {};
  if (v.lifted_height != v.height * v.stride)
    throw std::logic_error("unstack_plan: lifted height " + std::to_string(v.lifted_height) + " != " +
                           std::to_string(v.height) + " * " + std::to_string(v.stride));
  // Column c, row r is v.data[c * lifted + r * stride] = v.data[(c * height + r) * stride].
  return {static_cast<size_t>(v.data - stacked.values().data()), v.stride, v.height, v.width};
}

DeviceMatrix<BabyBear> upload_unstacked(Transporter& t, const StackedLayout& layout,
                                        const ColMajorMatrix<BabyBear>& stacked, size_t mat) {
  const UnstackPlan p = unstack_plan(layout, stacked, mat);
  if (p.width == 0) return {};
  return t.upload_strided<BabyBear>(stacked.values(), p.offset, p.stride, p.height, p.width);
}

DeviceDigestLayers upload_digest_layers(Transporter& t, std::span<const std::vector<Digest>> layers,
                                        size_t rows_per_query) {
  DeviceDigestLayers out;
  out.rows_per_query = rows_per_query;
  if (layers.empty()) return out;
  out.offsets.push_back(0);
  for (const auto& l : layers) out.offsets.push_back(out.offsets.back() + l.size());
  std::vector<Digest> flat;
  flat.reserve(out.offsets.back());
  for (const auto& l : layers) flat.insert(flat.end(), l.begin(), l.end());
  out.digests = t.upload_vector<Digest>(flat);
  return out;
}

DevicePcsData upload_pcs_data(Transporter& t, const HostPcsData& data, PcsCacheOptions cache) {
  if (!data.layout || !data.stacked) throw std::invalid_argument("upload_pcs_data: layout or stacked matrix missing");
  if (cache.codeword && !data.codeword)
    throw std::invalid_argument("upload_pcs_data: codeword cache asked for but no codeword given");
  DevicePcsData out;
  out.layout = *data.layout;
  const size_t num = data.layout->num_matrices();
  if (!data.unstacked.empty() && data.unstacked.size() != num)
    throw std::invalid_argument("upload_pcs_data: " + std::to_string(data.unstacked.size()) +
                                " unstacked matrices for a layout of " + std::to_string(num));
  out.matrices.reserve(num);
  for (size_t m = 0; m < num; ++m) {
    const ColMajorMatrix<BabyBear>* host = data.unstacked.empty() ? nullptr : data.unstacked[m];
    if (host == nullptr) {
      out.matrices.push_back(upload_unstacked(t, *data.layout, *data.stacked, m));
      continue;
    }
    const UnstackPlan p = unstack_plan(*data.layout, *data.stacked, m);
    const bool same = p.width == 0 ? host->width() == 0 : host->height() == p.height && host->width() == p.width;
    if (!same)
      throw std::invalid_argument("upload_pcs_data: unstacked matrix " + std::to_string(m) + " is " +
                                  std::to_string(host->height()) + " x " + std::to_string(host->width()) +
                                  ", its layout says " + std::to_string(p.height) + " x " + std::to_string(p.width));
    out.matrices.push_back(p.width == 0 ? DeviceMatrix<BabyBear>() : t.upload(*host));
  }
  if (cache.stacked_matrix) out.stacked = t.upload(*data.stacked);
  if (cache.codeword) out.codeword = t.upload(*data.codeword);
  out.tree = upload_digest_layers(t, data.digest_layers, data.rows_per_query);
  if (!data.digest_layers.empty() && !data.digest_layers.back().empty()) out.root = data.digest_layers.back()[0];
  return out;
}

}  // namespace swirl::cuda
