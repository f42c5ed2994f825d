#include "swirl/field/batch_inverse.h"

#include <gtest/gtest.h>

#include "swirl/field/rng.h"

namespace swirl {
namespace {

template <typename T>
class BatchInverseTest : public ::testing::Test {};
using Fields = ::testing::Types<BabyBear, BabyBear4>;
TYPED_TEST_SUITE(BatchInverseTest, Fields);

TYPED_TEST(BatchInverseTest, MatchesSingleInverses) {
  SplitMix64 rng(5);
  for (size_t n : {0u, 1u, 2u, 7u, 64u, 1000u}) {
    std::vector<TypeParam> x(n);
    for (auto& v : x) v = rng.element<TypeParam>();
    if (n > 3) x[3] = TypeParam::zero();  // zeros stay zero and do not poison
    std::vector<TypeParam> inv = batch_inverse<TypeParam>(x);
    ASSERT_EQ(inv.size(), n);
    for (size_t i = 0; i < n; ++i) {
      if (x[i].is_zero()) EXPECT_TRUE(inv[i].is_zero());
      else EXPECT_EQ(inv[i], x[i].inverse());
    }
  }
}

}  // namespace
}  // namespace swirl
