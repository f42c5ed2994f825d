// The device stages against the CPU backend's on full-size shapes, one table:
//  * the stacked opening reduction on the keccak-f shape (a 2^15 x 2633
//    trace with rotations, app-100:21: stacked 2^21 x 42, 17 rounds), and
//    WHIR's stage calls on the same commitment, with the time of each kind
//    of call;
//  * the LogUp GKR on 2^22 random leaves (2^20 rows x 4 interactions'
//    worth; the tree build, 21 layers, 231 rounds);
//  * steps 4-7 (prove_rap_constraints: LogUp grind, GKR, round 0, MLE
//    rounds, openings) on keccak-f 1024 permutations (app-100:21) and on a
//    LogUp-heavy workload (two self-interaction AIRs of 2^19 rows, 8
//    interactions per row), with the spans logup_gkr, round0, mle_rounds
//    and the device memory peak of the phase.
// Each device figure is the median of 5 runs after a warm-up (wall time of
// the whole protocol loop, host synchronisations included); the CPU figure
// is one run on all host threads. The outputs must be equal bit for bit.
//   swirl_bench_cuda_stages
#include <omp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/cuda/cuda_backend.h"
#include "swirl/backend/cuda/logup_gkr.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cuda/span_hook.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/prover/rap_constraints.h"
#include "swirl/protocol/logup.h"
#include <bit>
#include <string>
#include "swirl/field/rng.h"
#include "swirl/prover/logup_gkr.h"
#include "swirl/prover/stacked_reduction.h"

namespace {

using namespace swirl;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

template <typename Run>
double median_ms(int runs, const Run& run) {
  run();  // warm-up
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    run();
    ms.push_back(ms_since(t0));
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// WHIR's stage calls in protocol order with fixed challenges, each call's
// wall time (a call that returns values waits for the device; the others
// only queue work, so their time shows up in the next waiting call).
struct WhirRun {
  double begin = 0, sums = 0, fold = 0, commit = 0, ood = 0, fin = 0, open = 0, weights = 0;
  std::vector<std::array<BabyBear4, 2>> out_sums;
  std::vector<Digest> roots;
  std::vector<BabyBear4> ood_values, final_poly;
  size_t opened_values = 0;
  double total() const { return begin + sums + fold + commit + ood + fin + open + weights; }
};

WhirRun run_whir(WhirStage& st, const SystemParams& sp, uint64_t seed) {
  SplitMix64 rng(seed);
  const int m = sp.l_skip + sp.n_stack, k = sp.whir.k;
  std::vector<BabyBear4> u(static_cast<size_t>(m));
  for (auto& x : u) x = rng.ext();
  WhirRun w;
  auto timed = [](double& acc, auto&& f) {
    const auto t = Clock::now();
    f();
    acc += ms_since(t);
  };
  timed(w.begin, [&] { st.begin(rng.ext(), u); });
  int log_rs = m + sp.log_blowup;
  for (size_t r = 0; r < sp.whir.rounds.size(); ++r) {
    const bool last = r + 1 == sp.whir.rounds.size();
    for (int s = 0; s < k; ++s) {
      timed(w.sums, [&] { w.out_sums.push_back(st.round_sums()); });
      timed(w.fold, [&] { st.fold(rng.ext()); });
    }
    const BabyBear4 z = rng.ext();
    if (!last) {
      timed(w.commit, [&] { w.roots.push_back(st.commit_round()); });
      timed(w.ood, [&] { w.ood_values.push_back(st.eval_ood(z)); });
    } else {
      timed(w.fin, [&] { w.final_poly = st.final_poly(); });
    }
    const int qbits = log_rs - k;
    std::vector<size_t> idx(static_cast<size_t>(sp.whir.rounds[r].num_queries));
    for (auto& q : idx) q = static_cast<size_t>(rng.below(uint64_t{1} << qbits));
    timed(w.open, [&] {
      const WhirQueryOpenings o = st.open_queries(r, idx);
      w.opened_values += o.values.size() + o.initial_rows.size();
    });
    if (!last) timed(w.weights, [&] { st.update_weights(rng.ext(), z, idx, qbits); });
    --log_rs;
  }
  return w;
}

bool same_whir(const WhirRun& a, const WhirRun& b) {
  return a.out_sums == b.out_sums && a.roots == b.roots && a.ood_values == b.ood_values &&
         a.final_poly == b.final_poly;
}

struct RapFigures {
  RapConstraintsOutput out;
  double total = 0, logup_gkr = 0, round0 = 0, mle_rounds = 0;
  size_t peak = 0;
};

// Steps 4-7 on `backend` over the fixture's traces (loaded once); device
// figures are medians of 5 runs after a warm-up, host figures one run.
RapFigures run_rap(ProverBackend& backend, const Fixture& fx, const MultiStarkProvingKey& pk,
                   const BatchConstraintParams& params, bool device) {
  auto bpk = backend.load_proving_key(pk);
  std::vector<size_t> sorted;
  for (size_t i = 0; i < fx.traces.size(); ++i) sorted.push_back(i);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](size_t a, size_t b) { return fx.traces[a].height() > fx.traces[b].height(); });
  std::vector<std::shared_ptr<const BackendMatrix>> held;
  std::vector<RapAir> airs;
  for (size_t i : sorted) {
    RapAir a;
    a.air = i;
    for (const auto& m : fx.traces[i].cached_mains) {
      held.push_back(backend.load_trace(m));
      a.cached.push_back(held.back().get());
    }
    held.push_back(backend.load_trace(fx.traces[i].common_main));
    a.common_main = held.back().get();
    a.public_values = fx.traces[i].public_values;
    airs.push_back(std::move(a));
  }
  const int runs = device ? 6 : 1;
  std::vector<double> total, gkr, r0, mle;
  RapFigures f;
  for (int i = 0; i < runs; ++i) {
    SpanCollector spans;
    if (device) spans.set_device_hook(cuda::cuda_span_hook());
    SpanCollector::Install install(spans);
    if (device) cuda::DeviceAllocator::current().reset_peak();
    const auto t0 = Clock::now();
    Transcript t;
    f.out = prove_rap_constraints(t, backend, *bpk, pk, params, airs);
    if (device) {
      cuda::check(cudaDeviceSynchronize(), "cudaDeviceSynchronize", __FILE__, __LINE__);
      f.peak = cuda::device_memory_stats().peak_bytes;
    }
    if (device && i == 0) continue;  // warm-up
    total.push_back(ms_since(t0));
    gkr.push_back(spans.total_ms("logup_gkr"));
    r0.push_back(spans.total_ms("round0"));
    mle.push_back(spans.total_ms("mle_rounds"));
  }
  auto med = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  f.total = med(total);
  f.logup_gkr = med(gkr);
  f.round0 = med(r0);
  f.mle_rounds = med(mle);
  return f;
}

void rap_row(const char* name, const Fixture& fx, const SystemParams& sp) {
  MultiStarkKeygenBuilder kb(sp);
  for (const auto& a : fx.airs) kb.add_air(a);
  auto pk = kb.generate_pk();
  if (!pk) throw std::runtime_error(pk.error().message());
  const BatchConstraintParams params{sp.l_skip, static_cast<size_t>(sp.max_constraint_degree), sp.logup.pow_bits};
  cuda::CudaBackend cuda;
  cpu::CpuBackend cpu;
  const RapFigures d = run_rap(cuda, fx, *pk, params, true);
  const RapFigures h = run_rap(cpu, fx, *pk, params, false);
  const bool eq = d.out.gkr_proof == h.out.gkr_proof && d.out.batch_proof == h.out.batch_proof && d.out.r == h.out.r;
  std::printf("%-52s %12.3f %12.3f %s\n", name, d.total, h.total, eq ? "yes" : "NO");
  std::printf("  logup_gkr %.3f (cpu %.3f), round0 %.3f (cpu %.3f), mle_rounds %.3f (cpu %.3f) ms; device peak %.1f MiB\n",
              d.logup_gkr, h.logup_gkr, d.round0, h.round0, d.mle_rounds, h.mle_rounds,
              static_cast<double>(d.peak) / (1 << 20));
  // The zerocheck stage call by call on the device (random challenges).
  {
    auto bpk = cuda.load_proving_key(*pk);
    std::vector<std::shared_ptr<const BackendMatrix>> held;
    std::vector<RapAir> airs;
    std::vector<LogupAirSize> sizes;
    std::vector<size_t> sorted;
    for (size_t i = 0; i < fx.traces.size(); ++i) sorted.push_back(i);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](size_t a, size_t b) { return fx.traces[a].height() > fx.traces[b].height(); });
    for (size_t i : sorted) {
      RapAir a;
      a.air = i;
      held.push_back(cuda.load_trace(fx.traces[i].common_main));
      a.common_main = held.back().get();
      a.public_values = fx.traces[i].public_values;
      airs.push_back(std::move(a));
      const int log_h = std::countr_zero(fx.traces[i].height());
      sizes.push_back({static_cast<size_t>(std::max(0, log_h - sp.l_skip)), pk->per_air[i].vk.num_interactions()});
    }
    const LogupLayout lay = logup_layout(static_cast<size_t>(sp.l_skip), sizes);
    SplitMix64 rng(5);
    std::vector<BabyBear4> xi(static_cast<size_t>(sp.l_skip) + std::max(sizes[0].n_lift, lay.n_logup));
    for (auto& x : xi) x = rng.ext();
    const auto eq3b = logup_eq_weights(static_cast<size_t>(sp.l_skip), sizes, lay, xi);
    for (int rep = 0; rep < 8; ++rep) {
      // Sweep: MLE rounds below 0 / 2^11 / 2^20 points on the narrow
      // programs; round 0's tile 64 / 256 MiB.
      const size_t narrow[] = {0, 2048, size_t{1} << 20, 2048};
      const size_t tile[] = {size_t{256} << 20, size_t{128} << 20, size_t{512} << 20, size_t{64} << 20};
      cuda::CudaBackend::Tuning tune;
      tune.mle_narrow_below = narrow[rep / 2];
      tune.round0_tile_bytes = tile[rep / 2];
      cuda.set_tuning(tune);
      auto t = Clock::now();
      auto st = cuda.zerocheck(*bpk, *pk, params, airs);
      const double make = ms_since(t);
      t = Clock::now();
      st->round0(ZerocheckChallenges{xi, rng.ext(), rng.ext(), eq3b});
      const double r0 = ms_since(t);
      t = Clock::now();
      st->fold_round0(rng.ext());
      cuda::check(cudaDeviceSynchronize(), "cudaDeviceSynchronize", __FILE__, __LINE__);
      const double f0 = ms_since(t);
      std::string rounds;
      for (size_t j = 1; j <= sizes[0].n_lift; ++j) {
        t = Clock::now();
        st->mle_round(j);
        st->fold(rng.ext());
        cuda::check(cudaDeviceSynchronize(), "cudaDeviceSynchronize", __FILE__, __LINE__);
        char buf[32];
        std::snprintf(buf, sizeof buf, " %.3f", ms_since(t));
        rounds += buf;
      }
      t = Clock::now();
      (void)st->column_openings();
      const double open = ms_since(t);
      t = Clock::now();
      st.reset();
      const double drop = ms_since(t);
      if (rep % 2 == 1)
        std::printf("  zerocheck calls (narrow below %zu, tile %zu MiB): make %.3f, round0 %.3f, fold_round0 %.3f, "
                    "mle_round+fold per round:%s, column_openings %.3f, destroy %.3f ms\n",
                    tune.mle_narrow_below, tune.round0_tile_bytes >> 20, make, r0, f0, rounds.c_str(), open, drop);
    }
    // The LogUp proof of work at the parameters' bits, three different sponges.
    std::vector<double> g;
    for (int rep = 0; rep < 4; ++rep) {
      Transcript tr;
      tr.observe(BabyBear::from_u32(static_cast<uint32_t>(rep)));
      const auto t = Clock::now();
      (void)cuda.grind(tr.sponge(), params.logup_pow_bits);
      if (rep > 0) g.push_back(ms_since(t));
    }
    std::sort(g.begin(), g.end());
    std::printf("  logup grind (%d bits): %.3f ms median of 3\n", params.logup_pow_bits, g[1]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool rap_only = argc > 1 && std::string(argv[1]) == "rap";
  std::printf("%-52s %12s %12s %s\n", "stage", "cuda ms", "cpu ms", "equal");
  SplitMix64 rng(2026);
  if (!rap_only) {
    const SystemParams sp = *params_by_name("app-100:21");
    ColMajorMatrix<BabyBear> trace(size_t{1} << 15, 2633);
    for (auto& x : trace.values()) x = rng.field();
    cuda::CudaBackend cuda;
    cpu::CpuBackend cpu;
    auto dt = cuda.load_trace(trace);
    auto ct = cpu.load_trace(trace);
    const BackendMatrix* dp[] = {dt.get()};
    const BackendMatrix* cp[] = {ct.get()};
    auto dcommit = cuda.commit(sp, dp);
    auto ccommit = cpu.commit(sp, cp);
    const std::vector<StackedLayout> layouts{ccommit->layout()};
    const std::vector<std::vector<bool>> rot{{true}};
    const std::vector<StackedOpeningColumn> columns = stacked_opening_columns(layouts, rot);
    std::vector<BabyBear4> r(12);
    for (auto& x : r) x = rng.ext();
    const BackendPcsData* dc[] = {dcommit.get()};
    const BackendPcsData* cc[] = {ccommit.get()};
    StackedReductionOutput dev_out, host_out;
    const double dev_ms = median_ms(5, [&] {
      auto st = cuda.stacked_reduction(sp, dc, columns, r);
      Transcript t;
      dev_out = prove_stacked_opening_reduction(t, *st, sp.l_skip, sp.n_stack);
    });
    const auto t0 = Clock::now();
    {
      auto st = cpu.stacked_reduction(sp, cc, columns, r);
      Transcript t;
      host_out = prove_stacked_opening_reduction(t, *st, sp.l_skip, sp.n_stack);
    }
    const double host_ms = ms_since(t0);
    std::printf("%-52s %12.3f %12.3f %s\n", "stacked_reduction, keccak-f shape (2633 cols, 17 rounds)", dev_ms, host_ms,
                dev_out.proof == host_out.proof && dev_out.u == host_out.u ? "yes" : "NO");
    // Where the device time goes (fixed challenges; each call's wall time).
    {
      double make = 0, r0 = 0, f0 = 0, rounds = 0, folds = 0, open = 0;
      for (int rep = 0; rep < 3; ++rep) {
        auto t = Clock::now();
        auto st = cuda.stacked_reduction(sp, dc, columns, r);
        make = ms_since(t);
        t = Clock::now();
        st->round0(r[1]);
        r0 = ms_since(t);
        t = Clock::now();
        st->fold_round0(r[2]);
        f0 = ms_since(t);
        rounds = folds = 0;
        for (int j = 1; j <= sp.n_stack; ++j) {
          t = Clock::now();
          st->round(j);
          rounds += ms_since(t);
          t = Clock::now();
          st->fold(j, r[3]);
          folds += ms_since(t);
        }
        t = Clock::now();
        st->openings();
        open = ms_since(t);
      }
      std::printf("  device phases: make %.3f, round0 %.3f, fold_round0 %.3f, rounds %.3f, folds (queued) %.3f, openings %.3f ms\n",
                  make, r0, f0, rounds, folds, open);
    }
    // WHIR over the same commitment: the stage's protocol loop, median of 5.
    {
      std::vector<WhirRun> runs;
      for (int rep = 0; rep < 6; ++rep) {
        auto st = cuda.whir(sp, dc);
        runs.push_back(run_whir(*st, sp, 77));
      }
      runs.erase(runs.begin());  // warm-up
      std::sort(runs.begin(), runs.end(), [](const WhirRun& a, const WhirRun& b) { return a.total() < b.total(); });
      const WhirRun& d = runs[runs.size() / 2];
      const auto t1 = Clock::now();
      auto cst = cpu.whir(sp, cc);
      const WhirRun h = run_whir(*cst, sp, 77);
      const double host_whir = ms_since(t1);
      std::printf("%-52s %12.3f %12.3f %s\n", "whir stage, keccak-f shape (42 cols, 3 rounds, no grinding)", d.total(),
                  host_whir, same_whir(d, h) ? "yes" : "NO");
      std::printf("  device phases: begin %.3f, round_sums x%zu %.3f, folds (queued) %.3f, commit_round x%zu %.3f, "
                  "eval_ood %.3f, final_poly %.3f, open_queries %.3f, update_weights (queued) %.3f ms\n",
                  d.begin, d.out_sums.size(), d.sums, d.fold, d.roots.size(), d.commit, d.ood, d.fin, d.open, d.weights);
    }
  }
  if (!rap_only) {
    const size_t n = size_t{1} << 22;
    std::vector<Frac> leaves(n);
    for (auto& f : leaves) f = Frac{rng.ext(), rng.ext()};
    cuda::Transporter tr;
    cuda::Stream stream;
    FractionalSumcheckResult dev_res, host_res;
    std::vector<double> inner;
    for (int i = 0; i < 6; ++i) {  // the first is the warm-up
      cuda::DeviceBuffer<Frac> d = tr.upload_vector(std::span<const Frac>(leaves));
      tr.synchronize();
      const auto t0 = Clock::now();
      cuda::LogupGkr st(std::move(d), stream.get());
      Transcript t;
      dev_res = prove_fractional_sumcheck(t, st, false);
      if (i > 0) inner.push_back(ms_since(t0));
    }
    std::sort(inner.begin(), inner.end());
    const double dev_ms = inner[inner.size() / 2];
    const auto t0 = Clock::now();
    {
      Transcript t;
      host_res = prove_fractional_sumcheck(t, std::span<const Frac>(leaves), false);
    }
    const double host_ms = ms_since(t0);
    const bool eq = dev_res.root == host_res.root && dev_res.claims_per_layer == host_res.claims_per_layer &&
                    dev_res.sumcheck_polys == host_res.sumcheck_polys && dev_res.xi == host_res.xi;
    std::printf("%-52s %12.3f %12.3f %s\n", "logup_gkr, 2^22 leaves (tree + 21 layers; upload excluded)", dev_ms,
                host_ms, eq ? "yes" : "NO");
  }
  rap_row("rap_constraints, keccak-f 1024 perms (app-100:21)", keccakf_fixture(1024, 1024),
          *params_by_name("app-100:21"));
  rap_row("rap_constraints, LogUp-heavy (2 AIRs x 2^19 rows, 8 int)", self_interaction_fixture({8, 16}, 19, 5),
          *params_by_name("app-100:21"));
  return 0;
}
