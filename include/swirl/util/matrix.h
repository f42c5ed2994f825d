// The canonical host matrix: column-major, as the reference stores traces.
// Column c occupies values[c * height, (c + 1) * height). Its memory comes
// from a HostMemoryResource when one is given (util/host_memory.h: page-locked
// memory for a device backend), else the heap.
#pragma once

#include <cassert>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include "swirl/util/host_memory.h"

namespace swirl {

template <typename T>
class ColMajorMatrix {
 public:
  /// The values' container: a vector whose allocator carries the resource.
  using Storage = std::vector<T, HostAllocator<T>>;

  ColMajorMatrix() = default;
  /// Zeroed, on the heap or in `memory`.
  ColMajorMatrix(size_t height, size_t width, HostMemoryResource* memory = nullptr)
      : height_(height), width_(width), values_(height * width, T{}, HostAllocator<T>(memory)) {}
  ColMajorMatrix(size_t height, size_t width, Storage values)
      : height_(height), width_(width), values_(std::move(values)) {
    if (values_.size() != height_ * width_) throw std::invalid_argument("ColMajorMatrix: size != height * width");
  }
  /// From a plain vector (copied into heap storage).
  ColMajorMatrix(size_t height, size_t width, const std::vector<T>& values)
      : ColMajorMatrix(height, width, Storage(values.begin(), values.end())) {}

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

  Storage& values() { return values_; }
  const Storage& values() const { return values_; }
  /// The resource the values live in (null: the heap).
  HostMemoryResource* memory() const { return values_.get_allocator().resource(); }

  /// Row r as a new vector (width elements).
  std::vector<T> row(size_t r) const {
    std::vector<T> out(width_);
    for (size_t c = 0; c < width_; ++c) out[c] = at(r, c);
    return out;
  }

  /// Equal shapes and values, wherever the memory is.
  friend bool operator==(const ColMajorMatrix& a, const ColMajorMatrix& b) {
    return a.height_ == b.height_ && a.width_ == b.width_ && a.values_ == b.values_;
  }

 private:
  size_t height_ = 0;
  size_t width_ = 0;
  Storage values_;
};

}  // namespace swirl
