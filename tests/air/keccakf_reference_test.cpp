#include "swirl/air/examples/keccakf_reference.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "swirl/air/examples/keccakf_constants.h"

namespace swirl {
namespace {

// Keccak-f[1600] on the all-zero state, once and twice: the Keccak team's
// published intermediate values (XKCP, tests/TestVectors/
// KeccakF-1600-IntermediateValues.txt; the same 50 lanes appear in many
// implementations' tests, e.g. the const_keccak256 crate's documentation).
constexpr KeccakState kZeroOnce = {
    0xF1258F7940E1DDE7, 0x84D5CCF933C0478A, 0xD598261EA65AA9EE, 0xBD1547306F80494D, 0x8B284E056253D057,
    0xFF97A42D7F8E6FD4, 0x90FEE5A0A44647C4, 0x8C5BDA0CD6192E76, 0xAD30A6F71B19059C, 0x30935AB7D08FFC64,
    0xEB5AA93F2317D635, 0xA9A6E6260D712103, 0x81A57C16DBCF555F, 0x43B831CD0347C826, 0x01F22F1A11A5569F,
    0x05E5635A21D9AE61, 0x64BEFEF28CC970F2, 0x613670957BC46611, 0xB87C5A554FD00ECB, 0x8C3EE88A1CCF32C8,
    0x940C7922AE3A2614, 0x1841F924A2C509E4, 0x16F53526E70465C2, 0x75F644E97F30A13B, 0xEAF1FF7B5CECA249,
};
constexpr KeccakState kZeroTwice = {
    0x2D5C954DF96ECB3C, 0x6A332CD07057B56D, 0x093D8D1270D76B6C, 0x8A20D9B25569D094, 0x4F9C4F99E5E7F156,
    0xF957B9A2DA65FB38, 0x85773DAE1275AF0D, 0xFAF4F247C3D810F7, 0x1F1B9EE6F79A8759, 0xE4FECC0FEE98B425,
    0x68CE61B6B9CE68A1, 0xDEEA66C4BA8F974F, 0x33C43D836EAFB1F5, 0xE00654042719DBD9, 0x7CF8A9F009831265,
    0xFD5449A6BF174743, 0x97DDAD33D8994B40, 0x48EAD5FC5D0BE774, 0xE3B8C8EE55B7B03C, 0x91A0226E649E42E9,
    0x900E3129E7BADD7B, 0x202A9EC5FAA3CCE8, 0x5B3402464E1C3DB6, 0x609F4E62A44C1059, 0x20D06CD26A8FBF5C,
};

TEST(KeccakfReference, ZeroStateKnownAnswers) {
  KeccakState s{};
  keccakf_permute(s);
  EXPECT_EQ(s, kZeroOnce);
  keccakf_permute(s);
  EXPECT_EQ(s, kZeroTwice);
}

// A one-block sponge over the permutation (rate 136 bytes, lanes read
// little-endian), to check the permutation and the lane order end to end
// against published digests.
std::string sponge256(const std::string& msg, uint8_t domain_pad) {
  constexpr size_t kRate = 136;
  EXPECT_LT(msg.size(), kRate);
  std::vector<uint8_t> block(kRate, 0);
  for (size_t i = 0; i < msg.size(); ++i) block[i] = static_cast<uint8_t>(msg[i]);
  block[msg.size()] ^= domain_pad;
  block[kRate - 1] ^= 0x80;
  KeccakState s{};
  for (size_t i = 0; i < kRate; ++i) s[i / 8] ^= uint64_t{block[i]} << (8 * (i % 8));
  keccakf_permute(s);
  std::string hex;
  const char* digits = "0123456789abcdef";
  for (size_t i = 0; i < 32; ++i) {
    const auto byte = static_cast<uint8_t>(s[i / 8] >> (8 * (i % 8)));
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  return hex;
}

TEST(KeccakfReference, SpongeDigests) {
  // FIPS 202 / NIST example values, and Keccak-256("") as in tiny-keccak's
  // tests/test.rs (empty_keccak).
  EXPECT_EQ(sponge256("", 0x06), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  EXPECT_EQ(sponge256("abc", 0x06), "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  EXPECT_EQ(sponge256("", 0x01), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

// The tables the AIR uses (the reference's constants.rs) equal the values
// FIPS 202 defines.
TEST(KeccakfReference, TabulatedConstantsMatchDerivation) {
  const auto rc = keccakf_derived_round_constants();
  for (size_t r = 0; r < keccakf::kRounds; ++r) EXPECT_EQ(rc[r], keccakf::kRoundConstants[r]) << "round " << r;
  const auto rho = keccakf_derived_rho_offsets();
  for (int x = 0; x < 5; ++x)
    for (int y = 0; y < 5; ++y) EXPECT_EQ(rho[x][y], keccakf::kRho[x][y]) << "x " << x << " y " << y;
}

TEST(KeccakfReference, IsAPermutationNotIdentity) {
  KeccakState a{}, b{};
  b[7] = 1;
  keccakf_permute(a);
  keccakf_permute(b);
  EXPECT_NE(a, b);
  int differing_bits = 0;
  for (size_t i = 0; i < 25; ++i) differing_bits += __builtin_popcountll(a[i] ^ b[i]);
  EXPECT_GT(differing_bits, 600);  // one input bit flips about half of 1600
}

}  // namespace
}  // namespace swirl
