#include "swirl/air/examples/keccakf_air.h"

#include <array>
#include <functional>

namespace swirl::keccakf {
namespace {

// The window of one row as named keccak-f columns.
struct Row {
  const Window& w;
  bool next;
  Expr at(size_t col) const { return next ? Expr(w.next(col)) : Expr(w.local(col)); }
};

// Recomposes 16 bits into a limb the way the reference folds them: from the
// top bit down, acc = 2 * acc + bit, starting at the constant 0. (The tree
// shape, not just the value, enters the DAG.)
Expr limb_from_bits(size_t limb, const std::function<Expr(size_t)>& bit) {
  Expr acc;  // constant 0
  for (size_t z = (limb + 1) * kBitsPerLimb; z-- > limb * kBitsPerLimb;) acc = acc.dbl() + bit(z);
  return acc;
}

void eval_round_flags(AirBuilder& b, const Row& local, const Row& next) {
  b.when_first_row().assert_one(local.at(Cols::step_flag(0)));
  {
    auto first = b.when_first_row();
    for (size_t i = 1; i < kRounds; ++i) first.assert_zero(local.at(Cols::step_flag(i)));
  }
  auto transition = b.when_transition();
  for (size_t i = 0; i < kRounds; ++i)
    transition.assert_zero(local.at(Cols::step_flag(i)) - next.at(Cols::step_flag((i + 1) % kRounds)));
}

}  // namespace

void KeccakfAir::eval(AirBuilder& b) const {
  const Window& main = b.main();
  const Row local{main, false}, next{main, true};
  eval_round_flags(b, local, next);

  const Expr first_step = local.at(Cols::step_flag(0));
  const Expr not_final_step = Expr(1) - local.at(Cols::step_flag(kRounds - 1));

  // The first round reads the preimage; the preimage is carried unchanged
  // through the permutation's rows.
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x) {
      auto when_first = b.when(first_step);
      for (size_t k = 0; k < kLimbsPerLane; ++k)
        when_first.assert_zero(local.at(Cols::preimage(y, x, k)) - local.at(Cols::a(y, x, k)));
    }
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x) {
      auto carried = b.when(not_final_step).when_transition();
      for (size_t k = 0; k < kLimbsPerLane; ++k)
        carried.assert_zero(local.at(Cols::preimage(y, x, k)) - next.at(Cols::preimage(y, x, k)));
    }

  b.assert_bool(local.at(Cols::export_flag()));
  b.when(not_final_step).assert_zero(local.at(Cols::export_flag()));

  // Theta, part 1: C bits are boolean and C' = C[x] ^ C[x-1] ^ rot(C[x+1], 1);
  // xor3 of booleans is boolean, so C' needs no separate range check.
  for (size_t x = 0; x < 5; ++x) {
    for (size_t z = 0; z < 64; ++z) b.assert_bool(local.at(Cols::c(x, z)));
    for (size_t z = 0; z < 64; ++z) {
      const Expr x3 = local.at(Cols::c(x, z)).bxor3(local.at(Cols::c((x + 4) % 5, z)),
                                                    local.at(Cols::c((x + 1) % 5, (z + 63) % 64)));
      b.assert_zero(local.at(Cols::c_prime(x, z)) - x3);
    }
  }

  // Theta, part 2: A' bits are boolean and A = A' ^ C ^ C' limb by limb
  // (which also range-checks the A limbs).
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x) {
      for (size_t z = 0; z < 64; ++z) b.assert_bool(local.at(Cols::a_prime(y, x, z)));
      for (size_t k = 0; k < kLimbsPerLane; ++k) {
        const Expr limb = limb_from_bits(k, [&](size_t z) {
          return local.at(Cols::a_prime(y, x, z)).bxor3(local.at(Cols::c(x, z)), local.at(Cols::c_prime(x, z)));
        });
        b.assert_zero(limb - local.at(Cols::a(y, x, k)));
      }
    }

  // Theta, part 3: the xor of a column of A' is C', i.e. the integer sum of
  // the five bits minus C' is 0, 2 or 4.
  const Expr four = Expr(2).dbl();
  for (size_t x = 0; x < 5; ++x)
    for (size_t z = 0; z < 64; ++z) {
      std::array<Expr, 5> column;
      for (size_t y = 0; y < 5; ++y) column[y] = local.at(Cols::a_prime(y, x, z));
      const Expr diff = sum_of(column) - local.at(Cols::c_prime(x, z));
      b.assert_zero(diff * (diff - Expr(2)) * (diff - four));
    }

  // Rho, pi and chi: A''[x, y] = B[x, y] ^ (~B[x+1, y] & B[x+2, y]), with B
  // read from the A' columns (boolean, so A'' is range-checked too).
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x)
      for (size_t k = 0; k < kLimbsPerLane; ++k) {
        const Expr limb = limb_from_bits(k, [&](size_t z) {
          return local.at(Cols::b((x + 1) % 5, y, z))
              .andn(local.at(Cols::b((x + 2) % 5, y, z)))
              .bxor(local.at(Cols::b(x, y, z)));
        });
        b.assert_zero(limb - local.at(Cols::a_prime_prime(y, x, k)));
      }

  // Iota: the bits of A''[0, 0] are boolean and match its limbs; A'''[0, 0]
  // is them xored with the round constant picked by the step flags.
  for (size_t z = 0; z < 64; ++z) b.assert_bool(local.at(Cols::a_prime_prime_0_0_bit(z)));
  for (size_t k = 0; k < kLimbsPerLane; ++k) {
    const Expr limb = limb_from_bits(k, [&](size_t z) { return local.at(Cols::a_prime_prime_0_0_bit(z)); });
    b.assert_zero(limb - local.at(Cols::a_prime_prime(0, 0, k)));
  }
  for (size_t k = 0; k < kLimbsPerLane; ++k) {
    const Expr limb = limb_from_bits(k, [&](size_t z) {
      Expr rc_bit;  // constant 0; + flag_r * (bit z of RC[r]) for each round
      for (size_t r = 0; r < kRounds; ++r) rc_bit += local.at(Cols::step_flag(r)) * Expr(round_constant_bit(r, z) ? 1 : 0);
      return rc_bit.bxor(local.at(Cols::a_prime_prime_0_0_bit(z)));
    });
    b.assert_zero(limb - local.at(Cols::a_prime_prime_prime_0_0_limb(k)));
  }

  // This round's output is the next round's input (x outer, y inner, as the
  // reference loops).
  for (size_t x = 0; x < 5; ++x)
    for (size_t y = 0; y < 5; ++y) {
      auto chained = b.when_transition().when(not_final_step);
      for (size_t k = 0; k < kLimbsPerLane; ++k)
        chained.assert_zero(local.at(Cols::a_prime_prime_prime(y, x, k)) - next.at(Cols::a(y, x, k)));
    }
}

}  // namespace swirl::keccakf
