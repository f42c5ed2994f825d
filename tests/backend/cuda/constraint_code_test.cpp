// The per-AIR constraint encoding (constraint_code.h), host only (runs
// without a GPU): known words for each node kind, every limit rejected, and
// for real AIRs (fixtures, keccak-f) the encoded arrays decode to the DAG
// and an interpreter over the words evaluates every node to the value
// eval_dag_nodes gives.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <tuple>

#include "swirl/air/examples/fib_selector.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/examples/preprocessed_cached.h"
#include "swirl/backend/cuda/constraint_code.h"
#include "swirl/field/rng.h"

namespace swirl::cuda {
namespace {

SymbolicConstraintsDag dag_of(const Air& air) {
  const auto prep = air.preprocessed_trace();
  const AirBuilder b = symbolic_builder(air, trace_width_of(air, prep ? std::optional<size_t>(prep->width()) : std::nullopt));
  return build_constraints_dag(b.constraints(), b.interactions());
}

TEST(CudaConstraintCode, KnownWords) {
  // main part 2, next row, column 5
  EXPECT_EQ(encode_node(DagNode::variable({Entry::main(2, 1), 5})), 0x0000000502010100ull);
  EXPECT_EQ(encode_node(DagNode::variable({Entry::preprocessed(0), 7})), 0x0000000700000000ull);
  EXPECT_EQ(encode_node(DagNode::variable({Entry::public_value(), 3})), 0x0000000300000200ull);
  EXPECT_EQ(encode_node(DagNode::variable({Entry::challenge(), 0xffffffffu})), 0xffffffff00000300ull);
  const BabyBear c = BabyBear::from_u64(7);
  EXPECT_EQ(encode_node(DagNode::constant_node(c)), (uint64_t{c.monty()} << 32) | 4u);
  EXPECT_EQ(encode_node(DagNode::selector(ExprKind::kIsFirstRow)), 1u);
  EXPECT_EQ(encode_node(DagNode::selector(ExprKind::kIsLastRow)), 2u);
  EXPECT_EQ(encode_node(DagNode::selector(ExprKind::kIsTransition)), 3u);
  EXPECT_EQ(encode_node(DagNode::binary(ExprKind::kAdd, 3, 9, 1)), 0x0000009000000305ull);
  EXPECT_EQ(encode_node(DagNode::binary(ExprKind::kSub, 0, 1, 1)), 0x0000001000000006ull);
  EXPECT_EQ(encode_node(DagNode::binary(ExprKind::kMul, kMaxDagNodes - 1, kMaxDagNodes - 1, 2)),
            0xffffffffffffff08ull);
  EXPECT_EQ(encode_node(DagNode::neg(0x123, 1)), 0x0000000000012307ull);
  // The accessors read back what was written.
  const NodeCode v{encode_node(DagNode::variable({Entry::main(200, 1), 123456}))};
  EXPECT_EQ(v.op(), ExprKind::kVariable);
  EXPECT_EQ(v.entry_kind(), EntryKind::kMain);
  EXPECT_EQ(v.part_index(), 200u);
  EXPECT_EQ(v.offset(), 1u);
  EXPECT_EQ(v.index(), 123456u);
  const NodeCode m{encode_node(DagNode::binary(ExprKind::kMul, 12345678, 87654321 % kMaxDagNodes, 2))};
  EXPECT_EQ(m.left(), 12345678u);
  EXPECT_EQ(m.right(), 87654321u % kMaxDagNodes);
}

TEST(CudaConstraintCode, LimitsAreRejected) {
  EXPECT_THROW(encode_node(DagNode::variable({Entry::main(256, 0), 0})), std::invalid_argument);
  EXPECT_THROW(encode_node(DagNode::variable({Entry::main(0, 256), 0})), std::invalid_argument);
  EXPECT_THROW(encode_node(DagNode::variable({Entry::main(0, 0), size_t{1} << 32})), std::invalid_argument);
  EXPECT_THROW(encode_node(DagNode::binary(ExprKind::kAdd, kMaxDagNodes, 0, 1)), std::invalid_argument);
  EXPECT_THROW(encode_node(DagNode::binary(ExprKind::kMul, 0, kMaxDagNodes, 1)), std::invalid_argument);
  EXPECT_THROW(encode_node(DagNode::neg(kMaxDagNodes, 1)), std::invalid_argument);
  EXPECT_NO_THROW(encode_node(DagNode::variable({Entry::main(255, 255), 0xffffffffu})));
}

TEST(CudaConstraintCode, ReferencesMustPointBackAndExist) {
  SymbolicConstraintsDag dag;
  dag.constraints.nodes = {DagNode::variable({Entry::main(0, 0), 0}), DagNode::variable({Entry::main(0, 1), 0}),
                           DagNode::binary(ExprKind::kSub, 0, 1, 1)};
  dag.constraints.constraint_idx = {2};
  dag.interactions.push_back({{0, 1}, 2, 3, 1});
  const AirConstraintCode ok = encode_air_constraints(dag);
  EXPECT_EQ(ok.nodes.size(), 3u);
  EXPECT_EQ(ok.constraint_idx, (std::vector<uint32_t>{2}));
  EXPECT_EQ(ok.interactions, (std::vector<uint32_t>{2, 3, 0, 2}));
  EXPECT_EQ(ok.interaction_fields, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(ok.max_message_length, 2u);

  auto bad = dag;
  bad.constraints.nodes[2].right = 2;  // a node reading itself
  EXPECT_THROW(encode_air_constraints(bad), std::invalid_argument);
  bad = dag;
  bad.constraints.nodes.push_back(DagNode::neg(3, 1));
  EXPECT_THROW(encode_air_constraints(bad), std::invalid_argument);
  bad = dag;
  bad.constraints.constraint_idx = {3};
  EXPECT_THROW(encode_air_constraints(bad), std::invalid_argument);
  bad = dag;
  bad.interactions[0].count = 3;
  EXPECT_THROW(encode_air_constraints(bad), std::invalid_argument);
  bad = dag;
  bad.interactions[0].message[1] = 7;
  EXPECT_THROW(encode_air_constraints(bad), std::invalid_argument);
}

// Decodes `code` against `dag` field by field and evaluates the words with
// a plain interpreter at random variable and selector values.
void expect_encodes(const SymbolicConstraintsDag& dag, uint64_t seed) {
  const AirConstraintCode code = encode_air_constraints(dag);
  const auto& nodes = dag.constraints.nodes;
  ASSERT_EQ(code.nodes.size(), nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    const NodeCode w{code.nodes[i]};
    const DagNode& n = nodes[i];
    ASSERT_EQ(w.op(), n.kind) << "node " << i;
    switch (n.kind) {
      case ExprKind::kVariable:
        EXPECT_EQ(w.entry_kind(), n.var.entry.kind);
        EXPECT_EQ(w.part_index(), n.var.entry.part_index);
        EXPECT_EQ(w.offset(), n.var.entry.offset);
        EXPECT_EQ(w.index(), n.var.index);
        break;
      case ExprKind::kConstant: EXPECT_EQ(BabyBear::from_monty(w.constant_monty()), n.constant); break;
      case ExprKind::kAdd:
      case ExprKind::kSub:
      case ExprKind::kMul: EXPECT_EQ(w.right(), n.right) << "node " << i; [[fallthrough]];
      case ExprKind::kNeg: EXPECT_EQ(w.left(), n.left) << "node " << i; break;
      default: EXPECT_EQ(w.w, static_cast<uint64_t>(n.kind)); break;
    }
  }
  ASSERT_EQ(code.constraint_idx.size(), dag.constraints.constraint_idx.size());
  for (size_t i = 0; i < code.constraint_idx.size(); ++i)
    EXPECT_EQ(code.constraint_idx[i], dag.constraints.constraint_idx[i]);
  ASSERT_EQ(code.num_interactions(), dag.interactions.size());
  size_t fields = 0, max_len = 0;
  for (size_t i = 0; i < dag.interactions.size(); ++i) {
    const Interaction<size_t>& in = dag.interactions[i];
    const InteractionCode h = code.interaction(i);
    EXPECT_EQ(h.count, in.count);
    EXPECT_EQ(h.bus_index, in.bus_index);
    EXPECT_EQ(h.first_field, fields);
    ASSERT_EQ(h.num_fields, in.message.size());
    for (size_t f = 0; f < in.message.size(); ++f) EXPECT_EQ(code.interaction_fields.at(h.first_field + f), in.message[f]);
    fields += in.message.size();
    max_len = std::max(max_len, in.message.size());
  }
  EXPECT_EQ(code.interaction_fields.size(), fields);
  EXPECT_EQ(code.max_message_length, max_len);

  // Interpreter over the words vs eval_dag_nodes over the DAG.
  SplitMix64 rng(seed);
  std::map<std::tuple<int, size_t, size_t, size_t>, BabyBear> vars;
  auto var_value = [&](int kind, size_t part, size_t offset, size_t index) {
    auto [it, fresh] = vars.try_emplace({kind, part, offset, index});
    if (fresh) it->second = rng.field();
    return it->second;
  };
  const BabyBear sel[3] = {rng.field(), rng.field(), rng.field()};
  const std::vector<BabyBear> want = eval_dag_nodes(
      nodes,
      [&](const SymbolicVariable& v) {
        return var_value(static_cast<int>(v.entry.kind), v.entry.part_index, v.entry.offset, v.index);
      },
      [&](ExprKind k) { return sel[static_cast<int>(k) - 1]; });
  std::vector<BabyBear> got(code.nodes.size());
  for (size_t i = 0; i < code.nodes.size(); ++i) {
    const NodeCode w{code.nodes[i]};
    switch (w.op()) {
      case ExprKind::kVariable:
        got[i] = var_value(static_cast<int>(w.entry_kind()), w.part_index(), w.offset(), w.index());
        break;
      case ExprKind::kConstant: got[i] = BabyBear::from_monty(w.constant_monty()); break;
      case ExprKind::kIsFirstRow:
      case ExprKind::kIsLastRow:
      case ExprKind::kIsTransition: got[i] = sel[static_cast<int>(w.op()) - 1]; break;
      case ExprKind::kAdd: got[i] = got[w.left()] + got[w.right()]; break;
      case ExprKind::kSub: got[i] = got[w.left()] - got[w.right()]; break;
      case ExprKind::kMul: got[i] = got[w.left()] * got[w.right()]; break;
      case ExprKind::kNeg: got[i] = BabyBear() - got[w.left()]; break;
    }
  }
  EXPECT_EQ(got, want);
}

TEST(CudaConstraintCode, FixtureAirsDecodeAndEvaluate) {
  std::vector<std::shared_ptr<const Air>> airs;
  airs.push_back(std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true, false}, true));
  airs.push_back(std::make_shared<FibonacciSelectorAir>(std::vector<bool>{true, false, true, true}, false));
  airs.push_back(std::make_shared<PreprocessedCachedAir>(std::vector<bool>{true, false, true, true}, 3));
  for (auto& a : interactions_fixture_11().airs) airs.push_back(a);
  for (auto& a : cached_fixture_11().airs) airs.push_back(a);
  for (auto& a : fib_fixture(0, 1, 8).airs) airs.push_back(a);
  size_t with_interactions = 0;
  for (size_t i = 0; i < airs.size(); ++i) {
    SCOPED_TRACE(airs[i]->name() + " #" + std::to_string(i));
    const SymbolicConstraintsDag dag = dag_of(*airs[i]);
    with_interactions += !dag.interactions.empty();
    expect_encodes(dag, 100 + i);
  }
  EXPECT_GE(with_interactions, 3u);  // the interaction arrays are exercised
}

TEST(CudaConstraintCode, KeccakfDecodesAndEvaluates) {
  const SymbolicConstraintsDag dag = dag_of(keccakf::KeccakfAir());
  ASSERT_GT(dag.constraints.nodes.size(), 10000u);
  expect_encodes(dag, 7);
}

}  // namespace
}  // namespace swirl::cuda
