// The host half of the transporter's single pass: filling one pinned staging
// chunk with elements first..first+count of the final column-major order,
// from a column-major, row-major or strided source. Host-only (OpenMP); in a
// header so the layout logic is tested on machines without a GPU.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace swirl::cuda::staging {

/// Elements below which a fill runs on the calling thread.
inline constexpr size_t kParallelMin = size_t{1} << 16;

// Parallel memcpy: one thread keeps far below the link's bandwidth.
inline void fill_copy(const std::byte* src, size_t bytes, std::byte* dst) {
  constexpr size_t kPiece = size_t{256} << 10;
  const long pieces = static_cast<long>((bytes + kPiece - 1) / kPiece);
#pragma omp parallel for schedule(static) if (pieces > 1)
  for (long p = 0; p < pieces; ++p) {
    size_t a = static_cast<size_t>(p) * kPiece, n = std::min(kPiece, bytes - a);
    std::memcpy(dst + a, src + a, n);
  }
}

namespace detail {

#if defined(__AVX2__)
// d[j * d_stride + i] = s[i * s_stride + j] for i, j < 8 (32-bit elements).
inline void transpose8x8(const uint32_t* s, size_t s_stride, uint32_t* d, size_t d_stride) {
  __m256 r[8], t[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_castsi256_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i * s_stride)));
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  __m256 u[8];
  u[0] = _mm256_shuffle_ps(t[0], t[2], _MM_SHUFFLE(1, 0, 1, 0));
  u[1] = _mm256_shuffle_ps(t[0], t[2], _MM_SHUFFLE(3, 2, 3, 2));
  u[2] = _mm256_shuffle_ps(t[1], t[3], _MM_SHUFFLE(1, 0, 1, 0));
  u[3] = _mm256_shuffle_ps(t[1], t[3], _MM_SHUFFLE(3, 2, 3, 2));
  u[4] = _mm256_shuffle_ps(t[4], t[6], _MM_SHUFFLE(1, 0, 1, 0));
  u[5] = _mm256_shuffle_ps(t[4], t[6], _MM_SHUFFLE(3, 2, 3, 2));
  u[6] = _mm256_shuffle_ps(t[5], t[7], _MM_SHUFFLE(1, 0, 1, 0));
  u[7] = _mm256_shuffle_ps(t[5], t[7], _MM_SHUFFLE(3, 2, 3, 2));
  for (int j = 0; j < 4; ++j) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + j * d_stride),
                        _mm256_castps_si256(_mm256_permute2f128_ps(u[j], u[j + 4], 0x20)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d + (j + 4) * d_stride),
                        _mm256_castps_si256(_mm256_permute2f128_ps(u[j], u[j + 4], 0x31)));
  }
}
#endif

// Rows [ra, re) of the full columns [ca, ce): out[c * height + r] = src[r * width + c],
// where out = dst - first (indices only; never formed as a pointer).
template <typename T>
void transpose_tile(const T* src, size_t height, size_t width, size_t ra, size_t re, size_t ca, size_t ce, T* dst,
                    size_t first) {
  size_t r = ra;
#if defined(__AVX2__)
  if constexpr (sizeof(T) == 4) {
    for (; r + 8 <= re; r += 8) {
      size_t c = ca;
      for (; c + 8 <= ce; c += 8)
        transpose8x8(reinterpret_cast<const uint32_t*>(src + r * width + c), width,
                     reinterpret_cast<uint32_t*>(dst + (c * height + r - first)), height);
      for (; c < ce; ++c)
        for (size_t i = 0; i < 8; ++i) dst[c * height + r + i - first] = src[(r + i) * width + c];
    }
  }
#endif
  for (; r < re; ++r)
    for (size_t c = ca; c < ce; ++c) dst[c * height + r - first] = src[r * width + c];
}

}  // namespace detail

// dst[i] = column-major element first + i of the row-major height x width
// matrix src, i.e. src[r * width + c] for first + i = c * height + r. The
// chunk's partial first and last columns are copied row by row; its full
// columns in tiles of 64 x 64 (8 x 8 register transposes with AVX2), which
// read 256 contiguous bytes per source row and write 256 per column.
template <typename T>
void fill_transpose(const T* src, size_t height, size_t width, size_t first, size_t count, T* dst) {
  if (count == 0) return;
  const size_t last = first + count;
  size_t cf = first / height, cl = (last - 1) / height + 1;  // columns touched: [cf, cl)
  auto column_part = [&](size_t c, size_t r_lo, size_t r_hi) {
#pragma omp parallel for schedule(static) if (r_hi - r_lo > kParallelMin)
    for (long r = static_cast<long>(r_lo); r < static_cast<long>(r_hi); ++r)
      dst[c * height + static_cast<size_t>(r) - first] = src[static_cast<size_t>(r) * width + c];
  };
  if (first != cf * height) {
    column_part(cf, first - cf * height, std::min(height, last - cf * height));
    ++cf;
  }
  if (cl > cf && last != cl * height) {
    column_part(cl - 1, 0, last - (cl - 1) * height);
    --cl;
  }
  if (cl <= cf) return;
  constexpr size_t kCB = 64, kRB = 64;
  const long ncb = static_cast<long>((cl - cf + kCB - 1) / kCB);
  const long nrb = static_cast<long>((height + kRB - 1) / kRB);
  // Fork/join costs microseconds: small chunks stay on the calling thread.
#pragma omp parallel for collapse(2) schedule(static) if (count > kParallelMin)
  for (long cb = 0; cb < ncb; ++cb) {
    for (long rb = 0; rb < nrb; ++rb) {
      const size_t ca = cf + static_cast<size_t>(cb) * kCB, ce = std::min(cl, ca + kCB);
      const size_t ra = static_cast<size_t>(rb) * kRB, re = std::min(height, ra + kRB);
      detail::transpose_tile(src, height, width, ra, re, ca, ce, dst, first);
    }
  }
}

template <typename T>
void fill_strided(const T* src, size_t offset, size_t stride, size_t first, size_t count, T* dst) {
#pragma omp parallel for schedule(static) if (count > kParallelMin)
  for (long i = 0; i < static_cast<long>(count); ++i)
    dst[i] = src[offset + (first + static_cast<size_t>(i)) * stride];
}

}  // namespace swirl::cuda::staging
