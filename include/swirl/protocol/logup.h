// LogUp sizing shared by prover and verifier.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <stdexcept>

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

}  // namespace swirl
