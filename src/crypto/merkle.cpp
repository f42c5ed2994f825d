// Merkle tree over codeword rows (see merkle.h for the exact shape).
//
// Building runs in three phases, each split across OpenMP threads in
// contiguous chunks (results do not depend on the split):
//  1. row hashes, rows_per_query * query_stride of them, with the batched
//     (SIMD) sponge; BabyBear rows are read straight out of the column-major
//     matrix with stride = height, BabyBear4 rows are first gathered into a
//     small row-major buffer of base coefficients;
//  2. log2(rows_per_query) layers that pair row t = 2u with 2u + 1 of the
//     same query: entries x * S + y and (x + 1) * S + y of the previous
//     layer, so each step is a batched compression of two contiguous runs;
//  3. the ordinary digest layers above the query leaves.
#include "swirl/crypto/merkle.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "swirl/crypto/hash.h"
#include "swirl/crypto/poseidon2_batch.h"
#include "swirl/util/span.h"

namespace swirl {
namespace {

constexpr size_t kRowChunk = 256;    // rows hashed per batch
constexpr size_t kPairChunk = 1024;  // compressions per batch

bool is_pow2(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

size_t next_pow2(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

// Hashes of rows [0, num_rows) of m; rows >= m.height() are zero rows.
std::vector<Digest> row_hashes(const ColMajorMatrix<BabyBear>& m, size_t num_rows) {
  std::vector<Digest> out(num_rows);
  size_t height = m.height(), width = m.width();
  const BabyBear* base = m.values().data();
  size_t real = std::min(height, num_rows);
  size_t chunks = (real + kRowChunk - 1) / kRowChunk;
  if (width == 0) {
    std::fill(out.begin(), out.end(), Digest{});
    return out;
  }
#pragma omp parallel for schedule(static)
  for (size_t c = 0; c < chunks; ++c) {
    size_t r0 = c * kRowChunk, r1 = std::min(real, r0 + kRowChunk);
    const BabyBear* bases[kRowChunk];
    for (size_t r = r0; r < r1; ++r) bases[r - r0] = base + r;
    poseidon2_hash_many(bases, r1 - r0, width, height, out.data() + r0);
  }
  if (real < num_rows) {
    std::vector<BabyBear> zeros(width);
    Digest z = poseidon2_hash(zeros.data(), width);
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(real), out.end(), z);
  }
  return out;
}

std::vector<Digest> row_hashes(const ColMajorMatrix<BabyBear4>& m, size_t num_rows) {
  std::vector<Digest> out(num_rows);
  size_t height = m.height(), width = m.width();
  size_t real = std::min(height, num_rows);
  size_t chunks = (real + kRowChunk - 1) / kRowChunk;
  size_t n = 4 * width;
  if (width == 0) {
    std::fill(out.begin(), out.end(), Digest{});
    return out;
  }
#pragma omp parallel
  {
    std::vector<BabyBear> buf(kRowChunk * n);
#pragma omp for schedule(static)
    for (size_t c = 0; c < chunks; ++c) {
      size_t r0 = c * kRowChunk, r1 = std::min(real, r0 + kRowChunk);
      const BabyBear* bases[kRowChunk];
      for (size_t r = r0; r < r1; ++r) {
        BabyBear* row = buf.data() + (r - r0) * n;
        for (size_t col = 0; col < width; ++col)
          for (int k = 0; k < 4; ++k) row[4 * col + k] = m.at(r, col)[k];
        bases[r - r0] = row;
      }
      poseidon2_hash_many(bases, r1 - r0, n, 1, out.data() + r0);
    }
  }
  if (real < num_rows) {
    std::vector<BabyBear> zeros(n);
    Digest z = poseidon2_hash(zeros.data(), n);
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(real), out.end(), z);
  }
  return out;
}

// out[i] = compress(left[i], right[i]), i < count, in parallel chunks.
void compress_runs(const Digest* left, const Digest* right, size_t count, Digest* out) {
  size_t chunks = (count + kPairChunk - 1) / kPairChunk;
#pragma omp parallel for schedule(static) if (chunks > 1)
  for (size_t c = 0; c < chunks; ++c) {
    size_t i0 = c * kPairChunk, i1 = std::min(count, i0 + kPairChunk);
    poseidon2_compress_many(left + i0, right + i0, i1 - i0, out + i0);
  }
}

void compress_layer(const std::vector<Digest>& children, std::vector<Digest>& parents) {
  size_t count = children.size() / 2;
  parents.resize(count);
  size_t chunks = (count + kPairChunk - 1) / kPairChunk;
#pragma omp parallel for schedule(static) if (chunks > 1)
  for (size_t c = 0; c < chunks; ++c) {
    size_t i0 = c * kPairChunk, i1 = std::min(count, i0 + kPairChunk);
    poseidon2_compress_pairs(children.data() + 2 * i0, i1 - i0, parents.data() + i0);
  }
}

template <typename T>
MerkleReject verify_query_impl(const Digest& root, uint64_t index, std::span<const std::vector<T>> rows,
                               std::span<const Digest> path) {
  if (rows.empty() || !is_pow2(rows.size())) return MerkleReject::kBadRowCount;
  std::vector<Digest> hashes;
  hashes.reserve(rows.size());
  for (const auto& row : rows) {
    if (row.size() != rows[0].size()) return MerkleReject::kRowWidthMismatch;
    hashes.push_back(merkle_row_hash(std::span<const T>(row)));
  }
  return merkle_verify(root, index, merkle_tree_compress(std::move(hashes)), path);
}

}  // namespace

const char* to_string(MerkleReject r) {
  switch (r) {
    case MerkleReject::kAccepted: return "accepted";
    case MerkleReject::kRootMismatch: return "merkle root mismatch";
    case MerkleReject::kIndexOutOfRange: return "merkle query index out of range";
    case MerkleReject::kBadRowCount: return "opened row count is not a power of two";
    case MerkleReject::kRowWidthMismatch: return "opened rows differ in width";
  }
  return "unknown merkle rejection";
}

template <typename T>
MerkleTree<T> MerkleTree<T>::build(ColMajorMatrix<T> matrix, size_t rows_per_query) {
  ScopedSpan span("merkle_tree");
  size_t height = matrix.height();
  if (height == 0) throw std::invalid_argument("MerkleTree::build: matrix height is 0");
  if (!is_pow2(rows_per_query))
    throw std::invalid_argument("MerkleTree::build: rows_per_query " + std::to_string(rows_per_query) +
                                " is not a power of two");
  size_t num_leaves = next_pow2(height);
  if (rows_per_query > num_leaves)
    throw std::invalid_argument("MerkleTree::build: rows_per_query " + std::to_string(rows_per_query) +
                                " exceeds the " + std::to_string(num_leaves) + " leaves");
  size_t stride = num_leaves / rows_per_query;

  std::vector<Digest> layer = row_hashes(matrix, num_leaves);
  std::vector<Digest> next;
  for (size_t len = num_leaves; len > stride; len /= 2) {
    next.resize(len / 2);
    for (size_t x = 0; x < len / (2 * stride); ++x)
      compress_runs(layer.data() + 2 * x * stride, layer.data() + (2 * x + 1) * stride, stride,
                    next.data() + x * stride);
    std::swap(layer, next);
  }
  MerkleTree t;
  t.layers_.push_back(std::move(layer));
  while (t.layers_.back().size() > 1) {
    std::vector<Digest> parents;
    compress_layer(t.layers_.back(), parents);
    t.layers_.push_back(std::move(parents));
  }
  t.matrix_ = std::move(matrix);
  t.rows_per_query_ = rows_per_query;
  return t;
}

template <typename T>
MerkleTree<T> MerkleTree<T>::from_parts(ColMajorMatrix<T> matrix, std::vector<std::vector<Digest>> digest_layers,
                                        size_t rows_per_query) {
  if (matrix.height() == 0) throw std::invalid_argument("MerkleTree::from_parts: matrix height is 0");
  size_t num_leaves = next_pow2(matrix.height());
  if (!is_pow2(rows_per_query) || rows_per_query > num_leaves)
    throw std::invalid_argument("MerkleTree::from_parts: bad rows_per_query " + std::to_string(rows_per_query));
  size_t expect = num_leaves / rows_per_query;
  if (digest_layers.empty()) throw std::invalid_argument("MerkleTree::from_parts: no digest layers");
  for (size_t l = 0; l < digest_layers.size(); ++l) {
    if (digest_layers[l].size() != expect)
      throw std::invalid_argument("MerkleTree::from_parts: layer " + std::to_string(l) + " has " +
                                  std::to_string(digest_layers[l].size()) + " digests, expected " +
                                  std::to_string(expect));
    expect /= 2;
  }
  if (digest_layers.back().size() != 1) throw std::invalid_argument("MerkleTree::from_parts: last layer is not a root");
  MerkleTree t;
  t.matrix_ = std::move(matrix);
  t.layers_ = std::move(digest_layers);
  t.rows_per_query_ = rows_per_query;
  return t;
}

template <typename T>
std::vector<Digest> MerkleTree<T>::query_proof(size_t q) const {
  if (q >= query_stride())
    throw std::out_of_range("MerkleTree::query_proof: query " + std::to_string(q) + " >= query stride " +
                            std::to_string(query_stride()));
  std::vector<Digest> path;
  path.reserve(proof_depth());
  for (size_t l = 0; l < proof_depth(); ++l, q >>= 1) path.push_back(layers_[l][q ^ 1]);
  return path;
}

template <typename T>
std::vector<std::vector<T>> MerkleTree<T>::opened_rows(size_t q) const {
  size_t stride = query_stride();
  if (q >= stride)
    throw std::out_of_range("MerkleTree::opened_rows: query " + std::to_string(q) + " >= query stride " +
                            std::to_string(stride));
  std::vector<std::vector<T>> rows(rows_per_query_);
  for (size_t t = 0; t < rows_per_query_; ++t) {
    size_t r = q + t * stride;
    rows[t].assign(matrix_.width(), T{});
    if (r < matrix_.height())
      for (size_t c = 0; c < matrix_.width(); ++c) rows[t][c] = matrix_.at(r, c);
  }
  return rows;
}

template class MerkleTree<BabyBear>;
template class MerkleTree<BabyBear4>;

Digest merkle_row_hash(std::span<const BabyBear> row) { return poseidon2_hash(row.data(), row.size()); }

Digest merkle_row_hash(std::span<const BabyBear4> row) {
  std::vector<BabyBear> flat;
  flat.reserve(4 * row.size());
  for (const BabyBear4& e : row)
    for (int k = 0; k < 4; ++k) flat.push_back(e[k]);
  return poseidon2_hash(flat.data(), flat.size());
}

Digest merkle_tree_compress(std::vector<Digest> digests) {
  if (!is_pow2(digests.size()))
    throw std::invalid_argument("merkle_tree_compress: " + std::to_string(digests.size()) +
                                " digests is not a power of two");
  while (digests.size() > 1) {
    for (size_t i = 0; i < digests.size() / 2; ++i)
      digests[i] = poseidon2_compress(digests[2 * i], digests[2 * i + 1]);
    digests.resize(digests.size() / 2);
  }
  return digests[0];
}

MerkleReject merkle_verify(const Digest& root, uint64_t index, const Digest& leaf, std::span<const Digest> path) {
  if (path.size() < 64 && (index >> path.size()) != 0) return MerkleReject::kIndexOutOfRange;
  Digest cur = leaf;
  for (const Digest& sibling : path) {
    cur = (index & 1) == 0 ? poseidon2_compress(cur, sibling) : poseidon2_compress(sibling, cur);
    index >>= 1;
  }
  return cur == root ? MerkleReject::kAccepted : MerkleReject::kRootMismatch;
}

MerkleReject merkle_verify_query(const Digest& root, uint64_t index, std::span<const std::vector<BabyBear>> rows,
                                 std::span<const Digest> path) {
  return verify_query_impl(root, index, rows, path);
}

MerkleReject merkle_verify_query(const Digest& root, uint64_t index, std::span<const std::vector<BabyBear4>> rows,
                                 std::span<const Digest> path) {
  return verify_query_impl(root, index, rows, path);
}

}  // namespace swirl
