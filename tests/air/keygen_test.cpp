// Keygen: the reference's checks, unused variables, trace-height
// constraints, vk fields.
#include "swirl/air/keygen.h"

#include <gtest/gtest.h>

#include "air/test_committer.h"
#include "swirl/air/examples/fib_selector.h"
#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/interaction_airs.h"
#include "swirl/air/examples/preprocessed_cached.h"

namespace swirl {
namespace {

using testing_support::fake_preprocessed_commit;

// An AIR assembled from a lambda, for the checks.
class LambdaAir final : public Air {
 public:
  LambdaAir(size_t width, std::function<void(AirBuilder&)> f, size_t pvs = 0)
      : width_(width), f_(std::move(f)), pvs_(pvs) {}
  std::string name() const override { return "LambdaAir"; }
  size_t width() const override { return width_; }
  size_t num_public_values() const override { return pvs_; }
  void eval(AirBuilder& b) const override { f_(b); }

 private:
  size_t width_;
  std::function<void(AirBuilder&)> f_;
  size_t pvs_;
};

Expected<MultiStarkProvingKey, KeygenError> keygen(std::vector<std::shared_ptr<const Air>> airs,
                                                   SystemParams params = default_test_params_small()) {
  MultiStarkKeygenBuilder kb(std::move(params), fake_preprocessed_commit);
  for (auto& a : airs) kb.add_air(std::move(a));
  return kb.generate_pk();
}

KeygenErrorKind error_of(std::shared_ptr<const Air> air, SystemParams params = default_test_params_small()) {
  auto pk = keygen({std::make_shared<FibonacciAir>(), std::move(air)}, std::move(params));
  EXPECT_FALSE(pk.has_value());
  if (pk.has_value()) return KeygenErrorKind::kDegreeTooLarge;
  EXPECT_EQ(pk.error().air_index, 1u);
  EXPECT_FALSE(pk.error().message().empty());
  return pk.error().kind;
}

TEST(AirKeygen, RejectsDegenerateAirs) {
  EXPECT_EQ(error_of(std::make_shared<LambdaAir>(0, [](AirBuilder&) {})), KeygenErrorKind::kAirWidthZero);
  EXPECT_EQ(error_of(std::make_shared<LambdaAir>(2, [](AirBuilder&) {})), KeygenErrorKind::kNoConstraintsOrInteractions);
  EXPECT_EQ(error_of(std::make_shared<LambdaAir>(2, [](AirBuilder& b) { b.push_send(0, {}, b.main().local(0)); })),
            KeygenErrorKind::kInteractionMessageEmpty);
}

TEST(AirKeygen, DegreeBound) {
  // default_test_params_small: max_constraint_degree 3.
  auto cubic = [](AirBuilder& b) {
    Expr x = b.main().local(0);
    b.assert_zero(x * x * x);
  };
  auto quartic = [](AirBuilder& b) {
    Expr x = b.main().local(0);
    b.when_transition().assert_zero(x * x * x);
  };
  EXPECT_TRUE(keygen({std::make_shared<LambdaAir>(1, cubic)}).has_value());
  auto pk = keygen({std::make_shared<FibonacciAir>(), std::make_shared<LambdaAir>(1, quartic)});
  ASSERT_FALSE(pk.has_value());
  EXPECT_EQ(pk.error().kind, KeygenErrorKind::kMaxConstraintDegreeExceeded);
  EXPECT_EQ(pk.error().degree, 4u);
  EXPECT_EQ(pk.error().max_degree, 3u);
  // Interaction fields and counts count too; degree is that of the tree as
  // written (x * 0 still has degree 1 per factor).
  EXPECT_EQ(error_of(std::make_shared<LambdaAir>(1,
                                                 [](AirBuilder& b) {
                                                   Expr x = b.main().local(0);
                                                   b.push_send(0, {x * x * x * x * Expr(0)}, Expr(1));
                                                 })),
            KeygenErrorKind::kMaxConstraintDegreeExceeded);
  EXPECT_EQ(error_of(std::make_shared<LambdaAir>(1,
                                                 [](AirBuilder& b) {
                                                   Expr x = b.main().local(0);
                                                   b.push_send(0, {x}, x * x * x * x);
                                                 })),
            KeygenErrorKind::kMaxConstraintDegreeExceeded);
}

TEST(AirKeygen, MessageLengthBound) {
  // log_max_message_length 7 in the test params: 127 fields + bus fit, 128 do not.
  auto msg = [](size_t n) {
    return std::make_shared<LambdaAir>(1, [n](AirBuilder& b) {
      std::vector<Expr> m(n, Expr(b.main().local(0)));
      b.push_send(0, m, Expr(1));
    });
  };
  SystemParams p = default_test_params_small();
  ASSERT_EQ(p.logup.log_max_message_length, 7u);
  EXPECT_TRUE(keygen({msg(127)}).has_value());
  EXPECT_EQ(error_of(msg(128)), KeygenErrorKind::kMessageTooLong);
}

TEST(AirKeygen, FibonacciKeyFields) {
  auto pk = keygen({std::make_shared<FibonacciAir>()});
  ASSERT_TRUE(pk.has_value());
  const StarkVerifyingKey& vk = pk->per_air[0].vk;
  EXPECT_EQ(pk->per_air[0].air_name, "FibonacciAir");
  EXPECT_FALSE(vk.preprocessed_data.has_value());
  EXPECT_EQ(vk.params.width, (TraceWidth{std::nullopt, {}, 2}));
  EXPECT_EQ(vk.params.num_public_values, 3u);
  EXPECT_TRUE(vk.params.need_rot);
  EXPECT_EQ(vk.max_constraint_degree, 2);
  EXPECT_FALSE(vk.is_required);
  EXPECT_TRUE(vk.unused_variables.empty());
  EXPECT_EQ(vk.symbolic_constraints.constraints.nodes.size(), 21u);
  EXPECT_EQ(vk.symbolic_constraints.constraints.constraint_idx, (std::vector<size_t>{4, 8, 12, 16, 20}));
  EXPECT_EQ(vk.num_parts(), 1u);
  EXPECT_EQ(pk->max_constraint_degree, 3u);  // the configured bound, not the AIR's
  // No interactions: only the interaction-count constraint (threshold
  // logup.max_interaction_count, 2^30 in these parameters).
  EXPECT_EQ(pk->trace_height_constraints,
            (std::vector<LinearConstraint>{{{0}, default_test_params_small().logup.max_interaction_count}}));
  MultiStarkVerifyingKey vkm = pk->get_vk();
  EXPECT_EQ(vkm.pre_hash, compute_vk_pre_hash(vkm.inner));
  EXPECT_EQ(vkm.max_constraint_degree(), 3u);

  MultiStarkKeygenBuilder kb(default_test_params_small(), fake_preprocessed_commit);
  kb.add_required_air(std::make_shared<FibonacciAir>());
  auto req = kb.generate_pk();
  ASSERT_TRUE(req.has_value());
  EXPECT_TRUE(req->per_air[0].vk.is_required);
  EXPECT_NE(req->vk_pre_hash, pk->vk_pre_hash);  // is_required is hashed
}

TEST(AirKeygen, UnusedVariablesOrder) {
  // Two partitions (cached width 2, common width 2), preprocessed width 2.
  class Partial final : public Air {
   public:
    std::string name() const override { return "Partial"; }
    size_t width() const override { return 4; }
    std::vector<size_t> cached_main_widths() const override { return {2}; }
    size_t common_main_width() const override { return 2; }
    std::optional<ColMajorMatrix<BabyBear>> preprocessed_trace() const override {
      return ColMajorMatrix<BabyBear>(4, 2);
    }
    void eval(AirBuilder& b) const override {
      // Reads prep[1] local, cached[0] local+next, common[1] next; the
      // x * 0 keeps common[0] local in the DAG (children are interned).
      b.assert_zero(Expr(b.preprocessed().local(1)) * b.cached_mains()[0].local(0) +
                    Expr(b.cached_mains()[0].next(0)) + Expr(b.common_main().next(1)) +
                    Expr(b.common_main().local(0)) * Expr(0));
    }
  };
  auto pk = keygen({std::make_shared<Partial>()});
  ASSERT_TRUE(pk.has_value()) << pk.error().message();
  const StarkVerifyingKey& vk = pk->per_air[0].vk;
  EXPECT_TRUE(vk.params.need_rot);
  EXPECT_EQ(vk.unused_variables, (std::vector<Var>{
                                     Var{Entry::preprocessed(0), 0},
                                     Var{Entry::preprocessed(1), 0},
                                     Var{Entry::preprocessed(1), 1},
                                     Var{Entry::main(0, 0), 1},
                                     Var{Entry::main(0, 1), 1},
                                     Var{Entry::main(1, 1), 0},
                                     Var{Entry::main(1, 0), 1},
                                 }));
  // Without rotation only offset-0 variables can be unused.
  auto local_only = std::make_shared<LambdaAir>(3, [](AirBuilder& b) { b.assert_bool(b.main().local(1)); });
  auto pk2 = keygen({local_only});
  ASSERT_TRUE(pk2.has_value());
  EXPECT_FALSE(pk2->per_air[0].vk.params.need_rot);
  EXPECT_EQ(pk2->per_air[0].vk.unused_variables,
            (std::vector<Var>{Var{Entry::main(0, 0), 0}, Var{Entry::main(0, 0), 2}}));
}

TEST(AirKeygen, PreprocessedData) {
  std::vector<bool> sels{true, false, true, true, false, false, true, false};
  SystemParams p = default_test_params_small();  // l_skip 2
  auto pk = keygen({std::make_shared<PreprocessedCachedAir>(sels, 2)}, p);
  ASSERT_TRUE(pk.has_value()) << pk.error().message();
  const StarkVerifyingKey& vk = pk->per_air[0].vk;
  ASSERT_TRUE(vk.preprocessed_data.has_value());
  EXPECT_EQ(vk.preprocessed_data->hypercube_dim, 3 - p.l_skip);
  EXPECT_EQ(vk.preprocessed_data->stacking_width, 1u);
  auto trace = PreprocessedCachedAir(sels, 2).preprocessed_trace();
  EXPECT_EQ(vk.preprocessed_data->commit, fake_preprocessed_commit(p, *trace).commit);
  EXPECT_EQ(vk.params.width, (TraceWidth{1, {1, 1}, 1}));
  EXPECT_EQ(vk.num_parts(), 4u);
  EXPECT_EQ(vk.dag_main_part_index_to_commit_index(2), 0u);  // common main
  EXPECT_EQ(vk.dag_main_part_index_to_commit_index(0), 2u);  // first cached
  ASSERT_TRUE(pk->per_air[0].preprocessed_trace.has_value());
  EXPECT_EQ(*pk->per_air[0].preprocessed_trace, *trace);
  // Short trace: negative hypercube dimension.
  auto pk2 = keygen({std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true, false}, false)}, p);
  ASSERT_TRUE(pk2.has_value());
  EXPECT_EQ(pk2->per_air[0].vk.preprocessed_data->hypercube_dim, 1 - p.l_skip);
  // Non-power-of-two preprocessed heights are rejected.
  EXPECT_EQ(error_of(std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true, false, true}, false)),
            KeygenErrorKind::kPreprocessedShape);
}

TEST(AirKeygen, TraceHeightConstraints) {
  SystemParams p = default_test_params_small();
  auto vk_with = [&](std::vector<std::pair<BusIndex, uint32_t>> ins) {
    StarkVerifyingKey vk;
    for (auto [bus, w] : ins) vk.symbolic_constraints.interactions.push_back(Interaction<size_t>{{0}, 0, bus, w});
    return vk;
  };
  // Bus 3: weights 2 (AIR 0) and 1 (AIR 1); bus 1: weight 1 (AIR 1).
  p.logup.max_interaction_count = 1000;
  auto c = compute_trace_height_constraints({vk_with({{3, 2}}), vk_with({{3, 1}, {1, 1}}), vk_with({})}, p);
  EXPECT_EQ(c, (std::vector<LinearConstraint>{
                   {{2, 1, 0}, BabyBear::kP},  // bus 3 (bus 1's [0,1,0] is implied by it)
                   {{1, 2, 0}, 1000},          // interaction count
               }));
  // Equal constraints: the later one (interaction count) is dropped.
  p.logup.max_interaction_count = BabyBear::kP;
  c = compute_trace_height_constraints({vk_with({{0, 1}}), vk_with({{0, 1}})}, p);
  EXPECT_EQ(c, (std::vector<LinearConstraint>{{{1, 1}, BabyBear::kP}}));
  // No AIRs with interactions: only the count constraint.
  c = compute_trace_height_constraints({vk_with({}), vk_with({})}, p);
  EXPECT_EQ(c, (std::vector<LinearConstraint>{{{0, 0}, BabyBear::kP}}));

  // Mixture (12 AIRs): bus 0 weights are all 0 (DummyInteractionAir default),
  // bus 5 has 8 interactions of weight 1 per SelfInteractionAir. Bus 5's
  // constraint drops bus 0's; the interaction-count constraint (threshold
  // 2^30 <= p, coefficients >= bus 5's) then drops bus 5's.
  Fixture mix = mixture_fixture_standard(3);
  SystemParams tp = default_test_params_small();
  ASSERT_EQ(tp.logup.max_interaction_count, 1u << 30);
  auto pk = keygen(mix.airs, tp);
  ASSERT_TRUE(pk.has_value()) << pk.error().message();
  EXPECT_EQ(pk->trace_height_constraints,
            (std::vector<LinearConstraint>{{{0, 1, 1, 1, 1, 0, 8, 8, 8, 8, 8, 8}, 1u << 30}}));
}

TEST(AirKeygen, IsImpliedBy) {
  LinearConstraint a{{1, 2}, 10}, b{{1, 3}, 9};
  EXPECT_TRUE(a.is_implied_by(b));
  EXPECT_FALSE(b.is_implied_by(a));
  EXPECT_TRUE(a.is_implied_by(a));
  EXPECT_FALSE(LinearConstraint({{2, 2}, 10}).is_implied_by(b));
}

// DAG sizes of every fixture AIR (the figures ../shared/ref/ will be
// compared with when reference vectors exist).
TEST(AirKeygen, FixtureDagSizes) {
  Fixture mix = mixture_fixture_standard(3);
  mix.append(preprocessed_and_cached_fixture({true, false, true, true}, 2));
  auto pk = keygen(mix.airs);
  ASSERT_TRUE(pk.has_value()) << pk.error().message();
  std::vector<size_t> nodes, constraints, interactions;
  for (const auto& a : pk->per_air) {
    nodes.push_back(a.vk.symbolic_constraints.constraints.nodes.size());
    constraints.push_back(a.vk.symbolic_constraints.constraints.num_constraints());
    interactions.push_back(a.vk.num_interactions());
  }
  // Fib 21 (by hand above). Dummy sender: count, field -> 2 nodes; receiver
  // adds Constant(-1) and Mul -> 4. SelfInteraction(w): see its test.
  EXPECT_EQ(nodes[0], 21u);
  EXPECT_EQ(nodes[1], 2u);
  EXPECT_EQ(nodes[2], 4u);
  EXPECT_EQ(nodes[3], 2u);
  EXPECT_EQ(nodes[4], 4u);
  EXPECT_EQ(constraints, (std::vector<size_t>{5, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 7}));
  EXPECT_EQ(interactions, (std::vector<size_t>{0, 1, 1, 1, 1, 0, 8, 8, 8, 8, 8, 8, 0}));
}

// SelfInteractionAir(width 2) DAG by hand. Interactions add message fields
// then the count:
//  i0: l0 l1 | Const(1)                  -> 0 l0, 1 l1, 2 c1
//  i1: n0 n1 | Const(-1)                 -> 3 n0, 4 n1, 5 c-1
//  i2: l0 l1 | (0 + l0) + l1             -> 6 c0 (0+l0 folds to l0), 7 Add(0,1)
//  i3: n0 n1 | -((0 + l0) + l1)          -> 8 Neg(7)
//  i4: l0 l1 | l0                        -> (nothing new)
//  i5: n0 n1 | -n0                       -> 9 Neg(3)
//  i6: l1 l0 | sum ; i7: n1 n0 | -sum    -> (nothing new)
TEST(AirKeygen, SelfInteractionDagByHand) {
  auto pk = keygen({std::make_shared<SelfInteractionAir>(2, 5)});
  ASSERT_TRUE(pk.has_value());
  const auto& dag = pk->per_air[0].vk.symbolic_constraints;
  const Var l0{Entry::main(0, 0), 0}, l1{Entry::main(0, 0), 1}, n0{Entry::main(0, 1), 0}, n1{Entry::main(0, 1), 1};
  EXPECT_EQ(dag.constraints.nodes,
            (std::vector<DagNode>{DagNode::variable(l0), DagNode::variable(l1), DagNode::constant_node(BabyBear::one()),
                                  DagNode::variable(n0), DagNode::variable(n1),
                                  DagNode::constant_node(BabyBear::neg_one()), DagNode::constant_node(BabyBear::zero()),
                                  DagNode::binary(ExprKind::kAdd, 0, 1, 1), DagNode::neg(7, 1), DagNode::neg(3, 1)}));
  ASSERT_EQ(dag.interactions.size(), 8u);
  std::vector<std::pair<std::vector<size_t>, size_t>> got;
  for (const auto& in : dag.interactions) {
    got.emplace_back(in.message, in.count);
    EXPECT_EQ(in.bus_index, 5);
    EXPECT_EQ(in.count_weight, 1u);
  }
  EXPECT_EQ(got, (std::vector<std::pair<std::vector<size_t>, size_t>>{{{0, 1}, 2},
                                                                      {{3, 4}, 5},
                                                                      {{0, 1}, 7},
                                                                      {{3, 4}, 8},
                                                                      {{0, 1}, 0},
                                                                      {{3, 4}, 9},
                                                                      {{1, 0}, 7},
                                                                      {{4, 3}, 8}}));
  EXPECT_TRUE(dag.constraints.constraint_idx.empty());
  EXPECT_EQ(pk->per_air[0].vk.max_constraint_degree, 1);
}

}  // namespace
}  // namespace swirl

namespace swirl {
namespace {

DagNode B(ExprKind k, size_t l, size_t r, size_t d) { return DagNode::binary(k, l, r, d); }
DagNode V(Entry e, size_t i) { return DagNode::variable(Var{e, i}); }
constexpr ExprKind kAdd = ExprKind::kAdd, kSub = ExprKind::kSub, kMul = ExprKind::kMul;

// FibonacciSelectorAir's DAG worked out by hand (post-order, dedup):
//  c0 = F*(l - pv0), c1 = F*(r - pv1), c2 = T*(s*(r - nl)),
//  c3 = T*((s - 1)*(l - nl)), c4 = T*(s*((l + r) - nr)),
//  c5 = T*((s - 1)*(r - nr)), c6 = L*(r - pv2).
TEST(AirKeygen, FibSelectorDagByHand) {
  auto pk = keygen_single_air(FibonacciSelectorAir({true, false, true, false}, false), 0, false,
                              default_test_params_small(), testing_support::fake_preprocessed_commit);
  ASSERT_TRUE(pk.has_value());
  const auto& dag = pk->vk.symbolic_constraints.constraints;
  const Entry m0 = Entry::main(0, 0), m1 = Entry::main(0, 1), pv = Entry::public_value();
  const std::vector<DagNode> want{
      DagNode::selector(ExprKind::kIsFirstRow), V(m0, 0), V(pv, 0), B(kSub, 1, 2, 1), B(kMul, 0, 3, 2),
      V(m0, 1), V(pv, 1), B(kSub, 5, 6, 1), B(kMul, 0, 7, 2),
      DagNode::selector(ExprKind::kIsTransition), V(Entry::preprocessed(0), 0), V(m1, 0), B(kSub, 5, 11, 1),
      B(kMul, 10, 12, 2), B(kMul, 9, 13, 3),
      DagNode::constant_node(BabyBear::one()), B(kSub, 10, 15, 1), B(kSub, 1, 11, 1), B(kMul, 16, 17, 2),
      B(kMul, 9, 18, 3),
      B(kAdd, 1, 5, 1), V(m1, 1), B(kSub, 20, 21, 1), B(kMul, 10, 22, 2), B(kMul, 9, 23, 3),
      B(kSub, 5, 21, 1), B(kMul, 16, 25, 2), B(kMul, 9, 26, 3),
      DagNode::selector(ExprKind::kIsLastRow), V(pv, 2), B(kSub, 5, 29, 1), B(kMul, 28, 30, 2)};
  EXPECT_EQ(dag.nodes, want);
  EXPECT_EQ(dag.constraint_idx, (std::vector<size_t>{4, 8, 14, 19, 24, 27, 31}));
  EXPECT_EQ(pk->vk.max_constraint_degree, 3);
  // The selector's next row is never read.
  EXPECT_EQ(pk->vk.unused_variables, (std::vector<Var>{Var{Entry::preprocessed(1), 0}}));
}

// PreprocessedCachedAir (2 cached parts) by hand: parts are cached0 = 0,
// cached1 = 1, common = 2.
TEST(AirKeygen, PreprocessedCachedDagByHand) {
  auto pk = keygen_single_air(PreprocessedCachedAir({true, false, true, false}, 2), 0, false,
                              default_test_params_small(), testing_support::fake_preprocessed_commit);
  ASSERT_TRUE(pk.has_value());
  const auto& dag = pk->vk.symbolic_constraints.constraints;
  const Entry p0 = Entry::preprocessed(0), p1 = Entry::preprocessed(1);
  const std::vector<DagNode> want{
      V(p0, 0), DagNode::constant_node(BabyBear::one()), B(kSub, 0, 1, 1), B(kMul, 0, 2, 2),
      DagNode::selector(ExprKind::kIsFirstRow), V(Entry::main(2, 0), 0), B(kMul, 4, 5, 2),
      DagNode::selector(ExprKind::kIsTransition), V(Entry::main(2, 1), 0), B(kSub, 8, 5, 1), B(kSub, 9, 1, 1),
      B(kMul, 7, 10, 2),
      B(kAdd, 5, 0, 1), V(Entry::main(0, 0), 0), B(kSub, 12, 13, 1),
      V(p1, 0), B(kAdd, 8, 15, 1), V(Entry::main(0, 1), 0), B(kSub, 16, 17, 1), B(kMul, 7, 18, 2),
      B(kAdd, 13, 0, 1), V(Entry::main(1, 0), 0), B(kSub, 20, 21, 1),
      B(kAdd, 17, 15, 1), V(Entry::main(1, 1), 0), B(kSub, 23, 24, 1), B(kMul, 7, 25, 2)};
  EXPECT_EQ(dag.nodes, want);
  EXPECT_EQ(dag.constraint_idx, (std::vector<size_t>{3, 6, 11, 14, 19, 22, 26}));
  EXPECT_TRUE(pk->vk.params.need_rot);
  EXPECT_TRUE(pk->vk.unused_variables.empty());
}

}  // namespace
}  // namespace swirl
