#include "swirl/poly/coset_extend.h"

#include <stdexcept>
#include <string>

#include "poly/ntt_detail.h"
#include "swirl/poly/prism.h"

namespace swirl {

namespace {

size_t reverse_low_bits(size_t i, int bits) {
  size_t r = 0;
  for (int b = 0; b < bits; ++b)
    if ((i >> b) & 1) r |= size_t{1} << (bits - 1 - b);
  return r;
}

}  // namespace

SkipCosetExtender::SkipCosetExtender(int l, size_t m) : l_(l), n_(0), m_(m) {
  if (l < 0 || l > BabyBear::kTwoAdicity)
    throw std::invalid_argument("SkipCosetExtender: l " + std::to_string(l) + " outside [0, 27]");
  if (m == 0) throw std::invalid_argument("SkipCosetExtender: m is 0");
  n_ = size_t{1} << l;
  tw_ = detail::twiddle_tree(l).data();
  // The DIF leaves dft[i] at row rev(i); the inverse's row j is dft[-j mod N].
  src_.resize(n_);
  for (size_t j = 0; j < n_; ++j) src_[j] = reverse_low_bits((n_ - j) & (n_ - 1), l);
  const BabyBear ninv = inv_two_pow(l);
  twist_.resize(m * n_);
  BabyBear s = BabyBear::generator();
  for (size_t c = 0; c < m; ++c, s *= BabyBear::generator()) {
    BabyBear p = ninv;
    for (size_t k = 0; k < n_; ++k, p *= s) twist_[c * n_ + k] = p;
  }
}

void SkipCosetExtender::extend(const BabyBear* in, BabyBear* out, BabyBear* tmp, size_t count) const {
  for (size_t i = 0; i < n_ * count; ++i) tmp[i] = in[i];
  detail::dif_interleaved(tmp, l_, count, tw_);
  for (size_t cs = 0; cs < m_; ++cs) {
    BabyBear* o = out + cs * n_ * count;
    const BabyBear* t = twist_.data() + cs * n_;
    for (size_t j = 0; j < n_; ++j) {
      const BabyBear tj = t[j];
      const BabyBear* src = tmp + src_[j] * count;
      BabyBear* dst = o + j * count;
      for (size_t c = 0; c < count; ++c) dst[c] = src[c] * tj;
    }
    detail::dif_interleaved(o, l_, count, tw_);
    detail::bit_reverse_rows(o, l_, count);
  }
}

}  // namespace swirl
