// The Reed-Solomon encoding of the stacked matrix, as the reference commits
// it (stacked_pcs.rs rs_code_matrix, poly.rs eval_to_coeff_rs_message).
//
// A stacked column of height 2^m (m = l_skip + n_stack) holds evaluations of
// a prismalinear polynomial on D x {0,1}^n, D the order-2^l_skip subgroup:
// index i = z + 2^l_skip * x, z the point w_D^z of D, x the boolean point.
//
//  1. message: for each x, the 2^l_skip values over D are interpolated to
//     coefficients of Z^0..Z^(2^l_skip - 1) (inverse DFT on D), and those
//     coefficients are then zeta-transformed over the l_skip bits of the
//     Z-exponent: out[S] = sum over subsets T of S of coeff[T]. The x bits are
//     left as they are. (eval_to_coeff_rs_message.)
//  2. codeword: the message, read as coefficients of a univariate polynomial
//     of degree < 2^m, is zero-padded to 2^(m + log_blowup) and evaluated by
//     a forward DFT on the subgroup of that order, natural order, no coset
//     shift: codeword[i] = f(w^i), w = two_adic_generator(m + log_blowup).
//
// Row i of the codeword matrix is therefore the point w^i; WHIR's query
// index q opens rows q + t * 2^(m + log_blowup - k_whir), t < 2^k_whir.
#pragma once

#include <span>
#include <vector>

#include "swirl/field/babybear.h"
#include "swirl/util/matrix.h"

namespace swirl {

/// Step 1 in place on one column (length 2^m with m >= l_skip, else throws).
void eval_to_coeff_rs_message(int l_skip, std::span<BabyBear> evals);

/// Steps 1 and 2 on every column: a matrix of height 2^(m + log_blowup).
/// Emits the span `rs_code_matrix`. Throws std::invalid_argument when the
/// height is not a power of two >= 2^l_skip or the codeword would exceed 2^27.
ColMajorMatrix<BabyBear> rs_code_matrix(int l_skip, int log_blowup, const ColMajorMatrix<BabyBear>& evals);

}  // namespace swirl
