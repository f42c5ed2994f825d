// The CPU backend's LogUp input layer (protocol step 5's leaves;
// docs/protocol.md, "LogUp GKR"): per AIR and interaction a block of
// 2^(l_skip + n_lift) leaves (protocol/logup.h's layout), the interaction's
// numerator (normalised by 2^-max(0, -n)) over its denominator
// h_beta(message, bus) + alpha at every lifted row; padding leaves 0 / alpha.
// OpenMP over rows.
#pragma once

#include <span>
#include <vector>

#include "swirl/backend/cpu/rap_air.h"
#include "swirl/field/babybear4.h"
#include "swirl/poly/fraction.h"
#include "swirl/protocol/air_constraints.h"

namespace swirl::cpu {

/// The leaves for `airs` (sorted order) under alpha and beta; empty without
/// interactions. Throws std::invalid_argument on inconsistent inputs.
std::vector<Frac> logup_input_layer(const BatchConstraintParams& params, std::span<const HostRapAir> airs,
                                    const BabyBear4& alpha, const BabyBear4& beta);

}  // namespace swirl::cpu
