#include "swirl/backend/cuda/stream.h"

namespace swirl::cuda {

Stream::Stream() { SWIRL_CUDA_CHECK(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking)); }

void Stream::destroy() noexcept {
  if (s_ && cudaStreamDestroy(s_) != cudaSuccess) cudaGetLastError();
  s_ = nullptr;
}

void Stream::synchronize() const { SWIRL_CUDA_CHECK(cudaStreamSynchronize(s_)); }

void Stream::wait(cudaEvent_t e) const { SWIRL_CUDA_CHECK(cudaStreamWaitEvent(s_, e, 0)); }

Event::Event(bool timing) {
  SWIRL_CUDA_CHECK(cudaEventCreateWithFlags(&e_, timing ? cudaEventDefault : cudaEventDisableTiming));
}

void Event::destroy() noexcept {
  if (e_ && cudaEventDestroy(e_) != cudaSuccess) cudaGetLastError();
  e_ = nullptr;
}

void Event::record(cudaStream_t s) const { SWIRL_CUDA_CHECK(cudaEventRecord(e_, s)); }

void Event::synchronize() const { SWIRL_CUDA_CHECK(cudaEventSynchronize(e_)); }

bool Event::ready() const {
  cudaError_t e = cudaEventQuery(e_);
  if (e == cudaErrorNotReady) {
    cudaGetLastError();
    return false;
  }
  SWIRL_CUDA_CHECK(e);
  return true;
}

float Event::elapsed_ms_since(const Event& start) const {
  float ms = 0;
  SWIRL_CUDA_CHECK(cudaEventElapsedTime(&ms, start.e_, e_));
  return ms;
}

}  // namespace swirl::cuda
