// LogUp sizing and layout shared by prover (coordinator and backends) and
// verifier (docs/protocol.md, "LogUp GKR").
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/field/babybear4.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/util/hd.h"

namespace swirl {

/// The reference's calculate_n_logup (lib.rs): the GKR input layer has
/// 2^(l_skip + n_logup) leaves, where total_interactions counts every
/// interaction once per row of its trace lifted to height >= 2^l_skip.
/// 0 when there are no interactions; otherwise bit_length(total) - l_skip,
/// i.e. l_skip + n_logup = ceil(log2(total + 1)), so the leaves always
/// include at least one padding leaf.
inline size_t calculate_n_logup(size_t l_skip, uint64_t total_interactions) {
  if (total_interactions == 0) return 0;
  const size_t bits = static_cast<size_t>(std::bit_width(total_interactions));
  // Every present trace is lifted to >= 2^l_skip rows, so a nonzero total is
  // >= 2^l_skip and bits > l_skip.
  if (bits <= l_skip) throw std::invalid_argument("calculate_n_logup: total_interactions below 2^l_skip");
  return bits - l_skip;
}

/// One present AIR as the LogUp layout sees it (sorted order).
struct LogupAirSize {
  size_t n_lift = 0;  // max(0, log2(height) - l_skip)
  size_t num_interactions = 0;
};

/// The GKR input layer's layout: interaction k of AIR t (sorted order) owns
/// the block of 2^(l_skip + n_lift) leaves starting at offsets[t][k]; the
/// blocks follow each other in (AIR, interaction) order; the leaves after
/// `total` are padding (numerator 0, denominator alpha).
struct LogupLayout {
  uint64_t total = 0;
  size_t n_logup = 0;
  std::vector<std::vector<size_t>> offsets;  // per AIR, per interaction
};

inline LogupLayout logup_layout(size_t l_skip, std::span<const LogupAirSize> airs) {
  LogupLayout lay;
  lay.offsets.resize(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    const size_t lifted = size_t{1} << (l_skip + airs[t].n_lift);
    for (size_t i = 0; i < airs[t].num_interactions; ++i) {
      lay.offsets[t].push_back(lay.total);
      lay.total += lifted;
    }
  }
  lay.n_logup = calculate_n_logup(l_skip, lay.total);
  return lay;
}

/// The eq weight of one interaction block:
/// eq(xi[lo .. l_skip + n_logup], bits(offset >> lo)) with lo = l_skip + n_lift
/// (coordinate k pairs with bit k - lo of offset >> lo).
template <typename EF>
SWIRL_HD EF logup_block_eq_weight(const EF* xi, size_t lo, size_t hi, size_t offset) {
  size_t b = offset >> lo;
  EF acc = EF::one();
  for (size_t k = lo; k < hi; ++k, b >>= 1) acc *= eq1(xi[k], (b & 1) ? EF::one() : EF::zero());
  return acc;
}

/// Per AIR, per interaction: its block's eq weight at xi (at least
/// l_skip + n_logup coordinates). The zerocheck's eq3b.
inline std::vector<std::vector<BabyBear4>> logup_eq_weights(size_t l_skip, std::span<const LogupAirSize> airs,
                                                            const LogupLayout& lay, std::span<const BabyBear4> xi) {
  if (xi.size() < l_skip + lay.n_logup && lay.total > 0)
    throw std::invalid_argument("logup_eq_weights: xi has " + std::to_string(xi.size()) + " < l_skip + n_logup coordinates");
  std::vector<std::vector<BabyBear4>> out(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    const size_t lo = l_skip + airs[t].n_lift;
    for (size_t off : lay.offsets[t]) out[t].push_back(logup_block_eq_weight(xi.data(), lo, l_skip + lay.n_logup, off));
  }
  return out;
}

/// The GKR layer relation batched with lambda: the parent's numerator
/// p0 q1 + p1 q0 plus lambda times its denominator q0 q1.
template <typename EF>
SWIRL_HD EF gkr_layer_relation(const EF& p0, const EF& q0, const EF& p1, const EF& q1, const EF& lambda) {
  return (p0 + lambda * q0) * q1 + p1 * q0;
}

}  // namespace swirl
