#include "swirl/air/examples/keccakf_trace.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <random>
#include <vector>

#include "keccakf_model.h"
#include "support/counting_memory.h"
#include "swirl/air/examples/keccakf_cols.h"
#include "swirl/air/examples/keccakf_inputs.h"
#include "swirl/util/chacha_rng.h"

namespace swirl::keccakf {
namespace {

std::vector<KeccakState> random_states(size_t n, uint64_t seed) {
  std::mt19937_64 g(seed);
  std::vector<KeccakState> v(n);
  for (auto& s : v)
    for (auto& lane : s) lane = g();
  return v;
}

KeccakState permuted(KeccakState s) {
  keccakf_permute(s);
  return s;
}

// The group offsets follow the field order of the reference's KeccakCols
// (columns.rs), with sizes 24, 1, 100, 100, 320, 320, 1600, 100, 64, 4.
TEST(KeccakfCols, LayoutMatchesReferenceFieldOrder) {
  EXPECT_EQ(Cols::kStepFlags, 0u);
  EXPECT_EQ(Cols::kExport, 24u);
  EXPECT_EQ(Cols::kPreimage, 25u);
  EXPECT_EQ(Cols::kA, 125u);
  EXPECT_EQ(Cols::kC, 225u);
  EXPECT_EQ(Cols::kCPrime, 545u);
  EXPECT_EQ(Cols::kAPrime, 865u);
  EXPECT_EQ(Cols::kAPrimePrime, 2465u);
  EXPECT_EQ(Cols::kAPrimePrime00Bits, 2565u);
  EXPECT_EQ(Cols::kAPrimePrimePrime00Limbs, 2629u);
  EXPECT_EQ(kNumCols, 2633u);
  // y-major: lane x + 5y of an input is preimage group x + 5y.
  EXPECT_EQ(Cols::preimage(1, 3, 2), 25u + (5 + 3) * 4 + 2);
  EXPECT_EQ(Cols::a_prime(2, 4, 63), 865u + (10 + 4) * 64 + 63);
  // Output aliases: lane (0,0) from its own limbs, others from A''.
  EXPECT_EQ(Cols::a_prime_prime_prime(0, 0, 3), 2632u);
  EXPECT_EQ(Cols::a_prime_prime_prime(0, 1, 0), Cols::a_prime_prime(0, 1, 0));
  // B[0,0] = A'[0,0] unrotated; B[1,0] = rot(A'[1,1], 44).
  EXPECT_EQ(Cols::b(0, 0, 5), Cols::a_prime(0, 0, 5));
  EXPECT_EQ(Cols::b(1, 0, 44), Cols::a_prime(1, 1, 0));
}

TEST(KeccakfTrace, HeightIsNextPowerOfTwo) {
  EXPECT_EQ(trace_height(0), 1u);
  EXPECT_EQ(trace_height(1), 32u);
  EXPECT_EQ(trace_height(2), 64u);
  EXPECT_EQ(trace_height(3), 128u);
  EXPECT_EQ(trace_height(5), 128u);
  EXPECT_EQ(trace_height(6), 256u);
  EXPECT_EQ(trace_height(1024), 32768u);
}

TEST(KeccakfTrace, OutputsEqualReferencePermutation) {
  std::vector<KeccakState> inputs = random_states(9, 1);
  inputs.push_back(KeccakState{});
  KeccakState counting;
  for (size_t i = 0; i < 25; ++i) counting[i] = i * 0x0123456789ABCDEFull;
  inputs.push_back(counting);
  KeccakState ones;
  ones.fill(~uint64_t{0});
  inputs.push_back(ones);
  const auto trace = generate_trace(inputs);
  ASSERT_EQ(trace.height(), 512u);  // 12 * 24 = 288 -> 512
  ASSERT_EQ(trace.width(), kNumCols);
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(trace_preimage(trace, i), inputs[i]) << "permutation " << i;
    EXPECT_EQ(trace_output(trace, i), permuted(inputs[i])) << "permutation " << i;
  }
  // Round inputs chain: row r's A columns are the state after r rounds.
  KeccakState zero_once{};
  keccakf_permute(zero_once);
  EXPECT_EQ(trace_output(trace, 9), zero_once);
}

TEST(KeccakfTrace, PaddingPermutesTheZeroState) {
  const std::vector<KeccakState> inputs = random_states(3, 2);
  const auto trace = generate_trace(inputs);  // 72 rows used, 128 rows: two zero blocks + 8 rows
  ASSERT_EQ(trace.height(), 128u);
  const auto zero_trace = generate_trace(std::vector<KeccakState>(1));  // rows 0..23 are the zero permutation
  for (size_t row = 72; row < 128; ++row) {
    const size_t round_row = (row - 72) % 24;
    EXPECT_EQ(trace.row(row), zero_trace.row(round_row)) << "row " << row;
  }
  KeccakState zero_once{};
  keccakf_permute(zero_once);
  EXPECT_EQ(trace_output(trace, 3), zero_once);
  EXPECT_EQ(trace_output(trace, 4), zero_once);
  EXPECT_THROW(trace_output(trace, 5), std::invalid_argument);  // only 8 rows of the last block
}

TEST(KeccakfTrace, FlagsAreOneHotAndExportIsZero) {
  const auto trace = generate_trace(random_states(2, 3));
  for (size_t row = 0; row < trace.height(); ++row) {
    for (size_t r = 0; r < kRounds; ++r)
      EXPECT_EQ(trace.at(row, Cols::step_flag(r)), r == row % 24 ? BabyBear::one() : BabyBear::zero());
    EXPECT_EQ(trace.at(row, Cols::export_flag()), BabyBear::zero());
  }
}

TEST(KeccakfTrace, EmptyInputGivesOneZeroRoundRow) {
  const auto trace = generate_trace({});
  ASSERT_EQ(trace.height(), 1u);
  const auto one_perm = generate_trace(std::vector<KeccakState>(1));
  EXPECT_EQ(trace.row(0), one_perm.row(0));
}

// Every constraint of the reference's AIR (plain model) vanishes on every
// row of generated traces, including the padding and the wrap to row 0.
TEST(KeccakfTrace, SatisfiesEveryConstraintOfTheModel) {
  for (size_t n : {0u, 1u, 3u}) {
    const auto trace = generate_trace(random_states(n, 10 + n));
    for (size_t row = 0; row < trace.height(); ++row) {
      const auto values = test::eval_row(trace, row);
      ASSERT_EQ(values.size(), 3182u);
      for (size_t i = 0; i < values.size(); ++i)
        ASSERT_EQ(values[i], BabyBear::zero()) << "n " << n << " row " << row << " constraint " << i;
    }
  }
}

// The model can fail: a flipped bit in any witness group breaks a constraint
// on that row (or, for round inputs, on the row before).
TEST(KeccakfTrace, ModelRejectsCorruptedCells) {
  const auto good = generate_trace(random_states(1, 4));
  std::mt19937_64 g(5);
  const size_t cols[] = {Cols::step_flag(3),      Cols::export_flag(),         Cols::preimage(2, 1, 0),
                         Cols::a(4, 4, 3),        Cols::c(2, 17),              Cols::c_prime(4, 63),
                         Cols::a_prime(3, 2, 40), Cols::a_prime_prime(1, 0, 2), Cols::a_prime_prime_0_0_bit(9),
                         Cols::a_prime_prime_prime_0_0_limb(1)};
  for (size_t col : cols) {
    const size_t row = 1 + g() % 22;
    auto bad = good;
    bad.at(row, col) = bad.at(row, col) + BabyBear::one();
    bool failed = false;
    for (size_t r = row - 1; r <= row; ++r)
      for (BabyBear v : test::eval_row(bad, r)) failed |= v != BabyBear::zero();
    EXPECT_TRUE(failed) << "column " << col << " row " << row;
  }
}

TEST(KeccakfTrace, IndependentOfThreadCount) {
  const auto inputs = random_states(7, 6);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = generate_trace(inputs);
  omp_set_num_threads(4);
  const auto four = generate_trace(inputs);
  omp_set_num_threads(saved);
  EXPECT_EQ(one, four);
}

TEST(KeccakfTrace, GeneratedInTheGivenMemory) {
  const auto inputs = random_states(5, 9);
  testing::CountingMemory mem;
  const auto there = generate_trace(inputs, &mem);
  EXPECT_EQ(there.memory(), &mem);
  EXPECT_EQ(mem.allocations, 1u);
  EXPECT_EQ(mem.live_bytes, there.values().size() * sizeof(BabyBear));
  EXPECT_EQ(there, generate_trace(inputs));  // the same cells as on the heap
}

TEST(KeccakfInputs, DrawsLanesInOrderFromStdRng) {
  const auto inputs = example_inputs(3, 42);
  ChaChaRng rng = ChaChaRng::std_rng(42);
  for (const KeccakState& s : inputs)
    for (uint64_t lane : s) EXPECT_EQ(lane, rng.next_u64());
  EXPECT_EQ(example_inputs().size(), 1024u);
  EXPECT_EQ(example_inputs(2, 42)[1], inputs[1]);  // a prefix of a longer draw
  EXPECT_NE(example_inputs(1, 43)[0], inputs[0]);
}

TEST(KeccakfInputs, CudaTaskSeeds) {
  ChaChaRng master = ChaChaRng::std_rng(42);
  const uint64_t base = master.next_u64();
  EXPECT_EQ(cuda_example_task_seed(0), base);
  EXPECT_EQ(cuda_example_task_seed(1), base ^ 0x9E3779B97F4A7C15ull);
  EXPECT_EQ(cuda_example_task_seed(3), base ^ (3 * 0x9E3779B97F4A7C15ull));  // wraps mod 2^64
}

}  // namespace
}  // namespace swirl::keccakf
