#include "swirl/air/examples/fixtures.h"

#include <algorithm>

#include "swirl/air/examples/fib_selector.h"
#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/interaction_airs.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/keccakf_trace.h"
#include "swirl/air/examples/preprocessed_cached.h"
#include "swirl/field/rng.h"

namespace swirl {

namespace {

ColMajorMatrix<BabyBear> column(std::initializer_list<uint32_t> values) {
  ColMajorMatrix<BabyBear> m(values.size(), 1);
  size_t i = 0;
  for (uint32_t v : values) m.at(i++, 0) = BabyBear::from_u32(v);
  return m;
}

ColMajorMatrix<BabyBear> row_major(size_t width, std::initializer_list<uint32_t> values) {
  std::vector<BabyBear> v;
  for (uint32_t x : values) v.push_back(BabyBear::from_u32(x));
  return ColMajorMatrix<BabyBear>::from_row_major(v.size() / width, width, v);
}

}  // namespace

void Fixture::append(Fixture other) {
  for (auto& a : other.airs) airs.push_back(std::move(a));
  for (auto& t : other.traces) traces.push_back(std::move(t));
}

Fixture fib_fixture(uint64_t a, uint64_t b, size_t n, size_t num_airs, const std::vector<size_t>& empty) {
  Fixture f;
  auto air = std::make_shared<FibonacciAir>();
  for (size_t i = 0; i < num_airs; ++i) {
    f.airs.push_back(air);
    AirTraces t;
    if (std::find(empty.begin(), empty.end(), i) == empty.end()) {
      t.common_main = fibonacci_trace(a, b, n);
      t.public_values = {BabyBear::from_u64(a), BabyBear::from_u64(b), fibonacci_number(a, b, n)};
    }
    f.traces.push_back(std::move(t));
  }
  return f;
}

Fixture keccakf_fixture(size_t perms, uint64_t seed) {
  std::vector<KeccakState> inputs(perms);
  SplitMix64 rng(seed);
  for (auto& st : inputs)
    for (auto& lane : st) lane = rng.next_u64();
  Fixture f;
  f.airs.push_back(std::make_shared<keccakf::KeccakfAir>());
  AirTraces tr;
  tr.common_main = keccakf::generate_trace(inputs);
  f.traces.push_back(std::move(tr));
  return f;
}

Fixture interactions_fixture_11() {
  Fixture f;
  f.airs.push_back(std::make_shared<DummyInteractionAir>(1, true, 0));
  f.airs.push_back(std::make_shared<DummyInteractionAir>(1, false, 0));
  AirTraces s, r;
  s.common_main = row_major(2, {0, 1, 3, 5, 7, 4, 546, 889});
  r.common_main = row_major(2, {1, 5, 3, 4, 4, 4, 2, 5, 0, 123, 545, 889, 1, 889, 0, 456});
  f.traces = {std::move(s), std::move(r)};
  return f;
}

Fixture cached_fixture_11() {
  Fixture f;
  f.airs.push_back(std::make_shared<DummyInteractionAir>(1, true, 0, /*partition=*/true));
  f.airs.push_back(std::make_shared<DummyInteractionAir>(1, false, 0, /*partition=*/true));
  AirTraces s, r;
  s.common_main = column({0, 3, 7, 546});
  s.cached_mains.push_back(column({1, 5, 4, 889}));
  r.common_main = column({1, 3, 4, 2, 0, 545, 1, 0});
  r.cached_mains.push_back(column({5, 4, 4, 5, 123, 889, 889, 456}));
  f.traces = {std::move(s), std::move(r)};
  return f;
}

Fixture preprocessed_fib_fixture(uint64_t a, uint64_t b, const std::vector<bool>& sels) {
  Fixture f;
  f.airs.push_back(std::make_shared<FibonacciSelectorAir>(sels, false));
  AirTraces t;
  t.common_main = fib_selector_trace(a, b, sels);
  t.public_values = {BabyBear::from_u64(a), BabyBear::from_u64(b), conditional_fibonacci_number(a, b, sels)};
  f.traces.push_back(std::move(t));
  return f;
}

Fixture preprocessed_and_cached_fixture(const std::vector<bool>& sels, size_t num_cached_parts) {
  Fixture f;
  f.airs.push_back(std::make_shared<PreprocessedCachedAir>(sels, num_cached_parts));
  PreprocessedCachedTraces pt = preprocessed_cached_traces(sels, num_cached_parts);
  AirTraces t;
  t.common_main = std::move(pt.common_main);
  t.cached_mains = std::move(pt.cached_mains);
  f.traces.push_back(std::move(t));
  return f;
}

Fixture self_interaction_fixture(const std::vector<size_t>& widths, size_t log_height, BusIndex bus) {
  Fixture f;
  for (size_t w : widths) {
    f.airs.push_back(std::make_shared<SelfInteractionAir>(w, bus));
    AirTraces t;
    t.common_main = self_interaction_trace(w, log_height);
    f.traces.push_back(std::move(t));
  }
  return f;
}

std::vector<bool> alternating_selectors(size_t n) {
  std::vector<bool> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = i % 2 == 0;
  return s;
}

Fixture mixture_fixture_standard(size_t log_height) {
  const size_t height = size_t{1} << log_height;
  const std::vector<bool> sels = alternating_selectors(height);
  Fixture f = fib_fixture(8, 8, height);
  f.append(interactions_fixture_11());
  f.append(cached_fixture_11());
  f.append(preprocessed_fib_fixture(7, 3, sels));
  f.append(self_interaction_fixture({4, 7, 8, 8, 10, 100}, log_height, 5));
  return f;
}

}  // namespace swirl
