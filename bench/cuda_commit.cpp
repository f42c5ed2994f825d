// CUDA benchmarks for the transporter and the main-trace commit, on the
// keccak-f shape (a 2^15 x 2633 trace, app-100:21: l_skip 4, log_blowup 1,
// k_whir 4, stacked 2^21 x 42, codeword 2^22 x 42):
//  * H2D GB/s of the transporter (column-major, row-major, strided) against
//    a pinned cudaMemcpyAsync measured in the same run;
//  * device Poseidon2 permutations/s;
//  * stacking, rs_code_matrix and merkle_tree ms against the bytes-moved
//    floor at the device-to-device bandwidth measured in the same run (and,
//    for the Merkle tree, against the permutation-count floor);
//  * the transport of a pinned trace overlapped with the commit
//    (stacked_commit_as_traces_land) against each alone and the two in turn;
//  * with --cpu: the CPU backend's stacked_commit on the same traces, whose
//    root must equal the device's.
// Every timing is the median of several runs after a warm-up. --json FILE.
#include <omp.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "swirl/backend/cpu/stacked_commit.h"
#include "swirl/backend/cuda/commit.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/pinned.h"
#include "swirl/backend/cuda/selftest.h"
#include "swirl/backend/cuda/staging_fill.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/protocol/params.h"

namespace {

using namespace swirl;
using namespace swirl::cuda;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Random-looking nonzero field elements, filled in parallel (SplitMix64 per index).
std::vector<BabyBear> random_values(size_t n, uint64_t seed) {
  std::vector<BabyBear> v(n);
#pragma omp parallel for schedule(static)
  for (size_t i = 0; i < n; ++i) {
    uint64_t z = (seed + i) * 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    v[i] = BabyBear::from_canonical(static_cast<uint32_t>(z % (BabyBear::kP - 1)) + 1);
  }
  return v;
}

// Times fn() with CUDA events on `s` (fn queues work there): median ms.
template <typename F>
double time_events(cudaStream_t s, int reps, F&& fn) {
  Event a(true), b(true);
  std::vector<double> ms;
  for (int r = -1; r < reps; ++r) {
    a.record(s);
    fn();
    b.record(s);
    b.synchronize();
    if (r >= 0) ms.push_back(b.elapsed_ms_since(a));
  }
  return median(ms);
}

// Times fn() on the host clock (fn must leave the work finished): median ms.
template <typename F>
double time_host(int reps, F&& fn) {
  std::vector<double> ms;
  for (int r = -1; r < reps; ++r) {
    auto t0 = Clock::now();
    fn();
    if (r >= 0) ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return median(ms);
}

struct Row {
  std::string what;
  double value;
  std::string unit;
  std::string note;
};

}  // namespace

int main(int argc, char** argv) {
  std::string json_path;
  bool cpu = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json_path = argv[++i];
    else if (!std::strcmp(argv[i], "--cpu")) cpu = true;
  }
  if (!device_available()) {
    std::puts("no CUDA device: nothing to measure");
    return 0;
  }
  cudaDeviceProp prop{};
  SWIRL_CUDA_CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("device: %s, %d SMs, %.1f GiB\n", prop.name, prop.multiProcessorCount,
              prop.totalGlobalMem / double(1 << 30));
  std::vector<Row> rows;
  Stream stream;

  // ---- link and memory peaks ------------------------------------------------
  const size_t peak_bytes = size_t{256} << 20;
  double h2d_peak_gbs = 0, d2d_gbs = 0;
  {
    PinnedBlock pin = PinnedPool::global().acquire(peak_bytes);
    std::vector<BabyBear> r = random_values(peak_bytes / 4, 1);
    std::memcpy(pin.data(), r.data(), peak_bytes);
    DeviceBuffer<std::byte> d(peak_bytes);
    double ms = time_events(stream, 10, [&] {
      SWIRL_CUDA_CHECK(cudaMemcpyAsync(d.data(), pin.data(), peak_bytes, cudaMemcpyHostToDevice, stream));
    });
    h2d_peak_gbs = peak_bytes / (ms * 1e6);
    rows.push_back({"H2D peak: pinned cudaMemcpyAsync 256 MiB", h2d_peak_gbs, "GB/s", ""});
    const size_t dbytes = size_t{1} << 30;
    DeviceBuffer<std::byte> x(dbytes), y(dbytes);
    SWIRL_CUDA_CHECK(cudaMemsetAsync(x.data(), 0x5a, dbytes, stream));
    ms = time_events(stream, 10, [&] {
      SWIRL_CUDA_CHECK(cudaMemcpyAsync(y.data(), x.data(), dbytes, cudaMemcpyDeviceToDevice, stream));
    });
    d2d_gbs = 2.0 * dbytes / (ms * 1e6);  // read + write
    rows.push_back({"D2D copy 1 GiB (read + write bytes)", d2d_gbs, "GB/s", "floor bandwidth below"});
  }

  // ---- the transporter on the keccak-f shape -------------------------------
  const size_t th = size_t{1} << 15, tw = 2633, tn = th * tw;
  std::vector<BabyBear> trace_values = random_values(tn, 7);
  ColMajorMatrix<BabyBear> trace(th, tw, trace_values);
  std::vector<BabyBear> row_major(tn);
#pragma omp parallel for schedule(static)
  for (size_t r = 0; r < th; ++r)
    for (size_t c = 0; c < tw; ++c) row_major[r * tw + c] = trace.at(r, c);
  // Each path's GB/s (bytes reaching the device over wall time, upload
  // start to the last byte landed) beside the pinned peak of this run.
  auto pct = [&](double gbs) { return fmt::format("{:.0f}% of peak", 100.0 * gbs / h2d_peak_gbs); };
  for (size_t chunk_mib : {8, 16, 32}) {
    for (int blocks : {3, 4}) {
      Transporter t(TransportOptions{chunk_mib << 20, blocks});
      const double ms = time_host(5, [&] {
        DeviceMatrix<BabyBear> d = t.upload(trace);
        t.synchronize();
      });
      const double gbs = tn * 4 / (ms * 1e6);
      rows.push_back({fmt::format("transporter col-major 2^15x2633, chunk {} MiB x {}", chunk_mib, blocks), gbs, "GB/s",
                      fmt::format("{:.3f} ms, {}", ms, pct(gbs))});
    }
    const std::pair<RowMajorPath, const char*> paths[] = {{RowMajorPath::kHostTranspose, "host transpose"},
                                                          {RowMajorPath::kMappedKernel, "mapped kernel"},
                                                          {RowMajorPath::kDeviceChunk, "device chunk"}};
    for (auto [path, name] : paths) {
      TransportOptions opt{chunk_mib << 20, 3};
      opt.row_major = path;
      Transporter t(opt);
      const double ms = time_host(5, [&] {
        DeviceMatrix<BabyBear> d = t.upload_row_major<BabyBear>(row_major, th, tw);
        t.synchronize();
      });
      const double gbs = tn * 4 / (ms * 1e6);
      rows.push_back({fmt::format("transporter row-major 2^15x2633, chunk {} MiB, {}", chunk_mib, name), gbs, "GB/s",
                      fmt::format("{:.3f} ms, {}", ms, pct(gbs))});
    }
  }
  {
    // The host half alone: staging fills into one pinned 8 MiB block, no DMA.
    const size_t chunk = (size_t{8} << 20) / 4;
    PinnedBlock blk = PinnedPool::global().acquire(chunk * 4);
    double ms = time_host(5, [&] {
      for (size_t f = 0; f < tn; f += chunk)
        staging::fill_copy(reinterpret_cast<const std::byte*>(trace.values().data() + f), std::min(chunk, tn - f) * 4,
                           blk.data());
    });
    rows.push_back({"  host fill only: copy into pinned, 8 MiB chunks", tn * 4 / (ms * 1e6), "GB/s", ""});
    ms = time_host(5, [&] {
      for (size_t f = 0; f < tn; f += chunk)
        staging::fill_transpose(row_major.data(), th, tw, f, std::min(chunk, tn - f), blk.as<BabyBear>());
    });
    rows.push_back({"  host fill only: transpose into pinned, 8 MiB chunks", tn * 4 / (ms * 1e6), "GB/s", ""});
  }
  for (size_t stride : {2, 4, 16}) {
    // A gather of 2^24 values (64 MiB reach the device) from a source of
    // stride x 64 MiB, and the host gather alone (its bound: the source
    // bytes it reads).
    const size_t n = size_t{1} << 24;
    std::vector<BabyBear> src = random_values(n * stride, 3);
    Transporter t;
    double ms = time_host(5, [&] {
      DeviceMatrix<BabyBear> d = t.upload_strided<BabyBear>(src, 0, stride, n / 64, 64);
      t.synchronize();
    });
    const double gbs = n * 4 / (ms * 1e6);
    rows.push_back({"transporter strided (stride " + std::to_string(stride) + ") 2^24 values", gbs, "GB/s",
                    fmt::format("{:.3f} ms, {}", ms, pct(gbs))});
    const size_t chunk = (size_t{8} << 20) / 4;
    PinnedBlock blk = PinnedPool::global().acquire(chunk * 4);
    ms = time_host(5, [&] {
      for (size_t f = 0; f < n; f += chunk)
        staging::fill_strided(src.data(), 0, stride, f, std::min(chunk, n - f), blk.as<BabyBear>());
    });
    rows.push_back({"  host fill only: gather (stride " + std::to_string(stride) + ") into pinned", n * 4 / (ms * 1e6),
                    "GB/s", fmt::format("source read {:.1f} GB/s", n * 4.0 * stride / (ms * 1e6))});
  }

  // ---- device Poseidon2 ------------------------------------------------------
  Poseidon2Throughput p2 = bench_poseidon2_device(9);
  rows.push_back({"device Poseidon2 (chained, registers)", p2.perms_per_s, "perms/s", ""});

  // ---- main-trace commit, app-100:21 ------------------------------------------
  const SystemParams params = app_params_100_bits(21);
  const int l_skip = params.l_skip, n_stack = params.n_stack, log_blowup = params.log_blowup, k = params.k_whir();
  Transporter t;
  DeviceMatrix<BabyBear> dtrace = t.upload(trace);
  t.synchronize();
  const DeviceMatrix<BabyBear>* ptrs[] = {&dtrace};
  DeviceStackedMatrix sm;
  double stack_ms = time_events(stream, 5, [&] { sm = stacked_matrix_on_device(l_skip, n_stack, ptrs, stream); });
  const size_t sbytes = sm.matrix.size() * 4;
  rows.push_back({"stacking 2^15x2633 -> 2^21x" + std::to_string(sm.matrix.width()), stack_ms, "ms",
                  "floor " + std::to_string(2.0 * sbytes / (d2d_gbs * 1e6)) + " ms"});
  DeviceMatrix<BabyBear> code;
  double rs_ms = time_events(stream, 5, [&] { code = rs_code_matrix_on_device(l_skip, log_blowup, sm.matrix, stream); });
  const double rs_floor = (sbytes + code.size() * 4.0) / (d2d_gbs * 1e6);
  rows.push_back({"rs_code_matrix 2^21x42 -> 2^22x42", rs_ms, "ms", "bytes floor " + std::to_string(rs_floor) + " ms"});
  DeviceDigestLayers layers;
  double mk_ms = time_events(stream, 5, [&] { layers = merkle_tree_on_device(code, size_t{1} << k, stream); });
  const double leaves = static_cast<double>(code.height());
  const double perms = leaves * ((code.width() + 7) / 8) + (leaves - 1);
  const double mk_bytes_floor = (code.size() * 4.0 + leaves * 32) / (d2d_gbs * 1e6);
  const double mk_perm_floor = perms / p2.perms_per_s * 1e3;
  rows.push_back({"merkle_tree 2^22x42, 16 rows/query", mk_ms, "ms",
                  "bytes floor " + std::to_string(mk_bytes_floor) + " ms, perms floor " + std::to_string(mk_perm_floor) +
                      " ms"});
  {
    CommitPhases ph;
    code = DeviceMatrix<BabyBear>();
    code = rs_code_matrix_on_device(l_skip, log_blowup, sm.matrix, stream, &ph);
    layers = merkle_tree_on_device(code, size_t{1} << k, stream, &ph);
    rows.push_back({"  rs phase: device allocations (host)", ph.alloc_ms, "ms", "incl. merkle scratch"});
    rows.push_back({"  rs phase: first pass (message, bitrev, padding, NTT layers 1-11)", ph.message_ms, "ms", ""});
    rows.push_back({"  rs phase: twiddles", ph.twiddles_ms, "ms", ""});
    rows.push_back({"  rs phase: NTT strided passes (layers 12-)", ph.ntt_ms, "ms",
                    "1 pass floor " + std::to_string(2.0 * code.size() * 4 / (d2d_gbs * 1e6)) + " ms"});
    rows.push_back({"  merkle phase: row hashes", ph.row_hash_ms, "ms", ""});
    rows.push_back({"  merkle phase: compress layers", ph.compress_ms, "ms", ""});
  }
  double commit_ms = time_host(3, [&] {
    DeviceStackedCommit c = stacked_commit_on_device(l_skip, n_stack, log_blowup, k, ptrs, stream);
  });
  DeviceStackedCommit dev_commit = stacked_commit_on_device(l_skip, n_stack, log_blowup, k, ptrs, stream);
  rows.push_back({"stacked_commit on device (stack+rs+merkle, root to host)", commit_ms, "ms", ""});
  rows.push_back({"device memory peak", device_memory_stats().peak_bytes / double(1 << 20), "MiB", ""});

  // ---- the transport overlapped with the commit --------------------------------
  // The trace in pinned memory (DMA'd in place), the commit on its own
  // stream. Wall times, upload start to root on the host.
  bool roots_equal = true;
  {
    ColMajorMatrix<BabyBear> ptrace(th, tw, &PinnedMemoryResource::global());
    std::copy(trace.values().begin(), trace.values().end(), ptrace.values().begin());
    Transporter tp;
    Stream cs;
    const double transport_ms = time_host(5, [&] {
      DeviceMatrix<BabyBear> d = tp.upload(ptrace);
      tp.synchronize();
    });
    DeviceMatrix<BabyBear> landed = tp.upload(ptrace);
    tp.synchronize();
    const DeviceMatrix<BabyBear>* lp[] = {&landed};
    const double commit_alone = time_host(5, [&] {
      DeviceStackedCommit c = stacked_commit_on_device(l_skip, n_stack, log_blowup, k, lp, cs);
    });
    const double serial = time_host(5, [&] {
      DeviceMatrix<BabyBear> d = tp.upload(ptrace);
      tp.synchronize();
      const DeviceMatrix<BabyBear>* p[] = {&d};
      DeviceStackedCommit c = stacked_commit_on_device(l_skip, n_stack, log_blowup, k, p, cs);
    });
    const double bound = std::max(transport_ms, commit_alone);
    rows.push_back({"transport alone, pinned trace 2^15x2633 (345 MB)", transport_ms, "ms",
                    fmt::format("{:.1f} GB/s", tn * 4 / (transport_ms * 1e6))});
    rows.push_back({"commit alone (stacked_commit, own stream)", commit_alone, "ms", ""});
    rows.push_back({"transport then commit (serial)", serial, "ms", fmt::format("{:.2f} x max", serial / bound)});
    for (size_t rs_columns : {1, 2, 4, 8}) {
      Digest root{};
      const double ms = time_host(5, [&] {
        UploadMarks marks;
        DeviceMatrix<BabyBear> d = tp.upload(ptrace, &marks);
        const DeviceMatrix<BabyBear>* p[] = {&d};
        const UploadMarks* a[] = {&marks};
        root = stacked_commit_as_traces_land(l_skip, n_stack, log_blowup, k, p, a, cs, rs_columns).root;
      });
      const bool same = root == dev_commit.root;
      roots_equal = roots_equal && same;
      rows.push_back({fmt::format("transport + commit overlapped, RS groups of {} columns", rs_columns), ms, "ms",
                      fmt::format("{:.3f} x max(transport, commit){}", ms / bound,
                                  same ? ", root == commit's" : ", ROOT DIFFERS")});
    }
  }

  if (cpu) {
    const ColMajorMatrix<BabyBear>* hp[] = {&trace};
    auto t0 = Clock::now();
    auto [root, data] = cpu::stacked_commit(l_skip, n_stack, log_blowup, k, hp);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    roots_equal = root == dev_commit.root;
    rows.push_back({"CPU stacked_commit, " + std::to_string(omp_get_max_threads()) + " threads", ms, "ms",
                    roots_equal ? "root == device root" : "ROOT DIFFERS FROM DEVICE"});
  }

  nlohmann::json j;
  j["device"] = prop.name;
  for (const Row& r : rows) j["rows"].push_back({{"what", r.what}, {"value", r.value}, {"unit", r.unit}, {"note", r.note}});
  if (!json_path.empty()) std::ofstream(json_path) << j.dump(2) << "\n";
  std::printf("\n%-60s %14s %-8s %s\n", "measurement", "value", "unit", "note");
  for (const Row& r : rows) std::printf("%-60s %14.4g %-8s %s\n", r.what.c_str(), r.value, r.unit.c_str(), r.note.c_str());
  return roots_equal ? 0 : 1;
}
