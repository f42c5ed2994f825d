// Device kernels of the main-trace commitment.
//
// RS encoding, per stacked column of height 2^m, codeword length N = 2^L,
// L = m + log_blowup:
//  1. message + bit-reversal + zero padding in one pass: the message step
//     (inverse DFT on each chunk of 2^l_skip values, then the subset-zeta
//     transform of the Z bits) is linear within each chunk, so it is one
//     2^l_skip x 2^l_skip matrix M, built on the host by applying the host's
//     eval_to_coeff_rs_message to unit vectors; the chunked first pass
//     (l_skip 3 and 4, the protocol's sizes) instead runs the transforms on
//     the chunk in registers (poly/chunk_message.h, a ninth of the
//     products). Codeword position p receives
//     message[bitrev_L(p)] when that index is < 2^m, else zero.
//  2. radix-2 decimation-in-time butterflies over the bit-reversed vector
//     give the natural-order DFT. Layers go in passes through shared memory,
//     each pass one read and one write of the codeword: layers 1..11 in
//     tiles of 2^11 consecutive entries, then up to 6 layers at a time over
//     entries stride 2^(s0-1) apart (32 consecutive strands per block, so
//     loads stay coalesced). Blocks loop over the columns, so each reads its
//     twiddles once; a pass of 6 layers keeps every butterfly and twiddle in
//     registers (ntt_dit_strided6_kernel). 2^22 entries: 3 passes instead of
//     22 layers.
// Merkle: one thread per row hashes the row (columns c at c * N + r, so a
// warp's loads are coalesced); then the rows_per_query compression layers
// (rows q + t*S pairwise), then the plain pair layers.
#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/backend/cuda/commit.h"
#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/crypto/hash.h"
#include "swirl/poly/chunk_message.h"
#include "swirl/poly/rs_code.h"
#include "swirl/util/span.h"

namespace swirl::cuda {
namespace {

constexpr int kBlock = 256;
constexpr int kTileLog = 11;    // first NTT pass: layers 1..11 in tiles of 2^11 entries
constexpr int kStridedLog = 6;  // later passes: up to 6 layers, 2^6 x 32 entries per block
constexpr int kGroupLog = 3;    // first pass: 2^3 tiles per block
constexpr int kStridedThreads = 256;
constexpr int kStridedPerThread = (32 << kStridedLog) / kStridedThreads;

int log2_exact(size_t n) { return (n != 0 && (n & (n - 1)) == 0) ? __builtin_ctzll(n) : -1; }

unsigned blocks_for(size_t n, unsigned block = kBlock) { return static_cast<unsigned>((n + block - 1) / block); }
// Columns go on grid.y (at most 65535; kernels loop over the rest).
unsigned grid_y(size_t width) { return static_cast<unsigned>(std::min<size_t>(std::max<size_t>(width, 1), 65535)); }

__global__ void scatter_strided_kernel(const BabyBear* src, size_t n, size_t stride, BabyBear* dst) {
  size_t k = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (k < n) dst[k * stride] = src[k];
}

__global__ void twiddles_kernel(BabyBear g, size_t half, BabyBear* w) {
  size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i < half) w[i] = g.pow(i);
}

// DIT layers 1..t_log on `groups` tiles of 2^t_log words (tile g at
// tiles + g * ts) in shared memory, tw[h + k] = w_{2h}^k: two layers per
// pass over the tiles (radix 4: four words in registers, half the shared
// memory traffic and barriers of one layer at a time), then one radix-2
// layer when t_log is odd.
__device__ __forceinline__ void tile_dit_layers(uint32_t* tiles, unsigned groups, unsigned ts, int t_log,
                                                const uint32_t* tw) {
  // Tile-local indices are 32-bit: the loops are issue-bound, and 64-bit
  // index arithmetic costs several instructions per operation.
  const unsigned t_len = 1u << t_log;
  int s = 1;
  for (; s + 1 <= t_log; s += 2) {
    const unsigned h = 1u << (s - 1), quarter = t_len / 4;
    for (unsigned q = threadIdx.x; q < groups * quarter; q += blockDim.x) {
      const unsigned g = q >> (t_log - 2), bb = q & (quarter - 1);
      const unsigned k = bb & (h - 1);
      uint32_t* x = tiles + g * ts + ((bb >> (s - 1)) << (s + 1)) + k;
      const BabyBear w1 = BabyBear::from_monty(tw[h + k]);
      const BabyBear x0 = BabyBear::from_monty(x[0]), x2 = BabyBear::from_monty(x[2 * h]);
      const BabyBear y1 = BabyBear::from_monty(x[h]) * w1, y3 = BabyBear::from_monty(x[3 * h]) * w1;
      const BabyBear a0 = x0 + y1, a1 = x0 - y1, a2 = x2 + y3, a3 = x2 - y3;  // layer s
      const BabyBear z2 = a2 * BabyBear::from_monty(tw[2 * h + k]);
      const BabyBear z3 = a3 * BabyBear::from_monty(tw[3 * h + k]);
      x[0] = (a0 + z2).monty();  // layer s + 1
      x[2 * h] = (a0 - z2).monty();
      x[h] = (a1 + z3).monty();
      x[3 * h] = (a1 - z3).monty();
    }
    __syncthreads();
  }
  if (s == t_log) {
    const unsigned half = 1u << (s - 1);
    for (unsigned q = threadIdx.x; q < groups * (t_len / 2); q += blockDim.x) {
      const unsigned g = q >> (t_log - 1), bb = q & (t_len / 2 - 1);
      const unsigned k = bb & (half - 1), i0 = g * ts + ((bb >> (s - 1)) << s) + k, i1 = i0 + half;
      const BabyBear x = BabyBear::from_monty(tiles[i0]);
      const BabyBear y = BabyBear::from_monty(tiles[i1]) * BabyBear::from_monty(tw[half + k]);
      tiles[i0] = (x + y).monty();
      tiles[i1] = (x - y).monty();
    }
    __syncthreads();
  }
}

// The first pass of the RS encoding, fused: message, bit reversal, zero
// padding and DIT layers 1..T (T = min(log_n, 11)) in shared memory.
// Position p = a * 2^T + b of the bit-reversed vector holds
// msg[rev_T(b) * 2^(log_n - T) + rev(a)], so the tile of one a gathers the
// message at stride 2^(log_n - T). A block takes G consecutive values
// r = rev(a) (G = min(8, 2^(log_n - T))): for each m its G entries are
// consecutive message entries (one 32-byte sector of evaluations), and each
// of its G tiles goes back as 2^T consecutive entries. Message entry j is
// sum_t M[j mod C][t] * evals[j - j mod C + t] (C = 2^l_skip), zero for
// j >= height. Shared memory: G tiles (2^T + 1 words each), then the 2^T
// twiddles tw[h + k] = w_{2h}^k.
__global__ void rs_first_pass_kernel(const BabyBear* evals, size_t height, int l_skip, const BabyBear* mmat,
                                     BabyBear* code, int log_n, int t_log, int g_log, const BabyBear* w,
                                     size_t width) {
  extern __shared__ uint32_t smem[];
  const size_t n = size_t{1} << log_n, t_len = size_t{1} << t_log, groups = size_t{1} << g_log;
  const int a_log = log_n - t_log;
  const size_t hi_stride = size_t{1} << a_log;  // message stride between consecutive m
  const size_t r0 = blockIdx.x * groups;
  const size_t chunk = size_t{1} << l_skip;
  // Tiles padded by one word, so the G entries of one m (same b, different
  // tiles) fall in different banks.
  const size_t ts = t_len + 1;
  uint32_t* tiles = smem;              // [groups][ts]
  uint32_t* tw = smem + groups * ts;   // [t_len]
  for (size_t i = threadIdx.x; i < t_len; i += blockDim.x) {
    if (i == 0) continue;
    const int s = 32 - __clz(static_cast<unsigned>(i));
    const size_t k = i - (size_t{1} << (s - 1));
    tw[i] = w[k << (log_n - s)].monty();
  }
  for (size_t c = blockIdx.y; c < width; c += gridDim.y) {
    const BabyBear* col = evals + c * height;
    __syncthreads();  // twiddles written; the previous column's stores have read the tiles
    for (size_t e = threadIdx.x; e < groups * t_len; e += blockDim.x) {
      const size_t g = e & (groups - 1), m = e >> g_log;
      const size_t j = m * hi_stride + r0 + g;
      BabyBear v;
      if (j < height) {
        const size_t z = j & (chunk - 1);
        const BabyBear* src = col + (j - z);
        const BabyBear* row = mmat + z * chunk;
        for (size_t t = 0; t < chunk; ++t) v += row[t] * src[t];
      }
      const size_t b = t_log == 0 ? 0 : (__brev(static_cast<unsigned>(m)) >> (32 - t_log));
      tiles[g * ts + b] = v.monty();
    }
    __syncthreads();
    tile_dit_layers(tiles, static_cast<unsigned>(groups), static_cast<unsigned>(ts), t_log, tw);
    BabyBear* out = code + c * n;
    for (size_t e = threadIdx.x; e < groups * t_len; e += blockDim.x) {
      const size_t g = e >> t_log, b = e & (t_len - 1);
      const size_t r = r0 + g;
      const size_t a = a_log == 0 ? 0 : (__brevll(r) >> (64 - a_log));
      out[a * t_len + b] = BabyBear::from_monty(tiles[g * ts + b]);
    }
  }
}

// The first pass for l_skip 3 and 4 (skip-domain chunks of kC = 8 or 16
// values) when the message stride 2^(log_n - T) is at least kC: the block's
// kC consecutive r = rev(a) then cover one whole chunk for every m, so a
// thread loads the chunk's kC evaluations once (16-byte loads) and turns
// them into the chunk's kC message entries in registers (chunk_message:
// inverse DFT and subset-zeta, 33 products for kC = 16 where the matrix M
// took 256; `table` is chunk_message_table), where rs_first_pass_kernel
// gathers kC evaluations per entry. Thread b takes position b of every tile
// (m = rev_T(b)), so its kC stores fall in consecutive banks across a warp.
// The layers and the stores are rs_first_pass_kernel's with G = kC tiles.
template <int kC>
__global__ void __launch_bounds__(512)
    rs_first_pass_chunked_kernel(const BabyBear* evals, size_t height, const BabyBear* table, BabyBear* code, int log_n,
                                 int t_log, const BabyBear* w, size_t width) {
  extern __shared__ uint32_t smem[];
  const size_t t_len = size_t{1} << t_log;
  const int a_log = log_n - t_log;
  const size_t hi_stride = size_t{1} << a_log;
  const size_t r0 = blockIdx.x * static_cast<size_t>(kC);
  const size_t ts = t_len + 1;
  uint32_t* tiles = smem;            // [kC][ts]
  uint32_t* tw = smem + kC * ts;     // [t_len]
  for (size_t i = threadIdx.x; i < t_len; i += blockDim.x) {
    if (i == 0) continue;
    const int s = 32 - __clz(static_cast<unsigned>(i));
    const size_t k = i - (size_t{1} << (s - 1));
    tw[i] = w[k << (log_n - s)].monty();
  }
  BabyBear tab[kC / 2 + 1];  // the same for every thread: a broadcast load, then registers
#pragma unroll
  for (int i = 0; i <= kC / 2; ++i) tab[i] = table[i];
  for (size_t c = blockIdx.y; c < width; c += gridDim.y) {
    const BabyBear* col = evals + c * height;
    __syncthreads();  // twiddles and M written; the previous column's stores have read the tiles
    for (size_t b = threadIdx.x; b < t_len; b += blockDim.x) {
      const size_t m = t_log == 0 ? 0 : (__brev(static_cast<unsigned>(b)) >> (32 - t_log));
      const size_t jb = m * hi_stride + r0;  // the chunk's first message index
      BabyBear v[kC];  // zero past the message: the padding
      if (jb < height) {
        const uint4* src = reinterpret_cast<const uint4*>(col + jb);
#pragma unroll
        for (int q = 0; q < kC / 4; ++q) {
          const uint4 x = src[q];
          v[4 * q] = BabyBear::from_monty(x.x);
          v[4 * q + 1] = BabyBear::from_monty(x.y);
          v[4 * q + 2] = BabyBear::from_monty(x.z);
          v[4 * q + 3] = BabyBear::from_monty(x.w);
        }
        chunk_message<kC>(v, tab);
      }
#pragma unroll
      for (int z = 0; z < kC; ++z) tiles[z * ts + b] = v[z].monty();
    }
    __syncthreads();
    tile_dit_layers(tiles, kC, static_cast<unsigned>(ts), t_log, tw);
    BabyBear* out = code + c * (size_t{1} << log_n);
    for (size_t e = threadIdx.x; e < kC * t_len; e += blockDim.x) {
      const size_t g = e >> t_log, b = e & (t_len - 1);
      const size_t a = __brevll(r0 + g) >> (64 - a_log);
      out[a * t_len + b] = BabyBear::from_monty(tiles[g * ts + b]);
    }
  }
}

// DIT layers s0 .. s0+5 (stride = 2^(s0-1) >= 32) with every butterfly in
// registers: a block holds 32 consecutive strands lo (one per lane) of 64
// rows t (entry lo + t * stride + a multiple of 64 * stride) and loops over
// the columns. Warp w holds rows 8w + i (i < 8) for layers s0..s0+2, which
// pair rows differing in bits 0-2 of t, then, after one exchange through
// shared memory, rows w + 8i for layers s0+3..s0+5 (bits 3-5). The twiddle
// of layer s0+ls for the pair (t, t + 2^ls) is w^((lo + u * stride) <<
// (log_n - s0 - ls)) with u = t mod 2^ls: it depends on the lane and the
// warp only, so each thread keeps its 14 in registers for every column,
// where ntt_dit_strided_kernel reads three per butterfly from shared memory
// and recomputes their indices.
__global__ void __launch_bounds__(256)
    ntt_dit_strided6_kernel(BabyBear* code, int log_n, int s0, const BabyBear* w, size_t width) {
  __shared__ uint32_t tile[64 * 32];
  const size_t n = size_t{1} << log_n, stride = size_t{1} << (s0 - 1);
  const size_t lo_groups = stride / 32;
  const size_t lo_base = (blockIdx.x % lo_groups) * 32, hi = blockIdx.x / lo_groups;
  const size_t origin = lo_base + hi * stride * 64;
  const unsigned lane = threadIdx.x & 31, wp = threadIdx.x >> 5;
  const size_t lo = lo_base + lane;
  const auto tw = [&](int ls, size_t u) { return w[(lo + u * stride) << (log_n - s0 - ls)]; };
  // ta: layer 0 (u 0), 1 (u 0, 1), 2 (u 0..3); tb: layer 3 (u wp), 4 (u wp, wp + 8), 5 (u wp + 8j).
  BabyBear ta[7], tb[7];
  ta[0] = tw(0, 0);
  ta[1] = tw(1, 0);
  ta[2] = tw(1, 1);
  tb[0] = tw(3, wp);
  tb[1] = tw(4, wp);
  tb[2] = tw(4, wp + 8);
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    ta[3 + j] = tw(2, j);
    tb[3 + j] = tw(5, wp + 8 * j);
  }
  const uint32_t st = static_cast<uint32_t>(stride);  // 64 * stride <= 2^27: 32-bit offsets
  const uint32_t in_off = 8 * wp * st + lane, out_off = wp * st + lane;
  const auto butterfly = [](BabyBear& a, BabyBear& b, BabyBear t) {
    const BabyBear y = b * t;
    b = a - y;
    a = a + y;
  };
  BabyBear v[8], next[8];
  const auto load = [&](size_t c) {
    const BabyBear* col = code + c * n + origin + in_off;
#pragma unroll
    for (int i = 0; i < 8; ++i) next[i] = col[i * st];
  };
  if (width > 0) load(0);
  for (size_t c = 0; c < width; ++c) {
#pragma unroll
    for (int i = 0; i < 8; ++i) v[i] = next[i];
    if (c + 1 < width) load(c + 1);
    // Layers s0, s0+1, s0+2 on rows 8wp + i.
#pragma unroll
    for (int i = 0; i < 8; i += 2) butterfly(v[i], v[i + 1], ta[0]);
#pragma unroll
    for (int i = 0; i < 8; ++i)
      if ((i & 2) == 0) butterfly(v[i], v[i + 2], ta[1 + (i & 1)]);
#pragma unroll
    for (int i = 0; i < 4; ++i) butterfly(v[i], v[i + 4], ta[3 + i]);
#pragma unroll
    for (int i = 0; i < 8; ++i) tile[(8 * wp + i) * 32 + lane] = v[i].monty();
    __syncthreads();
#pragma unroll
    for (int i = 0; i < 8; ++i) v[i] = BabyBear::from_monty(tile[(wp + 8 * i) * 32 + lane]);
    __syncthreads();  // every read of this column is done before the next column's writes
    // Layers s0+3, s0+4, s0+5 on rows wp + 8i.
#pragma unroll
    for (int i = 0; i < 8; i += 2) butterfly(v[i], v[i + 1], tb[0]);
#pragma unroll
    for (int i = 0; i < 8; ++i)
      if ((i & 2) == 0) butterfly(v[i], v[i + 2], tb[1 + (i & 1)]);
#pragma unroll
    for (int i = 0; i < 4; ++i) butterfly(v[i], v[i + 4], tb[3 + i]);
    BabyBear* out = code + c * n + origin + out_off;
#pragma unroll
    for (int i = 0; i < 8; ++i) out[i * 8 * st] = v[i];
  }
}

// DIT layers s0 .. s0+k-1 (stride = 2^(s0-1) >= 32): these layers mix only
// the 2^k entries lo + t * stride (+ a multiple of stride * 2^k). A block
// holds 32 consecutive lo for all t (warps read 128 contiguous bytes per t)
// and loops over the columns; its twiddles for layer ls sit at
// tw[32 * (2^ls - 1) + u * 32 + l] = w^((lo_base + l + u * stride) << (log_n - s0 - ls)).
__global__ void ntt_dit_strided_kernel(BabyBear* code, int log_n, int s0, int k, const BabyBear* w, size_t width) {
  extern __shared__ uint32_t smem[];
  const size_t n = size_t{1} << log_n, stride = size_t{1} << (s0 - 1), rows = size_t{1} << k;
  const size_t lo_groups = stride / 32;
  const size_t lo_base = (blockIdx.x % lo_groups) * 32, hi = blockIdx.x / lo_groups;
  const size_t origin = lo_base + hi * stride * rows;
  uint32_t* tile = smem;              // [rows][32]
  uint32_t* tw = smem + rows * 32;    // 32 * (rows - 1)
  for (size_t e = threadIdx.x; e < 32 * (rows - 1); e += blockDim.x) {
    const size_t q = e / 32, l = e % 32;
    const int ls = 31 - __clz(static_cast<unsigned>(q + 1));
    const size_t u = q + 1 - (size_t{1} << ls);
    tw[e] = w[(lo_base + l + u * stride) << (log_n - s0 - ls)].monty();
  }
  // Column c + 1 is loaded into registers while column c's layers run (at
  // most kStridedPerThread entries per thread: rows * 32 <= 2048 entries and
  // the launch uses kStridedThreads threads).
  const unsigned entries = static_cast<unsigned>(rows * 32);
  // A thread's entries sit at the same offsets in every column: computed
  // once, 32-bit (a column has at most 2^27 entries), so the column loop
  // does no 64-bit index arithmetic per entry.
  uint32_t off[kStridedPerThread];
#pragma unroll
  for (int i = 0; i < kStridedPerThread; ++i) {
    const unsigned e = threadIdx.x + static_cast<unsigned>(i) * blockDim.x;
    off[i] = (e / 32) * static_cast<uint32_t>(stride) + e % 32;
  }
  uint32_t next[kStridedPerThread];
  auto load = [&](size_t c) {
    const BabyBear* col = code + c * n + origin;
#pragma unroll
    for (int i = 0; i < kStridedPerThread; ++i) {
      if (threadIdx.x + static_cast<unsigned>(i) * blockDim.x < entries) next[i] = col[off[i]].monty();
    }
  };
  if (width > 0) load(0);
  for (size_t c = 0; c < width; ++c) {
    BabyBear* col = code + c * n + origin;
    __syncthreads();  // twiddles written; the previous column's stores have read the tile
#pragma unroll
    for (int i = 0; i < kStridedPerThread; ++i) {
      const unsigned e = threadIdx.x + static_cast<unsigned>(i) * blockDim.x;
      if (e < entries) tile[e] = next[i];
    }
    __syncthreads();
    if (c + 1 < width) load(c + 1);
    // Two layers per pass (radix 4), as tile_dit_layers; a last radix-2
    // layer when k is odd. W(ls, u) = tw[32 (2^ls - 1) + 32 u + l].
    int ls = 0;
    for (; ls + 1 < k; ls += 2) {
      const unsigned h = 1u << ls;
      for (unsigned b = threadIdx.x; b < rows * 8; b += blockDim.x) {
        const unsigned l = b % 32, bb = b / 32, u = bb & (h - 1);
        const unsigned t0 = ((bb >> ls) << (ls + 2)) + u;
        uint32_t* x = tile + t0 * 32 + l;
        const BabyBear w1 = BabyBear::from_monty(tw[32 * (h - 1) + u * 32 + l]);
        const BabyBear x0 = BabyBear::from_monty(x[0]), x2 = BabyBear::from_monty(x[64 * h]);
        const BabyBear y1 = BabyBear::from_monty(x[32 * h]) * w1, y3 = BabyBear::from_monty(x[96 * h]) * w1;
        const BabyBear a0 = x0 + y1, a1 = x0 - y1, a2 = x2 + y3, a3 = x2 - y3;
        const BabyBear z2 = a2 * BabyBear::from_monty(tw[32 * (2 * h - 1) + u * 32 + l]);
        const BabyBear z3 = a3 * BabyBear::from_monty(tw[32 * (2 * h - 1) + (u + h) * 32 + l]);
        x[0] = (a0 + z2).monty();
        x[64 * h] = (a0 - z2).monty();
        x[32 * h] = (a1 + z3).monty();
        x[96 * h] = (a1 - z3).monty();
      }
      __syncthreads();
    }
    for (; ls < k; ++ls) {
      const unsigned lhalf = 1u << ls;
      for (unsigned b = threadIdx.x; b < rows * 16; b += blockDim.x) {
        const unsigned l = b % 32, bb = b / 32, u = bb & (lhalf - 1);
        const unsigned t0 = ((bb >> ls) << (ls + 1)) + u, t1 = t0 + lhalf;
        const BabyBear x = BabyBear::from_monty(tile[t0 * 32 + l]);
        const BabyBear y = BabyBear::from_monty(tile[t1 * 32 + l]) * BabyBear::from_monty(tw[32 * (lhalf - 1) + u * 32 + l]);
        tile[t0 * 32 + l] = (x + y).monty();
        tile[t1 * 32 + l] = (x - y).monty();
      }
      __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < kStridedPerThread; ++i) {
      const unsigned e = threadIdx.x + static_cast<unsigned>(i) * blockDim.x;
      if (e < entries) col[off[i]] = BabyBear::from_monty(tile[e]);
    }
  }
}

// Absorbs columns [c_begin, c_end) of row r of m (column c at m + c *
// height; rows >= height are zero rows) into the row's sponge. Between
// calls the sponge lives in the row's digest slot state[r]: a call that is
// not the last absorbs whole rate blocks, which overwrite s[0..8), so only
// the capacity half s[8..16) carries over, and that is what it leaves
// there. The last call (any number of columns) leaves the digest s[0..8).
// One call over all columns with last = true is the plain row hash.
__global__ void row_absorb_kernel(const BabyBear* m, size_t height, size_t leaves, size_t c_begin, size_t c_end,
                                  bool last, BabyBear* state) {
  const size_t r = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (r >= leaves) return;
  BabyBear s[kPoseidon2Width] = {};
  BabyBear* slot = state + r * kDigestSize;
  if (c_begin > 0) {
#pragma unroll
    for (int j = 0; j < kDigestSize; ++j) s[kPoseidon2Rate + j] = slot[j];
  }
  const bool real = r < height;
  for (size_t c0 = c_begin; c0 < c_end; c0 += kPoseidon2Rate) {
    const size_t take = c_end - c0 < static_cast<size_t>(kPoseidon2Rate) ? c_end - c0 : kPoseidon2Rate;
#pragma unroll
    for (int j = 0; j < kPoseidon2Rate; ++j)
      if (static_cast<size_t>(j) < take) s[j] = real ? m[(c0 + j) * height + r] : BabyBear();
    poseidon2_permute(s);
  }
  const int from = last ? 0 : kPoseidon2Rate;
#pragma unroll
  for (int j = 0; j < kDigestSize; ++j) slot[j] = s[from + j];
}

// out[i] = compress(prev[2x*S + y], prev[(2x+1)*S + y]), x = i / S, y = i % S.
// With S = 1 these are the plain pairs (2i, 2i+1).
__global__ void compress_kernel(const BabyBear* prev, size_t out_len, size_t stride, BabyBear* out) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= out_len) return;
  const size_t x = i / stride, y = i % stride;
  poseidon2_compress(prev + (2 * x * stride + y) * kDigestSize, prev + ((2 * x + 1) * stride + y) * kDigestSize,
                     out + i * kDigestSize);
}

BabyBear* words(Digest* d) { return reinterpret_cast<BabyBear*>(d); }

// Events between phases when a CommitPhases is given; nothing otherwise.
class PhaseMarks {
 public:
  PhaseMarks(CommitPhases* p, cudaStream_t s) : p_(p), s_(s) {}
  void mark() {
    if (!p_) return;
    ev_.emplace_back(true);
    ev_.back().record(s_);
  }
  // Milliseconds between marks i and i + 1 (waits for the last mark).
  double ms(size_t i) {
    ev_.back().synchronize();
    return ev_[i + 1].elapsed_ms_since(ev_[i]);
  }
  template <typename F>
  auto timed_alloc(F&& f) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = f();
    if (p_) p_->alloc_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }

 private:
  CommitPhases* p_;
  cudaStream_t s_;
  std::vector<Event> ev_;
};

// log2 of the codeword height of rs_code_matrix(l_skip, log_blowup) of a
// column of `height` values; throws std::invalid_argument like the host.
int rs_log_n(int l_skip, int log_blowup, size_t height) {
  const int log_m = log2_exact(height);
  if (l_skip < 0 || log_m < 0 || log_m < l_skip)
    throw std::invalid_argument("rs_code_matrix_on_device: height " + std::to_string(height) +
                                " is not a power of two >= 2^l_skip (l_skip " + std::to_string(l_skip) + ")");
  if (log_blowup < 0 || log_m + log_blowup > BabyBear::kTwoAdicity)
    throw std::invalid_argument("rs_code_matrix_on_device: log_blowup " + std::to_string(log_blowup) +
                                " out of range for height 2^" + std::to_string(log_m));
  return log_m + log_blowup;
}

// The RS encoding of columns of one height: its message matrix and twiddles
// are made once, then any group of columns is encoded with them (the commit
// overlapped with the transport encodes its columns group by group as they
// land). The tables are freed with the encoder, and freeing waits for the
// device, so the kernels queued by encode() never read freed tables.
class RsEncoder {
 public:
  RsEncoder(int l_skip, int log_n, cudaStream_t stream, PhaseMarks& marks) : l_skip_(l_skip), log_n_(log_n) {
    const size_t n = code_height();
    // M[z][t]: message entry z of a chunk as a combination of its inputs t.
    const size_t chunk = size_t{1} << l_skip;
    std::vector<BabyBear>& mmat = host_mmat_;
    mmat.resize(chunk * chunk);
    std::vector<BabyBear> e(chunk);
    for (size_t t = 0; t < chunk; ++t) {
      std::fill(e.begin(), e.end(), BabyBear());
      e[t] = BabyBear::one();
      eval_to_coeff_rs_message(l_skip, e);
      for (size_t z = 0; z < chunk; ++z) mmat[z * chunk + t] = e[z];
    }
    mmat_ = marks.timed_alloc([&] { return DeviceBuffer<BabyBear>(mmat.size()); });
    SWIRL_CUDA_CHECK(cudaMemcpyAsync(mmat_.data(), mmat.data(), mmat.size() * sizeof(BabyBear),
                                     cudaMemcpyHostToDevice, stream));
    if (l_skip == 3 || l_skip == 4) {  // the chunked first pass's message constants
      host_table_ = chunk_message_table(l_skip);
      table_ = marks.timed_alloc([&] { return DeviceBuffer<BabyBear>(host_table_.size()); });
      SWIRL_CUDA_CHECK(cudaMemcpyAsync(table_.data(), host_table_.data(), host_table_.size() * sizeof(BabyBear),
                                       cudaMemcpyHostToDevice, stream));
    }
    w_ = marks.timed_alloc([&] { return DeviceBuffer<BabyBear>(n / 2); });  // w_N^i, i < N/2
    marks.mark();
    SWIRL_LAUNCH(twiddles_kernel, blocks_for(std::max<size_t>(n / 2, 1)), kBlock, 0, stream,
                 BabyBear::two_adic_generator(log_n), n / 2, w_.data());
    marks.mark();
  }
  size_t code_height() const { return size_t{1} << log_n_; }

  // Columns [0, width) of evals (column c at evals + c * height) into code
  // (column c at code + c * code_height()); marks after the first pass and
  // after the rest.
  void encode(const BabyBear* evals, size_t height, BabyBear* code, size_t width, cudaStream_t stream,
              PhaseMarks& marks) const {
    const int log_n = log_n_, l_skip = l_skip_;
    const size_t n = code_height(), chunk = size_t{1} << l_skip;
    // l_skip 3 and 4 take the chunked first pass (16-value chunks with a
    // 2^10 tile, so 16 tiles fit three blocks per SM) when the message stride
    // spans a chunk; any other shape the gathering one.
    int t_log = std::min(log_n, kTileLog);
    const int chunked_t = std::min(log_n, l_skip == 4 ? kTileLog - 1 : kTileLog);
    if ((l_skip == 3 || l_skip == 4) && log_n - chunked_t >= l_skip) {
      t_log = chunked_t;
      const size_t smem = (chunk * ((size_t{1} << t_log) + 1) + (size_t{1} << t_log)) * sizeof(uint32_t);
      const dim3 grid(static_cast<unsigned>((size_t{1} << (log_n - t_log)) / chunk), grid_y(width));
      auto* kernel = l_skip == 4 ? rs_first_pass_chunked_kernel<16> : rs_first_pass_chunked_kernel<8>;
      allow_dynamic_smem(reinterpret_cast<const void*>(kernel), smem);
      if (l_skip == 4)
        SWIRL_LAUNCH(rs_first_pass_chunked_kernel<16>, grid, 512u, smem, stream, evals, height, table_.data(), code,
                     log_n, t_log, w_.data(), width);
      else
        SWIRL_LAUNCH(rs_first_pass_chunked_kernel<8>, grid, 512u, smem, stream, evals, height, table_.data(), code,
                     log_n, t_log, w_.data(), width);
    } else {
      const int g_log = std::min(kGroupLog, log_n - t_log);
      const size_t first_smem =
          ((size_t{1} << g_log) * ((size_t{1} << t_log) + 1) + (size_t{1} << t_log)) * sizeof(uint32_t);
      allow_dynamic_smem(reinterpret_cast<const void*>(rs_first_pass_kernel), first_smem);
      SWIRL_LAUNCH(rs_first_pass_kernel,
                   dim3(static_cast<unsigned>(size_t{1} << (log_n - t_log - g_log)), grid_y(width)), 512u, first_smem,
                   stream, evals, height, l_skip, mmat_.data(), code, log_n, t_log, g_log, w_.data(), width);
    }
    marks.mark();
    // The remaining layers in passes of at most kStridedLog layers each.
    for (int s0 = t_log + 1; s0 <= log_n;) {
      const int k = std::min(kStridedLog, log_n - s0 + 1);
      const size_t rows = size_t{1} << k;
      if (k == 6) {
        SWIRL_LAUNCH(ntt_dit_strided6_kernel, static_cast<unsigned>(n / (32 * rows)), 256u, 0, stream, code, log_n,
                     s0, w_.data(), width);
        s0 += k;
        continue;
      }
      SWIRL_LAUNCH(ntt_dit_strided_kernel, static_cast<unsigned>(n / (32 * rows)),
                   static_cast<unsigned>(kStridedThreads), (2 * rows - 1) * 32 * sizeof(uint32_t), stream, code,
                   log_n, s0, k, w_.data(), width);
      s0 += k;
    }
    marks.mark();
  }

 private:
  int l_skip_, log_n_;
  // The sources of the tables' copies, kept as long as the copies may read them.
  std::vector<BabyBear> host_mmat_, host_table_;
  DeviceBuffer<BabyBear> mmat_, table_, w_;
};

// A Merkle tree being built: its digest layers and the scratch layers of
// the query-leaf compressions. The row hashes go into rows() (layer 0 when
// a query owns one row), absorbed in one or more row_absorb calls.
struct TreeBuild {
  DeviceDigestLayers out;
  DeviceBuffer<Digest> a, b;
  size_t height = 0, leaves = 0;
  Digest* rows() { return out.rows_per_query == 1 ? out.digests.data() : a.data(); }
};

TreeBuild begin_tree(size_t height, size_t rows_per_query, PhaseMarks& marks) {
  if (height == 0) throw std::invalid_argument("merkle_tree_on_device: empty matrix");
  if (rows_per_query == 0 || (rows_per_query & (rows_per_query - 1)))
    throw std::invalid_argument("merkle_tree_on_device: rows_per_query " + std::to_string(rows_per_query) +
                                " is not a power of two");
  TreeBuild t;
  t.height = height;
  t.leaves = 1;
  while (t.leaves < height) t.leaves <<= 1;
  if (rows_per_query > t.leaves)
    throw std::invalid_argument("merkle_tree_on_device: rows_per_query " + std::to_string(rows_per_query) +
                                " exceeds the " + std::to_string(t.leaves) + " leaves");
  const size_t stride = t.leaves / rows_per_query;  // query stride S
  t.out.rows_per_query = rows_per_query;
  t.out.offsets.push_back(0);
  for (size_t len = stride;; len /= 2) {
    t.out.offsets.push_back(t.out.offsets.back() + len);
    if (len == 1) break;
  }
  t.out.digests = marks.timed_alloc([&] { return DeviceBuffer<Digest>(t.out.offsets.back()); });
  t.a = marks.timed_alloc([&] { return DeviceBuffer<Digest>(rows_per_query > 1 ? t.leaves : 0); });
  t.b = marks.timed_alloc([&] { return DeviceBuffer<Digest>(rows_per_query > 1 ? t.leaves / 2 : 0); });
  return t;
}

// Columns [c_begin, c_end) of m (t.height rows) into the row sponges; see
// row_absorb_kernel for which calls may stop short of the last column.
void absorb_rows(TreeBuild& t, const BabyBear* m, size_t c_begin, size_t c_end, bool last, cudaStream_t stream) {
  SWIRL_LAUNCH(row_absorb_kernel, blocks_for(t.leaves), kBlock, 0, stream, m, t.height, t.leaves, c_begin, c_end, last,
               words(t.rows()));
}

// log2(rows_per_query) query-leaf layers (the last lands in layer 0), then
// the plain pair layers up to the root.
void finish_tree(TreeBuild& t, cudaStream_t stream) {
  DeviceDigestLayers& out = t.out;
  Digest* layers = out.digests.data();
  const size_t stride = t.leaves / out.rows_per_query;
  if (out.rows_per_query > 1) {
    Digest* cur = t.a.data();
    Digest* spare = t.b.data();
    for (size_t len = t.leaves / 2; len >= stride; len /= 2) {
      Digest* dst = len == stride ? layers : spare;
      SWIRL_LAUNCH(compress_kernel, blocks_for(len), kBlock, 0, stream, words(cur), len, stride, words(dst));
      spare = cur;
      cur = dst;
    }
  }
  for (size_t l = 0; l + 1 < out.num_layers(); ++l) {
    const size_t len = out.layer_size(l + 1);
    SWIRL_LAUNCH(compress_kernel, blocks_for(len), kBlock, 0, stream, words(layers + out.offsets[l]), len, size_t{1},
                 words(layers + out.offsets[l + 1]));
  }
}

// The stacked layout of device traces (validated like the host's).
StackedLayout stacked_layout_of(int l_skip, int n_stack, std::span<const DeviceMatrix<BabyBear>* const> traces,
                                const char* what) {
  if (n_stack < 0) throw std::invalid_argument(std::string(what) + ": n_stack " + std::to_string(n_stack) + " < 0");
  std::vector<MatrixDims> dims(traces.size());
  for (size_t m = 0; m < traces.size(); ++m) {
    if (!traces[m]) throw std::invalid_argument(std::string(what) + ": trace " + std::to_string(m) + " is null");
    dims[m].width = traces[m]->width();
    if (dims[m].width == 0) continue;
    dims[m].log_height = log2_exact(traces[m]->height());
    if (dims[m].log_height < 0)
      throw StackingError(StackingError::Kind::kBadHeight, std::string(what) + ": matrix " + std::to_string(m) +
                                                               " has height " + std::to_string(traces[m]->height()));
  }
  return StackedLayout::build(l_skip, l_skip + n_stack, dims);
}

size_t ceil_div(size_t a, size_t b) { return (a + b - 1) / b; }

// Copies the elements of every trace that fall in stacked columns [c0, c1)
// into place. A trace's slices are one contiguous run: element k = c * h + r
// goes to flat position base + k * stride of the stacked matrix. With
// `arrivals` (one entry per trace, null for a trace already on the device),
// the stream first waits for the upload chunk that brings the last element
// it copies. With `copy` false the traces are already in place
// (CudaBackend::load_traces) and only the waits are queued.
void stack_columns(const StackedLayout& layout, int l_skip, std::span<const DeviceMatrix<BabyBear>* const> traces,
                   std::span<const UploadMarks* const> arrivals, size_t c0, size_t c1, BabyBear* stacked,
                   cudaStream_t stream, bool copy = true) {
  const size_t height = layout.height(), lo = c0 * height, hi = c1 * height;
  for (size_t m = 0; m < traces.size(); ++m) {
    if (traces[m]->width() == 0) continue;
    const StackedSlice& s = layout.slice(m, 0);
    const size_t base = s.col_idx * height + s.row_idx, stride = s.stride(l_skip), n = traces[m]->size();
    const size_t k_lo = base >= lo ? 0 : ceil_div(lo - base, stride);
    const size_t k_hi = hi <= base ? 0 : std::min(n, ceil_div(hi - base, stride));
    if (k_lo >= k_hi) continue;
    if (!arrivals.empty() && arrivals[m] != nullptr && !arrivals[m]->empty()) {
      const UploadMarks& marks = *arrivals[m];
      auto it = std::find_if(marks.begin(), marks.end(), [&](const UploadMark& u) { return u.elements >= k_hi; });
      if (it == marks.end()) throw std::logic_error("stack_columns: upload marks checked by the caller fall short");
      SWIRL_CUDA_CHECK(cudaStreamWaitEvent(stream, it->landed->get(), 0));
    }
    if (!copy) continue;
    BabyBear* dst = stacked + base + k_lo * stride;
    const BabyBear* src = traces[m]->data() + k_lo;
    const size_t count = k_hi - k_lo;
    if (stride == 1) {
      SWIRL_CUDA_CHECK(cudaMemcpyAsync(dst, src, count * sizeof(BabyBear), cudaMemcpyDeviceToDevice, stream));
    } else {
      SWIRL_LAUNCH(scatter_strided_kernel, blocks_for(count), kBlock, 0, stream, src, count, stride, dst);
    }
  }
}

// The stacked matrix over `block`, the one CudaBackend::load_traces filled
// for these traces (std::invalid_argument when its size is not the
// layout's).
DeviceMatrix<BabyBear> stacked_view(const StackedLayout& layout, std::shared_ptr<DeviceBuffer<BabyBear>> block,
                                    const char* what) {
  const size_t want = layout.height() * layout.width();
  if (block->size() != want)
    throw std::invalid_argument(std::string(what) + ": the stacked block holds " + std::to_string(block->size()) +
                                " elements, the layout " + std::to_string(want));
  return DeviceMatrix<BabyBear>(std::move(block), 0, layout.height(), layout.width());
}

void check_commit_shape(int l_skip, int n_stack, int log_blowup, int k_whir, const char* what) {
  if (log_blowup < 0 || k_whir < 0)
    throw std::invalid_argument(std::string(what) + ": log_blowup " + std::to_string(log_blowup) + " / k_whir " +
                                std::to_string(k_whir) + " must be >= 0");
  if (l_skip + n_stack + log_blowup > BabyBear::kTwoAdicity)
    throw std::invalid_argument(std::string(what) + ": codeword height 2^" +
                                std::to_string(l_skip + n_stack + log_blowup) + " exceeds 2^27");
  if (k_whir > l_skip + n_stack + log_blowup)
    throw std::invalid_argument(std::string(what) + ": k_whir " + std::to_string(k_whir) +
                                " exceeds log codeword height " + std::to_string(l_skip + n_stack + log_blowup));
}

// The stacked matrix of `layout`, zeroed on `stream` (zeros between strided
// values and after the last slice).
DeviceMatrix<BabyBear> zeroed_stacked(const StackedLayout& layout, cudaStream_t stream) {
  DeviceMatrix<BabyBear> m(layout.height(), layout.width());
  if (m.size() > 0) SWIRL_CUDA_CHECK(cudaMemsetAsync(m.data(), 0, m.size() * sizeof(BabyBear), stream));
  return m;
}

// Queues the root's copy to the host and waits for it.
Digest root_to_host(const DeviceDigestLayers& tree, cudaStream_t stream) {
  Digest root;
  SWIRL_CUDA_CHECK(cudaMemcpyAsync(root.data(), tree.layer(tree.num_layers() - 1), sizeof(Digest),
                                   cudaMemcpyDeviceToHost, stream));
  SWIRL_CUDA_CHECK(cudaStreamSynchronize(stream));
  return root;
}

}  // namespace

DeviceStackedMatrix stacked_matrix_on_device(int l_skip, int n_stack,
                                             std::span<const DeviceMatrix<BabyBear>* const> traces,
                                             cudaStream_t stream) {
  DeviceStackedMatrix out;
  out.layout = stacked_layout_of(l_skip, n_stack, traces, "stacked_matrix_on_device");
  out.matrix = zeroed_stacked(out.layout, stream);
  if (out.matrix.size() == 0) return out;
  stack_columns(out.layout, l_skip, traces, {}, 0, out.layout.width(), out.matrix.data(), stream);
  return out;
}

void fill_stacked_around_traces(const StackedLayout& layout, std::span<const DeviceMatrix<BabyBear>* const> strided,
                                BabyBear* stacked, cudaStream_t stream) {
  constexpr const char* what = "fill_stacked_around_traces";
  if (strided.size() != layout.num_matrices())
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(strided.size()) + " entries for " +
                                std::to_string(layout.num_matrices()) + " matrices");
  const int l_skip = layout.l_skip();
  const size_t height = layout.height(), total = height * layout.width();
  auto zero = [&](size_t from, size_t to) {
    if (to > from) SWIRL_CUDA_CHECK(cudaMemsetAsync(stacked + from, 0, (to - from) * sizeof(BabyBear), stream));
  };
  // Slices follow each other in layout order, so one cursor finds the gaps.
  size_t covered = 0;
  for (size_t m = 0; m < layout.num_matrices(); ++m) {
    const size_t w = layout.width_of(m);
    if (w == 0) continue;
    const StackedSlice& s = layout.slice(m, 0);
    const size_t base = s.col_idx * height + s.row_idx;
    if (s.stride(l_skip) != 1) {
      const DeviceMatrix<BabyBear>* t = strided[m];
      const size_t h = size_t{1} << s.log_height;
      if (t == nullptr || t->width() != w || t->height() != h)
        throw std::invalid_argument(std::string(what) + ": matrix " + std::to_string(m) + " is strided and needs its " +
                                    std::to_string(h) + " x " + std::to_string(w) + " device copy");
      continue;  // its run is zeroed with the gaps, then its values scattered below
    }
    if (strided[m] != nullptr)
      throw std::invalid_argument(std::string(what) + ": matrix " + std::to_string(m) +
                                  " is not strided: it is uploaded into place, not scattered");
    zero(covered, base);
    covered = base + w * s.len(l_skip);
  }
  zero(covered, total);
  for (size_t m = 0; m < layout.num_matrices(); ++m) {
    const DeviceMatrix<BabyBear>* t = strided[m];
    if (t == nullptr) continue;
    const StackedSlice& s = layout.slice(m, 0);
    const size_t count = t->size();
    SWIRL_LAUNCH(scatter_strided_kernel, blocks_for(count), kBlock, 0, stream, t->data(), count, s.stride(l_skip),
                 stacked + s.col_idx * height + s.row_idx);
  }
}

DeviceMatrix<BabyBear> rs_code_matrix_on_device(int l_skip, int log_blowup, const DeviceMatrix<BabyBear>& evals,
                                                cudaStream_t stream, CommitPhases* phases) {
  ScopedSpan span("rs_code_matrix");  // the reference's span; inert without a collector
  return rs_encode_on_device(l_skip, log_blowup, evals, stream, phases);
}

DeviceMatrix<BabyBear> rs_encode_on_device(int l_skip, int log_blowup, const DeviceMatrix<BabyBear>& evals,
                                           cudaStream_t stream, CommitPhases* phases) {
  const int log_n = rs_log_n(l_skip, log_blowup, evals.height());
  const size_t width = evals.width();
  PhaseMarks marks(phases, stream);
  DeviceMatrix<BabyBear> code = marks.timed_alloc([&] { return DeviceMatrix<BabyBear>(size_t{1} << log_n, width); });
  if (width == 0) return code;
  const RsEncoder encoder(l_skip, log_n, stream, marks);
  encoder.encode(evals.data(), evals.height(), code.data(), width, stream, marks);
  if (phases) {
    phases->twiddles_ms += marks.ms(0);
    phases->message_ms += marks.ms(1);  // with NTT layers 1..11
    phases->ntt_ms += marks.ms(2);      // the strided passes
  }
  // The encoder's tables are freed on return: freeing waits for the device
  // to finish the kernels queued above, so they never read freed memory.
  return code;
}

DeviceDigestLayers merkle_tree_on_device(const DeviceMatrix<BabyBear>& matrix, size_t rows_per_query,
                                         cudaStream_t stream, CommitPhases* phases) {
  ScopedSpan span("merkle_tree");  // the reference's span; inert without a collector
  PhaseMarks marks(phases, stream);
  TreeBuild t = begin_tree(matrix.height(), rows_per_query, marks);
  marks.mark();
  absorb_rows(t, matrix.data(), 0, matrix.width(), /*last=*/true, stream);
  marks.mark();
  finish_tree(t, stream);
  marks.mark();
  if (phases) {
    phases->row_hash_ms += marks.ms(0);
    phases->compress_ms += marks.ms(1);
  }
  return std::move(t.out);
}

DeviceStackedCommit stacked_commit_on_device(int l_skip, int n_stack, int log_blowup, int k_whir,
                                             std::span<const DeviceMatrix<BabyBear>* const> traces,
                                             cudaStream_t stream, std::shared_ptr<DeviceBuffer<BabyBear>> stacked) {
  constexpr const char* what = "stacked_commit_on_device";
  check_commit_shape(l_skip, n_stack, log_blowup, k_whir, what);
  DeviceStackedMatrix sm;
  if (stacked) {
    sm.layout = stacked_layout_of(l_skip, n_stack, traces, what);
    sm.matrix = stacked_view(sm.layout, std::move(stacked), what);
  } else {
    sm = stacked_matrix_on_device(l_skip, n_stack, traces, stream);
  }
  if (sm.layout.width() == 0) throw std::invalid_argument("stacked_commit_on_device: no columns to commit");
  DeviceStackedCommit out;
  out.codeword = rs_code_matrix_on_device(l_skip, log_blowup, sm.matrix, stream);
  out.tree = merkle_tree_on_device(out.codeword, size_t{1} << k_whir, stream);
  out.layout = std::move(sm.layout);
  out.stacked = std::move(sm.matrix);
  out.root = root_to_host(out.tree, stream);
  return out;
}

DeviceStackedCommit stacked_commit_as_traces_land(int l_skip, int n_stack, int log_blowup, int k_whir,
                                                  std::span<const DeviceMatrix<BabyBear>* const> traces,
                                                  std::span<const UploadMarks* const> arrivals, cudaStream_t stream,
                                                  size_t rs_columns, std::shared_ptr<DeviceBuffer<BabyBear>> stacked) {
  constexpr const char* what = "stacked_commit_as_traces_land";
  check_commit_shape(l_skip, n_stack, log_blowup, k_whir, what);
  if (arrivals.size() != traces.size())
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(arrivals.size()) + " arrival lists for " +
                                std::to_string(traces.size()) + " traces");
  if (rs_columns == 0) throw std::invalid_argument(std::string(what) + ": rs_columns 0");
  DeviceStackedCommit out;
  out.layout = stacked_layout_of(l_skip, n_stack, traces, what);
  for (size_t m = 0; m < traces.size(); ++m) {
    const UploadMarks* a = arrivals[m];
    if (a != nullptr && !a->empty() && a->back().elements < traces[m]->size())
      throw std::invalid_argument(std::string(what) + ": the upload marks of trace " + std::to_string(m) + " cover " +
                                  std::to_string(a->back().elements) + " of its " +
                                  std::to_string(traces[m]->size()) + " elements");
  }
  const size_t height = out.layout.height(), width = out.layout.width();
  if (width == 0) throw std::invalid_argument(std::string(what) + ": no columns to commit");
  const int log_n = rs_log_n(l_skip, log_blowup, height);
  const size_t n = size_t{1} << log_n;
  // Everything is allocated before the first wait, and nothing is freed
  // until the root is back: freeing waits for the whole device, transfers
  // included, which would serialise what this function overlaps.
  PhaseMarks none(nullptr, stream);
  const bool in_place = stacked != nullptr;
  out.stacked = in_place ? stacked_view(out.layout, std::move(stacked), what) : zeroed_stacked(out.layout, stream);
  out.codeword = DeviceMatrix<BabyBear>(n, width);
  const RsEncoder encoder(l_skip, log_n, stream, none);
  TreeBuild tree = begin_tree(n, size_t{1} << k_whir, none);
  // The last row_absorb call takes the final 8..15 columns (all of them
  // when there are fewer than 16); the ones before whole rate blocks, as
  // soon as their columns are encoded.
  const size_t rate = kPoseidon2Rate;
  const size_t final_begin = width < rate ? 0 : (width - rate) / rate * rate;
  size_t absorbed = 0;
  for (size_t c0 = 0; c0 < width; c0 += rs_columns) {
    const size_t c1 = std::min(width, c0 + rs_columns);
    stack_columns(out.layout, l_skip, traces, arrivals, c0, c1, out.stacked.data(), stream, /*copy=*/!in_place);
    encoder.encode(out.stacked.data() + c0 * height, height, out.codeword.data() + c0 * n, c1 - c0, stream, none);
    const size_t upto = std::min(c1, final_begin) / rate * rate;
    if (upto > absorbed) {
      absorb_rows(tree, out.codeword.data(), absorbed, upto, /*last=*/false, stream);
      absorbed = upto;
    }
  }
  absorb_rows(tree, out.codeword.data(), absorbed, width, /*last=*/true, stream);
  finish_tree(tree, stream);
  out.tree = std::move(tree.out);
  out.root = root_to_host(out.tree, stream);
  return out;
}

}  // namespace swirl::cuda
