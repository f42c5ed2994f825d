// Plain models of the PCS commitment for tests: written straight from the
// definitions (O(n^2) sums, Horner evaluation, recursive trees, scalar
// Poseidon2), sharing no code with the implementation under test.
#pragma once

#include <type_traits>
#include <vector>

#include "swirl/crypto/hash.h"
#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/util/matrix.h"

namespace swirl::testing {

// The RS message of one stacked column: per block of 2^l_skip evaluations,
// the coefficients by the O(L^2) inverse-DFT sum, then subset sums over the
// Z-exponent bits by enumerating every subset.
inline std::vector<BabyBear> model_message(int l_skip, const std::vector<BabyBear>& evals) {
  using F = BabyBear;
  size_t L = size_t{1} << l_skip;
  F w_inv = F::two_adic_generator(l_skip).inverse(), l_inv = F::from_u64(L).inverse();
  std::vector<F> out(evals.size());
  for (size_t s = 0; s < evals.size(); s += L) {
    std::vector<F> c(L);
    for (size_t j = 0; j < L; ++j) {
      F acc = F::zero();
      for (size_t i = 0; i < L; ++i) acc += evals[s + i] * w_inv.pow(i * j);
      c[j] = acc * l_inv;
    }
    for (size_t S = 0; S < L; ++S) {
      F acc = F::zero();
      for (size_t T = 0; T < L; ++T)
        if ((T & S) == T) acc += c[T];
      out[s + S] = acc;
    }
  }
  return out;
}

// The codeword: Horner evaluation of the message polynomial at w^i for every
// i of the order-2^(m + log_blowup) subgroup, natural order.
inline std::vector<BabyBear> model_codeword(int l_skip, int log_blowup, const std::vector<BabyBear>& evals) {
  using F = BabyBear;
  auto msg = model_message(l_skip, evals);
  size_t n = evals.size() << log_blowup;
  F w = F::two_adic_generator(__builtin_ctzll(n));
  std::vector<F> out(n);
  F x = F::one();
  for (size_t i = 0; i < n; ++i, x *= w) {
    F acc = F::zero();
    for (size_t j = msg.size(); j-- > 0;) acc = acc * x + msg[j];
    out[i] = acc;
  }
  return out;
}

// Row r flattened to base elements (a zero row past the height).
template <typename T>
std::vector<BabyBear> model_row(const ColMajorMatrix<T>& m, size_t r) {
  std::vector<BabyBear> out;
  for (size_t c = 0; c < m.width(); ++c) {
    T v = r < m.height() ? m.at(r, c) : T{};
    if constexpr (std::is_same_v<T, BabyBear>) {
      out.push_back(v);
    } else {
      for (int k = 0; k < 4; ++k) out.push_back(v[k]);
    }
  }
  return out;
}

// Root of the binary tree over leaves[lo, lo + n).
inline Digest model_subtree(const std::vector<Digest>& leaves, size_t lo, size_t n) {
  if (n == 1) return leaves[lo];
  return poseidon2_compress(model_subtree(leaves, lo, n / 2), model_subtree(leaves, lo + n / 2, n / 2));
}

// Query leaf q: the tree over the hashes of rows q + t * stride, t < rpq.
template <typename T>
std::vector<Digest> model_query_leaves(const ColMajorMatrix<T>& m, size_t rpq) {
  size_t leaves = 1;
  while (leaves < m.height()) leaves <<= 1;
  size_t stride = leaves / rpq;
  std::vector<Digest> out(stride);
  for (size_t q = 0; q < stride; ++q) {
    std::vector<Digest> rows(rpq);
    for (size_t t = 0; t < rpq; ++t) {
      auto row = model_row(m, q + t * stride);
      rows[t] = poseidon2_hash(row.data(), row.size());
    }
    out[q] = model_subtree(rows, 0, rpq);
  }
  return out;
}

template <typename T>
Digest model_root(const ColMajorMatrix<T>& m, size_t rpq) {
  auto leaves = model_query_leaves(m, rpq);
  return model_subtree(leaves, 0, leaves.size());
}

}  // namespace swirl::testing
