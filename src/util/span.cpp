#include "swirl/util/span.h"

#include <exception>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <cmath>
#include <map>
#include <set>

namespace swirl {

namespace {
thread_local SpanCollector* t_current = nullptr;
}

SpanCollector::SpanCollector() = default;
SpanCollector::~SpanCollector() = default;

SpanCollector::Install::Install(SpanCollector& c) : previous_(t_current) { t_current = &c; }
SpanCollector::Install::~Install() { t_current = previous_; }

SpanCollector* SpanCollector::current() { return t_current; }

void SpanCollector::begin(std::string name) {
  if (device_hook_.synchronize) device_hook_.synchronize();
  Open o;
  o.record.name = std::move(name);
  if (device_hook_.memory) o.record.device_bytes_at_start = device_hook_.memory().first;
  if (device_hook_.reset_peak) o.outer_peak = device_hook_.reset_peak();
  if (device_hook_.range_push) device_hook_.range_push(o.record.name);
  o.start = std::chrono::steady_clock::now();
  stack_.push_back(std::move(o));
}

void SpanCollector::end() {
  if (stack_.empty()) return;
  // A failed wait (a device error surfacing here) still closes the span, so
  // the stack stays consistent, and is rethrown after.
  std::exception_ptr failed;
  if (device_hook_.synchronize) {
    try {
      device_hook_.synchronize();
    } catch (...) {
      failed = std::current_exception();
    }
  }
  Open o = std::move(stack_.back());
  stack_.pop_back();
  if (device_hook_.range_pop) device_hook_.range_pop();
  o.record.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - o.start).count();
  if (device_hook_.memory) {
    auto [in_use, peak] = device_hook_.memory();
    o.record.device_bytes_in_use = in_use;
    o.record.device_bytes_peak = peak;
  }
  if (device_hook_.raise_peak && o.outer_peak >= 0) device_hook_.raise_peak(o.outer_peak);
  if (stack_.empty()) roots_.push_back(std::move(o.record));
  else stack_.back().record.children.push_back(std::move(o.record));
  if (failed) std::rethrow_exception(failed);
}

void SpanCollector::add_bytes(int64_t bytes) {
  if (stack_.empty()) return;
  int64_t& b = stack_.back().record.bytes;
  b = std::max<int64_t>(b, 0) + bytes;
}

namespace {

void walk(const std::vector<SpanRecord>& spans, const std::function<void(const SpanRecord&, int)>& f, int depth) {
  for (const SpanRecord& s : spans) {
    f(s, depth);
    walk(s.children, f, depth + 1);
  }
}

}  // namespace

namespace {

double round_us(double ms) { return std::round(ms * 1000.0) / 1000.0; }

// Every span under its path: root spans by name, spans below the first
// level by the path without the root ("prover.openings.whir.merkle_tree"),
// so different spans of one name never merge; repeats of one path add up.
struct PathFigures {
  double ms = 0;
  int count = 0;
  int64_t used = 0, current = -1, peak = -1;  // device bytes, largest over repeats
  int64_t bytes = -1;                         // moved, summed over repeats
};

// Bytes over milliseconds as GB/s (1e9 bytes per second).
double gb_per_s(int64_t bytes, double ms) { return ms > 0 ? static_cast<double>(bytes) / (ms * 1e6) : 0.0; }

void collect_paths(const std::vector<SpanRecord>& spans, const std::string& prefix, bool root,
                   std::map<std::string, PathFigures>& by_path,
                   std::map<std::string, std::set<std::string>>& paths_of_name) {
  for (const SpanRecord& s : spans) {
    const std::string path = prefix.empty() ? s.name : prefix + "." + s.name;
    PathFigures& a = by_path[path];
    a.ms += s.ms;
    a.count += 1;
    if (s.device_bytes_in_use >= 0) {
      const int64_t used = s.device_bytes_in_use - std::max<int64_t>(s.device_bytes_at_start, 0);
      a.used = a.current < 0 ? used : std::max(a.used, used);
      a.current = std::max(a.current, s.device_bytes_in_use);
      a.peak = std::max(a.peak, s.device_bytes_peak);
    }
    if (s.bytes >= 0) a.bytes = std::max<int64_t>(a.bytes, 0) + s.bytes;
    paths_of_name[s.name].insert(path);
    collect_paths(s.children, root ? std::string() : path, false, by_path, paths_of_name);
  }
}

}  // namespace

nlohmann::json SpanCollector::metrics_json() const {
  std::map<std::string, PathFigures> by_path;
  std::map<std::string, std::set<std::string>> paths_of_name;
  collect_paths(roots_, "", true, by_path, paths_of_name);
  nlohmann::json j = nlohmann::json::object();
  auto put = [&](const std::string& key, const PathFigures& v) {
    j[key + "_time_ms"] = round_us(v.ms);
    if (v.count > 1) j[key + "_count"] = v.count;
    if (v.current >= 0) {
      j[key + "_gpu_mem_used_bytes"] = v.used;
      j[key + "_gpu_mem_current_bytes"] = v.current;
      j[key + "_gpu_mem_peak_bytes"] = v.peak;
    }
    if (v.bytes >= 0) {
      j[key + "_bytes"] = v.bytes;
      j[key + "_gb_per_s"] = std::round(gb_per_s(v.bytes, v.ms) * 1000.0) / 1000.0;
    }
  };
  for (const auto& [path, v] : by_path) put(path, v);
  // The short name too (the reference's gauge names: rs_code_matrix_time_ms,
  // round0_time_ms, ...) where it names one span only.
  for (const auto& [name, paths] : paths_of_name) {
    if (paths.size() != 1 || j.contains(name + "_time_ms")) continue;
    put(name, by_path[*paths.begin()]);
  }
  return j;
}

namespace {

// "879ms", "12.3ms", "1.23s", "75.2us": three significant digits, as
// tracing-forest prints durations.
std::string format_duration(double ms) {
  auto sig3 = [](double v) {
    if (v >= 100) return fmt::format("{:.0f}", v);
    if (v >= 10) return fmt::format("{:.1f}", v);
    return fmt::format("{:.2f}", v);
  };
  if (ms >= 1000) return sig3(ms / 1000) + "s";
  if (ms >= 1) return sig3(ms) + "ms";
  return sig3(ms * 1000) + "µs";
}

struct Merged {
  std::string name;
  size_t count = 0;
  double ms = 0, child_ms = 0;
  int64_t used = 0, in_use = -1, peak = -1;
  int64_t bytes = -1;
  std::vector<const SpanRecord*> children;
};

// Same-named siblings fold into one line ("name x13", their summed time and
// the largest device figures), their children merged the same way: a phase
// that repeats a step (WHIR's grindings, its per-round trees) reads as one
// line per step.
std::vector<Merged> merge_siblings(const std::vector<const SpanRecord*>& spans) {
  std::vector<Merged> out;
  std::map<std::string, size_t> at;
  for (const SpanRecord* s : spans) {
    auto [it, fresh] = at.try_emplace(s->name, out.size());
    if (fresh) {
      out.emplace_back();
      out.back().name = s->name;
    }
    Merged& m = out[it->second];
    m.count += 1;
    m.ms += s->ms;
    if (s->device_bytes_in_use >= 0) {
      const int64_t used = s->device_bytes_in_use - std::max<int64_t>(s->device_bytes_at_start, 0);
      m.used = m.in_use < 0 ? used : std::max(m.used, used);
    }
    m.in_use = std::max(m.in_use, s->device_bytes_in_use);
    m.peak = std::max(m.peak, s->device_bytes_peak);
    if (s->bytes >= 0) m.bytes = std::max<int64_t>(m.bytes, 0) + s->bytes;
    for (const SpanRecord& c : s->children) {
      m.children.push_back(&c);
      m.child_ms += c.ms;
    }
  }
  return out;
}

// One tree in tracing-forest's layout: "┝━ " before a child with later
// siblings, "┕━ " before the last, "│  " / "   " below them; each line
// "[ total | self% / total% ]" with the shares of the tree's root.
void print_tree(const std::vector<const SpanRecord*>& spans, const std::string& indent, bool top, double root_ms,
                std::string& out) {
  const std::vector<Merged> merged = merge_siblings(spans);
  for (size_t i = 0; i < merged.size(); ++i) {
    const Merged& m = merged[i];
    const bool last = i + 1 == merged.size();
    const double base = top ? m.ms : root_ms;
    const double self = std::max(0.0, m.ms - m.child_ms);
    auto pct = [&](double v) { return base > 0 ? 100.0 * v / base : 0.0; };
    std::string line = indent + (top ? "" : (last ? "┕━ " : "┝━ ")) + m.name;
    if (m.count > 1) line += fmt::format(" x{}", m.count);
    line += fmt::format(" [ {} | {:.2f}% / {:.2f}% ]", format_duration(m.ms), pct(self), pct(m.ms));
    if (m.bytes >= 0)
      line += fmt::format(" {:.1f} MB at {:.1f} GB/s", static_cast<double>(m.bytes) / 1e6, gb_per_s(m.bytes, m.ms));
    if (m.in_use >= 0)
      line += fmt::format(" GPU mem: used={}{:.1f} MiB, current={:.1f} MiB, peak={:.1f} MiB", m.used < 0 ? "-" : "+",
                          static_cast<double>(m.used < 0 ? -m.used : m.used) / 1048576.0, m.in_use / 1048576.0,
                          m.peak / 1048576.0);
    out += line + "\n";
    const std::string below = top ? std::string() : indent + (last ? "   " : "│  ");
    print_tree(m.children, below, false, base, out);
  }
}

}  // namespace

std::string SpanCollector::tree_text() const {
  std::string out;
  for (const SpanRecord& r : roots_) {
    std::vector<const SpanRecord*> one{&r};
    print_tree(one, "", true, r.ms, out);
  }
  return out;
}

double SpanCollector::total_ms(const std::string& name) const {
  double total = 0;
  walk(roots_, [&](const SpanRecord& s, int) {
    if (s.name == name) total += s.ms;
  }, 0);
  return total;
}

void ScopedSpan::add_bytes(uint64_t bytes) {
  if (collector_) collector_->add_bytes(static_cast<int64_t>(bytes));
}

ScopedSpan::ScopedSpan(std::string name) : collector_(t_current), uncaught_(std::uncaught_exceptions()) {
  if (collector_) collector_->begin(std::move(name));
}

ScopedSpan::~ScopedSpan() noexcept(false) {
  if (!collector_) return;
  if (std::uncaught_exceptions() > uncaught_) {
    // Unwinding already: the exception in flight is the one to report.
    try {
      collector_->end();
    } catch (...) {
    }
    return;
  }
  collector_->end();
}

}  // namespace swirl
