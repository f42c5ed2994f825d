#include "swirl/poly/rs_code.h"
#include "swirl/poly/chunk_message.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <vector>

#include "swirl/field/rng.h"
#include "swirl/util/span.h"
#include "support/pcs_model.h"

namespace swirl {
namespace {

using F = BabyBear;

std::vector<F> random_vec(SplitMix64& rng, size_t n) {
  std::vector<F> v(n);
  for (auto& x : v) x = rng.field();
  return v;
}

using testing::model_codeword;
using testing::model_message;

TEST(RsCode, MessageMatchesPlainModel) {
  SplitMix64 rng(21);
  for (int l_skip = 0; l_skip <= 5; ++l_skip)
    for (int n = 0; n <= 3; ++n) {
      auto e = random_vec(rng, size_t{1} << (l_skip + n));
      auto got = e;
      eval_to_coeff_rs_message(l_skip, std::span<F>(got));
      ASSERT_EQ(got, model_message(l_skip, e)) << l_skip << " " << n;
    }
}

// The register form of one chunk's message (what the GPU's first RS pass
// runs) gives eval_to_coeff_rs_message's values, chunk by chunk, for every
// chunk size it is built for; the unit vectors make every matrix column
// show.
template <int kC>
void expect_chunk_message_matches(SplitMix64& rng) {
  const int l_skip = detail::log2_of(kC);
  const std::vector<F> table = chunk_message_table(l_skip);
  ASSERT_EQ(table.size(), size_t{kC / 2 + 1});
  std::vector<std::vector<F>> inputs;
  for (int t = 0; t < kC; ++t) {
    inputs.emplace_back(kC, F());
    inputs.back()[t] = F::one();
  }
  for (int r = 0; r < 20; ++r) inputs.push_back(random_vec(rng, kC));
  for (const std::vector<F>& in : inputs) {
    F v[kC];
    std::copy(in.begin(), in.end(), v);
    chunk_message<kC>(v, table.data());
    std::vector<F> want = in;
    eval_to_coeff_rs_message(l_skip, std::span<F>(want));
    ASSERT_EQ(std::vector<F>(v, v + kC), want) << "chunk of " << kC;
  }
}

TEST(RsCode, ChunkMessageInRegistersMatchesTheMessage) {
  SplitMix64 rng(22);
  expect_chunk_message_matches<2>(rng);
  expect_chunk_message_matches<4>(rng);
  expect_chunk_message_matches<8>(rng);
  expect_chunk_message_matches<16>(rng);
  expect_chunk_message_matches<32>(rng);
}

// The property the protocol relies on: read as hypercube evaluations of a
// multilinear g in l_skip + n variables, the message satisfies
// g(z, z^2, z^4, ..., z^(2^(l_skip-1)), x) = P(z, x), where P is the
// prismalinear extension of the evaluations (degree < 2^l_skip in Z over D,
// multilinear in x). Checked at random points, with P built by Lagrange
// interpolation over D.
TEST(RsCode, MessageIsThePrismalinearPolynomialInEvalToCoeffForm) {
  SplitMix64 rng(22);
  for (int l_skip : {0, 1, 2, 4}) {
    for (int n : {0, 1, 3}) {
      size_t L = size_t{1} << l_skip, N = L << n;
      auto e = random_vec(rng, N);
      auto msg = e;
      eval_to_coeff_rs_message(l_skip, std::span<F>(msg));
      for (int trial = 0; trial < 3; ++trial) {
        F z = rng.field();
        std::vector<F> x(n);
        for (auto& v : x) v = rng.field();
        // P(z, x).
        std::vector<F> dom(L);
        F w = F::two_adic_generator(l_skip);
        for (size_t i = 0; i < L; ++i) dom[i] = w.pow(i);
        F p = F::zero();
        for (size_t idx = 0; idx < N; ++idx) {
          size_t i = idx % L, xb = idx / L;
          F lag = F::one();
          for (size_t k = 0; k < L; ++k)
            if (k != i) lag *= (z - dom[k]) * (dom[i] - dom[k]).inverse();
          F eq = F::one();
          for (int s = 0; s < n; ++s) eq *= ((xb >> s) & 1) ? x[s] : F::one() - x[s];
          p += e[idx] * lag * eq;
        }
        // g at (z, z^2, ..., x): multilinear evaluation, bit t of the index
        // against coordinate t.
        std::vector<F> y;
        for (int t = 0; t < l_skip; ++t) y.push_back(z.exp_power_of_2(t));
        y.insert(y.end(), x.begin(), x.end());
        F g = F::zero();
        for (size_t idx = 0; idx < N; ++idx) {
          F eq = F::one();
          for (size_t t = 0; t < y.size(); ++t) eq *= ((idx >> t) & 1) ? y[t] : F::one() - y[t];
          g += msg[idx] * eq;
        }
        ASSERT_EQ(g, p) << "l_skip " << l_skip << " n " << n;
      }
    }
  }
}

TEST(RsCode, CodewordMatchesHornerModel) {
  SplitMix64 rng(23);
  for (int l_skip : {0, 2, 4})
    for (int n : {0, 1, 4})
      for (int log_blowup : {0, 1, 2, 3}) {
        size_t h = size_t{1} << (l_skip + n);
        size_t width = 3;
        ColMajorMatrix<F> m(h, width, random_vec(rng, h * width));
        auto cw = rs_code_matrix(l_skip, log_blowup, m);
        ASSERT_EQ(cw.height(), h << log_blowup);
        ASSERT_EQ(cw.width(), width);
        for (size_t c = 0; c < width; ++c) {
          std::vector<F> col(m.column(c).begin(), m.column(c).end());
          auto want = model_codeword(l_skip, log_blowup, col);
          ASSERT_TRUE(std::equal(want.begin(), want.end(), cw.column(c).begin()))
              << l_skip << " " << n << " " << log_blowup << " col " << c;
        }
      }
}

TEST(RsCode, LargeColumnsAreThreadIndependentAndSpotChecked) {
  // One column (split across threads) and several (one thread per column).
  SplitMix64 rng(24);
  int saved = omp_get_max_threads();
  for (size_t width : {1, 3}) {
    int l_skip = 4, log_m = 15, log_blowup = 2;
    size_t h = size_t{1} << log_m;
    ColMajorMatrix<F> m(h, width, random_vec(rng, h * width));
    std::vector<ColMajorMatrix<F>> results;
    for (int threads : {1, 2}) {
      omp_set_num_threads(threads);
      results.push_back(rs_code_matrix(l_skip, log_blowup, m));
    }
    omp_set_num_threads(saved);
    ASSERT_EQ(results[0], results[1]);
    std::vector<F> col(m.column(width - 1).begin(), m.column(width - 1).end());
    eval_to_coeff_rs_message(l_skip, std::span<F>(col));
    size_t n = h << log_blowup;
    F w = F::two_adic_generator(log_m + log_blowup);
    for (size_t i : {size_t{0}, size_t{1}, n / 2 + 1, n - 1, size_t{99991}}) {
      F x = w.pow(i), acc = F::zero();
      for (size_t j = col.size(); j-- > 0;) acc = acc * x + col[j];
      ASSERT_EQ(results[0].at(i, width - 1), acc) << i;
    }
  }
  omp_set_num_threads(saved);
}

TEST(RsCode, EmitsSpanAndRejectsBadShapes) {
  SpanCollector metrics;
  {
    SpanCollector::Install use(metrics);
    ColMajorMatrix<F> m(16, 2);
    auto cw = rs_code_matrix(2, 1, m);
    EXPECT_EQ(cw, ColMajorMatrix<F>(32, 2));  // zero in, zero out
  }
  EXPECT_EQ(metrics.roots().size(), 1u);
  EXPECT_EQ(metrics.roots()[0].name, "rs_code_matrix");

  ColMajorMatrix<F> bad_height(12, 1), short_one(2, 1), ok(8, 1);
  EXPECT_THROW(rs_code_matrix(0, 1, bad_height), std::invalid_argument);
  EXPECT_THROW(rs_code_matrix(2, 1, short_one), std::invalid_argument);  // 2 < 2^l_skip
  EXPECT_THROW(rs_code_matrix(0, -1, ok), std::invalid_argument);
  EXPECT_THROW(rs_code_matrix(0, 25, ok), std::invalid_argument);  // 2^28 codeword
  std::vector<F> v(8);
  EXPECT_THROW(eval_to_coeff_rs_message(4, std::span<F>(v)), std::invalid_argument);
  std::vector<F> v6(6);
  EXPECT_THROW(eval_to_coeff_rs_message(0, std::span<F>(v6)), std::invalid_argument);
}

}  // namespace
}  // namespace swirl
