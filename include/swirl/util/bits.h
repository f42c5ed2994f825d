// Integer bit helpers shared by the layers that size domains, tables and
// trees by powers of two.
#pragma once

#include <bit>
#include <cstddef>

namespace swirl {

/// log2(n) when n is a power of two (1 included), else -1 (0 included).
constexpr int log2_exact(size_t n) { return std::has_single_bit(n) ? std::countr_zero(n) : -1; }

}  // namespace swirl
