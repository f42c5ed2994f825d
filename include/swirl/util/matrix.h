// The canonical host matrix: column-major, as the reference stores traces.
// Column c occupies values[c * height, (c + 1) * height).
#pragma once

#include <cassert>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

namespace swirl {

template <typename T>
class ColMajorMatrix {
 public:
  ColMajorMatrix() = default;
  ColMajorMatrix(size_t height, size_t width) : height_(height), width_(width), values_(height * width) {}
  ColMajorMatrix(size_t height, size_t width, std::vector<T> values)
      : height_(height), width_(width), values_(std::move(values)) {
    if (values_.size() != height_ * width_) throw std::invalid_argument("ColMajorMatrix: size != height * width");
  }

  /// Builds from row-major values (row r occupies [r * width, (r + 1) * width)).
  static ColMajorMatrix from_row_major(size_t height, size_t width, std::span<const T> row_major) {
    if (row_major.size() != height * width) throw std::invalid_argument("from_row_major: size != height * width");
    ColMajorMatrix m(height, width);
    for (size_t r = 0; r < height; ++r)
      for (size_t c = 0; c < width; ++c) m.values_[c * height + r] = row_major[r * width + c];
    return m;
  }

  size_t height() const { return height_; }
  size_t width() const { return width_; }
  bool empty() const { return values_.empty(); }

  T& at(size_t row, size_t col) {
    assert(row < height_ && col < width_);
    return values_[col * height_ + row];
  }
  const T& at(size_t row, size_t col) const {
    assert(row < height_ && col < width_);
    return values_[col * height_ + row];
  }

  std::span<T> column(size_t c) { return {values_.data() + c * height_, height_}; }
  std::span<const T> column(size_t c) const { return {values_.data() + c * height_, height_}; }

  std::vector<T>& values() { return values_; }
  const std::vector<T>& values() const { return values_; }

  /// Row r as a new vector (width elements).
  std::vector<T> row(size_t r) const {
    std::vector<T> out(width_);
    for (size_t c = 0; c < width_; ++c) out[c] = at(r, c);
    return out;
  }

  friend bool operator==(const ColMajorMatrix&, const ColMajorMatrix&) = default;

 private:
  size_t height_ = 0;
  size_t width_ = 0;
  std::vector<T> values_;
};

}  // namespace swirl
