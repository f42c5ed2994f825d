#include "swirl/air/keygen.h"

#include <algorithm>
#include <bit>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "swirl/crypto/hash.h"

namespace swirl {

bool LinearConstraint::is_implied_by(const LinearConstraint& other) const {
  if (threshold < other.threshold) return false;
  // The reference zips the two coefficient lists (shorter length wins).
  size_t n = std::min(coefficients.size(), other.coefficients.size());
  for (size_t i = 0; i < n; ++i)
    if (coefficients[i] > other.coefficients[i]) return false;
  return true;
}

MultiStarkVerifyingKey0 MultiStarkProvingKey::get_vk0() const {
  MultiStarkVerifyingKey0 vk;
  vk.params = params;
  vk.per_air.reserve(per_air.size());
  for (const StarkProvingKey& pk : per_air) vk.per_air.push_back(pk.vk);
  vk.trace_height_constraints = trace_height_constraints;
  return vk;
}

MultiStarkVerifyingKey MultiStarkProvingKey::get_vk() const { return MultiStarkVerifyingKey{get_vk0(), vk_pre_hash}; }

std::string KeygenError::message() const {
  switch (kind) {
    case KeygenErrorKind::kAirWidthZero: return fmt::format("AIR {} (#{}) has zero main trace width", air_name, air_index);
    case KeygenErrorKind::kNoConstraintsOrInteractions:
      return fmt::format("AIR {} (#{}) must have at least one constraint or interaction", air_name, air_index);
    case KeygenErrorKind::kInteractionMessageEmpty:
      return fmt::format("AIR {} (#{}) interaction {} has a zero-length message", air_name, air_index,
                         interaction_index);
    case KeygenErrorKind::kMaxConstraintDegreeExceeded:
      return fmt::format("Max constraint degree exceeded for AIR {} (#{}): {} > {}", air_name, air_index, degree,
                         max_degree);
    case KeygenErrorKind::kMessageTooLong:
      return fmt::format("AIR {} (#{}) interaction {}: message with bus has length {}, more than max {}", air_name,
                         air_index, interaction_index, degree, max_degree);
    case KeygenErrorKind::kPreprocessedShape:
      return fmt::format("AIR {} (#{}): preprocessed trace must have a power-of-two height and nonzero width",
                         air_name, air_index);
    case KeygenErrorKind::kDegreeTooLarge:
      return fmt::format("AIR {} (#{}): constraint degree {} does not fit in u8", air_name, air_index, degree);
  }
  return "unknown keygen error";
}

std::vector<SymbolicVariable> find_unused_variables(const SymbolicConstraintsDag& dag, const TraceWidth& width,
                                                    bool need_rot) {
  const size_t prep_w = width.preprocessed.value_or(0);
  std::vector<std::array<bool, 2>> prep(prep_w, {false, false});
  const std::vector<size_t> mw = width.main_widths();
  std::vector<std::vector<std::array<bool, 2>>> main(mw.size());
  for (size_t p = 0; p < mw.size(); ++p) main[p].assign(mw[p], {false, false});
  for (const DagNode& n : dag.constraints.nodes) {
    if (n.kind != ExprKind::kVariable) continue;
    const Entry& e = n.var.entry;
    if (e.kind == EntryKind::kPreprocessed) {
      if (n.var.index >= prep_w || e.offset > 1)
        throw std::invalid_argument(fmt::format("find_unused_variables: preprocessed variable {} out of the window",
                                                n.var.index));
      prep[n.var.index][e.offset] = true;
    } else if (e.kind == EntryKind::kMain) {
      if (e.part_index >= main.size() || n.var.index >= main[e.part_index].size() || e.offset > 1)
        throw std::invalid_argument(fmt::format("find_unused_variables: main variable (part {}, col {}) out of the window",
                                                e.part_index, n.var.index));
      main[e.part_index][n.var.index][e.offset] = true;
    } else if (e.kind == EntryKind::kChallenge) {
      throw std::invalid_argument("find_unused_variables: challenge variables are not supported");
    }
  }
  std::vector<SymbolicVariable> missing;
  for (size_t i = 0; i < prep_w; ++i)
    for (size_t off = 0; off < 2; ++off)
      if (!prep[i][off] && (off == 0 || need_rot)) missing.push_back(Var{Entry::preprocessed(off), i});
  for (size_t p = 0; p < main.size(); ++p)
    for (size_t i = 0; i < main[p].size(); ++i)
      for (size_t off = 0; off < 2; ++off)
        if (!main[p][i][off] && (off == 0 || need_rot)) missing.push_back(Var{Entry::main(p, off), i});
  return missing;
}

namespace {

Unexpected<KeygenError> fail(KeygenErrorKind kind, size_t air_index, const std::string& name) {
  KeygenError e;
  e.kind = kind;
  e.air_index = air_index;
  e.air_name = name;
  return Unexpected<KeygenError>(std::move(e));
}

size_t max_degree_of(const AirBuilder& b) {
  size_t d = 0;
  for (const Expr& c : b.constraints()) d = std::max(d, c.degree_multiple());
  for (const SymbolicInteraction& in : b.interactions()) {
    d = std::max(d, in.count.degree_multiple());
    for (const Expr& m : in.message) d = std::max(d, m.degree_multiple());
  }
  return d;
}

}  // namespace

Expected<StarkProvingKey, KeygenError> keygen_single_air(const Air& air, size_t air_index, bool is_required,
                                                         const SystemParams& params,
                                                         const PreprocessedCommitter& committer) {
  const std::string name = air.name();
  std::optional<ColMajorMatrix<BabyBear>> prep = air.preprocessed_trace();
  if (prep && (prep->width() == 0 || prep->height() == 0 || !std::has_single_bit(prep->height())))
    return fail(KeygenErrorKind::kPreprocessedShape, air_index, name);

  const TraceWidth width = trace_width_of(air, prep ? std::optional<size_t>(prep->width()) : std::nullopt);
  if (width.main_width() == 0) return fail(KeygenErrorKind::kAirWidthZero, air_index, name);

  AirBuilder b = symbolic_builder(air, width);
  if (b.constraints().empty() && b.interactions().empty())
    return fail(KeygenErrorKind::kNoConstraintsOrInteractions, air_index, name);
  for (size_t i = 0; i < b.interactions().size(); ++i) {
    if (b.interactions()[i].message.empty()) {
      auto e = fail(KeygenErrorKind::kInteractionMessageEmpty, air_index, name);
      e.error.interaction_index = i;
      return e;
    }
  }
  const size_t degree = max_degree_of(b);
  const size_t max_degree = static_cast<size_t>(std::max(params.max_constraint_degree, 0));
  if (degree > max_degree) {
    auto e = fail(KeygenErrorKind::kMaxConstraintDegreeExceeded, air_index, name);
    e.error.degree = degree;
    e.error.max_degree = max_degree;
    return e;
  }
  if (degree > 255) {
    auto e = fail(KeygenErrorKind::kDegreeTooLarge, air_index, name);
    e.error.degree = degree;
    e.error.max_degree = 255;
    return e;
  }

  StarkProvingKey pk;
  pk.air_name = name;
  if (prep) {
    PreprocessedCommit pc = committer(params, *prep);
    VerifierSinglePreprocessedData vd;
    vd.commit = pc.commit;
    vd.hypercube_dim = static_cast<int64_t>(std::countr_zero(prep->height())) - params.l_skip;
    vd.stacking_width = pc.stacking_width;
    pk.vk.preprocessed_data = vd;
    pk.preprocessed_data = std::move(pc.data);
    pk.preprocessed_trace = std::move(prep);
  }
  pk.vk.symbolic_constraints = build_constraints_dag(b.constraints(), b.interactions());
  pk.vk.params.width = width;
  pk.vk.params.num_public_values = b.num_public_values();
  pk.vk.params.need_rot = pk.vk.symbolic_constraints.constraints.max_rotation() == 1;
  pk.vk.max_constraint_degree = static_cast<uint8_t>(degree);
  pk.vk.is_required = is_required;
  pk.vk.unused_variables = find_unused_variables(pk.vk.symbolic_constraints, width, pk.vk.params.need_rot);
  return pk;
}

std::vector<LinearConstraint> compute_trace_height_constraints(const std::vector<StarkVerifyingKey>& per_air,
                                                               const SystemParams& params) {
  const size_t num_airs = per_air.size();
  std::map<BusIndex, LinearConstraint> per_bus;  // ordered by bus index
  LinearConstraint total{std::vector<uint32_t>(num_airs, 0), params.logup.max_interaction_count};
  for (size_t a = 0; a < num_airs; ++a) {
    const auto& ins = per_air[a].symbolic_constraints.interactions;
    total.coefficients[a] = static_cast<uint32_t>(ins.size());
    for (const Interaction<size_t>& in : ins) {
      auto [it, fresh] = per_bus.try_emplace(in.bus_index);
      if (fresh) it->second = LinearConstraint{std::vector<uint32_t>(num_airs, 0), BabyBear::kP};
      // u32 arithmetic as the reference (which would panic on overflow in
      // debug builds; weights are small in practice).
      it->second.coefficients[a] += in.count_weight;
    }
  }
  std::vector<LinearConstraint> all;
  all.reserve(per_bus.size() + 1);
  for (auto& [bus, c] : per_bus) all.push_back(std::move(c));
  all.push_back(std::move(total));

  std::vector<LinearConstraint> kept;
  for (LinearConstraint& c : all) {
    bool implied = std::any_of(kept.begin(), kept.end(), [&](const LinearConstraint& k) { return c.is_implied_by(k); });
    if (implied) continue;
    std::erase_if(kept, [&](const LinearConstraint& k) { return k.is_implied_by(c); });
    kept.push_back(std::move(c));
  }
  return kept;
}

MultiStarkKeygenBuilder::MultiStarkKeygenBuilder(SystemParams params, PreprocessedCommitter committer)
    : params_(std::move(params)), committer_(std::move(committer)) {
  if (!committer_) throw std::invalid_argument("MultiStarkKeygenBuilder: empty PreprocessedCommitter");
}

size_t MultiStarkKeygenBuilder::add(std::shared_ptr<const Air> air, bool required) {
  if (!air) throw std::invalid_argument("MultiStarkKeygenBuilder::add_air: null AIR");
  airs_.emplace_back(std::move(air), required);
  return airs_.size() - 1;
}

Expected<MultiStarkProvingKey, KeygenError> MultiStarkKeygenBuilder::generate_pk() const {
  MultiStarkProvingKey pk;
  pk.params = params_;
  pk.max_constraint_degree = static_cast<size_t>(std::max(params_.max_constraint_degree, 0));
  for (size_t i = 0; i < airs_.size(); ++i) {
    auto one = keygen_single_air(*airs_[i].first, i, airs_[i].second, params_, committer_);
    if (!one) return Unexpected<KeygenError>(one.error());
    pk.per_air.push_back(std::move(*one));
  }
  // Interaction message bound (the reference asserts it while collecting the
  // trace-height constraints): message length + 1 (the bus) <= 2^log_max.
  const uint64_t max_len = params_.logup.log_max_message_length >= 64
                               ? UINT64_MAX
                               : uint64_t{1} << params_.logup.log_max_message_length;
  for (size_t a = 0; a < pk.per_air.size(); ++a) {
    const auto& ins = pk.per_air[a].vk.symbolic_constraints.interactions;
    for (size_t i = 0; i < ins.size(); ++i) {
      if (ins[i].message.size() + 1 > max_len) {
        KeygenError e;
        e.kind = KeygenErrorKind::kMessageTooLong;
        e.air_index = a;
        e.air_name = pk.per_air[a].air_name;
        e.interaction_index = i;
        e.degree = ins[i].message.size() + 1;
        e.max_degree = static_cast<size_t>(max_len);
        return Unexpected<KeygenError>(std::move(e));
      }
    }
  }
  std::vector<StarkVerifyingKey> vks;
  vks.reserve(pk.per_air.size());
  for (const auto& p : pk.per_air) vks.push_back(p.vk);
  pk.trace_height_constraints = compute_trace_height_constraints(vks, params_);
  pk.vk_pre_hash = compute_vk_pre_hash(pk.get_vk0());
  return pk;
}

// ---- postcard ----

void postcard_write(PostcardWriter& w, const SymbolicVariable& v) {
  w.variant(static_cast<uint32_t>(v.entry.kind));
  switch (v.entry.kind) {
    case EntryKind::kPreprocessed: w.usize(v.entry.offset); break;
    case EntryKind::kMain:
      w.usize(v.entry.part_index);
      w.usize(v.entry.offset);
      break;
    case EntryKind::kPublic:
    case EntryKind::kChallenge: break;
  }
  w.usize(v.index);  // then PhantomData: nothing
}

void postcard_write(PostcardWriter& w, const DagNode& n) {
  w.variant(static_cast<uint32_t>(n.kind));
  switch (n.kind) {
    case ExprKind::kVariable: postcard_write(w, n.var); break;
    case ExprKind::kIsFirstRow:
    case ExprKind::kIsLastRow:
    case ExprKind::kIsTransition: break;
    case ExprKind::kConstant: w.field(n.constant); break;
    case ExprKind::kAdd:
    case ExprKind::kSub:
    case ExprKind::kMul:
      w.usize(n.left);
      w.usize(n.right);
      w.usize(n.degree_multiple);
      break;
    case ExprKind::kNeg:
      w.usize(n.left);
      w.usize(n.degree_multiple);
      break;
  }
}

void postcard_write(PostcardWriter& w, const SymbolicConstraintsDag& dag) {
  // SymbolicExpressionDag { nodes, constraint_idx }
  w.len(dag.constraints.nodes.size());
  for (const DagNode& n : dag.constraints.nodes) postcard_write(w, n);
  w.len(dag.constraints.constraint_idx.size());
  for (size_t i : dag.constraints.constraint_idx) w.usize(i);
  // Vec<Interaction<usize>>: { message, count, bus_index u16, count_weight u32 }
  w.len(dag.interactions.size());
  for (const Interaction<size_t>& in : dag.interactions) {
    w.len(in.message.size());
    for (size_t m : in.message) w.usize(m);
    w.usize(in.count);
    w.u16(in.bus_index);
    w.u32(in.count_weight);
  }
}

void postcard_write(PostcardWriter& w, const StarkVerifyingKey& vk) {
  // preprocessed_data: Option<VerifierSinglePreprocessedData { commit, hypercube_dim isize, stacking_width }>
  w.boolean(vk.preprocessed_data.has_value());
  if (vk.preprocessed_data) {
    w.digest(vk.preprocessed_data->commit);
    w.isize(vk.preprocessed_data->hypercube_dim);
    w.usize(vk.preprocessed_data->stacking_width);
  }
  // params: StarkVerifyingParams { width: TraceWidth { preprocessed Option<usize>, cached_mains, common_main },
  //                                num_public_values, need_rot }
  const TraceWidth& tw = vk.params.width;
  w.boolean(tw.preprocessed.has_value());
  if (tw.preprocessed) w.usize(*tw.preprocessed);
  w.len(tw.cached_mains.size());
  for (size_t c : tw.cached_mains) w.usize(c);
  w.usize(tw.common_main);
  w.usize(vk.params.num_public_values);
  w.boolean(vk.params.need_rot);
  postcard_write(w, vk.symbolic_constraints);
  w.u8(vk.max_constraint_degree);
  w.boolean(vk.is_required);
  w.len(vk.unused_variables.size());
  for (const SymbolicVariable& v : vk.unused_variables) postcard_write(w, v);
}

std::vector<uint8_t> postcard_encode(const MultiStarkVerifyingKey0& vk) {
  PostcardWriter w;
  postcard_write(w, vk.params);
  w.len(vk.per_air.size());
  for (const StarkVerifyingKey& a : vk.per_air) postcard_write(w, a);
  w.len(vk.trace_height_constraints.size());
  for (const LinearConstraint& c : vk.trace_height_constraints) {
    w.len(c.coefficients.size());
    for (uint32_t x : c.coefficients) w.u32(x);
    w.u32(c.threshold);
  }
  return w.take();
}

std::vector<uint8_t> vk_pre_hash_bytes(const MultiStarkVerifyingKey0& vk) {
  std::vector<uint8_t> body = postcard_encode(vk);
  std::vector<uint8_t> out;
  out.reserve(12 + body.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(kVkCodecVersion >> (8 * i)));
  const uint64_t n = body.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(n >> (8 * i)));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Digest compute_vk_pre_hash(const MultiStarkVerifyingKey0& vk) {
  std::vector<uint8_t> bytes = vk_pre_hash_bytes(vk);
  std::vector<BabyBear> elems(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) elems[i] = BabyBear::from_u32(bytes[i]);
  return poseidon2_hash(elems.data(), elems.size());
}

}  // namespace swirl
