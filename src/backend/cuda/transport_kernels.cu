#include "transport_kernels.h"

#include "swirl/backend/cuda/launch.h"

namespace swirl::cuda {
namespace {

constexpr unsigned kTile = 32, kRowsPerThread = 4;

// One 32 x 32 tile per block, 32 x 8 threads. The reads go along a host row
// (a warp reads 128 contiguous bytes over the link), the writes along a
// device column (128 contiguous bytes); the shared tile, padded by one word
// against bank conflicts, turns one into the other. The host block is read
// once, so the loads bypass L1 (__ldcs: streaming).
__global__ void transpose_rows_kernel(const uint32_t* __restrict__ rows, size_t num_rows, size_t width,
                                      uint32_t* __restrict__ dst, size_t height, size_t first_row) {
  __shared__ uint32_t tile[kTile][kTile + 1];
  const size_t r0 = static_cast<size_t>(blockIdx.x) * kTile, c0 = static_cast<size_t>(blockIdx.y) * kTile;
  const unsigned tx = threadIdx.x, ty = threadIdx.y;
#pragma unroll
  for (unsigned k = 0; k < kRowsPerThread; ++k) {
    const unsigned i = ty + k * (kTile / kRowsPerThread);
    const size_t r = r0 + i, c = c0 + tx;
    if (r < num_rows && c < width) tile[i][tx] = __ldcs(rows + r * width + c);
  }
  __syncthreads();
#pragma unroll
  for (unsigned k = 0; k < kRowsPerThread; ++k) {
    const unsigned j = ty + k * (kTile / kRowsPerThread);
    const size_t c = c0 + j, r = r0 + tx;
    if (r < num_rows && c < width) dst[c * height + first_row + r] = tile[tx][j];
  }
}

}  // namespace

void transpose_rows_into(const uint32_t* rows, size_t num_rows, size_t width, uint32_t* dst, size_t height,
                              size_t first_row, cudaStream_t stream) {
  if (num_rows == 0 || width == 0) return;
  // Row tiles along x (up to 2^31 - 1), column tiles along y (up to 65535).
  const dim3 grid(static_cast<unsigned>((num_rows + kTile - 1) / kTile), static_cast<unsigned>((width + kTile - 1) / kTile));
  SWIRL_LAUNCH(transpose_rows_kernel, grid, dim3(kTile, kTile / kRowsPerThread), 0, stream, rows, num_rows, width, dst,
               height, first_row);
}

}  // namespace swirl::cuda
