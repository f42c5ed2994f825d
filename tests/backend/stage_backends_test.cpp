// The stage tests' backend list starts with the CPU backend, the one every
// other backend is compared with.
#include "backend/stage_backends.h"

#include <gtest/gtest.h>

namespace swirl {
namespace {

TEST(StageBackends, CpuFirst) {
  const auto backends = testing::stage_backends("commit");
  ASSERT_FALSE(backends.empty());
  EXPECT_EQ(backends[0].name, "cpu");
  EXPECT_EQ(backends[0].backend->name(), "cpu");
}

}  // namespace
}  // namespace swirl
