// Key generation for tests: a fixture's AIRs at some parameters, those
// flagged in `required` as required AIRs; a keygen error throws with its
// message (a test fixture that does not key is a broken test).
#pragma once

#include <stdexcept>
#include <vector>

#include "swirl/air/examples/fixtures.h"
#include "swirl/air/keygen.h"

namespace swirl::testing {

inline MultiStarkProvingKey keygen_fixture(const SystemParams& sp, const Fixture& fx,
                                           const std::vector<bool>& required = {}) {
  MultiStarkKeygenBuilder kb(sp);
  for (size_t i = 0; i < fx.airs.size(); ++i) {
    if (i < required.size() && required[i])
      kb.add_required_air(fx.airs[i]);
    else
      kb.add_air(fx.airs[i]);
  }
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error(pk.error().message());
  return std::move(*pk);
}

}  // namespace swirl::testing
