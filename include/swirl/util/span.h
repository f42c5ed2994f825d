// Timing spans: RAII scopes that record wall time into a tree, printed as a
// readable tree on stderr and exported as a metrics JSON whose keys follow
// the reference (`<span name>_time_ms`).
//
//   SpanCollector metrics;
//   {
//     SpanCollector::Install use(metrics);           // this thread records into it
//     ScopedSpan s("stark_prove_excluding_trace");
//     { ScopedSpan c("prover.main_trace_commit"); ... }
//   }
//   std::cerr << metrics.tree_text();
//   write(metrics.metrics_json());
//
// With no collector installed on the thread a span does nothing. A backend
// that runs asynchronous work (CUDA) installs a device hook: it is called at
// both edges of every span to synchronise the device, so a span's time covers
// its device work, and it reports device memory in use and at peak.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace swirl {

struct SpanRecord {
  std::string name;
  double ms = 0;
  // Device memory (bytes), when a device hook reports it: in use when the
  // span began and ended, and the peak while it ran (the reference's "GPU
  // mem: used=<end - start>, current=<end>, peak=<peak>").
  int64_t device_bytes_at_start = -1;
  int64_t device_bytes_in_use = -1;
  int64_t device_bytes_peak = -1;
  /// Bytes the span moved (a transfer span: set_bytes), -1 when none; the
  /// tree and the metrics show them with the rate bytes / ms.
  int64_t bytes = -1;
  std::vector<SpanRecord> children;
};

struct DeviceSpanHook {
  /// Waits for all device work issued so far.
  std::function<void()> synchronize;
  /// Reports (bytes in use, peak bytes) of the device allocator.
  std::function<std::pair<int64_t, int64_t>()> memory;
  /// Optional, for span-local peaks: sets the allocator's peak to the bytes
  /// in use and returns the peak it had; raise_peak(p) makes the peak at
  /// least p again. A span resets at its start and, at its end, raises the
  /// peak back to what it was, so an enclosing span still sees its own.
  std::function<int64_t()> reset_peak;
  std::function<void(int64_t)> raise_peak;
  /// Optional: a profiler range per span (NVTX on CUDA, so nsys shows the
  /// phases under the span names), opened at the span's start and closed at
  /// its end.
  std::function<void(const std::string&)> range_push;
  std::function<void()> range_pop;
};

class SpanCollector {
 public:
  SpanCollector();
  ~SpanCollector();
  SpanCollector(const SpanCollector&) = delete;
  SpanCollector& operator=(const SpanCollector&) = delete;

  /// Makes `c` the current thread's collector for the lifetime of this object.
  class Install {
   public:
    explicit Install(SpanCollector& c);
    ~Install();
    Install(const Install&) = delete;
    Install& operator=(const Install&) = delete;

   private:
    SpanCollector* previous_;
  };

  /// The collector of the calling thread, or nullptr.
  static SpanCollector* current();

  void set_device_hook(DeviceSpanHook hook) { device_hook_ = std::move(hook); }
  const DeviceSpanHook& device_hook() const { return device_hook_; }

  /// Completed top-level spans, in order.
  const std::vector<SpanRecord>& roots() const { return roots_; }

  /// `<name>_time_ms` for every span. A name that occurs several times gets
  /// the sum, and `<name>_count` says how many. With device figures also
  /// `<name>_gpu_mem_{used,current,peak}_bytes` (the largest over repeats);
  /// with bytes moved `<name>_bytes` and `<name>_gb_per_s` (summed bytes
  /// over summed time).
  nlohmann::json metrics_json() const;
  /// Indented tree, one span per line with its time (and device memory).
  std::string tree_text() const;
  /// Total ms of all spans with this name (0 if none).
  double total_ms(const std::string& name) const;

 private:
  friend class ScopedSpan;
  struct Open {
    SpanRecord record;
    std::chrono::steady_clock::time_point start;
    int64_t outer_peak = -1;  // the allocator's peak before this span reset it
  };
  void begin(std::string name);
  void end();
  void add_bytes(int64_t bytes);

  DeviceSpanHook device_hook_;
  std::vector<Open> stack_;
  std::vector<SpanRecord> roots_;
};

class ScopedSpan {
 public:
  explicit ScopedSpan(std::string name);
  /// Ends the span. A device wait that fails at the span's end (an error
  /// of the work inside it) is thrown from here, unless an exception is
  /// already unwinding the stack, which then stays the one reported.
  ~ScopedSpan() noexcept(false);
  ScopedSpan(const ScopedSpan&) = delete;
  ScopedSpan& operator=(const ScopedSpan&) = delete;
  /// Adds `bytes` to what this span moved (shown with the rate).
  void add_bytes(uint64_t bytes);

 private:
  SpanCollector* collector_;
  int uncaught_;  // std::uncaught_exceptions() at construction
};

}  // namespace swirl
