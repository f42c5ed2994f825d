// Internals of ntt.cpp shared with other poly/ sources (rs_code.cpp): the
// cached twiddle tables and the unchecked transforms on raw pointers, so a
// caller running many small transforms pays neither the argument checks nor
// the cache lock per call.
#pragma once

#include <cstddef>
#include <vector>

#include "swirl/field/babybear.h"

namespace swirl::detail {

/// Twiddles for lengths up to 2^log_n: entries [h, 2h) hold w_{2h}^0 ..
/// w_{2h}^(h-1). The table for 2^a is a prefix of the table for 2^b, b >= a.
/// Cached for the life of the process; safe to call from several threads.
const std::vector<BabyBear>& twiddle_tree(int log_n);

/// Natural-order forward / inverse DFT of a[0, 2^log_n), tw = twiddle_tree(k)
/// for some k >= log_n.
template <typename T>
void ntt_forward_serial(T* a, int log_n, const BabyBear* tw);
/// As ntt_forward_serial, each pass split across the OpenMP team (call from
/// outside a parallel region).
template <typename T>
void ntt_forward_parallel(T* a, int log_n, const BabyBear* tw);
template <typename T>
void ntt_inverse_serial(T* a, int log_n, const BabyBear* tw);
/// The DIF butterflies only (natural in, bit-reversed out).
template <typename T>
void dif_no_reverse(T* a, int log_n, const BabyBear* tw, bool parallel);
template <typename T>
void bit_reverse_in_place(T* a, int log_n, bool parallel);
/// The DIF butterflies (natural in, bit-reversed out) of `count`
/// interleaved vectors: a[k * count + c] is entry k of vector c, k < 2^log_n.
template <typename T>
void dif_interleaved(T* a, int log_n, size_t count, const BabyBear* tw);
/// The bit-reversal permutation of the rows of `count` interleaved vectors.
template <typename T>
void bit_reverse_rows(T* a, int log_n, size_t count);
/// Whether one vector of length n is worth splitting across threads here.
bool ntt_split_one(size_t n);

}  // namespace swirl::detail
