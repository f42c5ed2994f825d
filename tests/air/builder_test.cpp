// The builder records exactly the trees p3's AirBuilder defaults build.
#include "swirl/air/builder.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace swirl {
namespace {

// Structural tree equality (for tests): kinds, variables, constants, degrees.
bool same_tree(const Expr& a, const Expr& b) {
  if (a.kind() != b.kind() || a.degree_multiple() != b.degree_multiple()) return false;
  switch (a.kind()) {
    case ExprKind::kVariable: return a.var() == b.var();
    case ExprKind::kConstant: return a.constant_value() == b.constant_value();
    case ExprKind::kIsFirstRow:
    case ExprKind::kIsLastRow:
    case ExprKind::kIsTransition: return true;
    case ExprKind::kNeg: return same_tree(a.lhs(), b.lhs());
    default: return same_tree(a.lhs(), b.lhs()) && same_tree(a.rhs(), b.rhs());
  }
}

TEST(AirSymbolic, DegreeMultipleFollowsTheReferenceRules) {
  Var x{Entry::main(0, 0), 0};
  Var pv{Entry::public_value(), 0};
  EXPECT_EQ(Expr(x).degree_multiple(), 1u);
  EXPECT_EQ(Expr(pv).degree_multiple(), 0u);
  EXPECT_EQ(Expr(5).degree_multiple(), 0u);
  EXPECT_EQ(Expr::is_first_row().degree_multiple(), 1u);
  EXPECT_EQ((x * x * pv).degree_multiple(), 2u);
  EXPECT_EQ((x * x + x).degree_multiple(), 2u);
  EXPECT_EQ((-(x * x * x)).degree_multiple(), 3u);
  // No simplification on the tree: x * 0 keeps degree 1.
  EXPECT_EQ((x * Expr(0)).degree_multiple(), 1u);
  EXPECT_EQ((x * Expr(0)).kind(), ExprKind::kMul);
  EXPECT_EQ(Expr(x).exp_u64(5).degree_multiple(), 5u);
  EXPECT_EQ(Expr(x).exp_u64(0).kind(), ExprKind::kConstant);
}

TEST(AirSymbolic, IntegerConstantsReduceModP) {
  EXPECT_EQ(Expr(-1).constant_value(), BabyBear::neg_one());
  EXPECT_EQ(Expr(7u).constant_value(), BabyBear::from_u32(7));
  EXPECT_EQ(Expr(true).constant_value(), BabyBear::one());
}

TEST(AirBuilder, WindowsFollowPartitionOrder) {
  TraceWidth w{2, {3, 1}, 4};
  AirBuilder b(w, 2);
  EXPECT_EQ(b.preprocessed().next(1), (Var{Entry::preprocessed(1), 1}));
  ASSERT_EQ(b.cached_mains().size(), 2u);
  EXPECT_EQ(b.cached_mains()[1].local(0), (Var{Entry::main(1, 0), 0}));
  EXPECT_EQ(b.common_main().next(3), (Var{Entry::main(2, 1), 3}));
  EXPECT_EQ(b.public_values()[1], (Var{Entry::public_value(), 1}));
  EXPECT_THROW((void)b.main(), std::logic_error);
  EXPECT_THROW((void)b.common_main().local(4), std::out_of_range);
  EXPECT_EQ(w.main_widths(), (std::vector<size_t>{3, 1, 4}));
  EXPECT_EQ(w.total_width(), 10u);

  AirBuilder c(TraceWidth{std::nullopt, {}, 2}, 0);
  EXPECT_THROW((void)c.preprocessed(), std::logic_error);
  EXPECT_EQ(c.main().local(1), (Var{Entry::main(0, 0), 1}));
  AirBuilder d(TraceWidth{std::nullopt, {2}, 0}, 0);
  EXPECT_THROW((void)d.common_main(), std::logic_error);
}

TEST(AirBuilder, AssertionsBuildP3Trees) {
  AirBuilder b(TraceWidth{1, {}, 2}, 0);
  Var x = b.main().local(0), y = b.main().next(1), s = b.preprocessed().local(0);
  b.assert_one(x);
  b.assert_eq(x, y);
  b.assert_bool(x);
  b.when(s).assert_zero(x);
  b.when_transition().when(s).assert_eq(x, y);
  b.when_ne(s, 1).assert_one(y);
  b.when_first_row().assert_bool(y);
  const auto& c = b.constraints();
  ASSERT_EQ(c.size(), 7u);
  EXPECT_TRUE(same_tree(c[0], Expr(x) - Expr(1)));
  EXPECT_TRUE(same_tree(c[1], Expr(x) - Expr(y)));
  EXPECT_TRUE(same_tree(c[2], Expr(x) * (Expr(x) - Expr(1))));
  EXPECT_TRUE(same_tree(c[3], Expr(s) * Expr(x)));
  EXPECT_TRUE(same_tree(c[4], Expr::is_transition() * (Expr(s) * (Expr(x) - Expr(y)))));
  EXPECT_TRUE(same_tree(c[5], (Expr(s) - Expr(1)) * (Expr(y) - Expr(1))));
  EXPECT_TRUE(same_tree(c[6], Expr::is_first_row() * (Expr(y) * (Expr(y) - Expr(1)))));
  EXPECT_FALSE(same_tree(c[4], Expr(s) * (Expr::is_transition() * (Expr(x) - Expr(y)))));

  std::vector<Expr> xs{x, y};
  b.when(s).assert_bools(xs);
  b.assert_zeros(xs);
  ASSERT_EQ(c.size(), 11u);
  EXPECT_TRUE(same_tree(c[7], Expr(s) * (Expr(x) * (Expr(x) - Expr(1)))));
  EXPECT_TRUE(same_tree(c[8], Expr(s) * (Expr(y) * (Expr(y) - Expr(1)))));
  EXPECT_TRUE(same_tree(c[10], Expr(y)));
}

TEST(AirBuilder, InteractionHelpers) {
  AirBuilder b(TraceWidth{std::nullopt, {}, 2}, 0);
  Var x = b.main().local(0), e = b.main().local(1);
  b.push_send(3, {x}, e);
  b.push_receive(3, {x, Expr(x) + 1}, e);
  b.lookup_key(4, {x}, e);
  b.add_key_with_lookups(4, {x}, e);
  b.push_interaction(5, {x}, Expr(-1) * e, 7);
  const auto& in = b.interactions();
  ASSERT_EQ(in.size(), 5u);
  EXPECT_EQ(in[0].bus_index, 3);
  EXPECT_EQ(in[0].count_weight, 1u);
  EXPECT_TRUE(same_tree(in[0].count, Expr(e)));
  EXPECT_EQ(in[1].message.size(), 2u);
  EXPECT_TRUE(same_tree(in[1].count, -Expr(e)));
  EXPECT_EQ(in[2].count_weight, 1u);
  EXPECT_EQ(in[3].count_weight, 0u);
  EXPECT_TRUE(same_tree(in[3].count, -Expr(e)));
  EXPECT_EQ(in[4].count.kind(), ExprKind::kMul);
  EXPECT_EQ(in[4].count_weight, 7u);
}

}  // namespace
}  // namespace swirl
