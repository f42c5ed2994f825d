// The Merkle tree the reference commits codeword matrices with
// (stacked_pcs.rs MerkleTree, verifier/whir.rs merkle_verify), over rows of a
// column-major matrix of BabyBear or BabyBear4.
//
// Shape, for a matrix of height N (leaves: N rounded up to a power of two;
// rows past N are all-zero rows) and R = rows_per_query = 2^k_whir:
//  * row hash: poseidon2_hash of the row's base-field elements in column
//    order (a BabyBear4 entry contributes its 4 coefficients c0..c3). A row
//    of width 0 hashes to the all-zero digest.
//  * query leaf: S = N / R is the query stride. Query index q < S owns the R
//    rows q + t * S, t = 0..R-1; its leaf digest is the binary tree over
//    those R row hashes in the order of t (pairs (2u, 2u+1), as
//    merkle_tree_compress does).
//  * digest layers: layer 0 holds the S query leaves; layer l+1 compresses
//    the pairs (2i, 2i+1) of layer l; the last layer is the root alone.
//  * opening of query q: the opened rows (R rows, t order) and the sibling
//    path layer 0 .. depth-1, depth = log2(S): entry l is layer l's node at
//    (q >> l) ^ 1. Verification compresses (cur, sibling) when bit l of q is
//    0, (sibling, cur) when it is 1, and compares with the root.
// With R = 1 this is the plain binary Merkle tree over row hashes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/util/matrix.h"

namespace swirl {

/// Why a Merkle opening was rejected.
enum class MerkleReject {
  kAccepted = 0,       // not a rejection: the opening is valid
  kRootMismatch,       // the recomputed root differs from the commitment
  kIndexOutOfRange,    // query index >= 2^(path length)
  kBadRowCount,        // opened rows empty or not a power of two in number
  kRowWidthMismatch,   // opened rows of different widths
};
const char* to_string(MerkleReject r);

template <typename T>
class MerkleTree {
 public:
  MerkleTree() = default;

  /// Builds the tree over `matrix` (which it keeps, for openings). Emits the
  /// span `merkle_tree`. Throws std::invalid_argument when the height is 0,
  /// rows_per_query is not a power of two, or exceeds the number of leaves.
  static MerkleTree build(ColMajorMatrix<T> matrix, size_t rows_per_query);

  /// Reassembles a tree from parts computed elsewhere (e.g. on a device)
  /// after checking the layer sizes (not the hashes). Throws
  /// std::invalid_argument on inconsistent sizes.
  static MerkleTree from_parts(ColMajorMatrix<T> matrix, std::vector<std::vector<Digest>> digest_layers,
                               size_t rows_per_query);

  const Digest& root() const { return layers_.back()[0]; }
  const ColMajorMatrix<T>& matrix() const { return matrix_; }
  /// layers[0] = query leaves (query_stride of them), ..., layers.back() = {root}.
  const std::vector<std::vector<Digest>>& digest_layers() const { return layers_; }
  size_t rows_per_query() const { return rows_per_query_; }
  /// Number of query indices S = leaves / rows_per_query.
  size_t query_stride() const { return layers_.front().size(); }
  /// Sibling path length log2(S).
  size_t proof_depth() const { return layers_.size() - 1; }

  /// The sibling path of query q (throws std::out_of_range when q >= S).
  std::vector<Digest> query_proof(size_t q) const;
  /// The rows q + t * S, t < rows_per_query, each as `width` entries (throws
  /// std::out_of_range when q >= S).
  std::vector<std::vector<T>> opened_rows(size_t q) const;

 private:
  ColMajorMatrix<T> matrix_;
  std::vector<std::vector<Digest>> layers_;
  size_t rows_per_query_ = 1;
};

extern template class MerkleTree<BabyBear>;
extern template class MerkleTree<BabyBear4>;

/// Leaf hash of one row given as its entries (BabyBear4 entries are hashed as
/// their 4 coefficients).
Digest merkle_row_hash(std::span<const BabyBear> row);
Digest merkle_row_hash(std::span<const BabyBear4> row);

/// Binary-tree compression of a power-of-two number of digests (pairs
/// (2i, 2i+1) layer by layer); one digest is returned as is. Throws
/// std::invalid_argument for an empty or non-power-of-two count.
Digest merkle_tree_compress(std::vector<Digest> digests);

/// Walks `path` from `leaf` at `index` and compares with `root`.
/// Rejects index >= 2^path.size() (the reference's indices are sampled below
/// that bound, so this never rejects one of its valid proofs).
MerkleReject merkle_verify(const Digest& root, uint64_t index, const Digest& leaf, std::span<const Digest> path);

/// Verifies a query opening: hashes each opened row, compresses them into the
/// query leaf and walks the path. Rows must all have the same width and their
/// number must be a power of two.
MerkleReject merkle_verify_query(const Digest& root, uint64_t index, std::span<const std::vector<BabyBear>> rows,
                                 std::span<const Digest> path);
MerkleReject merkle_verify_query(const Digest& root, uint64_t index, std::span<const std::vector<BabyBear4>> rows,
                                 std::span<const Digest> path);

}  // namespace swirl
