#include "swirl/poly/ntt.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <vector>

#include "swirl/field/rng.h"
#include "swirl/poly/coset_extend.h"
#include "swirl/poly/prism.h"

namespace swirl {
namespace {

using F = BabyBear;
using EF = BabyBear4;

// The definition: out[i] = sum_j a[j] * (shift * w^i)^j, w of order n, by
// direct O(n^2) summation with the points built by repeated multiplication.
template <typename T>
std::vector<T> naive_dft(const std::vector<T>& a, F shift = F::one()) {
  size_t n = a.size();
  F w = F::two_adic_generator(__builtin_ctzll(n));
  std::vector<T> out(n);
  F x = shift;
  for (size_t i = 0; i < n; ++i, x *= w) {
    T acc{};
    F p = F::one();
    for (size_t j = 0; j < n; ++j, p *= x) acc += a[j] * p;
    out[i] = acc;
  }
  return out;
}

template <typename T>
std::vector<T> random_vec(SplitMix64& rng, size_t n) {
  std::vector<T> v(n);
  for (auto& x : v) x = rng.element<T>();
  return v;
}

// Horner evaluation at one point: an O(n) check of one output of a big DFT.
template <typename T>
T horner(const std::vector<T>& coeffs, F x) {
  T acc{};
  for (size_t j = coeffs.size(); j-- > 0;) acc = acc * x + coeffs[j];
  return acc;
}

TEST(Ntt, GeneratorHasExactOrder) {
  for (int k = 1; k <= 27; ++k) {
    F w = F::two_adic_generator(k);
    EXPECT_EQ(w.exp_power_of_2(k), F::one()) << k;
    EXPECT_EQ(w.exp_power_of_2(k - 1), F::neg_one()) << k;
  }
  auto p = two_adic_powers(3);
  ASSERT_EQ(p.size(), 8u);
  EXPECT_EQ(p[0], F::one());
  EXPECT_EQ(p[1], F::two_adic_generator(3));
  EXPECT_EQ(p[7] * p[1], F::one());
}

TEST(Ntt, ForwardMatchesNaiveDftEverySizeUpTo4096) {
  SplitMix64 rng(11);
  for (int log_n = 0; log_n <= 12; ++log_n) {
    size_t n = size_t{1} << log_n;
    auto a = random_vec<F>(rng, n);
    auto want = naive_dft(a);
    auto got = a;
    ntt_forward(std::span<F>(got));
    ASSERT_EQ(got, want) << "n = " << n;
    ntt_inverse(std::span<F>(got));
    ASSERT_EQ(got, a) << "roundtrip n = " << n;
  }
}

TEST(Ntt, InverseMatchesNaiveInterpolation) {
  // The inverse is pinned to the definition too: a = n^-1 sum_i out[i] w^-ij,
  // i.e. the naive forward DFT with w^-1 (the coset of shift 1 on the inverse
  // generator) scaled by 1/n.
  SplitMix64 rng(12);
  for (int log_n = 0; log_n <= 9; ++log_n) {
    size_t n = size_t{1} << log_n;
    auto e = random_vec<F>(rng, n);
    F w_inv = F::two_adic_generator(log_n).inverse(), n_inv = F::from_u64(n).inverse();
    std::vector<F> want(n);
    for (size_t j = 0; j < n; ++j) {
      F acc = F::zero(), x = w_inv.pow(j), p = F::one();
      for (size_t i = 0; i < n; ++i, p *= x) acc += e[i] * p;
      want[j] = acc * n_inv;
    }
    auto got = e;
    ntt_inverse(std::span<F>(got));
    ASSERT_EQ(got, want) << n;
  }
}

TEST(Ntt, CosetTransformsMatchNaive) {
  SplitMix64 rng(13);
  for (int log_n = 0; log_n <= 10; ++log_n) {
    size_t n = size_t{1} << log_n;
    F shift = log_n % 2 ? F::generator() : rng.field();
    auto a = random_vec<F>(rng, n);
    auto got = a;
    ntt_coset_forward(std::span<F>(got), shift);
    ASSERT_EQ(got, naive_dft(a, shift)) << n;
    ntt_coset_inverse(std::span<F>(got), shift);
    ASSERT_EQ(got, a) << n;
  }
}

TEST(Ntt, ExtensionFieldIsCoefficientWise) {
  SplitMix64 rng(14);
  for (int log_n : {0, 1, 2, 3, 5, 12, 15}) {
    size_t n = size_t{1} << log_n;
    auto a = random_vec<EF>(rng, n);
    auto got = a;
    ntt_forward(std::span<EF>(got));
    if (log_n <= 8) {
      ASSERT_EQ(got, naive_dft(a)) << n;
    }
    // Coefficient k of the result is the DFT of coefficient k of the input.
    for (int k = 0; k < 4; ++k) {
      std::vector<F> ak(n);
      for (size_t i = 0; i < n; ++i) ak[i] = a[i][k];
      ntt_forward(std::span<F>(ak));
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(got[i][k], ak[i]);
    }
    ntt_inverse(std::span<EF>(got));
    ASSERT_EQ(got, a);
    F shift = F::generator();
    got = a;
    ntt_coset_forward(std::span<EF>(got), shift);
    if (log_n <= 8) {
      ASSERT_EQ(got, naive_dft(a, shift)) << n;
    }
    ntt_coset_inverse(std::span<EF>(got), shift);
    ASSERT_EQ(got, a);
  }
}

TEST(Ntt, LargeVectorsSpotCheckedAndThreadIndependent) {
  // Long enough for the multi-threaded single-vector path (passes split
  // across the team); checked at points by Horner and against one thread.
  SplitMix64 rng(15);
  int saved = omp_get_max_threads();
  for (int log_n : {14, 17}) {
    size_t n = size_t{1} << log_n;
    auto a = random_vec<F>(rng, n);
    F w = F::two_adic_generator(log_n);
    std::vector<std::vector<F>> results;
    for (int threads : {1, 2, 3}) {
      omp_set_num_threads(threads);
      auto got = a;
      ntt_forward(std::span<F>(got));
      results.push_back(got);
      auto back = got;
      ntt_inverse(std::span<F>(back));
      ASSERT_EQ(back, a);
    }
    omp_set_num_threads(saved);
    EXPECT_EQ(results[0], results[1]);
    EXPECT_EQ(results[0], results[2]);
    for (size_t i : {size_t{0}, size_t{1}, n / 2, n - 1, size_t{12345} % n, n / 3})
      ASSERT_EQ(results[0][i], horner(a, w.pow(i))) << "n = " << n << " i = " << i;
  }
  omp_set_num_threads(saved);
}

TEST(Ntt, BatchedColumnsEqualSingleTransforms) {
  SplitMix64 rng(16);
  int saved = omp_get_max_threads();
  for (auto [height, width] : {std::pair<size_t, size_t>{1, 3}, {8, 5}, {1024, 7}, {1 << 15, 1}, {1 << 14, 2}}) {
    ColMajorMatrix<F> m(height, width, random_vec<F>(rng, height * width));
    F shift = F::generator();
    for (int threads : {1, 2}) {
      omp_set_num_threads(threads);
      auto f = m, i = m, cf = m, ci = m;
      ntt_forward_columns(f);
      ntt_inverse_columns(i);
      ntt_coset_forward_columns(cf, shift);
      ntt_coset_inverse_columns(ci, shift);
      for (size_t c = 0; c < width; ++c) {
        std::vector<F> col(m.column(c).begin(), m.column(c).end());
        auto v = col;
        ntt_forward(std::span<F>(v));
        ASSERT_TRUE(std::equal(v.begin(), v.end(), f.column(c).begin()));
        v = col;
        ntt_inverse(std::span<F>(v));
        ASSERT_TRUE(std::equal(v.begin(), v.end(), i.column(c).begin()));
        v = col;
        ntt_coset_forward(std::span<F>(v), shift);
        ASSERT_TRUE(std::equal(v.begin(), v.end(), cf.column(c).begin()));
        v = col;
        ntt_coset_inverse(std::span<F>(v), shift);
        ASSERT_TRUE(std::equal(v.begin(), v.end(), ci.column(c).begin()));
      }
    }
  }
  omp_set_num_threads(saved);
  ColMajorMatrix<EF> e(16, 2, random_vec<EF>(rng, 32));
  auto e2 = e;
  ntt_forward_columns(e2);
  ntt_inverse_columns(e2);
  EXPECT_EQ(e2, e);
  ColMajorMatrix<F> empty(0, 0);
  ntt_forward_columns(empty);  // no columns: nothing to do
}

TEST(Ntt, BitReversePermutation) {
  std::vector<F> v(8);
  for (size_t i = 0; i < 8; ++i) v[i] = F::from_u32(static_cast<uint32_t>(i));
  bit_reverse_permute(std::span<F>(v));
  const uint32_t want[] = {0, 4, 2, 6, 1, 5, 3, 7};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(v[i], F::from_u32(want[i]));
  // Every size, against the definition (the large ones move whole tiles).
  int saved = omp_get_max_threads();
  for (int log_n = 0; log_n <= 20; ++log_n) {
    size_t n = size_t{1} << log_n;
    std::vector<F> a(n);
    for (size_t i = 0; i < n; ++i) a[i] = F::from_u32(static_cast<uint32_t>(i));
    std::vector<EF> e(n);
    for (size_t i = 0; i < n; ++i) e[i] = EF(a[i], a[i], F::zero(), F::one());
    omp_set_num_threads(log_n % 2 ? 1 : 2);
    bit_reverse_permute(std::span<F>(a));
    bit_reverse_permute(std::span<EF>(e));
    for (size_t i = 0; i < n; ++i) {
      size_t r = 0;
      for (int b = 0; b < log_n; ++b) r |= ((i >> b) & 1) << (log_n - 1 - b);
      ASSERT_EQ(a[i].as_canonical(), r) << "n " << n << " i " << i;
      ASSERT_EQ(e[i][0].as_canonical(), r) << "n " << n << " i " << i;
    }
  }
  omp_set_num_threads(saved);
}

TEST(Ntt, RejectsBadLengthsAndShifts) {
  std::vector<F> v3(3), v0;
  EXPECT_THROW(ntt_forward(std::span<F>(v3)), std::invalid_argument);
  EXPECT_THROW(ntt_inverse(std::span<F>(v0)), std::invalid_argument);
  EXPECT_THROW(bit_reverse_permute(std::span<F>(v3)), std::invalid_argument);
  std::vector<F> v4(4);
  EXPECT_THROW(ntt_coset_forward(std::span<F>(v4), F::zero()), std::invalid_argument);
  EXPECT_THROW(ntt_coset_inverse(std::span<F>(v4), F::zero()), std::invalid_argument);
  ColMajorMatrix<F> m(6, 2);
  EXPECT_THROW(ntt_forward_columns(m), std::invalid_argument);
  EXPECT_THROW(two_adic_powers(28), std::invalid_argument);
}

// The interleaved transforms equal the per-vector ones.
TEST(Ntt, InterleavedMatchesPerVector) {
  SplitMix64 rng(77);
  for (int log_n = 0; log_n <= 6; ++log_n)
    for (size_t count : {size_t{1}, size_t{3}, size_t{16}}) {
      const size_t n = size_t{1} << log_n;
      std::vector<F> a(n * count);
      for (auto& x : a) x = F::from_u64(rng.below(F::kP));
      std::vector<F> fwd = a, inv = a;
      ntt_forward_interleaved<F>(std::span<F>(fwd), count);
      ntt_inverse_interleaved<F>(std::span<F>(inv), count);
      for (size_t c = 0; c < count; ++c) {
        std::vector<F> col(n);
        for (size_t k = 0; k < n; ++k) col[k] = a[k * count + c];
        std::vector<F> f = col, i = col;
        ntt_forward<F>(std::span<F>(f));
        ntt_inverse<F>(std::span<F>(i));
        for (size_t k = 0; k < n; ++k) {
          EXPECT_EQ(fwd[k * count + c], f[k]) << log_n << " " << count;
          EXPECT_EQ(inv[k * count + c], i[k]) << log_n << " " << count;
        }
      }
    }
  std::vector<F> bad(6);
  EXPECT_THROW(ntt_forward_interleaved<F>(std::span<F>(bad), 4), std::invalid_argument);
}

// The coset extension: the interpolant of the values on D, evaluated on
// g^{1+c} D.
TEST(SkipCosetExtender, MatchesDirectEvaluation) {
  SplitMix64 rng(78);
  for (int l = 0; l <= 4; ++l)
    for (size_t m : {size_t{1}, size_t{3}})
      for (size_t count : {size_t{2}, size_t{16}}) {
        const size_t n = size_t{1} << l;
        const SkipCosetExtender ext(l, m);
        std::vector<F> in(n * count), out(m * n * count), tmp(n * count);
        for (auto& x : in) x = F::from_u64(rng.below(F::kP));
        ext.extend(in.data(), out.data(), tmp.data(), count);
        const std::vector<F> w = two_adic_powers(l);
        for (size_t c = 0; c < count; ++c) {
          std::vector<F> coeffs(n);
          for (size_t k = 0; k < n; ++k) coeffs[k] = in[k * count + c];
          ntt_inverse<F>(std::span<F>(coeffs));
          F shift = F::generator();
          for (size_t cs = 0; cs < m; ++cs, shift *= F::generator())
            for (size_t z = 0; z < n; ++z)
              EXPECT_EQ(out[(cs * n + z) * count + c], horner(coeffs, shift * w[z])) << l << " " << m << " " << count;
        }
      }
  EXPECT_THROW(SkipCosetExtender(2, 0), std::invalid_argument);
}

}  // namespace
}  // namespace swirl
