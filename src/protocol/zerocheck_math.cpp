#include "swirl/protocol/zerocheck_math.h"

#include <stdexcept>
#include <string>

#include "swirl/poly/univariate_skip.h"

namespace swirl {

ZerocheckCosets zerocheck_round0_cosets(size_t dt, bool has_interactions) {
  return ZerocheckCosets{dt >= 2 ? dt - 1 : 0, has_interactions ? dt : 0};
}

void zerocheck_round0_polys(int l, size_t d, size_t dt, bool has_interactions, std::span<const BabyBear4> sum_zc,
                            std::span<const BabyBear4> sum_p, std::span<const BabyBear4> sum_q, BabyBear norm,
                            std::vector<BabyBear4>& zc, std::vector<BabyBear4>& p, std::vector<BabyBear4>& q) {
  using EF = BabyBear4;
  const size_t N = size_t{1} << l;
  const ZerocheckCosets m = zerocheck_round0_cosets(dt, has_interactions);
  if (sum_zc.size() != m.zc * N || sum_p.size() != m.lu * N || sum_q.size() != m.lu * N)
    throw std::invalid_argument("zerocheck_round0_polys: sums of " + std::to_string(sum_zc.size()) + "/" +
                                std::to_string(sum_p.size()) + "/" + std::to_string(sum_q.size()) +
                                " values, expected " + std::to_string(m.zc * N) + "/" + std::to_string(m.lu * N));
  zc.assign(dt * (N - 1) + 1, EF::zero());
  p.assign(d * (N - 1) + 1, EF::zero());
  q.assign(d * (N - 1) + 1, EF::zero());
  if (dt == 0) {  // the reference returns an empty polynomial
    zc.clear();
    return;
  }
  if (m.zc > 0) {
    // sp_zc = quotient * (Z^N - 1); the zerofier is (g^{1+c})^N - 1 on coset c.
    std::vector<EF> qv(m.zc * N);
    BabyBear s = BabyBear::generator();
    for (size_t c = 0; c < m.zc; ++c, s *= BabyBear::generator()) {
      const BabyBear zinv = (s.pow(N) - BabyBear::one()).inverse();
      for (size_t z = 0; z < N; ++z) qv[c * N + z] = sum_zc[c * N + z] * zinv;
    }
    const std::vector<EF> quot = interpolate_from_skip_cosets(l, m.zc, qv);
    for (size_t i = 0; i < zc.size(); ++i) {
      EF v = i < quot.size() ? -quot[i] : EF::zero();
      if (i >= N && i - N < quot.size()) v += quot[i - N];
      zc[i] = v;
    }
  }
  if (m.lu > 0) {
    const std::vector<EF> pc = interpolate_from_skip_cosets(l, m.lu, sum_p);
    const std::vector<EF> qc = interpolate_from_skip_cosets(l, m.lu, sum_q);
    for (size_t i = 0; i < p.size() && i < pc.size(); ++i) {
      p[i] = pc[i] * norm;
      q[i] = qc[i];
    }
  }
}

}  // namespace swirl
