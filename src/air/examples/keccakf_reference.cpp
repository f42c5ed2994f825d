#include "swirl/air/examples/keccakf_reference.h"

#include <cstddef>

namespace swirl {
namespace {

uint64_t rot(uint64_t v, int r) {
  r &= 63;
  return r == 0 ? v : (v << r) | (v >> (64 - r));
}

size_t idx(int x, int y) { return static_cast<size_t>(x + 5 * y); }

// rc(t) of FIPS 202 algorithm 5: an 8-bit LFSR with feedback polynomial
// x^8 + x^6 + x^5 + x^4 + 1; the output is its low bit after t steps.
bool lfsr_bit(int t) {
  unsigned r = 1;
  for (int i = 0; i < t % 255; ++i) {
    r <<= 1;
    if (r & 0x100) r ^= 0x171;  // drop bit 8, fold it into bits 0, 4, 5, 6
  }
  return r & 1;
}

struct Tables {
  std::array<uint64_t, 24> rc{};
  std::array<std::array<int, 5>, 5> rho{};
  Tables() {
    for (int round = 0; round < 24; ++round)
      for (int j = 0; j <= 6; ++j)
        if (lfsr_bit(j + 7 * round)) rc[round] |= uint64_t{1} << ((1 << j) - 1);
    int x = 1, y = 0;
    for (int t = 0; t < 24; ++t) {
      rho[x][y] = ((t + 1) * (t + 2) / 2) % 64;
      const int nx = y, ny = (2 * x + 3 * y) % 5;
      x = nx;
      y = ny;
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

std::array<uint64_t, 24> keccakf_derived_round_constants() { return tables().rc; }
std::array<std::array<int, 5>, 5> keccakf_derived_rho_offsets() { return tables().rho; }

void keccakf_permute(KeccakState& a) {
  const Tables& t = tables();
  for (int round = 0; round < 24; ++round) {
    // theta
    uint64_t c[5], d[5];
    for (int x = 0; x < 5; ++x) c[x] = a[idx(x, 0)] ^ a[idx(x, 1)] ^ a[idx(x, 2)] ^ a[idx(x, 3)] ^ a[idx(x, 4)];
    for (int x = 0; x < 5; ++x) d[x] = c[(x + 4) % 5] ^ rot(c[(x + 1) % 5], 1);
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x) a[idx(x, y)] ^= d[x];
    // rho and pi: A'[x, y] = rot(A[(x + 3y) mod 5, x], rho of that lane)
    KeccakState b;
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x) {
        const int sx = (x + 3 * y) % 5, sy = x;
        b[idx(x, y)] = rot(a[idx(sx, sy)], t.rho[sx][sy]);
      }
    // chi
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x) a[idx(x, y)] = b[idx(x, y)] ^ (~b[idx((x + 1) % 5, y)] & b[idx((x + 2) % 5, y)]);
    // iota
    a[0] ^= t.rc[round];
  }
}

}  // namespace swirl
