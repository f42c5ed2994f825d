// Radix-2 decimation-in-frequency NTT with a cache-blocked tail.
//
// The forward transform runs Gentleman-Sande butterflies from the largest
// half-size h = n/2 down to 1 (natural input, bit-reversed output) and then
// bit-reverses. Layers with a span larger than a cache block stream over the
// whole vector two layers per pass (a radix-4 step); once a block of kBlock
// elements holds whole butterfly groups, each block finishes all remaining
// layers while it sits in cache. The inverse is the forward transform
// followed by the index reversal i -> -i mod n and a scale by 1/n.
#include "swirl/poly/ntt.h"

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "field/babybear_avx2.h"
#include "poly/ntt_detail.h"

namespace swirl {
namespace detail {
namespace {

constexpr int kMaxLogN = BabyBear::kTwoAdicity;
constexpr size_t kBlock = size_t{1} << 11;  // elements finished per cache block

int checked_log2(size_t n, const char* who) {
  if (n == 0 || (n & (n - 1)) != 0)
    throw std::invalid_argument(std::string(who) + ": length " + std::to_string(n) + " is not a power of two");
  int log_n = __builtin_ctzll(n);
  if (log_n > kMaxLogN)
    throw std::invalid_argument(std::string(who) + ": length 2^" + std::to_string(log_n) + " exceeds 2^27");
  return log_n;
}

}  // namespace

// Twiddle "tree" for size n: entries [h, 2h) are w_{2h}^0 .. w_{2h}^(h-1) for
// every power of two h < n, so each layer reads its factors contiguously.
// Built once per size and kept (n words per size).
const std::vector<BabyBear>& twiddle_tree(int log_n) {
  static std::mutex mu;
  static std::map<int, std::unique_ptr<const std::vector<BabyBear>>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(log_n);
  if (it != cache.end()) return *it->second;
  size_t n = size_t{1} << log_n;
  auto tw = std::make_unique<std::vector<BabyBear>>(n > 1 ? n : 1);
  for (int l = 0; l + 1 <= log_n; ++l) {
    size_t h = size_t{1} << l;
    BabyBear w = BabyBear::two_adic_generator(l + 1), p = BabyBear::one();
    for (size_t j = 0; j < h; ++j, p *= w) (*tw)[h + j] = p;
  }
  const std::vector<BabyBear>& ref = *tw;
  cache.emplace(log_n, std::move(tw));
  return ref;
}

namespace {

#if defined(__AVX2__)
inline __m256i load8(const BabyBear* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline void store8(BabyBear* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
// A register holds two BabyBear4 entries (4 words each); their base-field
// twiddles tw[0], tw[1] are spread over the matching four lanes each.
inline __m256i load8(const BabyBear4* p) { return load8(reinterpret_cast<const BabyBear*>(p)); }
inline void store8(BabyBear4* p, __m256i v) { store8(reinterpret_cast<BabyBear*>(p), v); }
inline __m256i twiddles_for_ext(const BabyBear* tw) {
  return _mm256_set_epi32(static_cast<int>(tw[1].monty()), static_cast<int>(tw[1].monty()),
                          static_cast<int>(tw[1].monty()), static_cast<int>(tw[1].monty()),
                          static_cast<int>(tw[0].monty()), static_cast<int>(tw[0].monty()),
                          static_cast<int>(tw[0].monty()), static_cast<int>(tw[0].monty()));
}
// Entries per register and the twiddle register for entries j, j+1, ...
template <typename T>
constexpr size_t kLanesOf = sizeof(BabyBear) * 8 / sizeof(T);
template <typename T>
inline __m256i load_twiddles(const BabyBear* tw) {
  if constexpr (std::is_same_v<T, BabyBear>) {
    return load8(tw);
  } else {
    return twiddles_for_ext(tw);
  }
}
#endif

// One layer of half-size h on the block a[0, 2h).
template <typename T>
inline void dif_layer(T* a, size_t h, const BabyBear* tw) {
  T* b = a + h;
  size_t j = 0;
#if defined(__AVX2__)
  {
    using V = simd::Avx2;
    constexpr size_t L = kLanesOf<T>;
    for (; j + L <= h; j += L) {
      __m256i u = load8(a + j), v = load8(b + j);
      store8(a + j, V::add(u, v));
      store8(b + j, V::mul(V::sub(u, v), load_twiddles<T>(tw + j)));
    }
  }
#endif
  for (; j < h; ++j) {
    T u = a[j], v = b[j];
    a[j] = u + v;
    b[j] = (u - v) * tw[j];
  }
}

// Layers h and h/2 at once on the block a[0, 2h) (h >= 2), for j in [j0, j1).
template <typename T>
inline void dif_layer_pair(T* a, size_t h, const BabyBear* tw_h2, const BabyBear* tw_h, size_t j0, size_t j1) {
  size_t q = h / 2;
  T* a1 = a + q;
  T* a2 = a + h;
  T* a3 = a + h + q;
  size_t j = j0;
#if defined(__AVX2__)
  {
    using V = simd::Avx2;
    constexpr size_t L = kLanesOf<T>;
    for (; j + L <= j1; j += L) {
      __m256i x0 = load8(a + j), x1 = load8(a1 + j), x2 = load8(a2 + j), x3 = load8(a3 + j);
      __m256i y0 = V::add(x0, x2), y1 = V::add(x1, x3);
      __m256i y2 = V::mul(V::sub(x0, x2), load_twiddles<T>(tw_h2 + j));
      __m256i y3 = V::mul(V::sub(x1, x3), load_twiddles<T>(tw_h2 + j + q));
      __m256i w = load_twiddles<T>(tw_h + j);
      store8(a + j, V::add(y0, y1));
      store8(a1 + j, V::mul(V::sub(y0, y1), w));
      store8(a2 + j, V::add(y2, y3));
      store8(a3 + j, V::mul(V::sub(y2, y3), w));
    }
  }
#endif
  for (; j < j1; ++j) {
    T x0 = a[j], x1 = a1[j], x2 = a2[j], x3 = a3[j];
    T y0 = x0 + x2, y1 = x1 + x3;
    T y2 = (x0 - x2) * tw_h2[j], y3 = (x1 - x3) * tw_h2[j + q];
    BabyBear w = tw_h[j];
    a[j] = y0 + y1;
    a1[j] = (y0 - y1) * w;
    a2[j] = y2 + y3;
    a3[j] = (y2 - y3) * w;
  }
}

#if defined(__AVX2__)
// The 8x8 transpose of 32-bit words held in eight registers.
inline void transpose8(__m256i* r) {
  __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
  __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
  __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
  __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
  __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
  __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
  __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
  __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
  r[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
  r[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
  r[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
  r[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
  r[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
  r[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
  r[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
  r[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

// The last three layers (h = 4, 2, 1) on every 8-entry group of a[0, len),
// len a multiple of 64: eight groups are transposed into registers so that
// register k holds entry k of each group, and the butterflies run across
// registers.
inline void dif_last3(BabyBear* a, size_t len, const BabyBear* tw) {
  using V = simd::Avx2;
  const __m256i w8_1 = V::splat(tw[5]), w8_2 = V::splat(tw[6]), w8_3 = V::splat(tw[7]), w4_1 = V::splat(tw[3]);
  for (size_t s = 0; s < len; s += 64) {
    __m256i c[8];
    for (int k = 0; k < 8; ++k) c[k] = load8(a + s + 8 * k);
    transpose8(c);
    __m256i d0 = V::add(c[0], c[4]), d4 = V::sub(c[0], c[4]);
    __m256i d1 = V::add(c[1], c[5]), d5 = V::mul(V::sub(c[1], c[5]), w8_1);
    __m256i d2 = V::add(c[2], c[6]), d6 = V::mul(V::sub(c[2], c[6]), w8_2);
    __m256i d3 = V::add(c[3], c[7]), d7 = V::mul(V::sub(c[3], c[7]), w8_3);
    __m256i e0 = V::add(d0, d2), e2 = V::sub(d0, d2);
    __m256i e1 = V::add(d1, d3), e3 = V::mul(V::sub(d1, d3), w4_1);
    __m256i e4 = V::add(d4, d6), e6 = V::sub(d4, d6);
    __m256i e5 = V::add(d5, d7), e7 = V::mul(V::sub(d5, d7), w4_1);
    c[0] = V::add(e0, e1);
    c[1] = V::sub(e0, e1);
    c[2] = V::add(e2, e3);
    c[3] = V::sub(e2, e3);
    c[4] = V::add(e4, e5);
    c[5] = V::sub(e4, e5);
    c[6] = V::add(e6, e7);
    c[7] = V::sub(e6, e7);
    transpose8(c);
    for (int k = 0; k < 8; ++k) store8(a + s + 8 * k, c[k]);
  }
}
#endif

// Layers h = len/2, ..., 1 on a block of `len` elements that sits in cache.
template <typename T>
void dif_block(T* a, size_t len, const BabyBear* tw) {
  size_t h = len / 2;
#if defined(__AVX2__)
  if constexpr (std::is_same_v<T, BabyBear>) {
    if (len >= 64) {
      for (; h >= 16; h /= 4)
        for (size_t s = 0; s < len; s += 2 * h) dif_layer_pair(a + s, h, tw + h, tw + h / 2, 0, h / 2);
      if (h == 8) {
        for (size_t s = 0; s < len; s += 16) dif_layer(a + s, 8, tw + 8);
      }
      dif_last3(a, len, tw);
      return;
    }
  }
#endif
  for (; h >= 2; h /= 4) {
    for (size_t s = 0; s < len; s += 2 * h) dif_layer_pair(a + s, h, tw + h, tw + h / 2, 0, h / 2);
  }
  if (h == 1)
    for (size_t s = 0; s < len; s += 2) dif_layer(a + s, 1, tw + 1);
}

inline size_t reverse_bits(size_t i, int log_n) {
  uint64_t x = i;
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
  x = __builtin_bswap64(x);
  return static_cast<size_t>(x >> (64 - log_n));
}

template <typename T>
void bit_reverse_serial(T* a, int log_n) {
  size_t n = size_t{1} << log_n;
  if (log_n == 0) return;
  for (size_t i = 0; i < n; ++i) {
    size_t r = reverse_bits(i, log_n);
    if (i < r) std::swap(a[i], a[r]);
  }
}

// Forward DIF, natural in, bit-reversed out. `parallel`: split each pass
// across the OpenMP team (called from outside any parallel region).
template <typename T>
void dif(T* a, int log_n, const BabyBear* tw, bool parallel) {
  size_t n = size_t{1} << log_n;
  if (n == 1) return;
  size_t h = n / 2;
  // Streaming passes, two layers each, while a butterfly group exceeds a block.
  while (2 * h > kBlock && h >= 2) {
    size_t q = h / 2;
    size_t groups = n / (2 * h);
    if (parallel) {
      // Split the j range of every group so all threads work in each pass.
      constexpr size_t kChunk = 1024;
      size_t chunks = (q + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static)
      for (size_t c = 0; c < groups * chunks; ++c) {
        size_t g = c / chunks, k = c % chunks;
        size_t j0 = k * kChunk, j1 = j0 + kChunk < q ? j0 + kChunk : q;
        dif_layer_pair(a + g * 2 * h, h, tw + h, tw + q, j0, j1);
      }
    } else {
      for (size_t g = 0; g < groups; ++g) dif_layer_pair(a + g * 2 * h, h, tw + h, tw + q, 0, q);
    }
    h /= 4;
  }
  if (h == 0) return;
  // Remaining layers h, h/2, ..., 1 act within blocks of 2h elements.
  size_t len = 2 * h;
  size_t blocks = n / len;
  if (parallel) {
#pragma omp parallel for schedule(static)
    for (size_t b = 0; b < blocks; ++b) dif_block(a + b * len, len, tw);
  } else {
    for (size_t b = 0; b < blocks; ++b) dif_block(a + b * len, len, tw);
  }
}

// Bit reversal in tiles. Write an index as (hi, mid, lo) with hi and lo of
// `bits` bits each; its reverse is (rev lo, rev mid, rev hi). So the
// 2^bits x 2^bits tile of entries sharing `mid` (rows hi, each a contiguous
// run over lo) maps onto the tile of rev(mid), transposed with both
// coordinates reversed. Swapping tile pairs through a small buffer moves whole
// runs of consecutive entries instead of touching one random cache line per
// element. Tiles are 64 x 64 words (16 KiB) for BabyBear and 32 x 32 entries
// for BabyBear4: large enough that the rows of a tile, 2^(log_n - bits)
// entries apart and so on different pages, are few per element moved.
template <typename T>
constexpr int tile_bits() {
  return sizeof(T) <= 4 ? 6 : 5;
}

template <typename T>
void bit_reverse_tiles(T* a, int log_n, bool parallel) {
  constexpr int kTileBits = tile_bits<T>();
  constexpr size_t B = size_t{1} << kTileBits;
  const int mid_bits = log_n - 2 * kTileBits;
  const size_t mids = size_t{1} << mid_bits;
  const size_t row_stride = size_t{1} << (mid_bits + kTileBits);  // distance between hi rows
  size_t rev_b[B];
  for (size_t i = 0; i < B; ++i) rev_b[i] = reverse_bits(i, kTileBits);
  auto tile_pair = [&](size_t mid, T* tx, T* ty) {
    size_t rmid = mid_bits > 0 ? reverse_bits(mid, mid_bits) : 0;
    if (rmid < mid) return;
    T* x = a + (mid << kTileBits);
    T* y = a + (rmid << kTileBits);
    for (size_t hi = 0; hi < B; ++hi)
      for (size_t lo = 0; lo < B; ++lo) {
        tx[hi * B + lo] = x[hi * row_stride + lo];
        ty[hi * B + lo] = y[hi * row_stride + lo];
      }
    // Entry (hi, lo) of tile x goes to (rev lo, rev hi) of tile y and back.
    for (size_t lo = 0; lo < B; ++lo) {
      T* yr = y + rev_b[lo] * row_stride;
      T* xr = x + rev_b[lo] * row_stride;
      for (size_t hi = 0; hi < B; ++hi) {
        yr[rev_b[hi]] = tx[hi * B + lo];
        xr[rev_b[hi]] = ty[hi * B + lo];
      }
    }
  };
  auto run = [&](size_t m0, size_t m1) {
    std::vector<T> buf(2 * B * B);
    for (size_t mid = m0; mid < m1; ++mid) tile_pair(mid, buf.data(), buf.data() + B * B);
  };
  if (parallel) {
#pragma omp parallel
    {
      size_t nt = static_cast<size_t>(omp_get_num_threads()), id = static_cast<size_t>(omp_get_thread_num());
      run(mids * id / nt, mids * (id + 1) / nt);
    }
  } else {
    run(0, mids);
  }
}

template <typename T>
void bit_reverse(T* a, int log_n, bool parallel) {
  if (log_n >= 2 * tile_bits<T>() + 2) return bit_reverse_tiles(a, log_n, parallel);
  bit_reverse_serial(a, log_n);
}

template <typename T>
void forward(T* a, int log_n, const BabyBear* tw, bool parallel) {
  dif(a, log_n, tw, parallel);
  bit_reverse(a, log_n, parallel);
}

// idft(x)[j] = n^-1 * dft(x)[-j mod n].
template <typename T>
void inverse(T* a, int log_n, const BabyBear* tw, bool parallel) {
  forward(a, log_n, tw, parallel);
  size_t n = size_t{1} << log_n;
  for (size_t i = 1, j = n - 1; i < j; ++i, --j) std::swap(a[i], a[j]);
  BabyBear inv_n = BabyBear::from_u64(n).inverse();
  if (parallel) {
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) a[i] *= inv_n;
  } else {
    for (size_t i = 0; i < n; ++i) a[i] *= inv_n;
  }
}

// a[j] *= s^j.
template <typename T>
void scale_by_powers(T* a, size_t n, BabyBear s, bool parallel) {
  if (!parallel) {
    BabyBear p = BabyBear::one();
    for (size_t j = 0; j < n; ++j, p *= s) a[j] *= p;
    return;
  }
  constexpr size_t kChunk = 4096;
  size_t chunks = (n + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static)
  for (size_t c = 0; c < chunks; ++c) {
    size_t j0 = c * kChunk, j1 = j0 + kChunk < n ? j0 + kChunk : n;
    BabyBear p = s.pow(j0);
    for (size_t j = j0; j < j1; ++j, p *= s) a[j] *= p;
  }
}

// Worth spreading one vector's passes across threads?
bool split_one(size_t n) { return n >= (size_t{1} << 14) && omp_get_max_threads() > 1 && !omp_in_parallel(); }

}  // namespace

template <typename T>
void ntt_forward_serial(T* a, int log_n, const BabyBear* tw) {
  forward(a, log_n, tw, false);
}
template <typename T>
void ntt_forward_parallel(T* a, int log_n, const BabyBear* tw) {
  forward(a, log_n, tw, true);
}
template <typename T>
void ntt_inverse_serial(T* a, int log_n, const BabyBear* tw) {
  inverse(a, log_n, tw, false);
}
template <typename T>
void dif_no_reverse(T* a, int log_n, const BabyBear* tw, bool parallel) {
  dif(a, log_n, tw, parallel);
}
template <typename T>
void bit_reverse_in_place(T* a, int log_n, bool parallel) {
  bit_reverse(a, log_n, parallel);
}
bool ntt_split_one(size_t n) { return split_one(n); }

namespace {

// DIF butterflies over `count` interleaved vectors: row k (a[k * count ..])
// holds entry k of every vector, so one twiddle serves a whole row and the
// inner loop over the vectors vectorises. G > 0 fixes the count at compile
// time (the coset extension's 16 columns); G == 0 reads it at run time.
template <typename T, size_t G>
void dif_rows(T* a, int log_n, size_t count, const BabyBear* tw) {
  const size_t g = G > 0 ? G : count;
  const size_t n = size_t{1} << log_n;
  for (size_t h = n / 2; h >= 1; h /= 2)
    for (size_t s = 0; s < n; s += 2 * h)
      for (size_t j = 0; j < h; ++j) {
        const BabyBear w = tw[h + j];
        T* x = a + (s + j) * g;
        T* y = a + (s + j + h) * g;
        for (size_t c = 0; c < g; ++c) {
          const T u = x[c], v = y[c];
          x[c] = u + v;
          y[c] = (u - v) * w;
        }
      }
}

}  // namespace

template <typename T>
void dif_interleaved(T* a, int log_n, size_t count, const BabyBear* tw) {
  if (count == 16) {
    dif_rows<T, 16>(a, log_n, count, tw);
  } else {
    dif_rows<T, 0>(a, log_n, count, tw);
  }
}

template <typename T>
void bit_reverse_rows(T* a, int log_n, size_t count) {
  const size_t n = size_t{1} << log_n;
  if (log_n == 0) return;
  for (size_t i = 0; i < n; ++i) {
    const size_t r = reverse_bits(i, log_n);
    if (i < r) std::swap_ranges(a + i * count, a + (i + 1) * count, a + r * count);
  }
}

#define SWIRL_NTT_DETAIL_INSTANTIATE(T)                                      \
  template void ntt_forward_serial<T>(T*, int, const BabyBear*);             \
  template void ntt_forward_parallel<T>(T*, int, const BabyBear*);           \
  template void ntt_inverse_serial<T>(T*, int, const BabyBear*);             \
  template void dif_no_reverse<T>(T*, int, const BabyBear*, bool);           \
  template void bit_reverse_in_place<T>(T*, int, bool);                   \
  template void dif_interleaved<T>(T*, int, size_t, const BabyBear*);    \
  template void bit_reverse_rows<T>(T*, int, size_t);

SWIRL_NTT_DETAIL_INSTANTIATE(BabyBear)
SWIRL_NTT_DETAIL_INSTANTIATE(BabyBear4)

}  // namespace detail

namespace {
using namespace detail;

enum class Op { kForward, kInverse, kCosetForward, kCosetInverse };

template <typename T>
void apply(T* a, int log_n, Op op, BabyBear shift, bool parallel) {
  size_t n = size_t{1} << log_n;
  const BabyBear* tw = twiddle_tree(log_n).data();
  switch (op) {
    case Op::kForward: forward(a, log_n, tw, parallel); break;
    case Op::kInverse: inverse(a, log_n, tw, parallel); break;
    case Op::kCosetForward:
      scale_by_powers(a, n, shift, parallel);
      forward(a, log_n, tw, parallel);
      break;
    case Op::kCosetInverse:
      inverse(a, log_n, tw, parallel);
      scale_by_powers(a, n, shift.inverse(), parallel);
      break;
  }
}

void check_shift(BabyBear shift, const char* who) {
  if (shift.is_zero()) throw std::invalid_argument(std::string(who) + ": coset shift is zero");
}

template <typename T>
void apply_one(std::span<T> v, Op op, BabyBear shift, const char* who) {
  int log_n = checked_log2(v.size(), who);
  twiddle_tree(log_n);  // build outside any parallel region
  apply(v.data(), log_n, op, shift, split_one(v.size()));
}

template <typename T>
void apply_columns(ColMajorMatrix<T>& m, Op op, BabyBear shift, const char* who) {
  if (m.width() == 0) return;
  int log_n = checked_log2(m.height(), who);
  twiddle_tree(log_n);
  size_t width = m.width(), height = m.height();
  T* base = m.values().data();
  if (width >= static_cast<size_t>(omp_get_max_threads()) || !split_one(height)) {
#pragma omp parallel for schedule(dynamic, 1) if (width > 1 && height >= 64)
    for (size_t c = 0; c < width; ++c) apply(base + c * height, log_n, op, shift, false);
  } else {
    for (size_t c = 0; c < width; ++c) apply(base + c * height, log_n, op, shift, true);
  }
}

}  // namespace

std::vector<BabyBear> two_adic_powers(int log_n) {
  if (log_n < 0 || log_n > kMaxLogN)
    throw std::invalid_argument("two_adic_powers: log_n " + std::to_string(log_n) + " outside [0, 27]");
  size_t n = size_t{1} << log_n;
  std::vector<BabyBear> out(n);
  BabyBear w = BabyBear::two_adic_generator(log_n), p = BabyBear::one();
  for (size_t i = 0; i < n; ++i, p *= w) out[i] = p;
  return out;
}

template <typename T>
void ntt_forward(std::span<T> values) {
  apply_one(values, Op::kForward, BabyBear::one(), "ntt_forward");
}
template <typename T>
void ntt_inverse(std::span<T> values) {
  apply_one(values, Op::kInverse, BabyBear::one(), "ntt_inverse");
}
template <typename T>
void ntt_coset_forward(std::span<T> values, BabyBear shift) {
  check_shift(shift, "ntt_coset_forward");
  apply_one(values, Op::kCosetForward, shift, "ntt_coset_forward");
}
template <typename T>
void ntt_coset_inverse(std::span<T> values, BabyBear shift) {
  check_shift(shift, "ntt_coset_inverse");
  apply_one(values, Op::kCosetInverse, shift, "ntt_coset_inverse");
}
template <typename T>
void ntt_forward_columns(ColMajorMatrix<T>& m) {
  apply_columns(m, Op::kForward, BabyBear::one(), "ntt_forward_columns");
}
template <typename T>
void ntt_inverse_columns(ColMajorMatrix<T>& m) {
  apply_columns(m, Op::kInverse, BabyBear::one(), "ntt_inverse_columns");
}
template <typename T>
void ntt_coset_forward_columns(ColMajorMatrix<T>& m, BabyBear shift) {
  check_shift(shift, "ntt_coset_forward_columns");
  apply_columns(m, Op::kCosetForward, shift, "ntt_coset_forward_columns");
}
template <typename T>
void ntt_coset_inverse_columns(ColMajorMatrix<T>& m, BabyBear shift) {
  check_shift(shift, "ntt_coset_inverse_columns");
  apply_columns(m, Op::kCosetInverse, shift, "ntt_coset_inverse_columns");
}
template <typename T>
void ntt_forward_interleaved(std::span<T> values, size_t count) {
  if (count == 0 || values.size() % count != 0)
    throw std::invalid_argument("ntt_forward_interleaved: " + std::to_string(values.size()) +
                                " values are not a whole number of rows of count " + std::to_string(count));
  const int log_n = checked_log2(values.size() / count, "ntt_forward_interleaved");
  const BabyBear* tw = twiddle_tree(log_n).data();
  dif_interleaved(values.data(), log_n, count, tw);
  bit_reverse_rows(values.data(), log_n, count);
}
template <typename T>
void ntt_inverse_interleaved(std::span<T> values, size_t count) {
  ntt_forward_interleaved(values, count);  // checks the arguments
  const size_t n = values.size() / count;
  // idft(x)[j] = n^-1 * dft(x)[-j mod n].
  for (size_t i = 1, j = n - 1; i < j; ++i, --j)
    std::swap_ranges(values.data() + i * count, values.data() + (i + 1) * count, values.data() + j * count);
  const BabyBear inv_n = BabyBear::from_u64(n).inverse();
  for (T& v : values) v *= inv_n;
}
template <typename T>
void bit_reverse_permute(std::span<T> values) {
  int log_n = checked_log2(values.size(), "bit_reverse_permute");
  bit_reverse(values.data(), log_n, split_one(values.size()));
}

#define SWIRL_NTT_INSTANTIATE(T)                                    \
  template void ntt_forward<T>(std::span<T>);                       \
  template void ntt_inverse<T>(std::span<T>);                       \
  template void ntt_coset_forward<T>(std::span<T>, BabyBear);       \
  template void ntt_coset_inverse<T>(std::span<T>, BabyBear);       \
  template void ntt_forward_columns<T>(ColMajorMatrix<T>&);         \
  template void ntt_inverse_columns<T>(ColMajorMatrix<T>&);         \
  template void ntt_coset_forward_columns<T>(ColMajorMatrix<T>&, BabyBear); \
  template void ntt_coset_inverse_columns<T>(ColMajorMatrix<T>&, BabyBear); \
  template void bit_reverse_permute<T>(std::span<T>);              \
  template void ntt_forward_interleaved<T>(std::span<T>, size_t);  \
  template void ntt_inverse_interleaved<T>(std::span<T>, size_t);

SWIRL_NTT_INSTANTIATE(BabyBear)
SWIRL_NTT_INSTANTIATE(BabyBear4)

}  // namespace swirl
