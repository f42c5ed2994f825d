// RS encoding of the stacked matrix (see rs_code.h for the math).
//
// Per column: the evaluations are copied into the top 2^m entries of a
// 2^(m + b) codeword buffer, turned into the message in place (small inverse
// DFTs over D plus the subset-zeta transform of the Z bits), and the padded
// buffer is forward-transformed. The forward transform skips the work the
// zero padding makes trivial: the first b decimation-in-frequency layers of
// a vector whose upper (1 - 2^-b) part is zero just copy the message into
// 2^b blocks, block t scaled entry-wise by w_N^(j * rev_b(t)); the remaining
// layers act within each block of 2^m.
#include "swirl/poly/rs_code.h"

#include <omp.h>

#include <algorithm>
#include <string>

#include "field/babybear_avx2.h"
#include "poly/ntt_detail.h"
#include "swirl/util/bits.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

constexpr int kMaxLog = BabyBear::kTwoAdicity;

size_t reverse_low_bits(size_t x, int bits) {
  size_t r = 0;
  for (int i = 0; i < bits; ++i) r |= ((x >> i) & 1) << (bits - 1 - i);
  return r;
}

// The message map of one block of 2^l_skip values (inverse DFT over D, then
// subset-zeta over the exponent bits) as an explicit matrix, column i = the
// image of the i-th unit vector. Applying a matrix gives the same field
// values as the transforms (the map is linear and the arithmetic exact), and
// for the small blocks of the protocol (l_skip <= 5) a matrix-vector product
// in SIMD registers beats a 16-point transform in scalar code.
constexpr int kMaxMatrixLSkip = 5;

void block_transform(BabyBear* c, int l_skip, const BabyBear* tw) {
  size_t chunk = size_t{1} << l_skip;
  detail::ntt_inverse_serial(c, l_skip, tw);
  // Subset-zeta over the Z-exponent bits: c[S] = sum_{T subset of S} c[T].
  for (size_t step = 1; step < chunk; step <<= 1)
    for (size_t i = 0; i < chunk; i += 2 * step)
      for (size_t j = i; j < i + step; ++j) c[j + step] += c[j];
}

struct MessageMatrix {
  std::vector<BabyBear> col_major;  // L x L, column i contiguous
  explicit MessageMatrix(int l_skip, const BabyBear* tw) {
    size_t L = size_t{1} << l_skip;
    col_major.assign(L * L, BabyBear::zero());
    for (size_t i = 0; i < L; ++i) {
      BabyBear* col = col_major.data() + i * L;
      col[i] = BabyBear::one();
      block_transform(col, l_skip, tw);
    }
  }
};

// Message of one column in place: a has `len` entries, a multiple of 2^l_skip.
void message_in_place(BabyBear* a, size_t len, int l_skip, const BabyBear* tw) {
  size_t chunk = size_t{1} << l_skip;
#if defined(__AVX2__)
  if (l_skip >= 3 && l_skip <= kMaxMatrixLSkip) {
    using V = simd::Avx2;
    static thread_local int cached_l_skip = -1;
    static thread_local std::vector<BabyBear> mat;
    if (cached_l_skip != l_skip) {
      mat = MessageMatrix(l_skip, tw).col_major;
      cached_l_skip = l_skip;
    }
    const size_t regs = chunk / 8;  // 1..4 registers per block
    __m256i mcols[32 * 4];
    for (size_t i = 0; i < chunk; ++i)
      for (size_t r = 0; r < regs; ++r)
        mcols[i * regs + r] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mat.data() + i * chunk + 8 * r));
    for (size_t s = 0; s < len; s += chunk) {
      BabyBear* c = a + s;
      __m256i acc[4];
      for (size_t r = 0; r < regs; ++r) acc[r] = V::zero();
      for (size_t i = 0; i < chunk; ++i) {
        __m256i e = V::splat(c[i]);
        for (size_t r = 0; r < regs; ++r) acc[r] = V::add(acc[r], V::mul(e, mcols[i * regs + r]));
      }
      for (size_t r = 0; r < regs; ++r) _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + 8 * r), acc[r]);
    }
    return;
  }
#endif
  for (size_t s = 0; s < len; s += chunk) block_transform(a + s, l_skip, tw);
}

// Forward DFT of a[0, 2^(log_m + log_blowup)) whose entries past 2^log_m are
// zero, natural order out.
void forward_zero_padded(BabyBear* a, int log_m, int log_blowup, const BabyBear* tw, bool parallel) {
  size_t m = size_t{1} << log_m;
  int log_n = log_m + log_blowup;
  size_t blocks = size_t{1} << log_blowup;
  BabyBear w_n = BabyBear::two_adic_generator(log_n);
  // Blocks t >= 1 first (they read block 0, which keeps the message).
  constexpr size_t kChunk = 4096;
  size_t chunks = (m + kChunk - 1) / kChunk;
#pragma omp parallel for schedule(static) collapse(2) if (parallel)
  for (size_t t = 1; t < blocks; ++t) {
    for (size_t c = 0; c < chunks; ++c) {
      BabyBear step = w_n.pow(reverse_low_bits(t, log_blowup));
      size_t j0 = c * kChunk, j1 = std::min(m, j0 + kChunk);
      BabyBear p = step.pow(j0);
      BabyBear* dst = a + t * m;
      size_t j = j0;
#if defined(__AVX2__)
      if (j1 - j0 >= 8) {
        // Eight consecutive powers per register, advanced by step^8.
        using V = simd::Avx2;
        alignas(32) BabyBear lanes[8];
        for (int k = 0; k < 8; ++k, p *= step) lanes[k] = p;
        __m256i pv = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes));
        __m256i step8 = V::splat(step.exp_power_of_2(3));
        for (; j + 8 <= j1; j += 8) {
          __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + j));
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + j), V::mul(x, pv));
          pv = V::mul(pv, step8);
        }
        _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), pv);
        p = lanes[0];
      }
#endif
      for (; j < j1; ++j, p *= step) dst[j] = a[j] * p;
    }
  }
  if (parallel && blocks < static_cast<size_t>(omp_get_max_threads())) {
    for (size_t t = 0; t < blocks; ++t) detail::dif_no_reverse(a + t * m, log_m, tw, true);
  } else {
#pragma omp parallel for schedule(static) if (parallel)
    for (size_t t = 0; t < blocks; ++t) detail::dif_no_reverse(a + t * m, log_m, tw, false);
  }
  detail::bit_reverse_in_place(a, log_n, parallel);
}

}  // namespace

void eval_to_coeff_rs_message(int l_skip, std::span<BabyBear> evals) {
  int log_m = log2_exact(evals.size());
  if (l_skip < 0 || log_m < 0 || log_m < l_skip || log_m > kMaxLog)
    throw std::invalid_argument("eval_to_coeff_rs_message: length " + std::to_string(evals.size()) +
                                " is not a power of two >= 2^l_skip (l_skip " + std::to_string(l_skip) + ")");
  message_in_place(evals.data(), evals.size(), l_skip, detail::twiddle_tree(l_skip).data());
}

ColMajorMatrix<BabyBear> rs_code_matrix(int l_skip, int log_blowup, const ColMajorMatrix<BabyBear>& evals) {
  ScopedSpan span("rs_code_matrix");
  size_t height = evals.height();
  int log_m = log2_exact(height);
  if (l_skip < 0 || log_m < 0 || log_m < l_skip)
    throw std::invalid_argument("rs_code_matrix: height " + std::to_string(height) +
                                " is not a power of two >= 2^l_skip (l_skip " + std::to_string(l_skip) + ")");
  if (log_blowup < 0 || log_m + log_blowup > kMaxLog)
    throw std::invalid_argument("rs_code_matrix: log_blowup " + std::to_string(log_blowup) +
                                " out of range for height 2^" + std::to_string(log_m));
  int log_n = log_m + log_blowup;
  size_t n = size_t{1} << log_n;
  size_t width = evals.width();
  ColMajorMatrix<BabyBear> out(n, width);  // zero-initialised: the padding
  const BabyBear* tw = detail::twiddle_tree(log_n).data();  // also serves l_skip (prefix)
  BabyBear* dst = out.values().data();
  const BabyBear* src = evals.values().data();
  auto one_column = [&](size_t c, bool parallel) {
    BabyBear* col = dst + c * n;
    std::copy(src + c * height, src + (c + 1) * height, col);
    if (parallel) {
      // Blocks are independent: split them across the team.
      size_t blocks = height >> l_skip;
#pragma omp parallel
      {
        size_t nt = static_cast<size_t>(omp_get_num_threads()), id = static_cast<size_t>(omp_get_thread_num());
        size_t b0 = blocks * id / nt, b1 = blocks * (id + 1) / nt;
        message_in_place(col + (b0 << l_skip), (b1 - b0) << l_skip, l_skip, tw);
      }
    } else {
      message_in_place(col, height, l_skip, tw);
    }
    forward_zero_padded(col, log_m, log_blowup, tw, parallel);
  };
  bool split = width < static_cast<size_t>(omp_get_max_threads()) && detail::ntt_split_one(n);
  if (split) {
    for (size_t c = 0; c < width; ++c) one_column(c, true);
  } else {
#pragma omp parallel for schedule(dynamic, 1) if (width > 1)
    for (size_t c = 0; c < width; ++c) one_column(c, false);
  }
  return out;
}

}  // namespace swirl
