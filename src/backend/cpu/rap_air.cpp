#include "backend/cpu/air_ctx.h"

#include "swirl/backend/cpu/rap_air.h"

namespace swirl::cpu {

std::vector<HostRapAir> host_rap_airs(const CpuProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                      std::span<const RapAir> airs, const char* what) {
  std::vector<HostRapAir> out;
  out.reserve(airs.size());
  for (const RapAir& a : airs) {
    if (a.air >= pk.num_airs() || a.air >= host_pk.per_air.size())
      throw std::invalid_argument(std::string(what) + ": AIR index " + std::to_string(a.air) + " outside the key");
    HostRapAir in;
    in.air = &pk.constraints(a.air);
    in.shape = air_shape(host_pk.per_air[a.air].vk);
    if (const CpuMatrix* p = pk.preprocessed_host(a.air)) in.preprocessed = &p->host();
    for (const BackendMatrix* c : a.cached) in.cached.push_back(&cpu_matrix(c, what).host());
    in.common_main = &cpu_matrix(a.common_main, what).host();
    in.public_values = a.public_values;
    out.push_back(std::move(in));
  }
  return out;
}

namespace rap {

std::vector<AirCtx> make_contexts(const BatchConstraintParams& params, std::span<const HostRapAir> airs,
                                  const char* who) {
  const int l = params.l_skip;
  if (l < 0 || l > 20) throw std::invalid_argument(std::string(who) + ": l_skip " + std::to_string(l) + " out of range");
  if (airs.empty()) throw std::invalid_argument(std::string(who) + ": no present AIR");
  std::vector<AirCtx> ctxs(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    const HostRapAir& in = airs[t];
    AirCtx& a = ctxs[t];
    a.in = &in;
    a.air = in.air;
    if (!in.air || !in.common_main) throw std::invalid_argument(std::string(who) + ": AIR " + std::to_string(t) + " lacks constraints or common main");
    if (in.shape.constraint_degree > params.max_constraint_degree)
      throw std::invalid_argument(std::string(who) + ": AIR " + std::to_string(t) + " has degree " +
                                  std::to_string(in.shape.constraint_degree) + " above max_constraint_degree");
    a.h = in.common_main->height();
    a.log_h = checked_log2_height(a.h, who);
    if (t > 0 && a.log_h > ctxs[t - 1].log_h) throw std::invalid_argument(std::string(who) + ": AIRs not sorted by height");
    a.n = a.log_h - l;
    a.n_lift = static_cast<size_t>(std::max(a.n, 0));
    a.rot = in.shape.need_rot;
    a.norm = F::one();
    for (int i = 0; i < std::max(0, -a.n); ++i) a.norm = a.norm.halve();
    if (in.shape.has_preprocessed != (in.preprocessed != nullptr)) throw std::invalid_argument(std::string(who) + ": preprocessed trace presence differs from the shape");
    if (in.public_values.size() != in.shape.num_public_values)
      throw std::invalid_argument(std::string(who) + ": AIR " + std::to_string(t) + " has " +
                                  std::to_string(in.public_values.size()) + " public values, its shape says " +
                                  std::to_string(in.shape.num_public_values));
    if (in.cached.size() != in.shape.cached_widths.size()) throw std::invalid_argument(std::string(who) + ": cached part count differs from the shape");
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
        throw std::invalid_argument(std::string(who) + ": AIR " + std::to_string(t) + " part " + std::to_string(p) + " has the wrong shape");
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


}  // namespace rap
}  // namespace swirl::cpu
