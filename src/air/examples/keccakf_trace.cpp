#include "swirl/air/examples/keccakf_trace.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "swirl/air/examples/keccakf_cols.h"

namespace swirl::keccakf {
namespace {

// Writes the rows of one permutation into a column-major trace. Round r of
// the permutation goes to row `first_row + r`; only the first `rounds`
// rounds are written (fewer than 24 for the final, partial block).
class PermutationWriter {
 public:
  PermutationWriter(ColMajorMatrix<BabyBear>& trace, size_t first_row)
      : base_(trace.values().data()), height_(trace.height()), first_row_(first_row) {}

  void write(const KeccakState& input, size_t rounds) {
    KeccakState state = input;  // lane (x, y) at x + 5y
    for (size_t r = 0; r < rounds; ++r) {
      const size_t row = first_row_ + r;
      cell(Cols::step_flag(r), row) = BabyBear::one();
      for (size_t y = 0; y < 5; ++y)
        for (size_t x = 0; x < 5; ++x) {
          limbs(Cols::preimage(y, x, 0), row, input[x + 5 * y]);
          limbs(Cols::a(y, x, 0), row, state[x + 5 * y]);
        }
      state = round(state, r, row);
    }
  }

 private:
  BabyBear& cell(size_t col, size_t row) { return base_[col * height_ + row]; }

  void bits(size_t col0, size_t row, uint64_t v) {
    for (size_t z = 0; z < 64; ++z) cell(col0 + z, row) = ((v >> z) & 1) ? BabyBear::one() : BabyBear::zero();
  }
  void limbs(size_t col0, size_t row, uint64_t v) {
    for (size_t k = 0; k < kLimbsPerLane; ++k)
      cell(col0 + k, row) = BabyBear::from_canonical(static_cast<uint32_t>((v >> (kBitsPerLimb * k)) & 0xffff));
  }

  // One round from input A; writes every witness column of the row and
  // returns A''' (the next round's input).
  KeccakState round(const KeccakState& a, size_t r, size_t row) {
    uint64_t c[5], c_prime[5];
    for (size_t x = 0; x < 5; ++x) {
      c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
      bits(Cols::c(x, 0), row, c[x]);
    }
    // C'[x] = C[x] ^ C[x-1] ^ rot(C[x+1], 1) = C[x] ^ D[x], so that
    // A' = A ^ D = A ^ C[x] ^ C'[x] (the form the AIR checks).
    for (size_t x = 0; x < 5; ++x) {
      c_prime[x] = c[x] ^ c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      bits(Cols::c_prime(x, 0), row, c_prime[x]);
    }
    KeccakState a_prime;
    for (size_t y = 0; y < 5; ++y)
      for (size_t x = 0; x < 5; ++x) {
        a_prime[x + 5 * y] = a[x + 5 * y] ^ c[x] ^ c_prime[x];
        bits(Cols::a_prime(y, x, 0), row, a_prime[x + 5 * y]);
      }
    // rho + pi: B[x, y] = rot(A'[(x + 3y) mod 5, x], r) (keccakf_cols.h).
    KeccakState b;
    for (size_t y = 0; y < 5; ++y)
      for (size_t x = 0; x < 5; ++x) {
        const size_t xs = (x + 3 * y) % 5;
        b[x + 5 * y] = rotl64(a_prime[xs + 5 * x], kRho[xs][x]);
      }
    // chi
    KeccakState out;
    for (size_t y = 0; y < 5; ++y)
      for (size_t x = 0; x < 5; ++x) {
        out[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
        limbs(Cols::a_prime_prime(y, x, 0), row, out[x + 5 * y]);
      }
    bits(Cols::a_prime_prime_0_0_bit(0), row, out[0]);
    // iota
    out[0] ^= kRoundConstants[r];
    limbs(Cols::a_prime_prime_prime_0_0_limb(0), row, out[0]);
    return out;
  }

  BabyBear* base_;
  size_t height_;
  size_t first_row_;
};

// Lane (x, y) from its four limbs: the output (A''') columns or the preimage.
uint64_t read_lane(const ColMajorMatrix<BabyBear>& t, size_t row, size_t y, size_t x, bool output) {
  uint64_t v = 0;
  for (size_t k = 0; k < kLimbsPerLane; ++k) {
    const size_t col = output ? Cols::a_prime_prime_prime(y, x, k) : Cols::preimage(y, x, k);
    v |= uint64_t{t.at(row, col).as_canonical()} << (kBitsPerLimb * k);
  }
  return v;
}

KeccakState read_state(const ColMajorMatrix<BabyBear>& t, size_t row, bool output) {
  KeccakState s;
  for (size_t y = 0; y < 5; ++y)
    for (size_t x = 0; x < 5; ++x) s[x + 5 * y] = read_lane(t, row, y, x, output);
  return s;
}

void check_readable(const ColMajorMatrix<BabyBear>& t, size_t row, size_t index) {
  if (t.width() != kNumCols) throw std::invalid_argument("keccakf: trace width " + std::to_string(t.width()) + " != 2633");
  if (row >= t.height())
    throw std::invalid_argument("keccakf: permutation " + std::to_string(index) + " is not in a trace of height " +
                                std::to_string(t.height()));
}

}  // namespace

size_t trace_height(size_t num_permutations) {
  const size_t rows = num_permutations * kRounds;
  size_t h = 1;
  while (h < rows) h <<= 1;
  return h;
}

ColMajorMatrix<BabyBear> generate_trace(std::span<const KeccakState> inputs) {
  const size_t height = trace_height(inputs.size());
  ColMajorMatrix<BabyBear> trace(height, kNumCols);  // zeroed: flags and export start at 0
  const size_t blocks = (height + kRounds - 1) / kRounds;
  const KeccakState zero{};
  const auto n = static_cast<int64_t>(blocks);
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i) {
    const auto block = static_cast<size_t>(i);
    const size_t first_row = block * kRounds;
    const size_t rounds = std::min(kRounds, height - first_row);
    PermutationWriter(trace, first_row).write(block < inputs.size() ? inputs[block] : zero, rounds);
  }
  return trace;
}

KeccakState trace_output(const ColMajorMatrix<BabyBear>& trace, size_t index) {
  const size_t row = index * kRounds + (kRounds - 1);
  check_readable(trace, row, index);
  return read_state(trace, row, true);
}

KeccakState trace_preimage(const ColMajorMatrix<BabyBear>& trace, size_t index) {
  const size_t row = index * kRounds;
  check_readable(trace, row, index);
  return read_state(trace, row, false);
}

}  // namespace swirl::keccakf
