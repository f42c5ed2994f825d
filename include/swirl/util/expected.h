// A value or a typed error, for operations whose failure is an ordinary
// outcome (decoding untrusted bytes, verifying a proof) rather than a bug.
// A small stand-in for C++23's std::expected with the same member names, so
// call sites can move to the standard type unchanged.
#pragma once

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace swirl {

/// Wraps an error for construction: `return Unexpected(MyError{...});`.
template <typename E>
struct Unexpected {
  E error;
  explicit Unexpected(E e) : error(std::move(e)) {}
};

template <typename T, typename E>
class Expected {
  static_assert(!std::is_same_v<T, E>, "value and error types must differ");

 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Expected(Unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  /// The value; throws std::logic_error when this holds an error (a caller bug).
  T& value() & {
    check_value();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check_value();
    return std::get<0>(v_);
  }
  T&& value() && {
    check_value();
    return std::get<0>(std::move(v_));
  }
  /// The error; throws std::logic_error when this holds a value.
  const E& error() const {
    if (has_value()) throw std::logic_error("Expected::error() called on a value");
    return std::get<1>(v_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void check_value() const {
    if (!has_value()) throw std::logic_error("Expected::value() called on an error");
  }
  std::variant<T, E> v_;
};

/// Expected<void, E>: success carries nothing.
template <typename E>
class Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> e) : err_(std::move(e.error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const {
    if (ok_) throw std::logic_error("Expected::error() called on a value");
    return err_;
  }

 private:
  E err_{};
  bool ok_ = true;
};

}  // namespace swirl
