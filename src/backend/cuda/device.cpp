#include "swirl/backend/cuda/device.h"

#include <cuda_runtime.h>

#include "swirl/backend/cuda/error.h"

namespace swirl::cuda {

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();
    return 0;
  }
  return n;
}

int current_device() {
  int d = 0;
  SWIRL_CUDA_CHECK(cudaGetDevice(&d));
  return d;
}

DeviceScope::DeviceScope(int device) : previous_(current_device()), device_(device) {
  if (device_ != previous_) SWIRL_CUDA_CHECK(cudaSetDevice(device_));
}

DeviceScope::~DeviceScope() {
  // A failure here means the context is broken; the error resurfaces at the
  // next checked call, and destructors must not throw.
  if (device_ != previous_ && cudaSetDevice(previous_) != cudaSuccess) cudaGetLastError();
}

}  // namespace swirl::cuda
