// CPU main-trace commitment: stack, RS-encode, Merkle-commit.
#include "swirl/backend/cpu/stacked_commit.h"

#include <stdexcept>
#include <string>

#include "swirl/poly/rs_code.h"

namespace swirl::cpu {

std::pair<Digest, StackedPcsData> stacked_commit(int l_skip, int n_stack, int log_blowup, int k_whir,
                                                 std::span<const ColMajorMatrix<BabyBear>* const> traces) {
  if (log_blowup < 0 || k_whir < 0)
    throw std::invalid_argument("stacked_commit: log_blowup " + std::to_string(log_blowup) + " / k_whir " +
                                std::to_string(k_whir) + " must be >= 0");
  if (l_skip + n_stack + log_blowup > BabyBear::kTwoAdicity)
    throw std::invalid_argument("stacked_commit: codeword height 2^" + std::to_string(l_skip + n_stack + log_blowup) +
                                " exceeds 2^27");
  if (k_whir > l_skip + n_stack + log_blowup)
    throw std::invalid_argument("stacked_commit: k_whir " + std::to_string(k_whir) + " exceeds log codeword height " +
                                std::to_string(l_skip + n_stack + log_blowup));
  StackedMatrix stacked = stacked_matrix(l_skip, n_stack, traces);
  if (stacked.layout.width() == 0) throw std::invalid_argument("stacked_commit: no columns to commit");
  ColMajorMatrix<BabyBear> codeword = rs_code_matrix(l_skip, log_blowup, stacked.matrix);
  StackedPcsData data{std::move(stacked.layout), std::move(stacked.matrix),
                      MerkleTree<BabyBear>::build(std::move(codeword), size_t{1} << k_whir)};
  Digest root = data.commit();
  return {root, std::move(data)};
}

}  // namespace swirl::cpu
