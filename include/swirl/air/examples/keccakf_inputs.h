// Seeded inputs of the reference's keccak-f examples (stark-backend v2.0.1):
//
// - crates/stark-sdk/examples/keccakf.rs and crates/cpu-backend/
//   {examples,benches}/keccakf.rs draw 1024 states from
//   `StdRng::seed_from_u64(42)`, each with `rng.random::<[u64; 25]>()`:
//   25 consecutive `next_u64` calls, lane 0 first (rand 0.9 samples an array
//   element by element; a u64 is `next_u64`).
// - crates/cuda-backend/examples/keccakf.rs runs several proving tasks; task
//   t draws its 1024 states the same way from
//   `StdRng::seed_from_u64(base ^ t * 0x9E3779B97F4A7C15)` (wrapping
//   multiply), where `base` is the first `next_u64` of
//   `StdRng::seed_from_u64(42)`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "swirl/air/examples/keccakf_reference.h"

namespace swirl::keccakf {

inline constexpr size_t kExamplePermutations = 1024;  // NUM_PERMUTATIONS = 1 << 10
inline constexpr uint64_t kExampleSeed = 42;

/// `n` states drawn from `StdRng::seed_from_u64(seed)` as the reference
/// examples draw them.
std::vector<KeccakState> example_inputs(size_t n = kExamplePermutations, uint64_t seed = kExampleSeed);

/// The seed of task `task` in the reference's multi-task CUDA example.
uint64_t cuda_example_task_seed(uint64_t task);

}  // namespace swirl::keccakf
