// The transporter's one kernel: a copy that is also the transpose. It reads
// a chunk of row-major rows, straight from mapped pinned host memory (the
// reads cross the link: RowMajorPath::kMappedKernel) or from the chunk-sized
// device block the chunk was just DMA'd into (kDeviceChunk), and writes each
// value into its final column-major place. Either way a row-major trace
// crosses the link once, its matrix is written once, and nothing of the
// matrix's size is staged or reshaped on the device (ARCHITECTURE.md,
// transporter invariant 1).
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

namespace swirl::cuda {

/// dst[c * height + first_row + r] = rows[r * width + c] for r < num_rows,
/// c < width; `rows` (num_rows * width words) is device memory or mapped
/// pinned host memory.
/// width <= kMaxTransposeWidth.
/// Queued on `stream`, counted and checked as every launch.
inline constexpr size_t kMaxTransposeWidth = size_t{65535} * 32;
void transpose_rows_into(const uint32_t* rows, size_t num_rows, size_t width, uint32_t* dst, size_t height,
                              size_t first_row, cudaStream_t stream);

}  // namespace swirl::cuda
