// The transporter's one kernel: a copy that is also the transpose. It reads
// a block of row-major rows straight from mapped pinned host memory (the
// reads cross the link) and writes them into their final column-major
// places, so a row-major trace crosses the link once and is never reshaped
// on the device afterwards (ARCHITECTURE.md, transporter invariant 1).
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

namespace swirl::cuda {

/// dst[c * height + first_row + r] = rows[r * width + c] for r < num_rows,
/// c < width; `rows` is mapped pinned host memory (num_rows * width words).
/// width <= kMaxTransposeWidth.
/// Queued on `stream`, counted and checked as every launch.
inline constexpr size_t kMaxTransposeWidth = size_t{65535} * 32;
void transpose_rows_from_host(const uint32_t* rows, size_t num_rows, size_t width, uint32_t* dst, size_t height,
                              size_t first_row, cudaStream_t stream);

}  // namespace swirl::cuda
