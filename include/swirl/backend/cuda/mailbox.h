// A host mailbox: pinned host memory a kernel writes a round's result into
// directly, followed by a sequence number, while the host spins on that
// number. It replaces a device-to-host copy and a stream synchronisation
// (two driver calls and a wake-up, ~10-20 us on the GPU machine) on the
// paths that read a few field elements back every sumcheck round.
//
// Protocol: seq = arm(); launch the kernel that writes payload<T>() and
// then, after __threadfence_system(), *flag() = seq; wait(seq) returns once
// the flag shows seq. wait() also polls the stream now and then, so a
// kernel that faulted surfaces as a CudaError instead of a hang.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "swirl/backend/cuda/pinned.h"

namespace swirl::cuda {

class HostMailbox {
 public:
  /// A mailbox for payloads of up to `bytes` bytes, read on `stream`.
  HostMailbox(size_t bytes, cudaStream_t stream);
  HostMailbox(HostMailbox&&) = default;
  HostMailbox& operator=(HostMailbox&&) = default;

  /// The next sequence number (the kernel writes it after the payload).
  uint32_t arm() { return ++seq_; }
  /// Device pointers the kernel writes (host memory mapped into the device).
  template <typename T>
  T* payload() const {
    return static_cast<T*>(device_payload_);
  }
  volatile uint32_t* flag() const { return device_flag_; }
  /// Queues a copy of `bytes` (whole words) of device memory into the
  /// payload and the flag write behind it; returns the sequence number.
  uint32_t post(const void* device_src, size_t bytes);
  /// Spins until the flag shows `seq`; throws CudaError if the stream
  /// reports an error, std::logic_error if it finished without writing it.
  void wait(uint32_t seq) const;
  /// The payload as the host reads it (valid after wait()).
  template <typename T>
  const T* read() const {
    return reinterpret_cast<const T*>(block_.data());
  }

 private:
  cudaStream_t stream_;
  size_t bytes_;
  PinnedBlock block_;  // [payload (bytes, rounded up to 64) | flag]
  void* device_payload_ = nullptr;
  volatile uint32_t* host_flag_ = nullptr;
  volatile uint32_t* device_flag_ = nullptr;
  uint32_t seq_ = 0;
};

}  // namespace swirl::cuda
