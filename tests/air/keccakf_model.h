// A plain numeric model of the keccak-f AIR's constraints, written from the
// constraint list of p3-keccak-air v0.4.3 (src/air.rs, src/round_flags.rs)
// in its order: it evaluates every constraint the reference's builder records
// on one (local, next) row pair, with the row selectors given as numbers.
// Tests use it to check traces and to cross-check the symbolic AIR value by
// value, constraint by constraint.
#pragma once

#include <span>
#include <vector>

#include "swirl/air/examples/keccakf_cols.h"
#include "swirl/field/babybear.h"
#include "swirl/util/matrix.h"

namespace swirl::keccakf::test {

using F = BabyBear;

inline F xor2(F a, F b) { return a + b - a * (b + b); }
inline F xor3(F a, F b, F c) { return xor2(xor2(a, b), c); }
inline F andn(F a, F b) { return (F::one() - a) * b; }
inline F bool_check(F a) { return a * (a - F::one()); }

/// All constraint values on one row pair, in the reference's order.
inline std::vector<F> eval_constraints(std::span<const F> L, std::span<const F> N, F is_first, F is_transition) {
  std::vector<F> out;
  out.reserve(3182);
  const F one = F::one(), two = F::two();
  const F t = is_transition;
  // Round flags: one-hot at round 0 on the first row, rotating by one each row.
  out.push_back(is_first * (L[Cols::step_flag(0)] - one));
  for (size_t i = 1; i < kRounds; ++i) out.push_back(is_first * L[Cols::step_flag(i)]);
  for (size_t i = 0; i < kRounds; ++i)
    out.push_back(t * (L[Cols::step_flag(i)] - N[Cols::step_flag((i + 1) % kRounds)]));

  const F first_step = L[Cols::step_flag(0)];
  const F not_final = one - L[Cols::step_flag(kRounds - 1)];
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x)
      for (size_t k = 0; k < 4; ++k) out.push_back(first_step * (L[Cols::preimage(y, x, k)] - L[Cols::a(y, x, k)]));
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x)
      for (size_t k = 0; k < 4; ++k)
        out.push_back(not_final * (t * (L[Cols::preimage(y, x, k)] - N[Cols::preimage(y, x, k)])));
  out.push_back(bool_check(L[Cols::export_flag()]));
  out.push_back(not_final * L[Cols::export_flag()]);

  for (size_t x = 0; x < 5; ++x) {
    for (size_t z = 0; z < 64; ++z) out.push_back(bool_check(L[Cols::c(x, z)]));
    for (size_t z = 0; z < 64; ++z)
      out.push_back(L[Cols::c_prime(x, z)] -
                    xor3(L[Cols::c(x, z)], L[Cols::c((x + 4) % 5, z)], L[Cols::c((x + 1) % 5, (z + 63) % 64)]));
  }

  auto limb_sum = [](size_t k, auto bit) {
    F acc = F::zero();
    for (size_t z = 16 * k + 16; z-- > 16 * k;) acc = acc + acc + bit(z);
    return acc;
  };
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x) {
      for (size_t z = 0; z < 64; ++z) out.push_back(bool_check(L[Cols::a_prime(y, x, z)]));
      for (size_t k = 0; k < 4; ++k)
        out.push_back(limb_sum(k, [&](size_t z) {
                        return xor3(L[Cols::a_prime(y, x, z)], L[Cols::c(x, z)], L[Cols::c_prime(x, z)]);
                      }) -
                      L[Cols::a(y, x, k)]);
    }

  const F four = two + two;
  for (size_t x = 0; x < 5; ++x)
    for (size_t z = 0; z < 64; ++z) {
      F sum = L[Cols::a_prime(0, x, z)];
      for (size_t y = 1; y < 5; ++y) sum = sum + L[Cols::a_prime(y, x, z)];
      const F diff = sum - L[Cols::c_prime(x, z)];
      out.push_back(diff * (diff - two) * (diff - four));
    }

  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x)
      for (size_t k = 0; k < 4; ++k)
        out.push_back(limb_sum(k, [&](size_t z) {
                        const F b0 = L[Cols::b(x, y, z)];
                        const F b1 = L[Cols::b((x + 1) % 5, y, z)];
                        const F b2 = L[Cols::b((x + 2) % 5, y, z)];
                        return xor2(andn(b1, b2), b0);
                      }) -
                      L[Cols::a_prime_prime(y, x, k)]);

  for (size_t z = 0; z < 64; ++z) out.push_back(bool_check(L[Cols::a_prime_prime_0_0_bit(z)]));
  for (size_t k = 0; k < 4; ++k)
    out.push_back(limb_sum(k, [&](size_t z) { return L[Cols::a_prime_prime_0_0_bit(z)]; }) -
                  L[Cols::a_prime_prime(0, 0, k)]);
  for (size_t k = 0; k < 4; ++k)
    out.push_back(limb_sum(k, [&](size_t z) {
                    F rc = F::zero();
                    for (size_t r = 0; r < kRounds; ++r)
                      rc = rc + L[Cols::step_flag(r)] * (round_constant_bit(r, z) ? one : F::zero());
                    return xor2(rc, L[Cols::a_prime_prime_0_0_bit(z)]);
                  }) -
                  L[Cols::a_prime_prime_prime_0_0_limb(k)]);

  // Note the loop order: x outer, y inner, as the reference writes it.
  for (size_t x = 0; x < 5; ++x)
    for (size_t y = 0; y < 5; ++y)
      for (size_t k = 0; k < 4; ++k)
        out.push_back(t * (not_final * (L[Cols::a_prime_prime_prime(y, x, k)] - N[Cols::a(y, x, k)])));
  return out;
}

/// Constraint values on row `r` of a trace (next row wrapping, as the
/// quotient domain does; the transition selector is zero on the last row).
inline std::vector<F> eval_row(const ColMajorMatrix<F>& trace, size_t r) {
  const size_t h = trace.height();
  const std::vector<F> local = trace.row(r), next = trace.row((r + 1) % h);
  return eval_constraints(local, next, r == 0 ? F::one() : F::zero(), r + 1 == h ? F::zero() : F::one());
}

}  // namespace swirl::keccakf::test
