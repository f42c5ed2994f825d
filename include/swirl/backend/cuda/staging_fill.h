// The host half of the transporter's single pass: filling one pinned staging
// chunk with elements first..first+count of the final column-major order,
// from a column-major, row-major or strided source. Host-only (OpenMP); in a
// header so the layout logic is tested on machines without a GPU.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace swirl::cuda::staging {

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

// dst[i] = column-major element first + i of the row-major height x width
// matrix src, i.e. src[r * width + c] for first + i = c * height + r. Tiles
// of 16 columns x 256 rows: each row of a tile is one cache line of input.
template <typename T>
void fill_transpose(const T* src, size_t height, size_t width, size_t first, size_t count, T* dst) {
  constexpr size_t kCB = 16, kRB = 256;
  const size_t last = first + count;
  const size_t c0 = first / height, c1 = (last - 1) / height + 1;
  const long ncb = static_cast<long>((c1 - c0 + kCB - 1) / kCB);
  const long nrb = static_cast<long>((height + kRB - 1) / kRB);
#pragma omp parallel for collapse(2) schedule(static)
  for (long cb = 0; cb < ncb; ++cb) {
    for (long rb = 0; rb < nrb; ++rb) {
      const size_t ca = c0 + static_cast<size_t>(cb) * kCB, ce = std::min(c1, ca + kCB);
      // Rows any column of this tile needs: only the chunk's first and last
      // columns are partial.
      size_t lo = height, hi = 0;
      for (size_t c = ca; c < ce; ++c) {
        lo = std::min(lo, c == c0 ? first - c0 * height : 0);
        hi = std::max(hi, c == c1 - 1 ? last - c * height : height);
      }
      const size_t ra = std::max(lo, static_cast<size_t>(rb) * kRB);
      const size_t re = std::min(hi, static_cast<size_t>(rb) * kRB + kRB);
      for (size_t r = ra; r < re; ++r) {
        const T* row = src + r * width;
        for (size_t c = ca; c < ce; ++c) {
          const size_t k = c * height + r;
          if (k >= first && k < last) dst[k - first] = row[c];
        }
      }
    }
  }
}

template <typename T>
void fill_strided(const T* src, size_t offset, size_t stride, size_t first, size_t count, T* dst) {
#pragma omp parallel for schedule(static) if (count > 65536)
  for (long i = 0; i < static_cast<long>(count); ++i)
    dst[i] = src[offset + (first + static_cast<size_t>(i)) * stride];
}

}  // namespace swirl::cuda::staging
