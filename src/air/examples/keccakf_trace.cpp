#include "swirl/air/examples/keccakf_trace.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/air/examples/keccakf_cols.h"

namespace swirl::keccakf {
namespace {

// Builds the rows of one permutation in a small column-major scratch block
// (kNumCols columns of 24 rows, one per thread, reused) and then copies each
// column's rows into the trace with one contiguous copy. Writing the trace
// cell by cell instead would touch 2633 cache lines a power-of-two stride
// apart for every row, which thrashes the caches.
class PermutationWriter {
 public:
  PermutationWriter() : scratch_(kNumCols * kRounds, BabyBear::zero()) {}

  // Rounds 0..rounds-1 of `input` go to rows first_row.. of `trace`.
  void write(ColMajorMatrix<BabyBear>& trace, size_t first_row, const KeccakState& input, size_t rounds) {
    KeccakState state = input;  // lane (x, y) at x + 5y
    for (size_t r = 0; r < rounds; ++r) {
      for (size_t i = 0; i < kRounds; ++i) cell(Cols::step_flag(i), r) = i == r ? BabyBear::one() : BabyBear::zero();
      for (size_t y = 0; y < 5; ++y)
        for (size_t x = 0; x < 5; ++x) {
          limbs(Cols::preimage(y, x, 0), r, input[x + 5 * y]);
          limbs(Cols::a(y, x, 0), r, state[x + 5 * y]);
        }
      state = round(state, r);
    }
    // Every cell of rows 0..rounds-1 is written above except the export
    // column, which stays zero in the scratch block.
    const size_t h = trace.height();
    BabyBear* out = trace.values().data();
    for (size_t col = 0; col < kNumCols; ++col)
      std::copy_n(&scratch_[col * kRounds], rounds, out + col * h + first_row);
  }

 private:
  BabyBear& cell(size_t col, size_t r) { return scratch_[col * kRounds + r]; }

  void bits(size_t col0, size_t row, uint64_t v) {
    for (size_t z = 0; z < 64; ++z) cell(col0 + z, row) = ((v >> z) & 1) ? BabyBear::one() : BabyBear::zero();
  }
  void limbs(size_t col0, size_t row, uint64_t v) {
    for (size_t k = 0; k < kLimbsPerLane; ++k)
      cell(col0 + k, row) = BabyBear::from_canonical(static_cast<uint32_t>((v >> (kBitsPerLimb * k)) & 0xffff));
  }

  // Round r from input A: writes the witness columns of the block's row r
  // and returns A''' (the next round's input).
  KeccakState round(const KeccakState& a, size_t r) {
    uint64_t c[5], c_prime[5];
    for (size_t x = 0; x < 5; ++x) {
      c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
      bits(Cols::c(x, 0), r, c[x]);
    }
    // C'[x] = C[x] ^ C[x-1] ^ rot(C[x+1], 1) = C[x] ^ D[x], so that
    // A' = A ^ D = A ^ C[x] ^ C'[x] (the form the AIR checks).
    for (size_t x = 0; x < 5; ++x) {
      c_prime[x] = c[x] ^ c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      bits(Cols::c_prime(x, 0), r, c_prime[x]);
    }
    KeccakState a_prime;
    for (size_t y = 0; y < 5; ++y)
      for (size_t x = 0; x < 5; ++x) {
        a_prime[x + 5 * y] = a[x + 5 * y] ^ c[x] ^ c_prime[x];
        bits(Cols::a_prime(y, x, 0), r, a_prime[x + 5 * y]);
      }
    // rho + pi: B[x, y] = A'[(x + 3y) mod 5, x] rotated by its rho offset.
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
        limbs(Cols::a_prime_prime(y, x, 0), r, out[x + 5 * y]);
      }
    bits(Cols::a_prime_prime_0_0_bit(0), r, out[0]);
    // iota
    out[0] ^= kRoundConstants[r];
    limbs(Cols::a_prime_prime_prime_0_0_limb(0), r, out[0]);
    return out;
  }

  std::vector<BabyBear> scratch_;
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

ColMajorMatrix<BabyBear> generate_trace(std::span<const KeccakState> inputs, HostMemoryResource* memory) {
  const size_t height = trace_height(inputs.size());
  ColMajorMatrix<BabyBear> trace(height, kNumCols, memory);  // zeroed: flags and export start at 0
  const size_t blocks = (height + kRounds - 1) / kRounds;
  const KeccakState zero{};
  const auto n = static_cast<int64_t>(blocks);
#pragma omp parallel
  {
    PermutationWriter writer;
#pragma omp for schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      const auto block = static_cast<size_t>(i);
      const size_t first_row = block * kRounds;
      const size_t rounds = std::min(kRounds, height - first_row);
      writer.write(trace, first_row, block < inputs.size() ? inputs[block] : zero, rounds);
    }
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
