// The shape of an AIR's constraint DAG as a device evaluator sees it (the
// cost model of docs/design.md, "CUDA backend: constraint evaluation"):
// nodes per kind, variables, constraints, interactions, and the largest
// number of intermediate values alive at once when the nodes are evaluated
// in DAG order and a value dies after its last use (linear-scan liveness).
// Variables and constants are read in place, not held.
//   swirl_bench_dag_stats [keccakf|fib]
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <utility>
#include <memory>
#include <vector>

#include "swirl/air/examples/fibonacci.h"
#include "swirl/air/examples/keccakf_air.h"
#include "swirl/air/keygen.h"

int main(int argc, char** argv) {
  using namespace swirl;
  const bool fib = argc > 1 && std::strcmp(argv[1], "fib") == 0;
  const SystemParams sp = app_params_100_bits(21);
  MultiStarkKeygenBuilder kb(sp);
  if (fib)
    kb.add_air(std::make_shared<FibonacciAir>());
  else
    kb.add_air(std::make_shared<keccakf::KeccakfAir>());
  const MultiStarkProvingKey pk = *kb.generate_pk();
  const SymbolicConstraintsDag& dag = pk.per_air[0].vk.symbolic_constraints;
  const auto& nodes = dag.constraints.nodes;
  size_t kinds[9] = {};
  std::vector<size_t> last_use(nodes.size(), 0);
  auto is_value = [&](size_t i) {
    const ExprKind k = nodes[i].kind;
    return k == ExprKind::kAdd || k == ExprKind::kSub || k == ExprKind::kMul || k == ExprKind::kNeg;
  };
  for (size_t i = 0; i < nodes.size(); ++i) {
    const DagNode& n = nodes[i];
    ++kinds[static_cast<int>(n.kind)];
    switch (n.kind) {
      case ExprKind::kAdd:
      case ExprKind::kSub:
      case ExprKind::kMul: last_use[n.right] = i; [[fallthrough]];
      case ExprKind::kNeg: last_use[n.left] = i; break;
      default: break;
    }
  }
  // Constraint and interaction roots stay alive to the end (they are read
  // after the walk).
  std::vector<bool> root(nodes.size(), false);
  for (size_t c : dag.constraints.constraint_idx) root[c] = true;
  for (const auto& in : dag.interactions) {
    root[in.count] = true;
    for (size_t f : in.message) root[f] = true;
  }
  size_t live = 0, max_live = 0, roots_live = 0, max_nonroot_live = 0;
  std::vector<std::vector<size_t>> dies(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i)
    if (is_value(i) && !root[i] && last_use[i] > i) dies[last_use[i]].push_back(i);
  for (size_t i = 0; i < nodes.size(); ++i) {
    live -= dies[i].size();
    if (is_value(i)) {
      if (root[i]) ++roots_live;
      else if (last_use[i] > i) ++live;
    }
    max_nonroot_live = std::max(max_nonroot_live, live);
    max_live = std::max(max_live, live + roots_live);
  }
  // The same walk in a demand-driven order: constraint after constraint,
  // each root's not yet evaluated subtree in post-order (children first,
  // the deeper child first), a constraint root folded into the batched sum
  // (and dead) at once unless a later node reads it.
  std::vector<size_t> order;
  {
    std::vector<bool> done(nodes.size(), false);
    std::vector<size_t> depth(nodes.size(), 0);
    for (size_t i = 0; i < nodes.size(); ++i) {
      const DagNode& n = nodes[i];
      if (is_value(i)) {
        depth[i] = 1 + depth[n.left];
        if (n.kind != ExprKind::kNeg) depth[i] = std::max(depth[i], 1 + depth[n.right]);
      }
    }
    std::vector<std::pair<size_t, bool>> stack;
    auto visit = [&](size_t r) {
      stack.push_back({r, false});
      while (!stack.empty()) {
        auto [i, expanded] = stack.back();
        stack.pop_back();
        if (done[i]) continue;
        if (expanded || !is_value(i)) {
          done[i] = true;
          order.push_back(i);
          continue;
        }
        stack.push_back({i, true});
        const DagNode& n = nodes[i];
        size_t a = n.left, b = n.kind == ExprKind::kNeg ? n.left : n.right;
        if (depth[a] < depth[b]) std::swap(a, b);
        stack.push_back({b, false});  // popped second
        stack.push_back({a, false});  // the deeper child first
      }
    };
    for (size_t c : dag.constraints.constraint_idx) visit(c);
    for (const auto& in : dag.interactions) {
      visit(in.count);
      for (size_t f : in.message) visit(f);
    }
    for (size_t i = 0; i < nodes.size(); ++i) visit(i);
  }
  std::vector<size_t> pos(nodes.size());
  for (size_t k = 0; k < order.size(); ++k) pos[order[k]] = k;
  std::vector<size_t> last(nodes.size(), 0);
  for (size_t k = 0; k < order.size(); ++k) {
    const DagNode& n = nodes[order[k]];
    if (!is_value(order[k])) continue;
    last[n.left] = std::max(last[n.left], k);
    if (n.kind != ExprKind::kNeg) last[n.right] = std::max(last[n.right], k);
  }
  std::vector<size_t> die_at(order.size() + 1, 0);
  size_t dfs_live = 0, dfs_max = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t i = order[k];
    if (is_value(i)) {
      const bool used_later = last[i] > k;
      const bool held = used_later || (root[i] && false);
      if (held) {
        ++dfs_live;
        ++die_at[last[i]];
      }
    }
    dfs_max = std::max(dfs_max, dfs_live);
    dfs_live -= die_at[k];
  }
  (void)pos;
  std::printf("AIR %s: %zu nodes (variables %zu, selectors %zu, constants %zu, add %zu, sub %zu, neg %zu, mul %zu)\n",
              pk.per_air[0].air_name.c_str(), nodes.size(), kinds[0], kinds[1] + kinds[2] + kinds[3], kinds[4],
              kinds[5], kinds[6], kinds[7], kinds[8]);
  std::printf("constraints %zu, interactions %zu, max live intermediates %zu (of which not constraint roots %zu)\n",
              dag.constraints.constraint_idx.size(), dag.interactions.size(), max_live, max_nonroot_live);
  std::printf("demand-driven order (roots folded into the batched sum at once): max live intermediates %zu\n",
              dfs_max);
  return 0;
}
