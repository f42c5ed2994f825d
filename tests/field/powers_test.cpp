#include "swirl/field/powers.h"

#include <gtest/gtest.h>

#include "swirl/field/babybear.h"
#include "swirl/field/babybear4.h"
#include "swirl/field/rng.h"

namespace swirl {
namespace {

template <typename T>
class PowersTest : public ::testing::Test {};
using Fields = ::testing::Types<BabyBear, BabyBear4>;
TYPED_TEST_SUITE(PowersTest, Fields);

// Against square-and-multiply exponentiation, element by element.
TYPED_TEST(PowersTest, MatchesPow) {
  SplitMix64 rng(9);
  for (size_t n : {0u, 1u, 2u, 17u}) {
    const TypeParam x = rng.element<TypeParam>();
    const std::vector<TypeParam> p = powers(x, n);
    ASSERT_EQ(p.size(), n);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(p[i], x.pow(i)) << n << " " << i;
  }
  const std::vector<TypeParam> z = powers(TypeParam::zero(), 3);
  EXPECT_EQ(z[0], TypeParam::one());
  EXPECT_EQ(z[1], TypeParam::zero());
}

}  // namespace
}  // namespace swirl
