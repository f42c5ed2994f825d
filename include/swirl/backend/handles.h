// Handles to data a backend holds. The coordinator (prover/) never sees
// where the data lives: the CPU backend keeps host matrices (or borrows the
// caller's), a GPU backend keeps device buffers from transport to the last
// WHIR query. A backend downcasts only its own handle types and throws
// std::invalid_argument on a foreign one.
#pragma once

#include <cstddef>
#include <vector>

#include "swirl/crypto/poseidon2.h"
#include "swirl/field/babybear.h"
#include "swirl/protocol/stacking.h"

namespace swirl {

/// A trace matrix (column-major, height x width) held by a backend.
class BackendMatrix {
 public:
  virtual ~BackendMatrix() = default;
  virtual size_t height() const = 0;
  virtual size_t width() const = 0;
};

/// The PCS data of one committed stacked matrix: the root, the layout, and
/// (backend-side) the stacked matrix, its RS codeword and Merkle tree.
class BackendPcsData {
 public:
  virtual ~BackendPcsData() = default;
  virtual const Digest& commit() const = 0;
  virtual const StackedLayout& layout() const = 0;
};

/// A proving key as a backend holds it: per AIR the constraint DAG in the
/// backend's form and, for AIRs with one, the preprocessed trace and its
/// PCS data. Host-side facts (verifying keys, params, pre-hash) stay in the
/// host MultiStarkProvingKey the coordinator keeps.
class BackendProvingKey {
 public:
  virtual ~BackendProvingKey() = default;
  virtual size_t num_airs() const = 0;
  /// AIR `air`'s preprocessed trace, or nullptr if it has none.
  virtual const BackendMatrix* preprocessed_trace(size_t air) const = 0;
  /// AIR `air`'s preprocessed PCS data, or nullptr if it has none.
  virtual const BackendPcsData* preprocessed_pcs(size_t air) const = 0;
};

/// One present AIR's traces for the RAP-constraints stages, in sorted order
/// (decreasing height, ties by AIR index). Every part has the same
/// power-of-two height; the preprocessed part comes from the proving key.
struct RapAir {
  size_t air = 0;  // index in the proving key (vkey order)
  std::vector<const BackendMatrix*> cached;  // one per cached main
  const BackendMatrix* common_main = nullptr;
  std::vector<BabyBear> public_values;
};

}  // namespace swirl
