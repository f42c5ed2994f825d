// The grouped constraint program (constraint_program.h) against the DAG
// interpreter (air/dag_constraints.h): for every example AIR and group count,
// sum_k lambda^k c_k from the program's host model equals the same sum over
// DagConstraints::eval's constraint nodes, at random base-field and
// extension-field points. Also prints the keccak-f program's shape (slots,
// instructions, recomputation) for docs/design.md. Host-only (no GPU).
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "swirl/air/dag_constraints.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cuda/constraint_program.h"
#include "swirl/field/powers.h"
#include "swirl/field/rng.h"

namespace swirl::cuda {
namespace {

std::vector<StarkVerifyingKey> keys_of(const std::vector<std::shared_ptr<const Air>>& airs) {
  MultiStarkKeygenBuilder kb(default_test_params_small());
  for (const auto& a : airs) kb.add_air(a);
  const MultiStarkProvingKey pk = *kb.generate_pk();
  std::vector<StarkVerifyingKey> out;
  for (const auto& p : pk.per_air) out.push_back(p.vk);
  return out;
}

// Every node's value through DagConstraints on the row window of `cols`
// (flat columns, FlatColumns' layout).
template <typename T>
std::vector<T> dag_nodes(const StarkVerifyingKey& vk, const FlatColumns& flat, const std::vector<T>& cols,
                         std::span<const BabyBear> pv) {
  const DagConstraints dag(vk);
  RowWindow<T> w;
  w.is_first_row = cols[0];
  w.is_transition = cols[1];
  w.is_last_row = cols[2];
  size_t part = 0;
  if (flat.has_preprocessed) {
    w.preprocessed_local = cols.data() + flat.local_offset[0];
    w.preprocessed_next = flat.rot ? cols.data() + flat.next_offset[0] : nullptr;
    part = 1;
  }
  std::vector<const T*> loc, nxt;
  for (size_t p = part; p < flat.local_offset.size(); ++p) {
    loc.push_back(cols.data() + flat.local_offset[p]);
    nxt.push_back(flat.rot ? cols.data() + flat.next_offset[p] : nullptr);
  }
  w.main_local = loc;
  w.main_next = nxt;
  w.public_values = pv;
  std::vector<T> nodes(dag.num_nodes());
  if constexpr (std::is_same_v<T, BabyBear>) {
    dag.eval(w, nodes.data());
  } else {
    std::vector<RowWindow<T>> ws{w};
    dag.eval_many(std::span<const RowWindow<T>>(ws), nodes.data());
  }
  return nodes;
}

// sum_k lambda^k c_k through DagConstraints on the row window of `cols`.
template <typename T>
BabyBear4 dag_sum(const StarkVerifyingKey& vk, const FlatColumns& flat, const std::vector<T>& cols,
                  std::span<const BabyBear> pv, std::span<const BabyBear4> lambda_pows) {
  const std::vector<T> nodes = dag_nodes<T>(vk, flat, cols, pv);
  const DagConstraints dag(vk);
  BabyBear4 acc = BabyBear4::zero();
  const auto idx = dag.constraint_nodes();
  for (size_t k = 0; k < idx.size(); ++k) acc += lambda_pows[k] * nodes[idx[k]];
  return acc;
}

template <typename T>
void check_air(const StarkVerifyingKey& vk, SplitMix64& rng) {
  const AirShape shape = air_shape(vk);
  const FlatColumns flat(shape);
  std::vector<BabyBear> pv(vk.params.num_public_values);
  for (auto& x : pv) x = rng.field();
  const BabyBear4 lambda = rng.ext();
  const auto lambda_pows = powers(lambda, vk.symbolic_constraints.constraints.constraint_idx.size());
  for (size_t groups : {1, 3, 32}) {
    const ConstraintProgram prog = compile_constraint_program(vk.symbolic_constraints, shape, groups);
    ASSERT_EQ(prog.num_columns, flat.num_columns);
    ASSERT_LE(prog.groups.size(), 2 * groups);
    for (int rep = 0; rep < 3; ++rep) {
      std::vector<T> cols(flat.num_columns);
      for (auto& c : cols) c = rng.template element<T>();
      std::vector<T> slots(prog.max_slots);
      EXPECT_EQ(run_constraint_program<T>(prog, cols, pv, lambda_pows, slots.data()),
                dag_sum<T>(vk, flat, cols, pv, lambda_pows))
          << "groups " << groups;
    }
  }
}

TEST(ConstraintProgram, EqualsDagOnFixtures) {
  SplitMix64 rng(5);
  std::vector<Fixture> fixtures;
  fixtures.push_back(fib_fixture(0, 1, 8));
  fixtures.push_back(interactions_fixture_11());
  fixtures.push_back(cached_fixture_11());
  fixtures.push_back(preprocessed_fib_fixture(0, 1, {true, false, true, false, true, true, false, false}));
  fixtures.push_back(preprocessed_and_cached_fixture({true, false, false, true}, 2));
  fixtures.push_back(self_interaction_fixture({4, 7}, 4, 5));
  for (const Fixture& f : fixtures) {
    for (const StarkVerifyingKey& vk : keys_of(f.airs)) {
      check_air<BabyBear>(vk, rng);
      check_air<BabyBear4>(vk, rng);
    }
  }
}

TEST(ConstraintProgram, KeccakfEqualsDag) {
  SplitMix64 rng(6);
  const auto vks = keys_of({std::make_shared<keccakf::KeccakfAir>()});
  check_air<BabyBear>(vks[0], rng);
  check_air<BabyBear4>(vks[0], rng);
  const size_t value_nodes = [&] {
    size_t n = 0;
    for (const auto& d : vks[0].symbolic_constraints.constraints.nodes)
      n += d.kind == ExprKind::kAdd || d.kind == ExprKind::kSub || d.kind == ExprKind::kMul || d.kind == ExprKind::kNeg;
    return n;
  }();
  for (size_t groups : {1, 8, 32, 128, 256}) {
    const ConstraintProgram prog = compile_constraint_program(vks[0].symbolic_constraints, air_shape(vks[0]), groups);
    uint32_t longest = 0;
    for (const ProgramGroup& g : prog.groups) longest = std::max(longest, g.count);
    std::printf("keccak-f, %zu groups: %zu groups made, %zu instructions (%zu value nodes, %.2fx), max slots %u, "
                "longest group %u instructions\n",
                groups, prog.groups.size(), prog.instrs.size(), value_nodes,
                double(prog.instrs.size() - prog.num_constraints) / double(value_nodes), prog.max_slots, longest);
  }
}

// The interaction program's counts and compressed fields against the DAG's
// node values at random base-field points.
TEST(ConstraintProgram, InteractionsEqualDag) {
  SplitMix64 rng(8);
  size_t checked = 0;
  for (const Fixture& f : {interactions_fixture_11(), cached_fixture_11(), self_interaction_fixture({4, 7, 100}, 4, 5),
                           preprocessed_and_cached_fixture({true, false, false, true}, 2)}) {
    for (const StarkVerifyingKey& vk : keys_of(f.airs)) {
      const AirShape shape = air_shape(vk);
      const FlatColumns flat(shape);
      const DagConstraints dag(vk);
      std::vector<BabyBear> pv(vk.params.num_public_values);
      for (auto& x : pv) x = rng.field();
      size_t max_len = 0;
      for (const auto& it : dag.interactions()) max_len = std::max(max_len, it.message.size());
      const auto beta_pows = powers(rng.ext(), max_len + 1);
      for (size_t groups : {1, 2, 5}) {
        const ConstraintProgram prog = compile_interaction_program(vk.symbolic_constraints, shape, groups);
        ASSERT_EQ(prog.num_interactions, dag.interactions().size());
        std::vector<BabyBear> cols(flat.num_columns);
        for (auto& c : cols) c = rng.field();
        std::vector<BabyBear> slots(std::max<uint32_t>(prog.max_slots, 1)), num;
        std::vector<BabyBear4> den;
        run_interaction_program(prog, cols, pv, beta_pows, slots.data(), num, den);
        // The DAG's node values on the same window (base field).
        const std::vector<BabyBear> nodes = dag_nodes<BabyBear>(vk, flat, cols, pv);
        const auto its = dag.interactions();
        for (size_t k = 0; k < its.size(); ++k) {
          EXPECT_EQ(num[k], nodes[its[k].count]) << "interaction " << k;
          BabyBear4 h = BabyBear4::zero();
          for (size_t j = 0; j < its[k].message.size(); ++j) h += beta_pows[j] * nodes[its[k].message[j]];
          EXPECT_EQ(den[k], h) << "interaction " << k << " of " << its.size() << ", " << flat.num_columns << " columns, groups " << groups << ", fields " << its[k].message.size();
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 20u);
}

TEST(ConstraintProgram, RejectsUnplaceableVariables) {
  AirShape shape;
  shape.common_main_width = 2;
  const FlatColumns flat(shape);
  EXPECT_EQ(flat.num_columns, 5u);
  EXPECT_THROW(flat.column({Entry::main(0, 1), 0}), std::invalid_argument);  // next row without need_rot
  EXPECT_THROW(flat.column({Entry::preprocessed(0), 0}), std::invalid_argument);
  EXPECT_THROW(flat.column({Entry::main(1, 0), 0}), std::invalid_argument);  // no such part
  EXPECT_EQ(flat.column({Entry::main(0, 0), 1}), 4u);
}

}  // namespace
}  // namespace swirl::cuda

// ---- The device interpreter (constraint_eval.h) against the host model ----

#include "backend/cuda/gpu_test_util.h"
#include "swirl/backend/cuda/constraint_eval.h"

namespace swirl::cuda {
namespace {

template <typename T>
void check_device(const StarkVerifyingKey& vk, size_t groups, size_t points, uint64_t seed) {
  SplitMix64 rng(seed);
  const AirShape shape = air_shape(vk);
  const ConstraintProgram prog = compile_constraint_program(vk.symbolic_constraints, shape, groups);
  std::vector<BabyBear> pv(vk.params.num_public_values);
  for (auto& x : pv) x = rng.field();
  const auto lambda_pows = powers(rng.ext(), prog.num_constraints);
  // Column-major over the points: col c of point p at c * points + p.
  std::vector<T> cols(size_t{prog.num_columns} * points);
  for (auto& c : cols) c = rng.template element<T>();
  Transporter t;
  const DeviceConstraintProgram dprog = upload_constraint_program(t, prog);
  DeviceBuffer<T> dcols = t.upload_vector(std::span<const T>(cols));
  DeviceBuffer<BabyBear> dpv = t.upload_vector(std::span<const BabyBear>(pv));
  DeviceBuffer<BabyBear4> dlam = t.upload_vector(std::span<const BabyBear4>(lambda_pows));
  DeviceBuffer<BabyBear4> partial(prog.groups.size() * points), out(points);
  t.synchronize();
  eval_constraint_program<T>(dprog, dcols.data(), points, dpv.data(), dlam.data(), partial.data(), out.data(),
                             t.stream());
  const std::vector<BabyBear4> got = t.download(out.data(), points);
  std::vector<T> slots(prog.max_slots), one(prog.num_columns);
  for (size_t p = 0; p < points; ++p) {
    for (size_t c = 0; c < one.size(); ++c) one[c] = cols[c * points + p];
    ASSERT_EQ(got[p], run_constraint_program<T>(prog, one, pv, lambda_pows, slots.data()))
        << vk.params.width.common_main << " columns, point " << p << " of " << points << ", groups " << groups;
  }
}

TEST(CudaConstraintEval, EqualsHostModel) {
  SKIP_WITHOUT_GPU();
  for (const Fixture& f : {fib_fixture(0, 1, 8), preprocessed_and_cached_fixture({true, false, false, true}, 2),
                           self_interaction_fixture({4, 7}, 4, 5)}) {
    for (const StarkVerifyingKey& vk : keys_of(f.airs)) {
      for (size_t points : {1, 5, 128, 1000}) {
        check_device<BabyBear>(vk, 3, points, points);
        check_device<BabyBear4>(vk, 1, points, points + 1);
      }
    }
  }
  const auto keccak = keys_of({std::make_shared<keccakf::KeccakfAir>()});
  check_device<BabyBear>(keccak[0], 128, 300, 9);
  check_device<BabyBear4>(keccak[0], 128, 70, 10);
}

TEST(CudaConstraintEval, RefusesTooManySlots) {
  SKIP_WITHOUT_GPU();
  const auto keccak = keys_of({std::make_shared<keccakf::KeccakfAir>()});
  const ConstraintProgram prog = compile_constraint_program(keccak[0].symbolic_constraints, air_shape(keccak[0]), 1);
  Transporter t;
  EXPECT_THROW(upload_constraint_program(t, prog), std::invalid_argument);
}

}  // namespace
}  // namespace swirl::cuda
