// Extension of polynomials given by their values on the skip domain
// D = <omega> (N = 2^l points, poly/univariate_skip.h) to the cosets
// g^{1+c} D, c < m (g = BabyBear::generator()): the round-0 points of the
// batch-constraint sumcheck (docs/protocol.md, "Batch constraint sumcheck").
//
// Through coefficients with poly/ntt.h's DFT: one inverse DFT, then per coset
// a twist by (g^{1+c})^k and a forward DFT. Columns go in groups, interleaved
// (row k holds entry k of every column), so the butterflies run over the
// columns with one twiddle and vectorise.
#pragma once

#include <cstddef>
#include <vector>

#include "swirl/field/babybear.h"

namespace swirl {

class SkipCosetExtender {
 public:
  /// l in [0, 27]; m >= 1 cosets. Throws std::invalid_argument otherwise.
  SkipCosetExtender(int l, size_t m);
  size_t domain_size() const { return n_; }
  size_t num_cosets() const { return m_; }
  /// `count` columns interleaved: in[k * count + c] is column c at omega^k
  /// (k < N); writes out[(coset * N + z) * count + c], column c's value at
  /// g^{1+coset} omega^z. tmp: N * count scratch. Serial, no allocation
  /// (call it from inside a parallel region).
  void extend(const BabyBear* in, BabyBear* out, BabyBear* tmp, size_t count) const;

 private:
  int l_;
  size_t n_, m_;
  const BabyBear* tw_;  // poly/ntt's twiddle table for 2^l
  // Row j of the unscaled inverse DFT is row src_[j] of the forward DIF's
  // bit-reversed output.
  std::vector<size_t> src_;
  // twist_[c * N + k] = (g^{1+c})^k / N (the inverse DFT's 1/N folded in).
  std::vector<BabyBear> twist_;
};

}  // namespace swirl
