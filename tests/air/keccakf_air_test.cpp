#include "swirl/air/examples/keccakf_air.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <unordered_map>
#include <vector>

#include "keccakf_model.h"
#include "swirl/air/builder.h"
#include "swirl/air/dag.h"
#include "swirl/air/examples/keccakf_trace.h"

namespace swirl::keccakf {
namespace {

using F = BabyBear;

struct Point {
  std::vector<F> local, next;
  F is_first, is_last, is_transition;
};

// The constraint trees flattened once into a list of distinct nodes (by
// identity; shared subtrees such as the limb folds' acc + acc appear once),
// children before parents, so each point is evaluated in one linear pass.
struct Flat {
  struct Op {
    const ExprNode* n;
    size_t l = 0, r = 0;
  };
  std::vector<Op> ops;
  std::vector<size_t> roots;

  explicit Flat(const std::vector<Expr>& constraints) {
    std::unordered_map<const ExprNode*, size_t> seen;
    for (const Expr& c : constraints) roots.push_back(visit(&c.node(), seen));
  }
  size_t visit(const ExprNode* n, std::unordered_map<const ExprNode*, size_t>& seen) {
    if (auto it = seen.find(n); it != seen.end()) return it->second;
    Op op{n};
    if (n->x) op.l = visit(n->x.get(), seen);
    if (n->y) op.r = visit(n->y.get(), seen);
    ops.push_back(op);
    return seen[n] = ops.size() - 1;
  }
};

std::vector<F> eval_flat(const Flat& f, const Point& p) {
  std::vector<F> v(f.ops.size());
  for (size_t i = 0; i < f.ops.size(); ++i) {
    const Flat::Op& op = f.ops[i];
    const ExprNode& n = *op.n;
    switch (n.kind) {
      case ExprKind::kVariable:
        v[i] = n.var.entry.offset == 0 ? p.local.at(n.var.index) : p.next.at(n.var.index);
        break;
      case ExprKind::kIsFirstRow: v[i] = p.is_first; break;
      case ExprKind::kIsLastRow: v[i] = p.is_last; break;
      case ExprKind::kIsTransition: v[i] = p.is_transition; break;
      case ExprKind::kConstant: v[i] = n.constant; break;
      case ExprKind::kAdd: v[i] = v[op.l] + v[op.r]; break;
      case ExprKind::kSub: v[i] = v[op.l] - v[op.r]; break;
      case ExprKind::kNeg: v[i] = F::zero() - v[op.l]; break;
      case ExprKind::kMul: v[i] = v[op.l] * v[op.r]; break;
    }
  }
  std::vector<F> out;
  out.reserve(f.roots.size());
  for (size_t r : f.roots) out.push_back(v[r]);
  return out;
}

const AirBuilder& keccak_builder() {
  static const AirBuilder b = [] {
    KeccakfAir air;
    return symbolic_builder(air, trace_width_of(air, std::nullopt));
  }();
  return b;
}

std::vector<F> eval_all(const Point& p) {
  static const Flat flat(keccak_builder().constraints());
  return eval_flat(flat, p);
}

Point trace_point(const ColMajorMatrix<F>& t, size_t r) {
  const size_t h = t.height();
  return {t.row(r), t.row((r + 1) % h), r == 0 ? F::one() : F::zero(), r + 1 == h ? F::one() : F::zero(),
          r + 1 == h ? F::zero() : F::one()};
}

std::vector<KeccakState> random_states(size_t n, uint64_t seed) {
  std::mt19937_64 g(seed);
  std::vector<KeccakState> v(n);
  for (auto& s : v)
    for (auto& lane : s) lane = g();
  return v;
}

TEST(KeccakfAir, ShapeAndCounts) {
  const AirBuilder& b = keccak_builder();
  EXPECT_EQ(b.width().common_main, 2633u);
  EXPECT_TRUE(b.width().cached_mains.empty());
  EXPECT_FALSE(b.width().preprocessed.has_value());
  EXPECT_EQ(b.num_public_values(), 0u);
  EXPECT_TRUE(b.interactions().empty());
  ASSERT_EQ(b.constraints().size(), kNumConstraints);
  size_t max_degree = 0;
  for (const Expr& c : b.constraints()) max_degree = std::max(max_degree, c.degree_multiple());
  EXPECT_EQ(max_degree, 3u);
}

// Constraint i of the symbolic AIR equals constraint i of the plain model
// (written separately from the reference's list) at random points: same
// constraints, same order. Random field values make every term count.
TEST(KeccakfAir, MatchesThePlainModelConstraintByConstraint) {
  std::mt19937_64 g(7);
  auto rnd = [&] { return F::from_u64(g()); };
  for (int trial = 0; trial < 3; ++trial) {
    Point p;
    p.local.resize(kNumCols);
    p.next.resize(kNumCols);
    for (auto& v : p.local) v = rnd();
    for (auto& v : p.next) v = rnd();
    p.is_first = rnd();
    p.is_last = rnd();
    p.is_transition = rnd();
    const auto symbolic = eval_all(p);
    const auto model = test::eval_constraints(p.local, p.next, p.is_first, p.is_transition);
    ASSERT_EQ(symbolic.size(), model.size());
    for (size_t i = 0; i < model.size(); ++i) ASSERT_EQ(symbolic[i], model[i]) << "constraint " << i;
  }
}

TEST(KeccakfAir, ValidTracesSatisfyEveryConstraint) {
  for (size_t n : {1u, 3u}) {
    const auto trace = generate_trace(random_states(n, 20 + n));
    for (size_t r = 0; r < trace.height(); ++r) {
      const auto values = eval_all(trace_point(trace, r));
      for (size_t i = 0; i < values.size(); ++i)
        ASSERT_EQ(values[i], F::zero()) << "n " << n << " row " << r << " constraint " << i;
    }
  }
}

bool violated_near(const ColMajorMatrix<F>& t, size_t row) {
  for (size_t r = (row == 0 ? 0 : row - 1); r <= row; ++r)
    for (F v : eval_all(trace_point(t, r)))
      if (v != F::zero()) return true;
  return false;
}

TEST(KeccakfAir, CorruptedCellsViolateAConstraint) {
  const auto good = generate_trace(random_states(1, 30));
  ASSERT_FALSE(violated_near(good, 5));
  std::mt19937_64 g(31);
  const size_t cols[] = {Cols::step_flag(0),           Cols::step_flag(23),
                         Cols::export_flag(),          Cols::preimage(0, 0, 0),
                         Cols::preimage(4, 3, 3),      Cols::a(2, 2, 1),
                         Cols::c(0, 0),                Cols::c(4, 63),
                         Cols::c_prime(1, 31),         Cols::a_prime(0, 0, 0),
                         Cols::a_prime(4, 4, 63),      Cols::a_prime_prime(0, 0, 0),
                         Cols::a_prime_prime(3, 1, 3), Cols::a_prime_prime_0_0_bit(63),
                         Cols::a_prime_prime_prime_0_0_limb(0), Cols::a_prime_prime_prime_0_0_limb(3)};
  for (size_t col : cols)
    for (size_t row : {size_t{0}, size_t{23}, size_t{1 + g() % 22}}) {
      auto bad = good;
      bad.at(row, col) = bad.at(row, col) + F::one();
      // The export flag may be 1 on a permutation's last round (the AIR only
      // forbids it elsewhere and requires it boolean).
      const bool allowed = col == Cols::export_flag() && row == 23;
      EXPECT_EQ(violated_near(bad, row), !allowed) << "column " << col << " row " << row;
    }
  auto export2 = good;
  export2.at(23, Cols::export_flag()) = F::two();
  EXPECT_TRUE(violated_near(export2, 23));
  // Swapping two rounds' flags within a permutation is caught too.
  auto swapped = good;
  std::swap(swapped.at(4, Cols::step_flag(4)), swapped.at(4, Cols::step_flag(5)));
  EXPECT_TRUE(violated_near(swapped, 4));
}

// The keygen DAG of the AIR: node and constraint counts (the DAG merges
// structurally equal constraints), and its constraint nodes vanish on a
// valid trace and not on a corrupted one.
TEST(KeccakfAir, ConstraintDag) {
  const AirBuilder& b = keccak_builder();
  const SymbolicConstraintsDag dag = build_constraints_dag(b.constraints(), b.interactions());
  std::printf("keccak-f DAG: %zu nodes, %zu constraints\n", dag.constraints.nodes.size(),
              dag.constraints.num_constraints());
  EXPECT_EQ(dag.constraints.num_constraints(), kNumConstraints);  // no two constraints merge
  EXPECT_EQ(dag.constraints.max_rotation(), 1u);
  EXPECT_TRUE(dag.interactions.empty());
  auto trace = generate_trace(random_states(1, 40));
  auto violations = [&](const ColMajorMatrix<F>& t) {
    size_t bad = 0;
    for (size_t r = 0; r < t.height(); ++r) {
      const Point p = trace_point(t, r);
      const auto v = eval_dag_nodes(
          dag.constraints.nodes,
          [&](const SymbolicVariable& var) { return var.entry.offset == 0 ? p.local.at(var.index) : p.next.at(var.index); },
          [&](ExprKind k) {
            return k == ExprKind::kIsFirstRow ? p.is_first : k == ExprKind::kIsLastRow ? p.is_last : p.is_transition;
          });
      for (size_t i : dag.constraints.constraint_idx) bad += v[i] != F::zero();
    }
    return bad;
  };
  EXPECT_EQ(violations(trace), 0u);
  trace.at(9, Cols::a_prime(2, 3, 17)) = trace.at(9, Cols::a_prime(2, 3, 17)) + F::one();
  EXPECT_GT(violations(trace), 0u);
}

}  // namespace
}  // namespace swirl::keccakf
