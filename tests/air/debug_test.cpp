// The debug checker on every fixture: valid traces pass; every corrupted
// cell fails (with the exceptions the semantics force, computed here); the
// report names AIR, row, constraint and bus.
#include "swirl/air/debug.h"

#include <gtest/gtest.h>

#include "swirl/air/examples/fib_selector.h"
#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/interaction_airs.h"
#include "swirl/air/examples/preprocessed_cached.h"

namespace swirl {
namespace {

// Cells whose corruption cannot be detected by construction: message
// fields of DummyInteractionAir rows whose count is 0 (the interaction is
// skipped, as in the reference).
bool undetectable(const Fixture& f, size_t air, int part, size_t row, size_t col) {
  const auto* d = dynamic_cast<const DummyInteractionAir*>(f.airs[air].get());
  if (d == nullptr) return false;
  const AirTraces& t = f.traces[air];
  const BabyBear count = t.common_main.at(row, 0);
  const bool is_field = d->partitioned() ? part == 0 : col != 0;
  return is_field && count.is_zero();
}

// Corrupts each main cell (+1) and each public value in turn; every
// detectable corruption must make the check fail.
void expect_every_cell_detected(const Fixture& f) {
  ASSERT_TRUE(debug_check(f.airs, f.traces).ok()) << debug_check(f.airs, f.traces).to_string();
  size_t tried = 0, skipped = 0;
  for (size_t a = 0; a < f.airs.size(); ++a) {
    const size_t parts = f.traces[a].cached_mains.size() + (f.traces[a].common_main.empty() ? 0 : 1);
    for (size_t p = 0; p < parts; ++p) {
      const bool cached = p < f.traces[a].cached_mains.size();
      const ColMajorMatrix<BabyBear>& m = cached ? f.traces[a].cached_mains[p] : f.traces[a].common_main;
      for (size_t r = 0; r < m.height(); ++r) {
        for (size_t c = 0; c < m.width(); ++c) {
          if (undetectable(f, a, cached ? static_cast<int>(p) : -1, r, c)) {
            ++skipped;
            continue;
          }
          std::vector<AirTraces> bad = f.traces;
          ColMajorMatrix<BabyBear>& bm = cached ? bad[a].cached_mains[p] : bad[a].common_main;
          bm.at(r, c) += BabyBear::one();
          EXPECT_FALSE(debug_check(f.airs, bad).ok()) << "AIR " << a << " part " << p << " row " << r << " col " << c;
          ++tried;
        }
      }
    }
    for (size_t i = 0; i < f.traces[a].public_values.size(); ++i) {
      std::vector<AirTraces> bad = f.traces;
      bad[a].public_values[i] += BabyBear::one();
      EXPECT_FALSE(debug_check(f.airs, bad).ok()) << "AIR " << a << " public value " << i;
    }
  }
  EXPECT_GT(tried, 0u);
  EXPECT_LT(skipped, tried);
}

TEST(AirDebug, FibonacciEveryCell) { expect_every_cell_detected(fib_fixture(0, 1, 16)); }
TEST(AirDebug, FibonacciManyAirsWithEmpty) { expect_every_cell_detected(fib_fixture(3, 5, 8, 3, {1})); }
TEST(AirDebug, InteractionsEveryCell) { expect_every_cell_detected(interactions_fixture_11()); }
TEST(AirDebug, CachedEveryCell) { expect_every_cell_detected(cached_fixture_11()); }
TEST(AirDebug, PreprocessedFibEveryCell) {
  expect_every_cell_detected(preprocessed_fib_fixture(7, 3, {true, false, true, true, false, true, false, false}));
}
TEST(AirDebug, PreprocessedCachedEveryCell) {
  expect_every_cell_detected(preprocessed_and_cached_fixture({true, false, false, true, true, false, true, true}, 3));
}
TEST(AirDebug, SelfInteractionEveryCell) { expect_every_cell_detected(self_interaction_fixture({1, 3, 4}, 3, 2)); }
TEST(AirDebug, MixtureEveryCell) { expect_every_cell_detected(mixture_fixture_standard(2)); }

TEST(AirDebug, MixturePassesAtLargerHeight) {
  Fixture f = mixture_fixture_standard(6);
  EXPECT_TRUE(debug_check(f.airs, f.traces).ok());
}

TEST(AirDebug, ReportsAirRowConstraint) {
  Fixture f = fib_fixture(0, 1, 8, 2);
  f.traces[1].common_main.at(3, 1) += BabyBear::one();  // right of row 3 in AIR 1
  DebugReport r = debug_check(f.airs, f.traces);
  ASSERT_FALSE(r.ok());
  // right(3) appears in: row 2 constraint 3 (b' = a + b), row 3 constraints
  // 2 (a' = b) and 3 (b' = a + b).
  ASSERT_EQ(r.num_constraint_failures, 3u);
  ASSERT_EQ(r.constraint_failures.size(), 3u);
  std::vector<std::pair<size_t, size_t>> got;
  for (const auto& x : r.constraint_failures) {
    EXPECT_EQ(x.air_index, 1u);
    EXPECT_EQ(x.air_name, "FibonacciAir");
    EXPECT_FALSE(x.value.is_zero());
    got.emplace_back(x.row, x.constraint_index);
  }
  EXPECT_EQ(got, (std::vector<std::pair<size_t, size_t>>{{2, 3}, {3, 2}, {3, 3}}));
  EXPECT_EQ(r.constraint_failures[0].value, BabyBear::neg_one());  // (a + b) - (b' + 1)
  EXPECT_TRUE(r.bus_imbalances.empty());
  EXPECT_NE(r.to_string().find("FibonacciAir (#1) row 2: constraint 3"), std::string::npos) << r.to_string();

  DebugOptions few;
  few.max_failures_per_air = 1;
  DebugReport r1 = debug_check(f.airs, f.traces, few);
  EXPECT_EQ(r1.num_constraint_failures, 3u);
  EXPECT_EQ(r1.constraint_failures.size(), 1u);
}

TEST(AirDebug, LastRowAndWrapAround) {
  // The last row's transition constraints are off; its next row is row 0.
  Fixture f = fib_fixture(1, 1, 4);
  f.traces[0].public_values[2] += BabyBear::one();  // last-row constraint 4 only
  DebugReport r = debug_check(f.airs, f.traces);
  ASSERT_EQ(r.constraint_failures.size(), 1u);
  EXPECT_EQ(r.constraint_failures[0].row, 3u);
  EXPECT_EQ(r.constraint_failures[0].constraint_index, 4u);
}

TEST(AirDebug, ReportsBusImbalance) {
  Fixture f = interactions_fixture_11();
  f.traces[0].common_main.at(1, 0) = BabyBear::from_u32(4);  // sender: (count 3 -> 4, field 5)
  DebugReport r = debug_check(f.airs, f.traces);
  EXPECT_EQ(r.num_constraint_failures, 0u);
  ASSERT_EQ(r.bus_imbalances.size(), 1u);
  const BusImbalance& b = r.bus_imbalances[0];
  EXPECT_EQ(b.bus, 0);
  EXPECT_EQ(b.message, (std::vector<BabyBear>{BabyBear::from_u32(5)}));
  EXPECT_EQ(b.sum, BabyBear::one());
  // Sender +4; receiver rows (1, 5) and (2, 5): -1 and -2.
  EXPECT_EQ(b.contributions, (std::vector<std::pair<size_t, BabyBear>>{{0, BabyBear::from_u32(4)},
                                                                       {1, BabyBear::neg_one()},
                                                                       {1, -BabyBear::two()}}));
  EXPECT_NE(r.to_string().find("bus 0 does not balance for message [5]: counts sum to 1"), std::string::npos)
      << r.to_string();
}

TEST(AirDebug, LookupKeysBalanceAgainstLookups) {
  // FibonacciSelectorAir with interactions adds (left + right) as a key with
  // multiplicity -sel; a DummyInteractionAir sender looks each up once.
  std::vector<bool> sels{true, true, false, true};
  auto fs = std::make_shared<FibonacciSelectorAir>(sels, true);
  AirTraces t;
  t.common_main = fib_selector_trace(1, 2, sels);
  t.public_values = {BabyBear::from_u32(1), BabyBear::from_u32(2), conditional_fibonacci_number(1, 2, sels)};
  std::vector<uint32_t> counts;
  std::vector<std::vector<uint32_t>> fields;
  for (size_t i = 0; i < sels.size(); ++i) {
    if (!sels[i]) continue;
    counts.push_back(1);
    fields.push_back({(t.common_main.at(i, 0) + t.common_main.at(i, 1)).as_canonical()});
  }
  counts.push_back(0);  // pad to 4 rows
  fields.push_back({0});
  AirTraces s;
  s.common_main = dummy_interaction_trace(counts, fields);
  std::vector<std::shared_ptr<const Air>> airs{fs, std::make_shared<DummyInteractionAir>(1, true, 0)};
  std::vector<AirTraces> traces{t, s};
  EXPECT_TRUE(debug_check(airs, traces).ok()) << debug_check(airs, traces).to_string();
  traces[1].common_main.at(0, 0) = BabyBear::two();  // looked up twice, offered once
  EXPECT_EQ(debug_check(airs, traces).bus_imbalances.size(), 1u);
}

TEST(AirDebug, RejectsInconsistentShapes) {
  Fixture f = fib_fixture(0, 1, 8);
  auto bad = f.traces;
  bad[0].public_values.pop_back();
  EXPECT_THROW(debug_check(f.airs, bad), std::invalid_argument);
  bad = f.traces;
  bad[0].common_main = ColMajorMatrix<BabyBear>(8, 3);
  EXPECT_THROW(debug_check(f.airs, bad), std::invalid_argument);
  bad = f.traces;
  bad[0].common_main = ColMajorMatrix<BabyBear>(6, 2);
  EXPECT_THROW(debug_check(f.airs, bad), std::invalid_argument);
  Fixture c = cached_fixture_11();
  auto badc = c.traces;
  badc[0].cached_mains.clear();
  EXPECT_THROW(debug_check(c.airs, badc), std::invalid_argument);
  badc = c.traces;
  badc[0].cached_mains[0] = ColMajorMatrix<BabyBear>(8, 1);  // height differs from the common main
  EXPECT_THROW(debug_check(c.airs, badc), std::invalid_argument);
  Fixture p = preprocessed_fib_fixture(1, 1, {true, true, true, true});
  auto badp = p.traces;
  badp[0].common_main = fib_selector_trace(1, 1, {true, true, true, true, true, true, true, true});
  EXPECT_THROW(debug_check(p.airs, badp), std::invalid_argument);  // preprocessed height 4 != 8
  EXPECT_THROW(debug_check(f.airs, std::vector<AirTraces>{}), std::invalid_argument);
}

}  // namespace
}  // namespace swirl
