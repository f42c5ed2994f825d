// A stand-in preprocessed committer for tests while the stacked PCS commit
// is not wired in: hashes the trace's values, reports its width as the
// stacking width. It is NOT the reference's commitment.
#pragma once

#include "swirl/air/keygen.h"
#include "swirl/crypto/hash.h"

namespace swirl::testing_support {

inline PreprocessedCommit fake_preprocessed_commit(const SystemParams&, const ColMajorMatrix<BabyBear>& trace) {
  PreprocessedCommit c;
  c.commit = poseidon2_hash(trace.values().data(), trace.values().size());
  c.stacking_width = trace.width();
  return c;
}

}  // namespace swirl::testing_support
