// Proof-of-work search on the device (ProverBackend::grind for the CUDA
// backend): the smallest witness w such that observing w in the sponge and
// sampling `bits` bits gives zero, as crypto/transcript.h's host search.
//
// Observing w then sampling is one permutation of the sponge state with
// lane absorb_idx set to w; the sample is lane 7. One thread per candidate,
// in batches of increasing candidates; an atomicMin keeps a batch's
// smallest hit, and the first batch with a hit holds the smallest overall.
// One host synchronisation per batch; the first batch covers 16 x the
// expected 2^bits candidates, so one batch almost always suffices, and a
// thread whose candidate is above a hit already found returns without
// permuting, so the batch costs about (smallest witness + one wave of
// threads) permutations rather than 16 x 2^bits.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <optional>

#include "swirl/crypto/transcript.h"

namespace swirl::cuda {

/// The smallest passing witness below `limit`, or nullopt. bits in [0, 30].
std::optional<BabyBear> find_pow_witness_on_device(const DuplexSponge& sponge, int bits, cudaStream_t stream,
                                                   uint64_t limit = BabyBear::kP);

}  // namespace swirl::cuda
