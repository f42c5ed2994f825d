// The Fiat-Shamir transcript: a width-16 Poseidon2 duplex sponge in overwrite
// mode with rate 8, observing and sampling BabyBear elements one at a time.
//
// Sponge rules (they fix every challenge of a proof, so they are exact):
//  * observe(x): write x into lane `absorb_idx` and advance it; when it reaches
//    8 the state is permuted, absorb_idx returns to 0 and all 8 rate lanes
//    become available for sampling again.
//  * sample(): if anything was absorbed since the last permutation, or every
//    available output has been consumed, permute first (absorb_idx <- 0,
//    8 outputs available). Then hand out the rate lanes from the top down:
//    lane 7, lane 6, ..., lane 0.
//  * Extension elements are observed and sampled coefficient by coefficient,
//    c0 first. A digest is observed as its 8 elements in order.
//  * sample_bits(b): sample one element, take its canonical value mod 2^b.
//  * Proof of work with b bits: the witness w is observed and sample_bits(b)
//    must be 0. The prover's search tries w = 0, 1, 2, ... and returns the
//    smallest witness that passes, so the proof is deterministic (the same
//    witness the reference finds when it searches serially).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/crypto/poseidon2_batch.h"
#include "swirl/field/babybear4.h"

namespace swirl {

/// The reference permutation as a functor, the default of BasicDuplexSponge
/// (host only: poseidon2_permute_one, the vectorised single-state
/// permutation, since a transcript permutes one state at a time).
struct Poseidon2Permutation {
  void operator()(BabyBear* state) const { poseidon2_permute_one(state); }
};

/// A duplex sponge in overwrite mode over BabyBear. The transcript uses width
/// 16, rate 8 and Poseidon2; the parameters exist so the sponge rules can be
/// checked against published vectors made with other permutations.
template <int Width, int Rate, typename Permutation>
class BasicDuplexSponge {
  static_assert(0 < Rate && Rate < Width);

 public:
  static constexpr int kWidth = Width;
  static constexpr int kRate = Rate;
  using State = std::array<BabyBear, Width>;

  BasicDuplexSponge() = default;
  explicit BasicDuplexSponge(Permutation perm) : perm_(perm) {}

  void absorb(BabyBear x) {
    state_[absorb_idx_++] = x;
    if (absorb_idx_ == kRate) permute();
  }

  BabyBear squeeze() {
    if (absorb_idx_ != 0 || sample_idx_ == 0) permute();
    return state_[--sample_idx_];
  }

  const State& state() const { return state_; }
  int absorb_idx() const { return absorb_idx_; }
  int sample_idx() const { return sample_idx_; }

 private:
  void permute() {
    perm_(state_.data());
    absorb_idx_ = 0;
    sample_idx_ = kRate;
  }

  Permutation perm_{};
  State state_{};
  int absorb_idx_ = 0;  // 0 <= absorb_idx < kRate
  int sample_idx_ = 0;  // 0 <= sample_idx <= kRate
};

/// The transcript's sponge: width 16, rate 8, Poseidon2.
using DuplexSponge = BasicDuplexSponge<kPoseidon2Width, kPoseidon2Rate, Poseidon2Permutation>;

/// Every value that passed through a transcript, in order, with whether it
/// was sampled (true) or observed (false). Used to compare transcripts.
struct TranscriptLog {
  std::vector<BabyBear> values;
  std::vector<bool> is_sample;
  size_t size() const { return values.size(); }
  friend bool operator==(const TranscriptLog&, const TranscriptLog&) = default;
};

class Transcript {
 public:
  Transcript() = default;

  /// Starts recording every observed and sampled value into `log`.
  void record_into(TranscriptLog* log) { log_ = log; }

  void observe(BabyBear x) {
    sponge_.absorb(x);
    if (log_) {
      log_->values.push_back(x);
      log_->is_sample.push_back(false);
    }
  }
  BabyBear sample() {
    BabyBear x = sponge_.squeeze();
    if (log_) {
      log_->values.push_back(x);
      log_->is_sample.push_back(true);
    }
    return x;
  }

  void observe_ext(const BabyBear4& x) {
    for (int i = 0; i < BabyBear4::kDegree; ++i) observe(x[i]);
  }
  BabyBear4 sample_ext() {
    BabyBear c0 = sample();
    BabyBear c1 = sample();
    BabyBear c2 = sample();
    BabyBear c3 = sample();
    return BabyBear4(c0, c1, c2, c3);
  }
  void observe_digest(const Digest& d) {
    for (BabyBear x : d) observe(x);
  }
  void observe_many(const BabyBear* xs, size_t n) {
    for (size_t i = 0; i < n; ++i) observe(xs[i]);
  }

  /// A value in [0, 2^bits): the low bits of one sampled element's canonical
  /// value. Requires bits < 32 and 2^bits < p (so bits <= 30).
  uint32_t sample_bits(int bits);

  /// Observes `witness` and accepts iff the next sample_bits(bits) is zero.
  /// With bits == 0 nothing is observed and every witness is accepted.
  bool check_witness(int bits, BabyBear witness);

  /// Finds the smallest witness that check_witness accepts, using `threads`
  /// threads (0: OpenMP's default), then applies it to this transcript (as
  /// check_witness does) and returns it. With bits == 0 returns zero and
  /// leaves the transcript unchanged.
  BabyBear grind(int bits, int threads = 0);

  /// The smallest witness that passes at this transcript state, without
  /// changing the transcript; nullopt if none below `limit` does.
  std::optional<BabyBear> find_pow_witness(int bits, int threads = 0, uint64_t limit = BabyBear::kP) const;

  const DuplexSponge& sponge() const { return sponge_; }

 private:
  DuplexSponge sponge_;
  TranscriptLog* log_ = nullptr;
};

/// Transcript::find_pow_witness on a bare sponge state: the smallest witness
/// w < limit such that observing w and sampling `bits` bits gives zero.
/// Grinding is compute; backends run it (ProverBackend::grind).
std::optional<BabyBear> find_pow_witness(const DuplexSponge& sponge, int bits, int threads = 0,
                                         uint64_t limit = BabyBear::kP);

}  // namespace swirl
