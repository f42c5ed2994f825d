// The keccak-f[1600] AIR of p3-keccak-air v0.4.3 (the reference's keccakf
// example AIR): one round per row, 24 rows per permutation, 2633 main
// columns (keccakf_cols.h), no public values, no preprocessed trace, no
// interactions.
//
// eval() records 3182 constraints, in the reference's order and with the
// reference's expression trees (the order and the trees fix the constraint
// DAG in the verifying key):
//     48  round flags: first row one-hot at round 0 (24), rotation (24)
//    100  first round: a = preimage
//    100  preimage constant within a permutation (transition, not last round)
//      2  export is boolean; zero except on the last round
//    640  per x: C bits boolean (64), C' = xor3(C[x], C[x-1], C[x+1] rot 1) (64)
//   1700  per lane: A' bits boolean (64), limbs of A = A' ^ C ^ C' (4)
//    320  per (x, z): sum_y A'[x,y,z] - C'[x,z] is in {0, 2, 4}
//    100  limbs of A'' = chi over B (B = A' rotated and permuted)
//     68  A''[0,0] bits boolean (64) and equal to its limbs (4)
//      4  limbs of A'''[0,0] = A''[0,0] xor the round's constant
//    100  next row's A = this row's A''' (transition, not last round)
// Maximum constraint degree 3.
#pragma once

#include <cstddef>
#include <string>

#include "swirl/air/builder.h"
#include "swirl/air/examples/keccakf_cols.h"

namespace swirl::keccakf {

/// Constraints eval() records.
inline constexpr size_t kNumConstraints = 3182;

class KeccakfAir final : public Air {
 public:
  std::string name() const override { return "KeccakAir"; }
  size_t width() const override { return kNumCols; }
  void eval(AirBuilder& b) const override;
};

}  // namespace swirl::keccakf
