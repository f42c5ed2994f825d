#include "swirl/util/span.h"

#include <fmt/format.h>

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

std::string SpanCollector::tree_text() const {
  std::string out;
  walk(roots_, [&](const SpanRecord& s, int depth) {
    std::string label = std::string(2 * depth, ' ') + s.name;
    out += fmt::format("{:<52} {:>11.3f} ms", label, s.ms);
    if (s.device_bytes_in_use >= 0)
      out += fmt::format("   device {:>9.1f} MiB in use, {:>9.1f} MiB peak", s.device_bytes_in_use / 1048576.0,
                         s.device_bytes_peak / 1048576.0);
    out += "\n";
  }, 0);
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
