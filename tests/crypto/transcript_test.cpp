#include "swirl/crypto/transcript.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>

#include "swirl/field/rng.h"

namespace swirl {
namespace {

using F = BabyBear;

// Plonky3's challenger tests use a "permutation" that reverses the state, so
// the sponge rules can be read off the outputs. Width 24, rate 16.
struct ReversePermutation {
  void operator()(F* s) const { std::reverse(s, s + 24); }
};
using ReverseSponge = BasicDuplexSponge<24, 16, ReversePermutation>;

TEST(DuplexSponge, Plonky3ObserveTwelveSampleSixteen) {
  // test_duplex_challenger: observe 0..11, then 16 samples are 8, 9, 10, 11
  // followed by twelve zeros.
  ReverseSponge s;
  for (uint32_t i = 0; i < 12; ++i) s.absorb(F::from_u32(i));
  std::vector<uint32_t> got;
  for (int i = 0; i < 16; ++i) got.push_back(s.squeeze().as_canonical());
  std::vector<uint32_t> want = {8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(got, want);
}

TEST(DuplexSponge, Plonky3FullRateObservePermutesAndPopsFromTheTop) {
  // test_output_buffer_pops_correctly: observing a full rate permutes at once;
  // samples then come from lane 15 downwards: 8, then 9.
  ReverseSponge s;
  for (uint32_t i = 0; i < 16; ++i) s.absorb(F::from_u32(i));
  EXPECT_EQ(s.absorb_idx(), 0);
  EXPECT_EQ(s.sample_idx(), 16);
  EXPECT_EQ(s.squeeze().as_canonical(), 8u);
  EXPECT_EQ(s.squeeze().as_canonical(), 9u);
}

TEST(DuplexSponge, Plonky3SampleWhenEmptyPermutesFirst) {
  // test_sample_bits_trigger_duplex_when_empty: the zero state permutes to zero.
  ReverseSponge s;
  EXPECT_EQ(s.squeeze().as_canonical(), 0u);
  EXPECT_EQ(s.sample_idx(), 15);
}

// Plonky3's DuplexChallenger algorithm (input and output buffers), written
// out independently of BasicDuplexSponge, over Poseidon2.
class BufferChallenger {
 public:
  void observe(F x) {
    output_.clear();
    input_.push_back(x);
    if (input_.size() == kPoseidon2Rate) duplex();
  }
  F sample() {
    if (!input_.empty() || output_.empty()) duplex();
    F x = output_.back();
    output_.pop_back();
    return x;
  }

 private:
  void duplex() {
    for (size_t i = 0; i < input_.size(); ++i) state_[i] = input_[i];
    input_.clear();
    state_ = poseidon2_permuted(state_);
    output_.assign(state_.begin(), state_.begin() + kPoseidon2Rate);
  }
  Poseidon2State state_{};
  std::vector<F> input_, output_;
};

TEST(Transcript, MatchesBufferChallengerOnMixedSchedules) {
  // The schedule of test_sponge in the reference's transcript tests, then a
  // long random one.
  Transcript t;
  BufferChallenger c;
  for (int i = 0; i < 5; ++i) {
    for (int k = 0; k < (i + 1) * i; ++k) ASSERT_EQ(t.sample(), c.sample());
    for (int j = 0; j < i * i; ++j) {
      t.observe(F::from_u32(j));
      c.observe(F::from_u32(j));
    }
  }
  SplitMix64 rng(9);
  for (int step = 0; step < 5000; ++step) {
    if (rng.below(2)) {
      F x = rng.field();
      t.observe(x);
      c.observe(x);
    } else {
      ASSERT_EQ(t.sample(), c.sample()) << step;
    }
  }
}

TEST(Transcript, ExtensionAndDigestOrder) {
  Transcript a, b;
  BabyBear4 e = BabyBear4::from_canonical(1, 2, 3, 4);
  a.observe_ext(e);
  for (uint32_t i = 1; i <= 4; ++i) b.observe(F::from_u32(i));
  EXPECT_EQ(a.sample(), b.sample());
  BabyBear4 s = a.sample_ext();
  F s0 = b.sample(), s1 = b.sample(), s2 = b.sample(), s3 = b.sample();
  EXPECT_EQ(s, BabyBear4(s0, s1, s2, s3));
  Digest d;
  for (int i = 0; i < 8; ++i) d[i] = F::from_u32(100 + i);
  a.observe_digest(d);
  for (int i = 0; i < 8; ++i) b.observe(F::from_u32(100 + i));
  EXPECT_EQ(a.sample(), b.sample());
}

TEST(Transcript, SampleBitsIsLowBitsOfCanonicalValue) {
  Transcript a, b;
  a.observe(F::from_u32(5));
  b.observe(F::from_u32(5));
  for (int bits : {0, 1, 5, 20, 27, 30}) {
    uint32_t v = a.sample_bits(bits);
    uint32_t full = b.sample().as_canonical();
    EXPECT_EQ(v, full & ((1u << bits) - 1)) << bits;
  }
  EXPECT_THROW(a.sample_bits(31), std::invalid_argument);
}

TEST(Transcript, LogRecordsObservationsAndSamples) {
  TranscriptLog log;
  Transcript t;
  t.record_into(&log);
  t.observe(F::from_u32(42));
  t.observe(F::from_u32(100));
  F s1 = t.sample();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log.values[2], s1);
  EXPECT_EQ(log.is_sample, (std::vector<bool>{false, false, true}));
}

// Serial search from w = 0: the witness the reference finds when grinding
// without parallelism.
uint32_t serial_witness(const Transcript& t, int bits) {
  for (uint32_t w = 0;; ++w) {
    Transcript c = t;
    if (c.check_witness(bits, F::from_u32(w))) return w;
  }
}

TEST(Transcript, GrindFindsSmallestWitnessForEveryAbsorbPosition) {
  for (int pending = 0; pending < 8; ++pending) {
    for (int bits : {1, 4, 9}) {
      Transcript t;
      for (int i = 0; i < 11 + pending; ++i) t.observe(F::from_u32(i * 31 + bits));
      Transcript expect = t;
      uint32_t w_serial = serial_witness(t, bits);
      ASSERT_TRUE(expect.check_witness(bits, F::from_u32(w_serial)));
      for (int threads : {1, 2, 3}) {
        Transcript g = t;
        F w = g.grind(bits, threads);
        EXPECT_EQ(w.as_canonical(), w_serial) << "pending=" << pending << " bits=" << bits;
        // The transcript moved exactly as check_witness moves it.
        EXPECT_EQ(g.sample(), Transcript(expect).sample());
      }
    }
  }
}

TEST(Transcript, ZeroBitPowIsFree) {
  Transcript t, u;
  EXPECT_TRUE(t.check_witness(0, F::from_u32(77)));
  EXPECT_EQ(t.grind(0), F::zero());
  EXPECT_EQ(t.sample(), u.sample());  // nothing was observed
}

TEST(Transcript, WrongWitnessIsRejected) {
  Transcript t;
  t.observe(F::from_u32(1));
  Transcript g = t;
  F w = g.grind(12, 2);
  // Some other witness near w fails (probability 1 - 2^-12 each).
  int rejected = 0;
  for (uint32_t d = 1; d <= 4; ++d) {
    Transcript c = t;
    if (!c.check_witness(12, w + F::from_u32(d))) ++rejected;
  }
  EXPECT_GE(rejected, 3);
}

}  // namespace
}  // namespace swirl
