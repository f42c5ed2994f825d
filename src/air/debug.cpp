#include "swirl/air/debug.h"

#include <algorithm>
#include <bit>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "swirl/air/dag.h"

namespace swirl {

size_t AirTraces::height() const {
  if (!cached_mains.empty()) return cached_mains[0].height();
  return common_main.height();
}

namespace {

void check_matrix(const ColMajorMatrix<BabyBear>& m, size_t width, size_t height, const std::string& what,
                  size_t air_index) {
  if (m.width() != width || m.height() != height)
    throw std::invalid_argument(fmt::format("debug_check: AIR #{} {} is {}x{}, expected {}x{}", air_index, what,
                                            m.height(), m.width(), height, width));
}

// The AIR's expressions in one DAG (assertion order kept, nothing sorted),
// so each row evaluates every shared subexpression once.
struct CompiledAir {
  std::vector<DagNode> nodes;
  std::vector<size_t> constraints;  // node per assertion
  struct In {
    std::vector<size_t> message;
    size_t count;
    BusIndex bus;
  };
  std::vector<In> interactions;
};

CompiledAir compile(const AirBuilder& b) {
  CompiledAir c;
  DagBuilder d;
  for (const Expr& e : b.constraints()) c.constraints.push_back(d.add(e));
  for (const SymbolicInteraction& in : b.interactions()) {
    CompiledAir::In x;
    for (const Expr& m : in.message) x.message.push_back(d.add(m));
    x.count = d.add(in.count);
    x.bus = in.bus_index;
    c.interactions.push_back(std::move(x));
  }
  c.nodes = d.take_nodes();
  return c;
}

struct Contribution {
  size_t air;
  BabyBear count;
};
using BusKey = std::pair<BusIndex, std::vector<uint32_t>>;  // message as canonical values

}  // namespace

DebugReport debug_check(std::span<const std::shared_ptr<const Air>> airs, std::span<const AirTraces> traces,
                        const DebugOptions& options) {
  if (airs.size() != traces.size())
    throw std::invalid_argument(fmt::format("debug_check: {} AIRs but {} trace sets", airs.size(), traces.size()));
  DebugReport report;
  std::map<BusKey, std::vector<Contribution>> buses;

  for (size_t a = 0; a < airs.size(); ++a) {
    if (!airs[a]) throw std::invalid_argument(fmt::format("debug_check: AIR #{} is null", a));
    const Air& air = *airs[a];
    const AirTraces& t = traces[a];
    const size_t h = t.height();
    if (h == 0 && t.cached_mains.empty()) continue;  // absent AIR
    if (!std::has_single_bit(h))
      throw std::invalid_argument(fmt::format("debug_check: AIR #{} height {} is not a power of two", a, h));

    std::optional<ColMajorMatrix<BabyBear>> prep = air.preprocessed_trace();
    const TraceWidth width = trace_width_of(air, prep ? std::optional<size_t>(prep->width()) : std::nullopt);
    if (prep) check_matrix(*prep, *width.preprocessed, h, "preprocessed trace", a);
    if (t.cached_mains.size() != width.cached_mains.size())
      throw std::invalid_argument(fmt::format("debug_check: AIR #{} has {} cached mains, expected {}", a,
                                              t.cached_mains.size(), width.cached_mains.size()));
    for (size_t k = 0; k < t.cached_mains.size(); ++k)
      check_matrix(t.cached_mains[k], width.cached_mains[k], h, fmt::format("cached main {}", k), a);
    if (width.common_main != 0) check_matrix(t.common_main, width.common_main, h, "common main", a);
    if (t.public_values.size() != air.num_public_values())
      throw std::invalid_argument(fmt::format("debug_check: AIR #{} has {} public values, expected {}", a,
                                              t.public_values.size(), air.num_public_values()));

    // Main partitions in part_index order.
    std::vector<const ColMajorMatrix<BabyBear>*> parts;
    for (const auto& m : t.cached_mains) parts.push_back(&m);
    if (width.common_main != 0) parts.push_back(&t.common_main);

    const CompiledAir c = compile(symbolic_builder(air, width));
    const std::string name = air.name();

    // Per row: evaluate all nodes, record failures and nonzero-count
    // interactions. Rows run in parallel; results are merged in row order.
    struct RowOut {
      std::vector<std::pair<size_t, BabyBear>> failures;  // (constraint, value)
      std::vector<std::pair<size_t, std::vector<BabyBear>>> sends;  // (interaction, message + count)
    };
    std::vector<RowOut> rows(h);
    // Threads only pay off for real traces: a parallel region costs far more
    // than evaluating a few thousand nodes (and much more on a loaded host).
    const bool parallel = h * (c.nodes.size() + 1) >= (size_t{1} << 18);
#pragma omp parallel for schedule(static) if (parallel)
    for (int64_t ri = 0; ri < static_cast<int64_t>(h); ++ri) {
      const size_t r = static_cast<size_t>(ri);
      auto var = [&](const Var& v) -> BabyBear {
        switch (v.entry.kind) {
          case EntryKind::kPreprocessed: return prep->at((r + v.entry.offset) % h, v.index);
          case EntryKind::kMain: return parts[v.entry.part_index]->at((r + v.entry.offset) % h, v.index);
          case EntryKind::kPublic: return t.public_values[v.index];
          case EntryKind::kChallenge: break;
        }
        return BabyBear::zero();  // no challenges in this protocol's AIRs
      };
      auto sel = [&](ExprKind k) -> BabyBear {
        bool v = k == ExprKind::kIsFirstRow ? r == 0 : k == ExprKind::kIsLastRow ? r == h - 1 : r != h - 1;
        return v ? BabyBear::one() : BabyBear::zero();
      };
      const std::vector<BabyBear> v = eval_dag_nodes(c.nodes, var, sel);
      RowOut& out = rows[r];
      for (size_t k = 0; k < c.constraints.size(); ++k)
        if (!v[c.constraints[k]].is_zero()) out.failures.emplace_back(k, v[c.constraints[k]]);
      for (size_t k = 0; k < c.interactions.size(); ++k) {
        const BabyBear count = v[c.interactions[k].count];
        if (count.is_zero()) continue;
        std::vector<BabyBear> msg;
        msg.reserve(c.interactions[k].message.size() + 1);
        for (size_t m : c.interactions[k].message) msg.push_back(v[m]);
        msg.push_back(count);
        out.sends.emplace_back(k, std::move(msg));
      }
    }
    size_t listed = 0;
    for (size_t r = 0; r < h; ++r) {
      for (const auto& [k, val] : rows[r].failures) {
        ++report.num_constraint_failures;
        if (listed < options.max_failures_per_air) {
          report.constraint_failures.push_back(ConstraintFailure{a, name, r, k, val});
          ++listed;
        }
      }
      for (const auto& [k, msg] : rows[r].sends) {
        BusKey key{c.interactions[k].bus, {}};
        key.second.reserve(msg.size() - 1);
        for (size_t i = 0; i + 1 < msg.size(); ++i) key.second.push_back(msg[i].as_canonical());
        buses[key].push_back(Contribution{a, msg.back()});
      }
    }
  }

  for (const auto& [key, contribs] : buses) {
    BabyBear sum = BabyBear::zero();
    for (const Contribution& c : contribs) sum += c.count;
    if (sum.is_zero()) continue;
    BusImbalance imb;
    imb.bus = key.first;
    for (uint32_t x : key.second) imb.message.push_back(BabyBear::from_canonical(x));
    imb.sum = sum;
    for (const Contribution& c : contribs) imb.contributions.emplace_back(c.air, c.count);
    report.bus_imbalances.push_back(std::move(imb));
  }
  return report;
}

std::string DebugReport::to_string() const {
  if (ok()) return "all constraints hold and every bus balances\n";
  std::string s;
  if (num_constraint_failures != 0) {
    s += fmt::format("{} constraint failure(s):\n", num_constraint_failures);
    for (const ConstraintFailure& f : constraint_failures)
      s += fmt::format("  AIR {} (#{}) row {}: constraint {} = {}\n", f.air_name, f.air_index, f.row,
                       f.constraint_index, f.value.as_canonical());
    if (constraint_failures.size() < num_constraint_failures)
      s += fmt::format("  ... {} more\n", num_constraint_failures - constraint_failures.size());
  }
  for (const BusImbalance& b : bus_imbalances) {
    std::vector<uint32_t> m;
    for (BabyBear x : b.message) m.push_back(x.as_canonical());
    s += fmt::format("bus {} does not balance for message [{}]: counts sum to {}\n", b.bus, fmt::join(m, ", "),
                     b.sum.as_canonical());
    for (const auto& [air, count] : b.contributions)
      s += fmt::format("    AIR #{}: count {}\n", air, count.as_canonical());
  }
  return s;
}

}  // namespace swirl
