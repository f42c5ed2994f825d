// A fraction p / q in projective form, the node value of the LogUp GKR tree.
// Sums never divide: p1/q1 + p2/q2 = (p1 q2 + p2 q1) / (q1 q2).
#pragma once

#include "swirl/field/babybear4.h"
#include "swirl/util/hd.h"

namespace swirl {

struct Frac {
  BabyBear4 p;  // numerator
  BabyBear4 q;  // denominator

  SWIRL_HD friend constexpr Frac operator+(const Frac& a, const Frac& b) {
    return {a.p * b.q + b.p * a.q, a.q * b.q};
  }
  SWIRL_HD friend constexpr bool operator==(const Frac& a, const Frac& b) { return a.p == b.p && a.q == b.q; }
};

static_assert(sizeof(Frac) == 32, "Frac must be two packed BabyBear4");

}  // namespace swirl
