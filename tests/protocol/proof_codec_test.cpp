#include "swirl/protocol/proof_codec.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>

#include "swirl/field/rng.h"

// The largest single allocation while tracking is on (ForgedLengthOf2To60).
namespace {
std::atomic<bool> g_track_alloc{false};
std::atomic<size_t> g_largest_alloc{0};
}  // namespace

// GCC flags free() in a replacement operator delete as mismatched with new.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(size_t n) {
  if (g_track_alloc.load(std::memory_order_relaxed)) {
    size_t seen = g_largest_alloc.load(std::memory_order_relaxed);
    while (n > seen && !g_largest_alloc.compare_exchange_weak(seen, n)) {
    }
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace swirl {
namespace {

using EF = BabyBear4;

// ---- random proofs of consistent (encodable) shape --------------------------

Digest random_digest(SplitMix64& rng) {
  Digest d;
  for (auto& x : d) x = rng.field();
  return d;
}

std::vector<EF> random_exts(SplitMix64& rng, size_t n) {
  std::vector<EF> v(n);
  for (auto& x : v) x = rng.ext();
  return v;
}

Proof random_proof(SplitMix64& rng) {
  Proof p;
  p.common_main_commit = random_digest(rng);
  const size_t airs = rng.below(20);
  for (size_t a = 0; a < airs; ++a) {
    if (rng.below(3) == 0) {
      p.trace_vdata.emplace_back(std::nullopt);
      p.public_values.emplace_back();
      continue;
    }
    TraceVData v;
    v.log_height = rng.below(25);
    for (size_t c = rng.below(3); c > 0; --c) v.cached_commitments.push_back(random_digest(rng));
    p.trace_vdata.emplace_back(v);
    std::vector<BabyBear> pvs(rng.below(4));
    for (auto& x : pvs) x = rng.field();
    p.public_values.push_back(pvs);
  }
  // An extra public-values list: the codec does not tie its length to num_airs.
  if (rng.below(4) == 0) p.public_values.emplace_back(1, rng.field());

  GkrProof& g = p.gkr_proof;
  g.logup_pow_witness = rng.field();
  g.q0_claim = rng.ext();
  const size_t layers = rng.below(6);
  for (size_t j = 0; j < layers; ++j) g.claims_per_layer.push_back({rng.ext(), rng.ext(), rng.ext(), rng.ext()});
  for (size_t j = 1; j < layers; ++j) {
    std::vector<std::array<EF, 3>> rounds(j);
    for (auto& e : rounds) e = {rng.ext(), rng.ext(), rng.ext()};
    g.sumcheck_polys.push_back(rounds);
  }

  BatchConstraintProof& b = p.batch_constraint_proof;
  const size_t present = rng.below(5);
  b.numerator_term_per_air = random_exts(rng, present);
  b.denominator_term_per_air = random_exts(rng, present);
  b.univariate_round_coeffs = random_exts(rng, rng.below(20));
  const size_t n_max = rng.below(4), evals = 1 + rng.below(4);
  for (size_t i = 0; i < n_max; ++i) b.sumcheck_round_polys.push_back(random_exts(rng, evals));
  for (size_t a = 0; a < present; ++a) {
    std::vector<std::vector<EF>> parts(1 + rng.below(3));
    for (auto& part : parts) part = random_exts(rng, rng.below(6));
    b.column_openings.push_back(parts);
  }

  StackingProof& s = p.stacking_proof;
  s.univariate_round_coeffs = random_exts(rng, rng.below(8));
  for (size_t i = rng.below(5); i > 0; --i) s.sumcheck_round_polys.push_back({rng.ext(), rng.ext()});
  for (size_t c = rng.below(4); c > 0; --c) s.stacking_openings.push_back(random_exts(rng, rng.below(5)));

  WhirProof& w = p.whir_proof;
  w.mu_pow_witness = rng.field();
  const size_t rounds = 1 + rng.below(3), k = rng.below(4);
  for (size_t i = 0; i < rounds * k; ++i) w.whir_sumcheck_polys.push_back({rng.ext(), rng.ext()});
  for (size_t i = 0; i + 1 < rounds; ++i) w.codeword_commits.push_back(random_digest(rng));
  w.ood_values = random_exts(rng, rounds - 1);
  for (size_t i = 0; i < rounds * k; ++i) w.folding_pow_witnesses.push_back(rng.field());
  for (size_t i = 0; i < rounds; ++i) w.query_phase_pow_witnesses.push_back(rng.field());
  const size_t commits = 1 + rng.below(3), queries = rng.below(4);
  const size_t depth0 = rng.below(5);
  for (size_t c = 0; c < commits; ++c) {
    const size_t width = 1 + rng.below(4);
    std::vector<std::vector<std::vector<BabyBear>>> per_query(queries);
    std::vector<MerkleProof> proofs(queries);
    for (size_t q = 0; q < queries; ++q) {
      per_query[q].resize(size_t{1} << k);
      for (auto& row : per_query[q]) {
        row.resize(width);
        for (auto& x : row) x = rng.field();
      }
      for (size_t d = 0; d < depth0; ++d) proofs[q].push_back(random_digest(rng));
    }
    w.initial_round_opened_rows.push_back(per_query);
    w.initial_round_merkle_proofs.push_back(proofs);
  }
  // Later rounds: with initial queries the round-1 depth is written, so
  // round 1 needs a query; without them the written depth is 0, so only
  // round 1 may carry (depth-0) proofs.
  const size_t depth1 = queries > 0 ? rounds + rng.below(4) : 0;
  for (size_t r = 0; r + 1 < rounds; ++r) {
    size_t q_r = rng.below(4);
    if (queries > 0 && r == 0 && q_r == 0) q_r = 1;
    if (queries == 0 && r > 0) q_r = 0;
    std::vector<std::vector<EF>> values(q_r);
    std::vector<MerkleProof> proofs(q_r);
    for (size_t q = 0; q < q_r; ++q) {
      values[q] = random_exts(rng, size_t{1} << k);
      for (size_t d = 0; d < depth1 - r; ++d) proofs[q].push_back(random_digest(rng));
    }
    w.codeword_opened_values.push_back(values);
    w.codeword_merkle_proofs.push_back(proofs);
  }
  w.final_poly = random_exts(rng, 1 + rng.below(8));
  return p;
}

TEST(ProofCodec, RandomShapesRoundTrip) {
  SplitMix64 rng(42);
  for (int it = 0; it < 200; ++it) {
    Proof p = random_proof(rng);
    std::vector<uint8_t> bytes = encode_proof(p);
    auto decoded = decode_proof(bytes);
    ASSERT_TRUE(decoded.has_value()) << "iteration " << it << ": " << decoded.error().reason;
    EXPECT_EQ(*decoded, p) << "iteration " << it;
    EXPECT_EQ(encode_proof(*decoded), bytes);
  }
}

// ---- the exact bytes of a small proof, written from the reference's rules ----

// Independent byte builder for the expected layout (not ByteWriter).
struct Bytes {
  std::vector<uint8_t> b;
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void u8(uint8_t v) { b.push_back(v); }
  // An extension element (c, c+1, c+2, c+3) / a digest (c, ..., c+7), as
  // built by ext_at / digest_at below.
  void ext_at(uint32_t c) {
    for (uint32_t i = 0; i < 4; ++i) u32(c + i);
  }
  void digest_at(uint32_t c) {
    for (uint32_t i = 0; i < 8; ++i) u32(c + i);
  }
};

EF ext_at(uint32_t c) { return EF::from_canonical(c, c + 1, c + 2, c + 3); }
Digest digest_at(uint32_t c) {
  Digest d;
  for (uint32_t i = 0; i < 8; ++i) d[i] = BabyBear::from_canonical(c + i);
  return d;
}
BabyBear f(uint32_t v) { return BabyBear::from_canonical(v); }

Proof small_proof() {
  Proof p;
  p.common_main_commit = digest_at(1);
  p.trace_vdata = {TraceVData{5, {}}, std::nullopt, TraceVData{2, {digest_at(100)}}};
  p.public_values = {{f(7)}, {}, {f(8), f(9)}};
  p.gkr_proof.logup_pow_witness = f(11);
  p.gkr_proof.q0_claim = ext_at(20);
  p.gkr_proof.claims_per_layer = {{ext_at(30), ext_at(40), ext_at(50), ext_at(60)},
                                  {ext_at(70), ext_at(80), ext_at(90), ext_at(110)}};
  p.gkr_proof.sumcheck_polys = {{{ext_at(120), ext_at(130), ext_at(140)}}};
  BatchConstraintProof& b = p.batch_constraint_proof;
  b.numerator_term_per_air = {ext_at(200)};
  b.denominator_term_per_air = {ext_at(210)};
  b.univariate_round_coeffs = {ext_at(220), ext_at(230)};
  b.sumcheck_round_polys = {{ext_at(240), ext_at(250)}};
  b.column_openings = {{{ext_at(260)}, {ext_at(270), ext_at(280)}}};
  StackingProof& s = p.stacking_proof;
  s.univariate_round_coeffs = {ext_at(300)};
  s.sumcheck_round_polys = {{ext_at(310), ext_at(320)}};
  s.stacking_openings = {{ext_at(330)}};
  WhirProof& w = p.whir_proof;  // 2 rounds, k = 1, one commitment, one query
  w.mu_pow_witness = f(5);
  w.whir_sumcheck_polys = {{ext_at(400), ext_at(410)}, {ext_at(420), ext_at(430)}};
  w.codeword_commits = {digest_at(440)};
  w.ood_values = {ext_at(450)};
  w.folding_pow_witnesses = {f(460), f(461)};
  w.query_phase_pow_witnesses = {f(462), f(463)};
  w.initial_round_opened_rows = {{{{f(470), f(471)}, {f(472), f(473)}}}};
  w.initial_round_merkle_proofs = {{{digest_at(480), digest_at(490)}}};
  w.codeword_opened_values = {{{ext_at(500), ext_at(510)}}};
  w.codeword_merkle_proofs = {{{digest_at(520)}}};
  w.final_poly = {ext_at(530)};
  return p;
}

std::vector<uint8_t> small_proof_expected_bytes() {
  Bytes e;
  e.u32(3);  // CODEC_VERSION
  e.digest_at(1);
  e.u32(3);          // num_airs
  e.u8(0b00000101);  // AIRs 0 and 2 present
  e.u32(5);          // AIR 0: log_height, no cached commitments
  e.u32(0);
  e.u32(2);  // AIR 2: log_height, one cached commitment
  e.u32(1);
  e.digest_at(100);
  e.u32(3);  // public values: 3 lists
  e.u32(1);
  e.u32(7);
  e.u32(0);
  e.u32(2);
  e.u32(8);
  e.u32(9);
  // GkrProof: witness, q0, Vec<claims> (p0, p1, q0, q1 each), then layer 2's
  // single round [EF; 3] with no length.
  e.u32(11);
  e.ext_at(20);
  e.u32(2);
  for (uint32_t c : {30, 40, 50, 60, 70, 80, 90, 110}) e.ext_at(c);
  for (uint32_t c : {120, 130, 140}) e.ext_at(c);
  // BatchConstraintProof
  e.u32(1);  // numerator terms
  e.ext_at(200);
  e.ext_at(210);  // denominators: implied length
  e.u32(2);       // univariate coefficients
  e.ext_at(220);
  e.ext_at(230);
  e.u32(1);  // n_max
  e.u32(2);  // evaluations per round
  e.ext_at(240);
  e.ext_at(250);
  e.u32(2);  // AIR 0: two parts
  e.u32(1);
  e.ext_at(260);
  e.u32(2);
  e.ext_at(270);
  e.ext_at(280);
  // StackingProof
  e.u32(1);
  e.ext_at(300);
  e.u32(1);
  e.ext_at(310);
  e.ext_at(320);
  e.u32(1);
  e.u32(1);
  e.ext_at(330);
  // WhirProof
  e.u32(5);  // mu witness
  e.u32(2);  // sumcheck rounds
  for (uint32_t c : {400, 410, 420, 430}) e.ext_at(c);
  e.u32(1);  // codeword commits
  e.digest_at(440);
  e.ext_at(450);  // OOD values: implied
  for (uint32_t v : {460, 461, 462, 463}) e.u32(v);
  e.u32(1);  // num_commits
  e.u32(1);  // initial queries
  e.u32(2);  // initial merkle depth
  e.u32(2);  // width of commitment 0
  for (uint32_t v : {470, 471, 472, 473}) e.u32(v);
  e.digest_at(480);
  e.digest_at(490);
  e.u32(1);  // round 1: one query
  e.ext_at(500);
  e.ext_at(510);
  e.u32(1);  // round-1 merkle depth
  e.digest_at(520);
  e.u32(1);  // final poly
  e.ext_at(530);
  return e.b;
}

TEST(ProofCodec, SmallProofExactBytes) {
  std::vector<uint8_t> want = small_proof_expected_bytes();
  EXPECT_EQ(encode_proof(small_proof()), want);
  auto decoded = decode_proof(want);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().reason;
  EXPECT_EQ(*decoded, small_proof());
}

TEST(ProofCodec, TruncationAtEveryPositionFails) {
  std::vector<uint8_t> bytes = small_proof_expected_bytes();
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = decode_proof(std::span<const uint8_t>(bytes.data(), n));
    ASSERT_FALSE(r.has_value()) << "prefix of " << n << " bytes decoded";
    EXPECT_EQ(r.error().kind, DecodeErrorKind::kTruncated) << n;
  }
  SplitMix64 rng(7);
  for (int it = 0; it < 5; ++it) {
    std::vector<uint8_t> big = encode_proof(random_proof(rng));
    for (size_t n = 0; n < big.size(); n += 1 + n / 64)
      ASSERT_FALSE(decode_proof(std::span<const uint8_t>(big.data(), n)).has_value()) << n;
  }
}

TEST(ProofCodec, TrailingBytesRejected) {
  std::vector<uint8_t> bytes = small_proof_expected_bytes();
  bytes.push_back(0);
  auto r = decode_proof(bytes);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kTrailingBytes);
  EXPECT_EQ(r.error().offset, bytes.size() - 1);
}

TEST(ProofCodec, VersionAndFieldRange) {
  std::vector<uint8_t> bytes = small_proof_expected_bytes();
  bytes[0] = 2;
  EXPECT_EQ(decode_proof(bytes).error().kind, DecodeErrorKind::kVersionMismatch);
  bytes = small_proof_expected_bytes();
  // The first element of common_main_commit set to p.
  const uint32_t p = BabyBear::kP;
  for (int i = 0; i < 4; ++i) bytes[4 + i] = static_cast<uint8_t>(p >> (8 * i));
  EXPECT_EQ(decode_proof(bytes).error().kind, DecodeErrorKind::kFieldOutOfRange);
}

// Every mutation either fails cleanly or yields a proof whose canonical
// encoding is exactly the mutated bytes.
TEST(ProofCodec, RandomByteFlipsNeverCrash) {
  SplitMix64 rng(99);
  size_t accepted = 0, rejected = 0;
  for (int it = 0; it < 40; ++it) {
    const std::vector<uint8_t> base = it == 0 ? small_proof_expected_bytes() : encode_proof(random_proof(rng));
    for (int m = 0; m < 60; ++m) {
      std::vector<uint8_t> bytes = base;
      const int flips = 1 + static_cast<int>(rng.below(3));
      for (int i = 0; i < flips; ++i) {
        const size_t pos = rng.below(bytes.size());
        if (rng.below(2) == 0)
          bytes[pos] ^= static_cast<uint8_t>(1u << rng.below(8));
        else
          bytes[pos] = static_cast<uint8_t>(rng.next_u32());
      }
      auto r = decode_proof(bytes);
      if (r.has_value()) {
        ++accepted;
        ASSERT_EQ(encode_proof(*r), bytes);
      } else {
        ++rejected;
      }
    }
  }
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(accepted, 0u);  // flips inside field values stay valid proofs
}

TEST(ProofCodec, RandomGarbageNeverCrashes) {
  SplitMix64 rng(5);
  for (int it = 0; it < 2000; ++it) {
    std::vector<uint8_t> bytes(rng.below(300));
    for (auto& x : bytes) x = static_cast<uint8_t>(rng.below(4) == 0 ? rng.next_u32() : rng.below(3));
    if (bytes.size() >= 4) bytes[0] = 3, bytes[1] = bytes[2] = bytes[3] = 0;
    auto r = decode_proof(bytes);
    if (r.has_value()) {
      EXPECT_EQ(encode_proof(*r), bytes);
    }
  }
}

// ---- forged lengths: no huge allocation, no long loops -----------------------

TEST(ProofCodec, ForgedHugeImpliedLengthsAreRejectedQuickly) {
  {
    // Batch proof: no AIRs, no coefficients, n_max = 2^32 - 1 rounds of 0
    // evaluations each (zero bytes per round).
    Bytes e;
    e.u32(0);
    e.u32(0);
    e.u32(0xffffffffu);
    e.u32(0);
    ByteReader r(e.b);
    try {
      read_batch_constraint_proof(r);
      FAIL() << "decoded";
    } catch (const DecodeError& err) {
      EXPECT_EQ(err.kind(), DecodeErrorKind::kTooLarge);
    }
  }
  {
    // WHIR proof: one round, k = 0, 2^32 - 1 commitments, no queries.
    Bytes e;
    e.u32(0);  // mu witness
    e.u32(0);  // sumcheck rounds
    e.u32(0);  // codeword commits
    e.u32(0);  // query witness
    e.u32(0xffffffffu);
    e.u32(0);
    ByteReader r(e.b);
    try {
      read_whir_proof(r);
      FAIL() << "decoded";
    } catch (const DecodeError& err) {
      EXPECT_EQ(err.kind(), DecodeErrorKind::kTooLarge);
    }
  }
  {
    // WHIR: rows of width 0, 2^32 - 1 queries.
    Bytes e;
    e.u32(0);
    e.u32(0);
    e.u32(0);
    e.u32(0);
    e.u32(1);            // one commitment
    e.u32(0xffffffffu);  // queries
    e.u32(0);            // depth
    e.u32(0);            // width
    ByteReader r(e.b);
    try {
      read_whir_proof(r);
      FAIL() << "decoded";
    } catch (const DecodeError& err) {
      EXPECT_EQ(err.kind(), DecodeErrorKind::kTooLarge);
    }
  }
  {
    // A huge explicit length fails on the missing bytes.
    Bytes e;
    e.u32(0xffffffffu);
    ByteReader r(e.b);
    EXPECT_THROW(read_stacking_proof(r), DecodeError);
  }
}

// A whole proof whose WHIR part implies 2^60 rows per query (60 sumcheck
// rounds in one WHIR round: k = 60), and one whose public values claim 2^32 - 1
// lists: each is a clean, fast rejection, and no allocation is larger than
// the input could justify.
TEST(ProofCodec, ForgedLengthOf2To60) {
  auto prefix = [](uint32_t public_value_lists) {
    Bytes e;
    e.u32(kCodecVersion);
    e.digest_at(1);              // common_main_commit
    e.u32(0);                    // no AIRs
    e.u32(public_value_lists);   // public values
    return e;
  };
  auto rest = [](Bytes& e, uint32_t width) {
    e.u32(0), e.ext_at(1), e.u32(0);          // GKR: pow, q0, no layers
    e.u32(0), e.u32(0), e.u32(0);             // batch: no AIRs, no coefficients, n_max 0
    e.u32(0), e.u32(0), e.u32(0);             // stacking: all empty
    e.u32(0);                                 // WHIR: mu witness
    e.u32(60);                                // 60 sumcheck rounds ...
    for (int i = 0; i < 120; ++i) e.ext_at(1);
    e.u32(0);                                 // ... and no codeword commits: one round, k = 60
    for (int i = 0; i < 61; ++i) e.u32(0);    // folding and query PoW witnesses
    e.u32(1), e.u32(1), e.u32(0), e.u32(width);  // one commitment, one query, depth 0, width
  };
  struct Case {
    const char* what;
    std::vector<uint8_t> bytes;
    DecodeErrorKind kind;
    size_t max_alloc = 0;  // 0: proportional to the input (see below)
  };
  std::vector<Case> cases;
  for (uint32_t width : {0u, 1u}) {
    Bytes e = prefix(0);
    rest(e, width);
    for (int i = 0; i < 64; ++i) e.u32(0);  // some rows, far from 2^60
    cases.push_back({width == 0 ? "2^60 rows of width 0" : "2^60 rows of width 1", e.b,
                     width == 0 ? DecodeErrorKind::kTooLarge : DecodeErrorKind::kTruncated});
  }
  {
    Bytes e = prefix(0xffffffffu);
    rest(e, 1);
    cases.push_back({"2^32 - 1 public value lists", e.b, DecodeErrorKind::kTruncated});
    // The same with a few bytes left: a length beyond them reserves nothing.
    Bytes short_input = prefix(0xffffffffu);
    short_input.u32(0);
    cases.push_back({"2^32 - 1 lists, 4 bytes left", short_input.b, DecodeErrorKind::kTruncated, 1024});
  }
  for (const Case& c : cases) {
    g_largest_alloc = 0;
    const auto t0 = std::chrono::steady_clock::now();
    g_track_alloc = true;
    auto r = decode_proof(c.bytes);
    g_track_alloc = false;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_FALSE(r.has_value()) << c.what;
    EXPECT_EQ(r.error().kind, c.kind) << c.what << ": " << r.error().reason;
    EXPECT_LT(s, 1.0) << c.what;
    // Reservations are capped by the bytes left and the containers built by
    // the decoder's budget (one per input byte + 4096, 24 bytes each, a
    // vector's doubling): proportional to the input, nothing near the claim.
    EXPECT_LE(g_largest_alloc.load(), c.max_alloc ? c.max_alloc : 64 * (c.bytes.size() + 4096)) << c.what;
  }
}

// ---- canonical form -----------------------------------------------------------

TEST(ProofCodec, NonCanonicalEncodingsRejected) {
  {
    std::vector<uint8_t> bytes = small_proof_expected_bytes();
    bytes[4 + 32 + 4] |= 0x80;  // a padding bit of the presence bitmap (3 AIRs)
    auto r = decode_proof(bytes);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, DecodeErrorKind::kNonCanonical);
  }
  {
    // One WHIR round: the reference writes 0 for the unused round-1 depth;
    // its decoder ignores the value, swirl rejects anything else.
    Proof p = small_proof();
    WhirProof& w = p.whir_proof;
    w.whir_sumcheck_polys.resize(1);
    w.folding_pow_witnesses.resize(1);
    w.query_phase_pow_witnesses.resize(1);
    w.codeword_commits.clear();
    w.ood_values.clear();
    w.codeword_opened_values.clear();
    w.codeword_merkle_proofs.clear();
    std::vector<uint8_t> bytes = encode_proof(p);
    ASSERT_TRUE(decode_proof(bytes).has_value());
    // The depth word sits just before final_poly (u32 length + one EF).
    const size_t depth_at = bytes.size() - 4 - 16 - 4;
    ASSERT_EQ(bytes[depth_at], 0);
    bytes[depth_at] = 1;
    auto r = decode_proof(bytes);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, DecodeErrorKind::kNonCanonical);
  }
}

TEST(ProofCodec, UnrepresentableShapesThrowOnEncode) {
  int line = 0;
  auto expect_throw = [&line](auto mutate) {
    ++line;
    Proof p = small_proof();
    mutate(p);
    EXPECT_THROW(encode_proof(p), std::invalid_argument) << "case " << line;
  };
  expect_throw([](Proof& p) { p.gkr_proof.sumcheck_polys.clear(); });
  expect_throw([](Proof& p) { p.gkr_proof.sumcheck_polys[0].push_back({}); });
  expect_throw([](Proof& p) { p.batch_constraint_proof.denominator_term_per_air.clear(); });
  expect_throw([](Proof& p) { p.batch_constraint_proof.column_openings.clear(); });
  expect_throw([](Proof& p) {
    p.batch_constraint_proof.sumcheck_round_polys.push_back({EF::one()});  // 1 eval vs 2
  });
  expect_throw([](Proof& p) { p.whir_proof.whir_sumcheck_polys.pop_back(); });
  expect_throw([](Proof& p) { p.whir_proof.ood_values.clear(); });
  expect_throw([](Proof& p) { p.whir_proof.query_phase_pow_witnesses.pop_back(); });
  expect_throw([](Proof& p) { p.whir_proof.initial_round_opened_rows.clear(); });
  expect_throw([](Proof& p) { p.whir_proof.initial_round_opened_rows[0][0][1].pop_back(); });
  expect_throw([](Proof& p) { p.whir_proof.initial_round_opened_rows[0][0].pop_back(); });
  expect_throw([](Proof& p) {  // two queries with Merkle proofs of different depths
    WhirProof& w = p.whir_proof;
    w.initial_round_opened_rows[0].push_back(w.initial_round_opened_rows[0][0]);
    w.initial_round_merkle_proofs[0].push_back(w.initial_round_merkle_proofs[0][0]);
    w.initial_round_merkle_proofs[0][1].pop_back();
  });
  expect_throw([](Proof& p) {  // round-1 proofs of different depths
    WhirProof& w = p.whir_proof;
    w.codeword_opened_values[0].push_back(w.codeword_opened_values[0][0]);
    w.codeword_merkle_proofs[0].push_back({});
  });
  expect_throw([](Proof& p) { p.whir_proof.codeword_opened_values[0][0].pop_back(); });
  expect_throw([](Proof& p) { p.whir_proof.codeword_merkle_proofs[0].clear(); });
  expect_throw([](Proof& p) {
    p.whir_proof.codeword_opened_values[0].clear();  // round 1 without queries
    p.whir_proof.codeword_merkle_proofs[0].clear();
  });
}

}  // namespace
}  // namespace swirl
