// RAII CUDA streams and events. Creation and every operation are checked.
#pragma once

#include <cuda_runtime.h>

#include <utility>

#include "swirl/backend/cuda/error.h"

namespace swirl::cuda {

/// An owned non-blocking stream (it does not synchronise with the legacy
/// default stream).
class Stream {
 public:
  Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  Stream(Stream&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
  Stream& operator=(Stream&& o) noexcept {
    if (this != &o) {
      destroy();
      s_ = std::exchange(o.s_, nullptr);
    }
    return *this;
  }
  ~Stream() { destroy(); }

  cudaStream_t get() const { return s_; }
  operator cudaStream_t() const { return s_; }
  /// Waits on the host until all work queued so far has finished.
  void synchronize() const;
  /// Makes later work on this stream wait for `e` (no host wait).
  void wait(cudaEvent_t e) const;

 private:
  void destroy() noexcept;
  cudaStream_t s_ = nullptr;
};

/// An owned event; `timing` events can measure elapsed time.
class Event {
 public:
  explicit Event(bool timing = false);
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  Event(Event&& o) noexcept : e_(std::exchange(o.e_, nullptr)) {}
  Event& operator=(Event&& o) noexcept {
    if (this != &o) {
      destroy();
      e_ = std::exchange(o.e_, nullptr);
    }
    return *this;
  }
  ~Event() { destroy(); }

  cudaEvent_t get() const { return e_; }
  operator cudaEvent_t() const { return e_; }
  void record(cudaStream_t s) const;
  void synchronize() const;
  /// True when all work captured by the last record() has finished.
  bool ready() const;
  /// Milliseconds from `start` to this event (both recorded, timing events).
  float elapsed_ms_since(const Event& start) const;

 private:
  void destroy() noexcept;
  cudaEvent_t e_ = nullptr;
};

}  // namespace swirl::cuda
