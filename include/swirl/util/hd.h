// Host/device annotations shared by every header that must compile under both
// the host compiler and nvcc. One definition of the arithmetic then serves the
// CPU backend, the CUDA kernels and the verifier.
#pragma once

#if defined(__CUDACC__)
#define SWIRL_HD __host__ __device__
#define SWIRL_DEVICE __device__
#define SWIRL_FORCEINLINE __forceinline__
#else
#define SWIRL_HD
#define SWIRL_DEVICE
#define SWIRL_FORCEINLINE inline __attribute__((always_inline))
#endif

// True while compiling device code (nvcc's device pass).
#if defined(__CUDA_ARCH__)
#define SWIRL_DEVICE_PASS 1
#else
#define SWIRL_DEVICE_PASS 0
#endif
