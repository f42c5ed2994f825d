#include "swirl/crypto/transcript.h"

#include "swirl/crypto/poseidon2_batch.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace swirl {

namespace {

void check_bits(int bits) {
  // 2^bits must stay below p, otherwise the low bits of a sample are not
  // close to uniform (and the witness search would never end).
  if (bits < 0 || bits > 30) throw std::invalid_argument("sample_bits: bits must be in [0, 30]");
}

}  // namespace

uint32_t Transcript::sample_bits(int bits) {
  check_bits(bits);
  uint32_t v = sample().as_canonical();
  return v & ((1u << bits) - 1u);
}

bool Transcript::check_witness(int bits, BabyBear witness) {
  check_bits(bits);
  if (bits == 0) return true;
  observe(witness);
  return sample_bits(bits) == 0;
}

std::optional<BabyBear> Transcript::find_pow_witness(int bits, int threads, uint64_t limit) const {
  return swirl::find_pow_witness(sponge_, bits, threads, limit);
}

std::optional<BabyBear> find_pow_witness(const DuplexSponge& sponge, int bits, int threads, uint64_t limit) {
  check_bits(bits);
  if (bits == 0) return BabyBear::zero();
  limit = std::min<uint64_t>(limit, BabyBear::kP);
  // Observing the witness and sampling costs exactly one permutation: the
  // witness lands in lane absorb_idx; if that fills the rate the absorb
  // permutes and the sample reads lane 7 without permuting again, otherwise
  // the sample permutes because something is pending. Either way the sample
  // is lane 7 of permute(state with lane absorb_idx = w).
  const Poseidon2State base = sponge.state();
  const int lane = sponge.absorb_idx();
  const uint32_t mask = (1u << bits) - 1u;
  const int n_threads = threads > 0 ? threads : omp_get_max_threads();
  // Search in rounds of n_threads * kChunk candidates; the smallest hit of the
  // first round that has any is the smallest overall.
  constexpr uint64_t kChunk = 1 << 12;
  std::optional<BabyBear> found;
  for (uint64_t round_base = 0; round_base < limit && !found; round_base += kChunk * n_threads) {
    std::atomic<uint64_t> best{UINT64_MAX};
#pragma omp parallel for num_threads(n_threads) schedule(static, 1)
    for (int t = 0; t < n_threads; ++t) {
      uint64_t lo = round_base + kChunk * t;
      uint64_t hi = std::min(lo + kChunk, limit);
      // A batch of candidates per lane-sliced pass, in increasing order.
      constexpr int kBatch = 16;
      for (uint64_t w0 = lo; w0 < hi; w0 += kBatch) {
        if (w0 >= best.load(std::memory_order_relaxed)) break;
        BabyBear states[kBatch][kPoseidon2Width];
        for (int j = 0; j < kBatch; ++j) {
          for (int i = 0; i < kPoseidon2Width; ++i) states[j][i] = base[i];
          // Candidates past the limit repeat the last one; they are never reported.
          uint64_t w = std::min<uint64_t>(w0 + j, hi - 1);
          states[j][lane] = BabyBear::from_canonical(static_cast<uint32_t>(w));
        }
        poseidon2_permute_many(states, kBatch);
        for (int j = 0; j < kBatch && w0 + j < hi; ++j) {
          if ((states[j][kPoseidon2Rate - 1].as_canonical() & mask) != 0) continue;
          uint64_t w = w0 + j;
          uint64_t cur = best.load();
          while (w < cur && !best.compare_exchange_weak(cur, w)) {
          }
          break;
        }
      }
    }
    if (best.load() != UINT64_MAX) found = BabyBear::from_canonical(static_cast<uint32_t>(best.load()));
  }
  return found;
}

BabyBear Transcript::grind(int bits, int threads) {
  check_bits(bits);
  if (bits == 0) return BabyBear::zero();
  std::optional<BabyBear> w = find_pow_witness(bits, threads);
  if (!w) throw std::runtime_error("grind: no proof-of-work witness exists in the field");
  if (!check_witness(bits, *w)) throw std::logic_error("grind: witness search disagrees with check_witness");
  return *w;
}

}  // namespace swirl
