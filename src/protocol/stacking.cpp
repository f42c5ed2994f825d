// Stacked layout, stacked matrix and host unstack (see stacking.h).
#include "swirl/protocol/stacking.h"

#include <omp.h>

#include <algorithm>
#include <string>

#include "swirl/util/bits.h"

namespace swirl {
namespace {

constexpr int kMaxLog = 27;  // BabyBear's two-adicity bounds every domain

void check_params(int l_skip, int log_stacked_height) {
  if (l_skip < 0 || log_stacked_height < l_skip || log_stacked_height > kMaxLog)
    throw StackingError(StackingError::Kind::kBadParams,
                        "stacking: l_skip " + std::to_string(l_skip) + " and log_stacked_height " +
                            std::to_string(log_stacked_height) + " need 0 <= l_skip <= log_stacked_height <= 27");
}

}  // namespace

StackedLayout StackedLayout::build(int l_skip, int log_stacked_height, std::span<const MatrixDims> dims) {
  check_params(l_skip, log_stacked_height);
  StackedLayout L;
  L.l_skip_ = l_skip;
  L.log_height_ = log_stacked_height;
  const size_t height = size_t{1} << log_stacked_height;
  size_t col = 0, row = 0;
  for (size_t m = 0; m < dims.size(); ++m) {
    L.mat_starts_.push_back(L.sorted_cols_.size());
    const MatrixDims& d = dims[m];
    if (d.width == 0) continue;
    if (d.log_height < 0)
      throw StackingError(StackingError::Kind::kBadHeight,
                          "stacking: matrix " + std::to_string(m) + " has log height " + std::to_string(d.log_height));
    if (d.log_height > log_stacked_height)
      throw StackingError(StackingError::Kind::kHeightExceeded,
                          "stacking: matrix " + std::to_string(m) + " has log height " + std::to_string(d.log_height) +
                              " > log stacked height " + std::to_string(log_stacked_height));
    StackedSlice proto{0, 0, d.log_height};
    const size_t len = proto.len(l_skip);
    for (size_t j = 0; j < d.width; ++j) {
      if (row + len > height) {
        if (row != height)
          throw StackingError(StackingError::Kind::kRowOverflow,
                              "stacking: slice of " + std::to_string(len) + " rows (matrix " + std::to_string(m) +
                                  ") overflows stacked column " + std::to_string(col) + " at row " +
                                  std::to_string(row) + " of " + std::to_string(height) +
                                  " (matrices not sorted tallest first)");
        ++col;
        row = 0;
      }
      L.sorted_cols_.push_back(StackedColumn{m, j, StackedSlice{col, row, d.log_height}});
      row += len;
    }
  }
  L.width_ = col + (row != 0 ? 1 : 0);
  return L;
}

const StackedSlice& StackedLayout::slice(size_t mat, size_t col) const {
  if (col >= width_of(mat))
    throw std::out_of_range("StackedLayout::slice: column " + std::to_string(col) + " of matrix " +
                            std::to_string(mat) + " does not exist");
  return sorted_cols_[mat_starts_[mat] + col].slice;
}

size_t StackedLayout::width_of(size_t mat) const {
  if (mat >= mat_starts_.size())
    throw std::out_of_range("StackedLayout: matrix " + std::to_string(mat) + " >= " +
                            std::to_string(mat_starts_.size()) + " matrices");
  size_t end = mat + 1 < mat_starts_.size() ? mat_starts_[mat + 1] : sorted_cols_.size();
  return end - mat_starts_[mat];
}

StackedMatrix stacked_matrix(int l_skip, int n_stack, std::span<const ColMajorMatrix<BabyBear>* const> traces) {
  if (n_stack < 0)
    throw StackingError(StackingError::Kind::kBadParams, "stacking: n_stack " + std::to_string(n_stack) + " < 0");
  check_params(l_skip, l_skip + n_stack);
  std::vector<MatrixDims> dims(traces.size());
  for (size_t m = 0; m < traces.size(); ++m) {
    if (traces[m] == nullptr) throw std::invalid_argument("stacked_matrix: trace " + std::to_string(m) + " is null");
    const ColMajorMatrix<BabyBear>& t = *traces[m];
    dims[m].width = t.width();
    if (t.width() == 0) continue;
    int lh = log2_exact(t.height());
    if (lh < 0)
      throw StackingError(StackingError::Kind::kBadHeight, "stacking: matrix " + std::to_string(m) + " has height " +
                                                              std::to_string(t.height()) +
                                                              " (not a non-zero power of two)");
    dims[m].log_height = lh;
  }
  StackedMatrix out;
  out.layout = StackedLayout::build(l_skip, l_skip + n_stack, dims);
  const size_t height = out.layout.height();
  out.matrix = ColMajorMatrix<BabyBear>(height, out.layout.width());
  BabyBear* q = out.matrix.values().data();
  const auto& cols = out.layout.sorted_cols();
#pragma omp parallel for schedule(dynamic, 16) if (cols.size() > 64)
  for (size_t i = 0; i < cols.size(); ++i) {
    const StackedColumn& sc = cols[i];
    auto src = traces[sc.mat_idx]->column(sc.col_idx);
    BabyBear* dst = q + sc.slice.col_idx * height + sc.slice.row_idx;
    size_t stride = sc.slice.stride(l_skip);
    if (stride == 1) {
      std::copy(src.begin(), src.end(), dst);
    } else {
      for (size_t r = 0; r < src.size(); ++r) dst[r * stride] = src[r];
    }
  }
  return out;
}

StridedColMajorView stacked_mat_view(const StackedLayout& layout, const ColMajorMatrix<BabyBear>& stacked, size_t mat) {
  size_t width = layout.width_of(mat);
  if (stacked.height() != layout.height() || stacked.width() != layout.width())
    throw std::invalid_argument("stacked_mat_view: matrix is " + std::to_string(stacked.height()) + " x " +
                                std::to_string(stacked.width()) + ", layout is " + std::to_string(layout.height()) +
                                " x " + std::to_string(layout.width()));
  StridedColMajorView v;
  if (width == 0) return v;
  const StackedSlice& s = layout.slice(mat, 0);
  v.width = width;
  v.stride = s.stride(layout.l_skip());
  v.lifted_height = s.len(layout.l_skip());
  v.height = size_t{1} << s.log_height;
  v.data = stacked.values().data() + s.col_idx * stacked.height() + s.row_idx;
  return v;
}

ColMajorMatrix<BabyBear> unstack_matrix(const StackedLayout& layout, const ColMajorMatrix<BabyBear>& stacked, size_t mat) {
  StridedColMajorView v = stacked_mat_view(layout, stacked, mat);
  ColMajorMatrix<BabyBear> out(v.height, v.width);
  for (size_t c = 0; c < v.width; ++c)
    for (size_t r = 0; r < v.height; ++r) out.at(r, c) = v.at(r, c);
  return out;
}

}  // namespace swirl
