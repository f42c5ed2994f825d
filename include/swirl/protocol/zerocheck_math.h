// The batched constraint sumcheck's small host math, shared by every
// backend's zerocheck stage (backend/cpu/zerocheck.cpp,
// backend/cuda/zerocheck.cu): how many cosets of the skip domain round 0
// evaluates, and round 0's polynomials from the eq-weighted sums on those
// cosets. The bulk work (the coset extension of the traces, the constraint
// and interaction evaluation, the sums over the hypercube) is the backends'.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"

namespace swirl {

/// Round 0's cosets of one AIR of constraint degree `dt`: the zerocheck
/// quotient needs m_zc = dt - 1 cosets (dt >= 2), the interaction numerator
/// and denominator m_lu = dt (when the AIR has interactions).
struct ZerocheckCosets {
  size_t zc = 0, lu = 0;
  size_t max() const { return zc > lu ? zc : lu; }
};
ZerocheckCosets zerocheck_round0_cosets(size_t dt, bool has_interactions);

/// Round 0 of one AIR from its sums on the cosets g^{1+c} D (c < m, value
/// index c * 2^l + z for the point g^{1+c} omega^z): `sum_zc` (m_zc * 2^l
/// values of sum_x eq(x) sum_k lambda^k c_k), `sum_p`, `sum_q` (m_lu * 2^l,
/// the eq3b-weighted numerator and denominator). Writes sp_zc (dt (2^l - 1)
/// + 1 coefficients, empty when dt == 0) and sp_p, sp_q (d (2^l - 1) + 1
/// coefficients each, the numerator times `norm`).
void zerocheck_round0_polys(int l, size_t d, size_t dt, bool has_interactions, std::span<const BabyBear4> sum_zc,
                            std::span<const BabyBear4> sum_p, std::span<const BabyBear4> sum_q, BabyBear norm,
                            std::vector<BabyBear4>& zc, std::vector<BabyBear4>& p, std::vector<BabyBear4>& q);

}  // namespace swirl
