// The CPU backend's main-trace commitment (the reference's stacked_commit):
// stack the traces, RS-encode the stacked matrix, build the Merkle tree over
// the codeword with 2^k_whir rows per query leaf. Its root is the commitment
// the prover observes; the PCS data is what the openings (stacked reduction,
// WHIR) read later.
#pragma once

#include <span>
#include <utility>

#include "swirl/util/matrix.h"
#include "swirl/protocol/pcs_data.h"

namespace swirl::cpu {

using swirl::StackedPcsData;  // protocol/pcs_data.h


/// Commits `traces` (tallest first; each height a power of two). Emits the
/// spans `rs_code_matrix` and `merkle_tree`. Throws StackingError for layout
/// failures and std::invalid_argument for bad parameters or when there is
/// no column at all (the reference cannot commit an empty matrix either).
std::pair<Digest, StackedPcsData> stacked_commit(int l_skip, int n_stack, int log_blowup, int k_whir,
                                                 std::span<const ColMajorMatrix<BabyBear>* const> traces);

}  // namespace swirl::cpu
