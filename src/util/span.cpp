#include "swirl/util/span.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

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
  o.start = std::chrono::steady_clock::now();
  stack_.push_back(std::move(o));
}

void SpanCollector::end() {
  if (stack_.empty()) return;
  if (device_hook_.synchronize) device_hook_.synchronize();
  Open o = std::move(stack_.back());
  stack_.pop_back();
  o.record.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - o.start).count();
  if (device_hook_.memory) {
    auto [in_use, peak] = device_hook_.memory();
    o.record.device_bytes_in_use = in_use;
    o.record.device_bytes_peak = peak;
  }
  if (stack_.empty()) roots_.push_back(std::move(o.record));
  else stack_.back().record.children.push_back(std::move(o.record));
}

namespace {

void walk(const std::vector<SpanRecord>& spans, const std::function<void(const SpanRecord&, int)>& f, int depth) {
  for (const SpanRecord& s : spans) {
    f(s, depth);
    walk(s.children, f, depth + 1);
  }
}

}  // namespace

nlohmann::json SpanCollector::metrics_json() const {
  std::map<std::string, std::pair<double, int>> acc;
  walk(roots_, [&](const SpanRecord& s, int) {
    auto& a = acc[s.name];
    a.first += s.ms;
    a.second += 1;
  }, 0);
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, v] : acc) {
    j[name + "_time_ms"] = v.first;
    if (v.second > 1) j[name + "_count"] = v.second;
  }
  return j;
}

namespace {

// Prints `spans` (siblings) with same-named siblings folded into one line:
// "name  x N" with their summed time and the largest device figures, and
// their children merged the same way. A phase that repeats a step (WHIR's
// 16 grindings, its per-round trees) then reads as one line per step.
void print_merged(const std::vector<const SpanRecord*>& spans, int depth, std::string& out) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const SpanRecord*>> groups;
  for (const SpanRecord* s : spans) {
    auto [it, fresh] = groups.try_emplace(s->name);
    if (fresh) order.push_back(s->name);
    it->second.push_back(s);
  }
  for (const std::string& name : order) {
    const auto& members = groups[name];
    double ms = 0;
    int64_t in_use = -1, peak = -1;
    std::vector<const SpanRecord*> children;
    for (const SpanRecord* m : members) {
      ms += m->ms;
      in_use = std::max(in_use, m->device_bytes_in_use);
      peak = std::max(peak, m->device_bytes_peak);
      for (const SpanRecord& c : m->children) children.push_back(&c);
    }
    std::string label = std::string(2 * depth, ' ') + name;
    if (members.size() > 1) label += fmt::format(" x{}", members.size());
    out += fmt::format("{:<52} {:>11.3f} ms", label, ms);
    if (in_use >= 0)
      out += fmt::format("   device {:>9.1f} MiB in use, {:>9.1f} MiB peak", in_use / 1048576.0, peak / 1048576.0);
    out += "\n";
    print_merged(children, depth + 1, out);
  }
}

}  // namespace

std::string SpanCollector::tree_text() const {
  std::vector<const SpanRecord*> roots;
  for (const SpanRecord& r : roots_) roots.push_back(&r);
  std::string out;
  print_merged(roots, 0, out);
  return out;
}

double SpanCollector::total_ms(const std::string& name) const {
  double total = 0;
  walk(roots_, [&](const SpanRecord& s, int) {
    if (s.name == name) total += s.ms;
  }, 0);
  return total;
}

ScopedSpan::ScopedSpan(std::string name) : collector_(t_current) {
  if (collector_) collector_->begin(std::move(name));
}

ScopedSpan::~ScopedSpan() {
  if (collector_) collector_->end();
}

}  // namespace swirl
