#include "swirl/air/examples/keccakf_air.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "keccakf_model.h"
#include "swirl/air/builder.h"
#include "swirl/air/dag.h"
#include "swirl/air/debug.h"
#include "swirl/air/keygen.h"
#include "swirl/protocol/params.h"
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

// The project's debug checker on the AIR: a valid trace passes; a cell
// pushed out of range is reported at its row by the constraint the
// reference's order gives it (C[2] bit 17 boolean: 48 + 100 + 100 + 2 +
// 2 * 128 + 17 = 523).
TEST(KeccakfAir, DebugChecker) {
  const std::vector<std::shared_ptr<const Air>> airs = {std::make_shared<KeccakfAir>()};
  std::vector<AirTraces> traces(1);
  traces[0].common_main = generate_trace(random_states(2, 50));
  const DebugReport good = debug_check(airs, traces);
  EXPECT_TRUE(good.ok()) << good.to_string();
  traces[0].common_main.at(5, Cols::c(2, 17)) = F::two();
  const DebugReport bad = debug_check(airs, traces);
  ASSERT_FALSE(bad.ok());
  bool found = false;
  for (const ConstraintFailure& f : bad.constraint_failures) {
    EXPECT_EQ(f.row, 5u);
    found |= f.constraint_index == 523;
  }
  EXPECT_TRUE(found) << bad.to_string();
}

// Keygen accepts the AIR with the reference example's parameters (degree 3
// within their bound).
TEST(KeccakfAir, Keygen) {
  const KeccakfAir air;
  const auto pk = keygen_single_air(air, 0, false, app_params_100_bits(21), stacked_preprocessed_commit);
  ASSERT_TRUE(pk.has_value()) << pk.error().message();
  const StarkVerifyingKey& vk = pk.value().vk;
  EXPECT_EQ(vk.max_constraint_degree, 3);
  EXPECT_EQ(vk.params.width.common_main, kNumCols);
  EXPECT_EQ(vk.symbolic_constraints.constraints.num_constraints(), kNumConstraints);
  // Every local column is read; of the next row only the flags, the
  // preimage and the round input A are.
  EXPECT_EQ(vk.unused_variables.size(), kNumCols - (24 + 100 + 100));
  for (const SymbolicVariable& v : vk.unused_variables) {
    EXPECT_EQ(v.entry.offset, 1u);
    EXPECT_TRUE(v.index == Cols::kExport || v.index >= Cols::kC) << v.index;
  }
  EXPECT_FALSE(vk.preprocessed_data.has_value());
}

// Tree shapes, not just values: the DAG in the verifying key is built from
// the trees, so a few constraints are compared with s-expressions written
// from the reference's code (v<offset>:<col>, c<constant>, F/L/T selectors).
// (GCC 12 warns falsely (-Wrestrict) on `"literal" + std::string`, hence
// the appends.)
std::string node(const char* op, const std::string& a, const std::string& b) {
  std::string r = "(";
  r += op;
  r += ' ';
  r += a;
  if (!b.empty()) {
    r += ' ';
    r += b;
  }
  r += ')';
  return r;
}
std::string leaf(char tag, uint64_t a) {
  std::string r(1, tag);
  r += std::to_string(a);
  return r;
}
std::string v(size_t offset, size_t col) {
  std::string r = leaf('v', offset);
  r += ':';
  r += std::to_string(col);
  return r;
}

std::string sexpr(const ExprNode& n) {
  switch (n.kind) {
    case ExprKind::kVariable: return v(n.var.entry.offset, n.var.index);
    case ExprKind::kIsFirstRow: return "F";
    case ExprKind::kIsLastRow: return "L";
    case ExprKind::kIsTransition: return "T";
    case ExprKind::kConstant: return leaf('c', n.constant.as_canonical());
    case ExprKind::kAdd: return node("+", sexpr(*n.x), sexpr(*n.y));
    case ExprKind::kSub: return node("-", sexpr(*n.x), sexpr(*n.y));
    case ExprKind::kMul: return node("*", sexpr(*n.x), sexpr(*n.y));
    case ExprKind::kNeg: return node("~", sexpr(*n.x), "");
  }
  return "?";
}

std::string add(const std::string& a, const std::string& b) { return node("+", a, b); }
std::string sub(const std::string& a, const std::string& b) { return node("-", a, b); }
std::string mul(const std::string& a, const std::string& b) { return node("*", a, b); }
std::string bxor(const std::string& a, const std::string& b) { return sub(add(a, b), mul(a, add(b, b))); }
// p3's limb fold: acc = 0; for z from the top bit down, acc = acc.double() + bit(z).
template <typename Bit>
std::string fold(size_t limb, Bit bit) {
  std::string acc = "c0";
  for (size_t z = 16 * limb + 16; z-- > 16 * limb;) acc = add(add(acc, acc), bit(z));
  return acc;
}

TEST(KeccakfAir, ExpressionTreesMatchTheReferenceShapes) {
  const auto& cs = keccak_builder().constraints();
  auto at = [&](size_t i) { return sexpr(cs.at(i).node()); };
  const std::string not_final = sub("c1", v(0, 23));
  EXPECT_EQ(at(0), mul("F", sub(v(0, 0), "c1")));
  EXPECT_EQ(at(1), mul("F", v(0, 1)));
  EXPECT_EQ(at(24), mul("T", sub(v(0, 0), v(1, 1))));
  EXPECT_EQ(at(47), mul("T", sub(v(0, 23), v(1, 0))));
  EXPECT_EQ(at(48), mul(v(0, 0), sub(v(0, 25), v(0, 125))));
  EXPECT_EQ(at(148), mul(not_final, mul("T", sub(v(0, 25), v(1, 25)))));
  EXPECT_EQ(at(248), mul(v(0, 24), sub(v(0, 24), "c1")));
  EXPECT_EQ(at(249), mul(not_final, v(0, 24)));
  EXPECT_EQ(at(250), mul(v(0, 225), sub(v(0, 225), "c1")));
  // C'[0][0] = xor3(C[0][0], C[4][0], C[1][63]).
  EXPECT_EQ(at(314), sub(v(0, 545), bxor(bxor(v(0, 225), v(0, 481)), v(0, 352))));
  // A' lane (0,0) limb 0: fold of xor3(A'[0][0][z], C[0][z], C'[0][z]) minus A[0][0][0].
  EXPECT_EQ(at(250 + 640 + 64),
            sub(fold(0, [](size_t z) { return bxor(bxor(v(0, 865 + z), v(0, 225 + z)), v(0, 545 + z)); }), v(0, 125)));
  // Column parity at (x, z) = (0, 0).
  const std::string sum = add(add(add(add(v(0, 865), v(0, 1185)), v(0, 1505)), v(0, 1825)), v(0, 2145));
  const std::string d = sub(sum, v(0, 545));
  EXPECT_EQ(at(2590), mul(mul(d, sub(d, "c2")), sub(d, add("c2", "c2"))));
  // A''[0][0] limb 0: fold of andn(B[1,0], B[2,0]) xor B[0,0] minus the limb.
  EXPECT_EQ(at(2910), sub(fold(0, [](size_t z) {
                            const std::string b1 = v(0, Cols::b(1, 0, z)), b2 = v(0, Cols::b(2, 0, z));
                            return bxor(mul(sub("c1", b1), b2), v(0, Cols::b(0, 0, z)));
                          }),
                          v(0, 2465)));
  EXPECT_EQ(at(3074), sub(fold(0, [](size_t z) { return v(0, 2565 + z); }), v(0, 2465)));
  EXPECT_EQ(at(3078), sub(fold(0,
                               [](size_t z) {
                                 std::string rc = "c0";
                                 for (size_t r = 0; r < 24; ++r)
                                   rc = add(rc, mul(v(0, r), round_constant_bit(r, z) ? "c1" : "c0"));
                                 return bxor(rc, v(0, 2565 + z));
                               }),
                          v(0, 2629)));
  EXPECT_EQ(at(3082), mul("T", mul(not_final, sub(v(0, 2629), v(1, 125)))));
  EXPECT_EQ(at(3083), mul("T", mul(not_final, sub(v(0, 2630), v(1, 126)))));
  EXPECT_EQ(at(3086), mul("T", mul(not_final, sub(v(0, 2465 + 20), v(1, 125 + 20)))));  // x 0, y 1
  EXPECT_EQ(at(3181), mul("T", mul(not_final, sub(v(0, 2564), v(1, 224)))));
}

}  // namespace
}  // namespace swirl::keccakf
