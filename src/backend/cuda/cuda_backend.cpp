#include "swirl/backend/cuda/cuda_backend.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "device_bound_stages.h"
#include "swirl/air/dag_constraints.h"
#include "swirl/backend/cuda/device.h"
#include "swirl/backend/cuda/error.h"
#include "swirl/backend/cuda/grind.h"
#include "swirl/backend/cuda/logup_gkr.h"
#include "swirl/backend/cuda/logup_input.h"
#include "swirl/backend/cuda/span_hook.h"
#include "swirl/backend/cuda/stacked_reduction.h"
#include "swirl/backend/cuda/whir.h"
#include "swirl/backend/cuda/zerocheck.h"
#include "swirl/protocol/logup.h"

namespace swirl::cuda {
namespace {

const CudaMatrix& cuda_matrix(const BackendMatrix* m, const char* what) {
  const auto* c = dynamic_cast<const CudaMatrix*>(m);
  if (c == nullptr) throw std::invalid_argument(std::string(what) + ": a matrix not held by the CUDA backend");
  return *c;
}

const CudaProvingKey& cuda_key(const BackendProvingKey& pk, const char* who) {
  const auto* key = dynamic_cast<const CudaProvingKey*>(&pk);
  if (key == nullptr) throw std::invalid_argument(std::string(who) + ": a proving key not loaded by the CUDA backend");
  return *key;
}

// The constraint program of one AIR in `cones` cones (docs/design.md, "CUDA
// backend: constraint evaluation"), more when a cone needs more slots than
// the interpreter holds.
ConstraintProgram compile_constraints(const SymbolicConstraintsDag& dag, const AirShape& shape, size_t cones) {
  size_t groups = std::min<size_t>(std::max<size_t>(1, dag.constraints.constraint_idx.size()), cones);
  ConstraintProgram prog = compile_constraint_program(dag, shape, groups);
  while (prog.max_slots > kMaxProgramSlots && groups < dag.constraints.constraint_idx.size()) {
    groups *= 2;
    prog = compile_constraint_program(dag, shape, groups);
  }
  return prog;
}

// One AIR's flat column table over its device traces (parts in flat order:
// preprocessed, cached mains, common main) and its height.
struct FlatTable {
  std::vector<FlatColumnRef> refs;
  size_t height = 0;
};
FlatTable flat_table(const CudaProvingKey& key, const StarkVerifyingKey& vk, const RapAir& a, const char* who) {
  if (a.common_main == nullptr) throw std::invalid_argument(std::string(who) + ": an AIR without a common main");
  const AirShape shape = air_shape(vk);
  const FlatColumns flat(shape);
  FlatTable out;
  out.height = a.common_main->height();
  std::vector<const DeviceMatrix<BabyBear>*> parts;
  if (shape.has_preprocessed) {
    const auto& prep = key.device().per_air.at(a.air).preprocessed;
    if (!prep)
      throw std::invalid_argument(std::string(who) + ": the key lacks AIR " + std::to_string(a.air) +
                                  "'s preprocessed trace");
    parts.push_back(&prep->trace());
  }
  for (const BackendMatrix* c : a.cached) parts.push_back(&cuda_matrix(c, who).device());
  parts.push_back(&cuda_matrix(a.common_main, who).device());
  if (parts.size() != flat.local_offset.size())
    throw std::invalid_argument(std::string(who) + ": AIR " + std::to_string(a.air) + " has " +
                                std::to_string(parts.size()) + " trace parts, its shape " +
                                std::to_string(flat.local_offset.size()));
  out.refs.resize(flat.num_columns);
  for (size_t p = 0; p < parts.size(); ++p) {
    if (parts[p]->height() != out.height && parts[p]->width() > 0)
      throw std::invalid_argument(std::string(who) + ": AIR " + std::to_string(a.air) + " has parts of different heights");
    for (size_t c = 0; c < parts[p]->width(); ++c) {
      out.refs[flat.local_offset[p] + c] = {parts[p]->data() + c * out.height, 0};
      if (flat.rot) out.refs[flat.next_offset[p] + c] = {parts[p]->data() + c * out.height, 1};
    }
  }
  return out;
}

}  // namespace

CudaProvingKey::CudaProvingKey(DeviceProvingKey key, std::vector<DeviceAirPrograms> programs)
    : key_(std::move(key)), programs_(std::move(programs)) {
  for (const DeviceStarkProvingKey& apk : key_.per_air)
    prep_.push_back(apk.preprocessed ? std::make_unique<CudaCommittedTrace>(*apk.preprocessed) : nullptr);
}

namespace {

// SWIRL_CUDA_MEMORY_LIMIT: bytes, or a number with a K/M/G suffix (binary),
// a cap for each device the process proves on.
void apply_memory_limit_from_env(int device) {
  const char* v = std::getenv("SWIRL_CUDA_MEMORY_LIMIT");
  if (v == nullptr || *v == '\0') return;
  const std::string s(v);
  size_t pos = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(s, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  int shift = 0;
  if (pos + 1 == s.size()) {
    const char u = static_cast<char>(s[pos] | 0x20);
    shift = u == 'k' ? 10 : u == 'm' ? 20 : u == 'g' ? 30 : -1;
    pos = shift < 0 ? 0 : pos + 1;
  }
  if (pos == 0 || pos != s.size() || n == 0 || (shift > 0 && n > (~0ull >> shift)))
    throw std::invalid_argument("SWIRL_CUDA_MEMORY_LIMIT '" + s +
                                "' is not a positive byte count (digits, optionally K, M or G)");
  DeviceAllocator::of(device).set_limit(static_cast<size_t>(n << shift));
}

}  // namespace

namespace {

// Checked before any member (the streams) touches the driver, so a machine
// without a device gets "no CUDA device" rather than the first failing call.
int select_device(int device) {
  if (!device_available()) throw CudaError(cudaErrorNoDevice, "CudaBackend()", __FILE__, __LINE__);
  int count = 0;
  SWIRL_CUDA_CHECK(cudaGetDeviceCount(&count));
  if (device >= count || device < -1)
    throw std::invalid_argument("CUDA device " + std::to_string(device) + ": " + std::to_string(count) +
                                " device(s) present (indices 0.." + std::to_string(count - 1) + ")");
  return device < 0 ? current_device() : device;
}

}  // namespace

CudaBackend::CudaBackend(ProverCacheConfig cache, int device)
    : device_(select_device(device)), constructing_(std::make_unique<DeviceScope>(device_)), cache_(cache) {
  apply_memory_limit_from_env(device_);
  // The program interpreters hold their slots in local memory (up to 4 KiB
  // per thread in BabyBear4). By default the driver shrinks the device-wide
  // local-memory reservation after such a launch and grows it again at the
  // next one, a reallocation and synchronisation per launch; keep it.
  unsigned flags = 0;
  SWIRL_CUDA_CHECK(cudaGetDeviceFlags(&flags));
  if ((flags & cudaDeviceLmemResizeToMax) == 0) SWIRL_CUDA_CHECK(cudaSetDeviceFlags(flags | cudaDeviceLmemResizeToMax));
  constructing_.reset();  // the caller's current device again
}

std::string CudaBackend::device_name() const {
  cudaDeviceProp prop{};
  SWIRL_CUDA_CHECK(cudaGetDeviceProperties(&prop, device_));
  return std::string(prop.name) + " (device " + std::to_string(device_) + ")";
}

DeviceSpanHook CudaBackend::span_hook() const {
  // This backend's streams only, so spans of other backends' proofs in
  // flight on the same device do not wait for each other.
  DeviceSpanHook h = cuda_span_hook(device_);
  const Transporter* t = &transporter_;
  const cudaStream_t s = stream();
  h.synchronize = [t, s] {
    t->synchronize();
    SWIRL_CUDA_CHECK(cudaStreamSynchronize(s));
  };
  return h;
}

std::shared_ptr<const BackendProvingKey> CudaBackend::load_proving_key(const MultiStarkProvingKey& pk) {
  const DeviceScope on(device_);
  DeviceProvingKey key = upload_proving_key(transporter_, pk, cache_);
  std::vector<DeviceAirPrograms> programs;
  for (const StarkProvingKey& apk : pk.per_air) {
    const SymbolicConstraintsDag& dag = apk.vk.symbolic_constraints;
    const AirShape shape = air_shape(apk.vk);
    DeviceAirPrograms p;
    p.constraints = upload_constraint_program(transporter_, compile_constraints(dag, shape, 32));
    if (dag.constraints.constraint_idx.size() > 32)
      p.constraints_narrow = upload_constraint_program(transporter_, compile_constraints(dag, shape, 256));
    if (!dag.interactions.empty()) {
      // A group per few interactions: enough blocks per row range, short streams.
      const size_t groups = std::min<size_t>(dag.interactions.size(), 16);
      p.interactions = upload_constraint_program(transporter_, compile_interaction_program(dag, shape, groups));
    }
    programs.push_back(std::move(p));
  }
  transporter_.synchronize();
  return std::make_shared<CudaProvingKey>(std::move(key), std::move(programs));
}

std::shared_ptr<const BackendMatrix> CudaBackend::load_trace(const ColMajorMatrix<BabyBear>& host) {
  const DeviceScope on(device_);
  UploadMarks marks;
  DeviceMatrix<BabyBear> m = transporter_.upload(host, &marks);
  return std::make_shared<CudaMatrix>(std::move(m), std::move(marks));
}

std::vector<std::shared_ptr<const BackendMatrix>> CudaBackend::load_traces(
    const SystemParams& params, std::span<const ColMajorMatrix<BabyBear>* const> traces) {
  const DeviceScope on(device_);
  std::vector<MatrixDims> dims(traces.size());
  bool any_in_place = false;
  for (size_t m = 0; m < traces.size(); ++m) {
    if (!traces[m]) throw std::invalid_argument("CudaBackend::load_traces: trace " + std::to_string(m) + " is null");
    dims[m].width = traces[m]->width();
    const size_t h = traces[m]->height();
    if (dims[m].width == 0) continue;
    if (!std::has_single_bit(h)) return ProverBackend::load_traces(params, traces);  // commit() names the error
    dims[m].log_height = std::countr_zero(h);
    any_in_place = any_in_place || dims[m].log_height >= params.l_skip;
  }
  StackedLayout layout;
  try {
    layout = StackedLayout::build(params.l_skip, params.l_skip + params.n_stack, dims);
  } catch (const StackingError&) {
    return ProverBackend::load_traces(params, traces);  // commit() throws the same error with its own name
  }
  if (!any_in_place) return ProverBackend::load_traces(params, traces);

  // Strided traces first (their own copies, fewer than 2^l_skip rows each),
  // then the zeros and their scatter into the stacked matrix, then every
  // other trace straight into its place. The commit overlapped with the
  // transport waits for a chunk of a trace before reading its columns; the
  // zeros and the scatter are queued before any such chunk, and a strided
  // trace's one mark is recorded after its scatter.
  auto home = std::make_shared<StackedHome>();
  home->block = std::make_shared<DeviceBuffer<BabyBear>>(layout.height() * layout.width());
  home->traces = traces.size();
  std::vector<std::shared_ptr<const BackendMatrix>> out(traces.size());
  std::vector<DeviceMatrix<BabyBear>> strided(traces.size());
  std::vector<const DeviceMatrix<BabyBear>*> strided_ptr(traces.size(), nullptr);
  for (size_t m = 0; m < traces.size(); ++m) {
    if (dims[m].width > 0 && dims[m].log_height < params.l_skip) {
      strided[m] = transporter_.upload(*traces[m]);
      strided_ptr[m] = &strided[m];
    }
  }
  fill_stacked_around_traces(layout, strided_ptr, home->block->data(), transporter_.stream());
  auto scattered = std::make_shared<Event>();
  scattered->record(transporter_.stream());
  for (size_t m = 0; m < traces.size(); ++m) {
    if (strided_ptr[m]) {
      const size_t n = strided[m].size();
      out[m] = std::make_shared<CudaMatrix>(std::move(strided[m]), UploadMarks{{n, scattered}}, home, m);
    } else if (dims[m].width == 0) {
      out[m] = std::make_shared<CudaMatrix>(transporter_.upload(*traces[m]), UploadMarks{}, home, m);
    } else {
      const StackedSlice& s = layout.slice(m, 0);
      DeviceMatrix<BabyBear> view(home->block, s.col_idx * layout.height() + s.row_idx, traces[m]->height(),
                                  traces[m]->width());
      UploadMarks marks;
      transporter_.upload_into(*traces[m], view, &marks);
      out[m] = std::make_shared<CudaMatrix>(std::move(view), std::move(marks), home, m);
    }
  }
  return out;
}

std::shared_ptr<const BackendPcsData> CudaBackend::commit(const SystemParams& params,
                                                          std::span<const BackendMatrix* const> traces) {
  const DeviceScope on(device_);
  std::vector<const DeviceMatrix<BabyBear>*> dev;
  std::vector<const UploadMarks*> arrivals;
  dev.reserve(traces.size());
  arrivals.reserve(traces.size());
  bool arriving = false;
  // In place when these are exactly the traces load_traces put into one
  // stacked matrix, in the same order; any other grouping is stacked anew.
  const StackedHome* home = nullptr;
  bool same_home = !traces.empty();
  for (size_t k = 0; k < traces.size(); ++k) {
    const CudaMatrix& m = cuda_matrix(traces[k], "CudaBackend::commit");
    dev.push_back(&m.device());
    arrivals.push_back(&m.marks());
    arriving = arriving || m.arriving();
    if (k == 0) home = m.home();
    same_home = same_home && m.home() != nullptr && m.home() == home && m.home_index() == k;
  }
  std::shared_ptr<DeviceBuffer<BabyBear>> stacked;
  if (same_home && home->traces == traces.size()) {
    stacked = home->block;
    in_place_commits_.fetch_add(1);
  }
  // Traces still on their way: the commit starts on the columns already
  // there (docs/design.md, "The commit overlapped with the transport").
  // Otherwise the uploads are valid in the transporter's stream order, and
  // the commit runs on the backend's stream after it.
  if (arriving) {
    overlapped_commits_.fetch_add(1);
    return std::make_shared<CudaPcsData>(stacked_commit_as_traces_land(params.l_skip, params.n_stack, params.log_blowup,
                                                                       params.whir.k, dev, arrivals, stream(),
                                                                       /*rs_columns=*/2, std::move(stacked)));
  }
  transporter_.synchronize();
  return std::make_shared<CudaPcsData>(stacked_commit_on_device(params.l_skip, params.n_stack, params.log_blowup,
                                                                params.whir.k, dev, stream(), std::move(stacked)));
}

BabyBear CudaBackend::grind(const DuplexSponge& sponge, int bits) {
  const DeviceScope on(device_);
  std::optional<BabyBear> w = find_pow_witness_on_device(sponge, bits, stream());
  if (!w) throw std::runtime_error("grind: no proof-of-work witness exists in the field");
  return *w;
}

std::unique_ptr<LogupGkrStage> CudaBackend::logup_gkr(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                                      const BatchConstraintParams& params, std::span<const RapAir> airs,
                                                      const BabyBear4& alpha, const BabyBear4& beta) {
  const DeviceScope on(device_);
  const CudaProvingKey* key = &cuda_key(pk, "CudaBackend::logup_gkr");
  const size_t l = static_cast<size_t>(params.l_skip);
  std::vector<LogupAirSize> sizes;
  size_t max_len = 0;
  for (const RapAir& a : airs) {
    const BackendMatrix* cm = a.common_main;
    if (cm == nullptr) throw std::invalid_argument("CudaBackend::logup_gkr: an AIR without a common main");
    const int log_h = std::countr_zero(cm->height());
    const auto& dag = host_pk.per_air.at(a.air).vk.symbolic_constraints;
    sizes.push_back({static_cast<size_t>(std::max<int>(0, log_h - params.l_skip)), dag.interactions.size()});
    for (const auto& it : dag.interactions) max_len = std::max(max_len, it.message.size());
  }
  const LogupLayout lay = logup_layout(l, sizes);
  if (lay.total == 0) return nullptr;

  const size_t num_leaves = size_t{1} << (l + lay.n_logup);
  DeviceBuffer<Frac> leaves(num_leaves);
  std::vector<BabyBear4> beta_pows(max_len + 1);
  beta_pows[0] = BabyBear4::one();
  for (size_t i = 1; i < beta_pows.size(); ++i) beta_pows[i] = beta_pows[i - 1] * beta;
  DeviceBuffer<BabyBear4> d_beta = transporter_.upload_vector(std::span<const BabyBear4>(beta_pows));
  // Per AIR: the flat column table, the block offsets, the denominators'
  // constant parts, the public values. Kept until the launches are done.
  std::vector<DeviceBuffer<FlatColumnRef>> d_cols;
  std::vector<DeviceBuffer<uint64_t>> d_offsets;
  std::vector<DeviceBuffer<BabyBear4>> d_den;
  std::vector<DeviceBuffer<BabyBear>> d_pv;
  std::vector<LogupInputAir> launches;
  for (size_t t = 0; t < airs.size(); ++t) {
    const RapAir& a = airs[t];
    const StarkVerifyingKey& vk = host_pk.per_air.at(a.air).vk;
    const auto& its = vk.symbolic_constraints.interactions;
    if (its.empty()) continue;
    const FlatTable table = flat_table(*key, vk, a, "CudaBackend::logup_gkr");
    const std::vector<FlatColumnRef>& refs = table.refs;
    const size_t h = table.height;
    std::vector<uint64_t> offsets(lay.offsets[t].begin(), lay.offsets[t].end());
    std::vector<BabyBear4> den(its.size());
    for (size_t k = 0; k < its.size(); ++k)
      den[k] = beta_pows[its[k].message.size()] * BabyBear::from_u64(uint64_t{its[k].bus_index} + 1) + alpha;
    d_cols.push_back(transporter_.upload_vector(std::span<const FlatColumnRef>(refs)));
    d_offsets.push_back(transporter_.upload_vector(std::span<const uint64_t>(offsets)));
    d_den.push_back(transporter_.upload_vector(std::span<const BabyBear4>(den)));
    d_pv.push_back(transporter_.upload_vector(std::span<const BabyBear>(a.public_values)));
    LogupInputAir in;
    in.program = &key->interaction_program(a.air);
    in.columns = d_cols.back().data();
    in.height = h;
    in.reps = (size_t{1} << (l + sizes[t].n_lift)) / h;
    in.norm = BabyBear::one();
    for (int i = 0; i < std::max<int>(0, params.l_skip - std::countr_zero(h)); ++i) in.norm = in.norm.halve();
    in.public_values = d_pv.back().data();
    in.offsets = d_offsets.back().data();
    in.den_base = d_den.back().data();
    launches.push_back(in);
  }
  transporter_.synchronize();  // the tables (and traces) are on the device
  fill_padding_leaves(leaves.data(), num_leaves, alpha, stream());
  for (const LogupInputAir& in : launches) logup_input_on_device(in, d_beta.data(), leaves.data(), stream());
  auto stage = std::make_unique<DeviceBoundLogupGkr>(device_, std::make_unique<LogupGkr>(std::move(leaves), stream()));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream()));  // before the tables above are freed
  return stage;
}

std::unique_ptr<ZerocheckStage> CudaBackend::zerocheck(const BackendProvingKey& pk, const MultiStarkProvingKey& host_pk,
                                                       const BatchConstraintParams& params,
                                                       std::span<const RapAir> airs) {
  const DeviceScope on(device_);
  const char* who = "CudaBackend::zerocheck";
  const CudaProvingKey& key = cuda_key(pk, who);
  std::vector<ZerocheckAir> zairs;
  for (const RapAir& a : airs) {
    const StarkVerifyingKey& vk = host_pk.per_air.at(a.air).vk;
    const AirShape shape = air_shape(vk);
    const FlatColumns flat(shape);
    FlatTable table = flat_table(key, vk, a, who);
    ZerocheckAir z;
    const DeviceAirPrograms& progs = key.programs(a.air);
    z.constraints = &progs.constraints;
    z.constraints_narrow = progs.constraints_narrow.num_groups > 0 ? &progs.constraints_narrow : nullptr;
    const auto& its = vk.symbolic_constraints.interactions;
    z.interactions = its.empty() ? nullptr : &key.interaction_program(a.air);
    z.columns = std::move(table.refs);
    z.height = table.height;
    z.constraint_degree = shape.constraint_degree;
    z.public_values = a.public_values;
    for (const auto& it : its) {
      z.message_lengths.push_back(static_cast<uint32_t>(it.message.size()));
      z.buses.push_back(it.bus_index);
    }
    // Openings in the proof's part order [common main, preprocessed,
    // cached...]; the flat parts are [preprocessed, cached..., common].
    const size_t nparts = flat.local_offset.size();
    std::vector<size_t> order{nparts - 1};
    if (shape.has_preprocessed) order.push_back(0);
    for (size_t p = shape.has_preprocessed ? 1 : 0; p + 1 < nparts; ++p) order.push_back(p);
    for (size_t p : order) {
      const size_t width = (p + 1 < nparts ? flat.local_offset[p + 1] : flat.next_offset[0]) - flat.local_offset[p];
      std::vector<uint32_t> cols;
      for (size_t c = 0; c < width; ++c) {
        cols.push_back(static_cast<uint32_t>(flat.local_offset[p] + c));
        if (flat.rot) cols.push_back(static_cast<uint32_t>(flat.next_offset[p] + c));
      }
      z.openings.push_back(std::move(cols));
    }
    zairs.push_back(std::move(z));
  }
  transporter_.synchronize();  // the traces are on the device
  return std::make_unique<DeviceBoundZerocheck>(
      device_, std::make_unique<Zerocheck>(params, std::move(zairs), stream(), tuning_.round0_tile_bytes,
                                           tuning_.mle_narrow_below));
}

namespace {

// What the openings read of each commitment: its stacked matrix (a
// preprocessed commitment keeps one only when the cache config asks;
// otherwise it is rebuilt from the unstacked trace into `owned`), its RS
// codeword when kept, and its tree.
std::vector<WhirDeviceCommitted> device_commitments(const SystemParams& params,
                                                    std::span<const BackendPcsData* const> commitments,
                                                    std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>>& owned,
                                                    cudaStream_t stream, const char* who) {
  std::vector<WhirDeviceCommitted> out;
  for (size_t c = 0; c < commitments.size(); ++c) {
    if (const auto* d = dynamic_cast<const CudaPcsData*>(commitments[c])) {
      out.push_back({&d->device().stacked, &d->device().codeword, &d->device().tree});
    } else if (const auto* t = dynamic_cast<const CudaCommittedTrace*>(commitments[c])) {
      const DevicePcsData& data = t->device().data;
      WhirDeviceCommitted w{nullptr, data.codeword ? &*data.codeword : nullptr, &data.tree};
      if (data.stacked) {
        w.stacked = &*data.stacked;
      } else {
        std::vector<const DeviceMatrix<BabyBear>*> one{&t->device().trace()};
        owned.push_back(std::make_unique<DeviceMatrix<BabyBear>>(
            stacked_matrix_on_device(params.l_skip, params.n_stack, one, stream).matrix));
        w.stacked = owned.back().get();
      }
      out.push_back(w);
    } else {
      throw std::invalid_argument(std::string(who) + ": commitment " + std::to_string(c) +
                                  " was not made by the CUDA backend");
    }
  }
  return out;
}

}  // namespace

std::unique_ptr<StackedReductionStage> CudaBackend::stacked_reduction(const SystemParams& params,
                                                                      std::span<const BackendPcsData* const> commitments,
                                                                      std::span<const StackedOpeningColumn> columns,
                                                                      std::span<const BabyBear4> r) {
  const DeviceScope on(device_);
  std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned;
  std::vector<const DeviceMatrix<BabyBear>*> stacked;
  for (const WhirDeviceCommitted& c :
       device_commitments(params, commitments, owned, stream(), "CudaBackend::stacked_reduction"))
    stacked.push_back(c.stacked);
  return std::make_unique<DeviceBoundStackedReduction>(
      device_, std::make_unique<StackedReduction>(params.l_skip, params.n_stack, std::move(stacked), columns, r,
                                                  stream(), std::move(owned)));
}

std::unique_ptr<WhirStage> CudaBackend::whir(const SystemParams& params,
                                             std::span<const BackendPcsData* const> commitments) {
  const DeviceScope on(device_);
  std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned;
  std::vector<WhirDeviceCommitted> committed =
      device_commitments(params, commitments, owned, stream(), "CudaBackend::whir");
  return std::make_unique<DeviceBoundWhir>(
      device_, std::make_unique<Whir>(params.l_skip, params.log_blowup, params.whir, std::move(committed), stream(),
                                      std::move(owned)));
}

}  // namespace swirl::cuda
