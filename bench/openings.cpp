// Benchmark of the host openings phase (stacked opening reduction + WHIR)
// for one trace of a given shape, by default the keccak-f example's: 2^10
// permutations of p3-keccak-air (2633 columns, 24 rows each, padded to 2^15
// rows) under app_params_with_100_bits_security(21). Trace values are random
// (the cost does not depend on them); every column claims its rotation (the
// keccak AIR reads the next row). The commitment is built first (its spans are
// reported too but belong to the main-trace commit phase); then the openings
// are proved through the CPU backend's stages (backend/cpu/stacked_reduction.h,
// backend/cpu/whir.h) under the protocol loops (prover/stacked_reduction.h,
// prover/whir.h) and verified. Prints the span tree (grinding appears as
// `whir_grinding` inside `whir`) and the metrics JSON.
//   swirl_bench_openings [log_height=15] [width=2633] [params=app-100:21]
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/poly/prism.h"
#include "swirl/poly/univariate_skip.h"
#include "swirl/poly/sumcheck.h"
#include "swirl/protocol/params.h"
#include "swirl/protocol/stacked_opening.h"
#include "swirl/prover/stacked_reduction.h"
#include "swirl/prover/whir.h"
#include "swirl/field/rng.h"
#include "swirl/util/span.h"
#include "swirl/verifier/stacked_reduction.h"
#include "swirl/verifier/whir.h"

namespace {

using namespace swirl;
using EF = BabyBear4;

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// (t(r), t_rot(r)) of a column of height 2^(l+n), n >= 0.
std::array<EF, 2> claims_of(int l, std::span<const BabyBear> col, const std::vector<EF>& lag,
                            const std::vector<EF>& eq_cube) {
  const size_t N = size_t{1} << l, h = col.size();
  EF a = EF::zero(), b = EF::zero();
  for (size_t x = 0; x < eq_cube.size(); ++x) {
    EF sa = EF::zero(), sb = EF::zero();
    for (size_t z = 0; z < N; ++z) {
      const size_t row = x * N + z;
      sa += lag[z] * col[row];
      sb += lag[z] * col[(row + 1) % h];
    }
    a += eq_cube[x] * sa;
    b += eq_cube[x] * sb;
  }
  return {a, b};
}

}  // namespace

int main(int argc, char** argv) {
  const int log_h = argc > 1 ? std::atoi(argv[1]) : 15;
  const size_t width = argc > 2 ? static_cast<size_t>(std::atoll(argv[2])) : 2633;
  const std::string name = argc > 3 ? argv[3] : "app-100:21";
  const auto params = params_by_name(name);
  if (!params) {
    std::fprintf(stderr, "unknown params %s\n", name.c_str());
    return 2;
  }
  const int l = params->l_skip, n_stack = params->n_stack;
  if (log_h < l || log_h > l + n_stack) {
    std::fprintf(stderr, "log_height must be in [l_skip, l_skip + n_stack]\n");
    return 2;
  }
  std::printf("trace 2^%d x %zu, params %s (l_skip %d, n_stack %d, log_blowup %d, k %d, rounds %d), threads %d\n",
              log_h, width, name.c_str(), l, n_stack, params->log_blowup, params->whir.k, params->num_whir_rounds(),
              omp_get_max_threads());

  SplitMix64 rng(42);
  ColMajorMatrix<BabyBear> trace(size_t{1} << log_h, width);
  for (auto& v : trace.values()) v = rng.field();
  std::vector<EF> r(static_cast<size_t>(1 + log_h - l));
  for (auto& v : r) v = rng.ext();

  SpanCollector metrics;
  SpanCollector::Install use(metrics);
  const ColMajorMatrix<BabyBear>* traces[] = {&trace};
  auto t0 = std::chrono::steady_clock::now();
  auto [root, pcs] = cpu::stacked_commit(l, n_stack, params->log_blowup, params->whir.k, traces);
  const double t_commit = ms_since(t0);

  // Columns and their true claims.
  std::vector<StackedOpeningColumn> columns;
  for (const auto& c : pcs.layout.sorted_cols())
    columns.push_back({0, c.slice.col_idx, c.slice.row_idx, c.slice.log_height, true});
  t0 = std::chrono::steady_clock::now();
  const auto lag = skip_lagrange_weights<EF>(l, r[0]);
  const auto eq_cube = eq_hypercube_table<EF>(std::span<const EF>(r).subspan(1));
  std::vector<std::array<EF, 2>> claims(width);
#pragma omp parallel for schedule(dynamic, 8)
  for (size_t j = 0; j < width; ++j) claims[j] = claims_of(l, trace.column(j), lag, eq_cube);
  const double t_claims = ms_since(t0);

  cpu::CpuBackend backend;
  const cpu::CpuPcsData pcs_data(std::make_shared<const StackedPcsData>(std::move(pcs)));
  const BackendPcsData* data[] = {&pcs_data};
  Transcript pt;
  t0 = std::chrono::steady_clock::now();
  auto red_stage = backend.stacked_reduction(*params, data, columns, r);
  const auto red = prove_stacked_opening_reduction(pt, *red_stage, l, n_stack);
  red_stage.reset();
  const double t_red = ms_since(t0);
  const auto u_cube = stacked_u_to_cube(l, red.u);
  t0 = std::chrono::steady_clock::now();
  auto whir_stage = backend.whir(*params, data);
  const WhirProof whir = prove_whir_opening(pt, backend, *whir_stage, l, l + n_stack, params->log_blowup,
                                            params->whir, u_cube);
  const double t_whir = ms_since(t0);

  Transcript vt;
  const size_t widths[] = {pcs_data.data().matrix.width()};
  t0 = std::chrono::steady_clock::now();
  auto u = verify_stacked_reduction(vt, red.proof, l, n_stack, columns, claims, widths, r);
  if (!u) {
    std::fprintf(stderr, "stacked reduction rejected: %s\n", u.error().message.c_str());
    return 1;
  }
  const Digest commits[] = {root};
  WhirVerifyParams vp{l, n_stack, params->log_blowup, &params->whir};
  auto rej = verify_whir(vt, vp, whir, red.proof.stacking_openings, commits, stacked_u_to_cube(l, *u));
  const double t_verify = ms_since(t0);
  if (rej) {
    std::fprintf(stderr, "WHIR rejected: %s\n", rej->message.c_str());
    return 1;
  }
  std::printf("stacked width %zu\n", pcs_data.data().matrix.width());
  std::printf("commit (not part of openings) %10.1f ms\n", t_commit);
  std::printf("claims (test input, model)    %10.1f ms\n", t_claims);
  std::printf("stacked_reduction             %10.1f ms\n", t_red);
  std::printf("whir                          %10.1f ms (grinding %.1f ms)\n", t_whir, metrics.total_ms("whir_grinding"));
  std::printf("verify (both)                 %10.2f ms\n", t_verify);
  std::cerr << metrics.tree_text();
  std::cout << metrics.metrics_json().dump(2) << "\n";
  return 0;
}
