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

#include "poly/ntt_detail.h"

#include <omp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

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

// One layer of half-size h on the block a[0, 2h).
template <typename T>
inline void dif_layer(T* a, size_t h, const BabyBear* tw) {
  T* b = a + h;
  for (size_t j = 0; j < h; ++j) {
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
  for (size_t j = j0; j < j1; ++j) {
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

// Layers h = len/2, ..., 1 on a block of `len` elements that sits in cache.
template <typename T>
void dif_block(T* a, size_t len, const BabyBear* tw) {
  size_t h = len / 2;
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

template <typename T>
void bit_reverse(T* a, int log_n, bool parallel) {
  if (!parallel || log_n == 0) return bit_reverse_serial(a, log_n);
  size_t n = size_t{1} << log_n;
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; ++i) {
    size_t r = reverse_bits(i, log_n);
    if (i < r) std::swap(a[i], a[r]);
  }
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

#define SWIRL_NTT_DETAIL_INSTANTIATE(T)                                      \
  template void ntt_forward_serial<T>(T*, int, const BabyBear*);             \
  template void ntt_forward_parallel<T>(T*, int, const BabyBear*);           \
  template void ntt_inverse_serial<T>(T*, int, const BabyBear*);             \
  template void dif_no_reverse<T>(T*, int, const BabyBear*, bool);           \
  template void bit_reverse_in_place<T>(T*, int, bool);

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
  template void bit_reverse_permute<T>(std::span<T>);

SWIRL_NTT_INSTANTIATE(BabyBear)
SWIRL_NTT_INSTANTIATE(BabyBear4)

}  // namespace swirl
