// The stacked layout of the PCS (the reference's StackedLayout and
// stacked_matrix in prover/stacked_pcs.rs).
//
// All columns of the committed matrices go, one after the other, into the
// columns of one matrix of height 2^log_stacked_height (= 2^(l_skip+n_stack)):
//  * matrices are taken in the order given, which the caller must sort by
//    height, tallest first (the layout does not reorder); within a matrix,
//    columns in order;
//  * a column of height 2^h occupies a slice of 2^max(h, l_skip) rows: with
//    h >= l_skip its values are contiguous; with h < l_skip value i sits at
//    slice row i * 2^(l_skip - h) and the rows between are zero (striding);
//  * slices fill a stacked column top to bottom; a slice that does not fit
//    in what is left of the current stacked column starts the next one. With
//    tallest-first order every slice fits exactly, so the only way to get
//    there with rows left is an unsorted order: that is LayoutRowOverflow.
//  * rows of the last stacked column after the last slice are zero.
// Because slices are consecutive within a stacked column and columns are
// stored one after the other, the slices of one matrix form ONE contiguous
// range of the stacked matrix's column-major values (mat_view).
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/util/matrix.h"

namespace swirl {

/// Where one column of a committed matrix sits in the stacked matrix.
struct StackedSlice {
  size_t col_idx = 0;  // stacked column
  size_t row_idx = 0;  // first stacked row of the slice
  int log_height = 0;  // the column's true log2 height

  /// Rows the slice occupies: 2^max(log_height, l_skip).
  size_t len(int l_skip) const { return size_t{1} << (log_height > l_skip ? log_height : l_skip); }
  /// Distance between consecutive values: 2^max(l_skip - log_height, 0).
  size_t stride(int l_skip) const { return size_t{1} << (l_skip > log_height ? l_skip - log_height : 0); }
  friend bool operator==(const StackedSlice&, const StackedSlice&) = default;
};

/// (matrix index, column index within the matrix, slice).
struct StackedColumn {
  size_t mat_idx = 0;
  size_t col_idx = 0;
  StackedSlice slice;
  friend bool operator==(const StackedColumn&, const StackedColumn&) = default;
};

/// Width and log2 height of one matrix to stack.
struct MatrixDims {
  size_t width = 0;
  int log_height = 0;
};

/// The layout's failures (the reference's StackedPcsError layout variants).
class StackingError : public std::invalid_argument {
 public:
  enum class Kind {
    kHeightExceeded,  // a matrix taller than the stacked height
    kRowOverflow,     // a slice overflowing a partly filled stacked column (unsorted input)
    kBadHeight,       // a non-empty matrix whose height is 0 or not a power of two
    kBadParams,       // l_skip < 0, l_skip > log_stacked_height or log_stacked_height > 27
  };
  StackingError(Kind kind, const std::string& what) : std::invalid_argument(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// A view of one matrix inside the stacked matrix: column c, row r of the
/// matrix is data[c * lifted_height + r * stride].
struct StridedColMajorView {
  const BabyBear* data = nullptr;
  size_t width = 0;
  size_t height = 0;         // the matrix's true height
  size_t stride = 1;         // row stride
  size_t lifted_height = 0;  // height * stride: the slice length
  BabyBear at(size_t row, size_t col) const { return data[col * lifted_height + row * stride]; }
};

class StackedLayout {
 public:
  StackedLayout() = default;

  /// Greedy layout of matrices with the given dims, in the given order
  /// (tallest first). Matrices of width 0 own no columns and are not
  /// checked further. Throws StackingError.
  static StackedLayout build(int l_skip, int log_stacked_height, std::span<const MatrixDims> dims);

  int l_skip() const { return l_skip_; }
  int log_height() const { return log_height_; }
  /// Stacked height 2^log_stacked_height.
  size_t height() const { return size_t{1} << log_height_; }
  /// Stacked width: number of stacked columns used.
  size_t width() const { return width_; }
  /// Number of matrices laid out (width-0 ones included).
  size_t num_matrices() const { return mat_starts_.size(); }

  /// All columns in stacking order.
  const std::vector<StackedColumn>& sorted_cols() const { return sorted_cols_; }
  /// mat_starts()[m]: index in sorted_cols() of matrix m's first column.
  const std::vector<size_t>& mat_starts() const { return mat_starts_; }
  /// The slice of column `col` of matrix `mat` (throws std::out_of_range).
  const StackedSlice& slice(size_t mat, size_t col) const;
  /// Number of columns of matrix `mat` (throws std::out_of_range).
  size_t width_of(size_t mat) const;

  friend bool operator==(const StackedLayout&, const StackedLayout&) = default;

 private:
  int l_skip_ = 0;
  int log_height_ = 0;
  size_t width_ = 0;
  std::vector<StackedColumn> sorted_cols_;
  std::vector<size_t> mat_starts_;
};

struct StackedMatrix {
  StackedLayout layout;
  ColMajorMatrix<BabyBear> matrix;  // height 2^(l_skip + n_stack), width layout.width()
};

/// Builds the layout of `traces` (already tallest first) and the stacked
/// matrix of height 2^(l_skip + n_stack). Throws StackingError.
StackedMatrix stacked_matrix(int l_skip, int n_stack, std::span<const ColMajorMatrix<BabyBear>* const> traces);

/// The strided view of matrix `mat` inside `stacked` (width 0: an empty
/// view). Throws std::out_of_range for a bad index and std::invalid_argument
/// when `stacked` does not have the layout's shape.
StridedColMajorView stacked_mat_view(const StackedLayout& layout, const ColMajorMatrix<BabyBear>& stacked, size_t mat);

/// Host-side unstack: matrix `mat` as a contiguous height x width
/// column-major matrix (strided values collected). This is the layout the
/// device copy of a trace has.
ColMajorMatrix<BabyBear> unstack_matrix(const StackedLayout& layout, const ColMajorMatrix<BabyBear>& stacked, size_t mat);

}  // namespace swirl
