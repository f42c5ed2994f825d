// Which CUDA device a host thread works on. The runtime keeps one current
// device per host thread; every swirl object that owns device memory or a
// stream belongs to one device, and the calls that work on it make that
// device current for their duration only (DeviceScope), so objects of
// different devices can be used from one thread in any order, and a caller's
// own choice of current device survives a call into swirl.
#pragma once

namespace swirl::cuda {

/// The number of CUDA devices (0 when there is no usable driver or device).
int device_count();
/// The calling thread's current device. Throws CudaError.
int current_device();

/// Makes `device` current for the calling thread until the scope ends, then
/// restores the device that was current before. Switching costs nothing when
/// `device` is already current. Throws CudaError when the device cannot be
/// made current.
class DeviceScope {
 public:
  explicit DeviceScope(int device);
  ~DeviceScope();
  DeviceScope(const DeviceScope&) = delete;
  DeviceScope& operator=(const DeviceScope&) = delete;

 private:
  int previous_, device_;
};

}  // namespace swirl::cuda
