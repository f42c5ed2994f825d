#include "swirl/air/examples/keccakf_inputs.h"

#include "swirl/util/chacha_rng.h"

namespace swirl::keccakf {

std::vector<KeccakState> example_inputs(size_t n, uint64_t seed) {
  ChaChaRng rng = ChaChaRng::std_rng(seed);
  std::vector<KeccakState> out(n);
  for (KeccakState& s : out)
    for (uint64_t& lane : s) lane = rng.next_u64();
  return out;
}

uint64_t cuda_example_task_seed(uint64_t task) {
  ChaChaRng master = ChaChaRng::std_rng(kExampleSeed);
  const uint64_t base = master.next_u64();
  return base ^ (task * 0x9E3779B97F4A7C15ull);  // unsigned: wraps as Rust's wrapping_mul
}

}  // namespace swirl::keccakf
