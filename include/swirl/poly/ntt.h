// Radix-2 number-theoretic transforms over BabyBear's two-adic subgroups.
//
// Every transform here is the mathematical DFT in NATURAL order on both
// sides, the convention of Plonky3's TwoAdicSubgroupDft (dft / idft /
// coset_dft), which the reference uses for its RS codewords:
//
//   forward:        out[i] = sum_j a[j] * w^(i*j)             w = two_adic_generator(log2 n)
//   inverse:        a[j]   = n^-1 * sum_i out[i] * w^(-i*j)
//   coset forward:  out[i] = sum_j a[j] * (shift * w^i)^j
//   coset inverse:  the inverse of the coset forward transform.
//
// So `ntt_forward` evaluates the polynomial with coefficients a[0..n) at
// w^0, w^1, ..., w^(n-1), in that order. Results are exact field values, so
// they do not depend on the algorithm or on the thread count.
//
// The element type T is BabyBear or BabyBear4 (a BabyBear4 vector is
// transformed coefficient-wise, as the DFT is BabyBear-linear). Lengths must
// be powers of two (1 included) up to 2^27; anything else throws
// std::invalid_argument.
//
// Threads (OpenMP): a batch over many columns runs columns in parallel; a
// single long vector runs each butterfly layer in parallel.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/util/matrix.h"

namespace swirl {

/// The powers w^0 .. w^(n-1) of the order-n generator (n = 2^log_n).
std::vector<BabyBear> two_adic_powers(int log_n);

/// In-place forward DFT (coefficients -> evaluations on the subgroup).
template <typename T>
void ntt_forward(std::span<T> values);
/// In-place inverse DFT (evaluations on the subgroup -> coefficients).
template <typename T>
void ntt_inverse(std::span<T> values);
/// In-place coset DFT: evaluations on shift * <w>.
template <typename T>
void ntt_coset_forward(std::span<T> values, BabyBear shift);
/// In-place inverse coset DFT (shift must be non-zero).
template <typename T>
void ntt_coset_inverse(std::span<T> values, BabyBear shift);

/// The same transforms applied to every column of a column-major matrix.
template <typename T>
void ntt_forward_columns(ColMajorMatrix<T>& m);
template <typename T>
void ntt_inverse_columns(ColMajorMatrix<T>& m);
template <typename T>
void ntt_coset_forward_columns(ColMajorMatrix<T>& m, BabyBear shift);
template <typename T>
void ntt_coset_inverse_columns(ColMajorMatrix<T>& m, BabyBear shift);

/// The forward / inverse DFT of `count` interleaved vectors of one
/// power-of-two length n = values.size() / count: values[k * count + c] is
/// entry k of vector c (so the transforms run on whole rows, which
/// vectorises when the vectors are many and short). Serial.
template <typename T>
void ntt_forward_interleaved(std::span<T> values, size_t count);
template <typename T>
void ntt_inverse_interleaved(std::span<T> values, size_t count);

/// In-place bit-reversal permutation of a power-of-two length vector.
template <typename T>
void bit_reverse_permute(std::span<T> values);

}  // namespace swirl
