// The reference's test fixtures (crates/stark-backend/src/test_utils/mod.rs,
// v2.0.1): AIR sets with valid traces and public values, used by keygen,
// the debug checker and end-to-end tests. Cached mains are given as plain
// matrices; committing them is the prover's job.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "swirl/air/builder.h"
#include "swirl/air/debug.h"

namespace swirl {

struct Fixture {
  std::vector<std::shared_ptr<const Air>> airs;
  std::vector<AirTraces> traces;  // one per AIR (absent AIRs have no matrices)

  /// Appends another fixture's AIRs and traces (MixtureFixture).
  void append(Fixture other);
};

/// FibFixture: num_airs copies of FibonacciAir, each with the trace of
/// (a, b, n) and public values (a, b, fib). AIRs listed in `empty` get no
/// trace.
Fixture fib_fixture(uint64_t a, uint64_t b, size_t n, size_t num_airs = 1, const std::vector<size_t>& empty = {});
/// One KeccakfAir with the trace of `perms` permutations of seeded random
/// states (every lane SplitMix64(seed).next_u64() in order).
Fixture keccakf_fixture(size_t perms, uint64_t seed);
/// InteractionsFixture11: one sender and one receiver DummyInteractionAir
/// (field width 1, bus 0) with the reference's data.
Fixture interactions_fixture_11();
/// CachedFixture11: the same with partitioned AIRs (fields in a cached main).
Fixture cached_fixture_11();
/// The selector pattern the reference's preprocessed tests use: [i % 2 == 0; n].
std::vector<bool> alternating_selectors(size_t n);
/// PreprocessedFibFixture: FibonacciSelectorAir(sels, no interactions).
Fixture preprocessed_fib_fixture(uint64_t a, uint64_t b, const std::vector<bool>& sels);
/// PreprocessedAndCachedFixture: PreprocessedCachedAir(sels, parts).
Fixture preprocessed_and_cached_fixture(const std::vector<bool>& sels, size_t num_cached_parts);
/// SelfInteractionFixture: one SelfInteractionAir per width, all 2^log_height rows.
Fixture self_interaction_fixture(const std::vector<size_t>& widths, size_t log_height, BusIndex bus);
/// MixtureFixture::standard(log_height): Fib(8, 8, 2^log_height),
/// Interactions11, Cached11, PreprocessedFib(7, 3, sels i % 2 == 0),
/// SelfInteraction(widths 4, 7, 8, 8, 10, 100; bus 5). Twelve AIRs.
Fixture mixture_fixture_standard(size_t log_height);

}  // namespace swirl
