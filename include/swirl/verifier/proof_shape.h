// The proof-shape check (the reference's verifier/proof_shape.rs): every
// length of a decoded proof against the verifying key, before the
// transcript is touched, in the reference's order. Returns the stacked
// layouts of all commitments (common main, then per present AIR in sorted
// order its preprocessed and cached parts).
#pragma once

#include <string>
#include <vector>

#include "swirl/air/keygen.h"
#include "swirl/protocol/proof.h"
#include "swirl/protocol/stacking.h"
#include "swirl/util/expected.h"

namespace swirl {

enum class ProofShapeSection {
  kVData,            // trace_vdata / public_values against the key
  kGkr,              // GKR layer and round counts
  kBatchConstraint,  // batch-constraint terms, rounds and column openings
  kStacking,         // stacking rounds, layouts, widths, openings
  kWhir,             // WHIR counts, queries, rows, Merkle depths
};
const char* proof_shape_section_name(ProofShapeSection s);

struct ProofShapeRejection {
  ProofShapeSection section;
  std::string message;
};

/// The present AIRs in sorted order (decreasing log_height, ties by AIR
/// index). Requires trace_vdata.size() == vk.per_air.size() (checked by
/// verify_proof_shape first).
std::vector<size_t> sorted_present_airs(const Proof& proof);

Expected<std::vector<StackedLayout>, ProofShapeRejection> verify_proof_shape(const MultiStarkVerifyingKey0& vk,
                                                                            const Proof& proof);

}  // namespace swirl
