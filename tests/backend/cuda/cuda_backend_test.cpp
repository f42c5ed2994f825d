// The CUDA backend's handles and stages against the CPU backend through the
// same HAL calls: transport + commit give the CPU's roots and layouts, a
// loaded key carries the preprocessed roots, every stage is on the device,
// foreign handles are rejected, and running out of device memory anywhere
// in a proof is a typed error that leaves nothing allocated. Skips without a
// GPU.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "backend/cuda/gpu_test_util.h"
#include "backend/cuda/pcs_fixture.h"
#include "support/keygen.h"
#include "swirl/air/examples/fixtures.h"
#include "swirl/air/keygen.h"
#include "swirl/backend/cpu/cpu_backend.h"
#include "swirl/backend/cuda/cuda_backend.h"
#include "swirl/backend/cuda/device.h"
#include "swirl/backend/cuda/launch.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/protocol/proof_codec.h"
#include "swirl/prover/prover.h"

namespace swirl::cuda {
namespace {

TEST(CudaBackend, CommitEqualsCpuBackend) {
  SKIP_WITHOUT_GPU();
  CudaBackend cuda;
  cpu::CpuBackend cpu;
  for (const char* params : {"test-small", "app-100:12"}) {
    const SystemParams sp = *params_by_name(params);
    for (uint64_t seed : {1, 2}) {
      testing::TraceSet set = testing::mixed_traces(seed);
      std::vector<std::shared_ptr<const BackendMatrix>> dh, ch;
      std::vector<const BackendMatrix*> dp, cp;
      for (const auto& t : set.traces) {
        dh.push_back(cuda.load_trace(t));
        ch.push_back(cpu.load_trace(t));
        dp.push_back(dh.back().get());
        cp.push_back(ch.back().get());
        EXPECT_EQ(dh.back()->height(), t.height());
        EXPECT_EQ(dh.back()->width(), t.width());
      }
      auto d = cuda.commit(sp, dp);
      auto c = cpu.commit(sp, cp);
      EXPECT_EQ(d->commit(), c->commit()) << params << " seed " << seed;
      EXPECT_EQ(d->layout(), c->layout());
      // Handles do not cross backends.
      EXPECT_THROW(cpu.commit(sp, dp), std::invalid_argument);
      EXPECT_THROW(cuda.commit(sp, cp), std::invalid_argument);
    }
  }
}

// Traces loaded together go straight into their places in one stacked
// matrix (strided ones scattered, the zeros around them written), and the
// commit takes that matrix as it is: the CPU's root, layout and stacked
// matrix, one block shared by the traces and the commitment. The block is
// poisoned first (freed full of 0xff into the allocator's cache, which
// hands it out again), so an element left unwritten shows. Another grouping
// of the same handles commits by copying, and equals the CPU's too.
TEST(CudaBackend, TracesLoadedTogetherCommitInPlace) {
  SKIP_WITHOUT_GPU();
  cpu::CpuBackend cpu;
  for (const char* params : {"test-small", "app-100:12"}) {
    const SystemParams sp = *params_by_name(params);
    for (uint64_t seed : {1, 2}) {
      SCOPED_TRACE(std::string(params) + " seed " + std::to_string(seed));
      const testing::TraceSet set = testing::mixed_traces(seed);
      const StackedMatrix host = stacked_matrix(sp.l_skip, sp.n_stack, set.ptrs());
      {
        DeviceBuffer<BabyBear> poison(host.matrix.values().size());
        SWIRL_CUDA_CHECK(cudaMemset(poison.data(), 0xff, poison.bytes()));
        SWIRL_CUDA_CHECK(cudaDeviceSynchronize());
      }
      CudaBackend cuda;
      const std::vector<std::shared_ptr<const BackendMatrix>> dh = cuda.load_traces(sp, set.ptrs());
      ASSERT_EQ(dh.size(), set.traces.size());
      std::vector<std::shared_ptr<const BackendMatrix>> ch;
      std::vector<const BackendMatrix*> dp, cp;
      for (size_t k = 0; k < set.traces.size(); ++k) {
        ch.push_back(cpu.load_trace(set.traces[k]));
        dp.push_back(dh[k].get());
        cp.push_back(ch[k].get());
      }
      auto d = cuda.commit(sp, dp);
      EXPECT_EQ(cuda.in_place_commits(), 1u);
      auto c = cpu.commit(sp, cp);
      EXPECT_EQ(d->commit(), c->commit());
      EXPECT_EQ(d->layout(), c->layout());
      const DeviceStackedCommit& dc = dynamic_cast<const CudaPcsData&>(*d).device();
      Transporter t;
      EXPECT_EQ(t.download(dc.stacked), host.matrix);
      for (size_t k = 0; k < dh.size(); ++k) {
        const CudaMatrix& m = dynamic_cast<const CudaMatrix&>(*dh[k]);
        EXPECT_EQ(t.download(m.device()), set.traces[k]) << "trace " << k;
        const bool strided = set.traces[k].width() > 0 && set.traces[k].height() < (size_t{1} << sp.l_skip);
        if (set.traces[k].width() > 0 && !strided) {
          EXPECT_EQ(m.device().block(), dc.stacked.block()) << k;
        }
      }
      // The same traces again: in place again, the same root.
      EXPECT_EQ(cuda.commit(sp, dp)->commit(), c->commit());
      EXPECT_EQ(cuda.in_place_commits(), 2u);
      // A sub-group is stacked anew; the shared matrix is left as it was.
      const std::vector<const BackendMatrix*> dsub(dp.begin() + 1, dp.end()), csub(cp.begin() + 1, cp.end());
      EXPECT_EQ(cuda.commit(sp, dsub)->commit(), cpu.commit(sp, csub)->commit());
      EXPECT_EQ(cuda.in_place_commits(), 2u);
      EXPECT_EQ(t.download(dc.stacked), host.matrix);
    }
  }
}

// The commit overlapped with the transport over traces loaded into place:
// it waits for each column's chunk (a strided trace's after its scatter)
// and copies nothing. The transporter's stream is held back by a sleeping
// host function, so the commit is queued before anything has landed; the
// traces are in the backend's page-locked trace memory, DMA'd in place, so
// the uploads never wait for a staging block behind the sleep.
TEST(CudaBackend, InPlaceCommitOverlappedWithTheTransportEqualsCpu) {
  SKIP_WITHOUT_GPU();
  cpu::CpuBackend cpu;
  const SystemParams sp = *params_by_name("test-small");
  const testing::TraceSet set = testing::mixed_traces(20261205);
  std::vector<std::shared_ptr<const BackendMatrix>> ch;
  std::vector<const BackendMatrix*> cp;
  for (const auto& tr : set.traces) {
    ch.push_back(cpu.load_trace(tr));
    cp.push_back(ch.back().get());
  }
  CudaBackend cuda;
  std::vector<ColMajorMatrix<BabyBear>> pinned;
  std::vector<const ColMajorMatrix<BabyBear>*> pinned_ptrs;
  for (const auto& tr : set.traces) {
    ColMajorMatrix<BabyBear> m(tr.height(), tr.width(), cuda.trace_memory());
    std::copy(tr.values().begin(), tr.values().end(), m.values().begin());
    pinned.push_back(std::move(m));
  }
  for (const auto& m : pinned) pinned_ptrs.push_back(&m);
  {
    // Once with other values of the same shapes first: the first launch of
    // a kernel in a process loads its module, which waits for the device
    // (behind the sleep below); the cached blocks then hold those other
    // values, so a missing wait gives a wrong root.
    const testing::TraceSet warm = testing::mixed_traces(1);
    const std::vector<std::shared_ptr<const BackendMatrix>> wh = cuda.load_traces(sp, warm.ptrs());
    std::vector<const BackendMatrix*> wp;
    for (const auto& h : wh) wp.push_back(h.get());
    (void)cuda.commit(sp, wp);
  }
  const uint64_t overlapped = cuda.overlapped_commits(), in_place = cuda.in_place_commits();
  SWIRL_CUDA_CHECK(cudaLaunchHostFunc(
      cuda.transporter().stream(), [](void*) { std::this_thread::sleep_for(std::chrono::milliseconds(100)); },
      nullptr));
  const std::vector<std::shared_ptr<const BackendMatrix>> dh = cuda.load_traces(sp, pinned_ptrs);
  std::vector<const BackendMatrix*> dp;
  for (const auto& h : dh) dp.push_back(h.get());
  ASSERT_TRUE(dynamic_cast<const CudaMatrix&>(*dh[0]).arriving());
  EXPECT_EQ(cuda.commit(sp, dp)->commit(), cpu.commit(sp, cp)->commit());
  EXPECT_EQ(cuda.overlapped_commits(), overlapped + 1);
  EXPECT_EQ(cuda.in_place_commits(), in_place + 1);
}

TEST(CudaBackend, ProvingKeyCarriesPreprocessedRoots) {
  SKIP_WITHOUT_GPU();
  const SystemParams sp = default_test_params_small();
  for (Fixture f : {preprocessed_fib_fixture(0, 1, {true, false, true, true, false, false, true, false}),
                    preprocessed_and_cached_fixture({true, false, false, true}, 2), fib_fixture(0, 1, 8)}) {
    MultiStarkKeygenBuilder kb(sp);
    for (const auto& a : f.airs) kb.add_air(a);
    const MultiStarkProvingKey pk = *kb.generate_pk();
    const std::string name = pk.per_air[0].air_name;
    CudaBackend cuda;
    auto dk = cuda.load_proving_key(pk);
    ASSERT_EQ(dk->num_airs(), pk.per_air.size());
    for (size_t i = 0; i < pk.per_air.size(); ++i) {
      const auto& vk = pk.per_air[i].vk;
      if (!vk.preprocessed_data) {
        EXPECT_EQ(dk->preprocessed_pcs(i), nullptr);
        continue;
      }
      ASSERT_NE(dk->preprocessed_pcs(i), nullptr);
      EXPECT_EQ(dk->preprocessed_pcs(i)->commit(), vk.preprocessed_data->commit) << name << " AIR " << i;
    }
  }
}

TEST(CudaBackend, ProvesEveryStage) {
  SKIP_WITHOUT_GPU();
  EXPECT_TRUE(CudaBackend::can_prove());
  for (const char* stage : {"commit", "grind", "logup_gkr", "zerocheck", "stacked_reduction", "whir"})
    EXPECT_TRUE(CudaBackend::has_stage(stage)) << stage;
  EXPECT_FALSE(CudaBackend::has_stage("transcript"));
  // A stage over no commitments, or over another backend's, is refused by name.
  CudaBackend cuda;
  const SystemParams sp = default_test_params_small();
  EXPECT_THROW(cuda.whir(sp, {}), std::invalid_argument);
  cpu::CpuBackend host;
  ColMajorMatrix<BabyBear> t(64, 2);
  auto ht = host.load_trace(t);
  const BackendMatrix* one[] = {ht.get()};
  auto pcs = host.commit(sp, one);
  const BackendPcsData* foreign[] = {pcs.get()};
  try {
    cuda.whir(sp, foreign);
    ADD_FAILURE() << "whir took a CPU commitment";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not made by the CUDA backend"), std::string::npos) << e.what();
  }
}

// A backend on each device proves from a thread whose current device is
// another (the last one), interleaved with a backend on that other device:
// every proof equals the CPU's, each device's allocator got back what its
// proof took, and the thread's current device is never changed by a call.
TEST(CudaBackend, BackendsOfEveryDeviceProveFromOneThread) {
  SKIP_WITHOUT_GPU();
  const int n = device_count();
  const Fixture fx = mixture_fixture_standard(5);
  const MultiStarkProvingKey pk = swirl::testing::keygen_fixture(default_test_params_small(), fx);
  cpu::CpuBackend cpu;
  const std::vector<uint8_t> expected = encode_proof(prove(cpu, pk, fx.traces));
  const DeviceScope last(n - 1);
  for (int d = 0; d < n; ++d) {
    const size_t base = DeviceAllocator::of(d).stats().bytes_in_use;
    {
      CudaBackend on_d(ProverCacheConfig{}, d);
      CudaBackend on_last(ProverCacheConfig{}, n - 1);
      EXPECT_EQ(on_d.device(), d);
      EXPECT_EQ(current_device(), n - 1);
      EXPECT_TRUE(encode_proof(prove(on_d, pk, fx.traces)) == expected) << "device " << d;
      EXPECT_EQ(current_device(), n - 1);
      EXPECT_TRUE(encode_proof(prove(on_last, pk, fx.traces)) == expected);
      EXPECT_TRUE(encode_proof(prove(on_d, pk, fx.traces)) == expected) << "device " << d << ", again";
      EXPECT_EQ(current_device(), n - 1);
    }
    EXPECT_EQ(DeviceAllocator::of(d).stats().bytes_in_use, base) << "device " << d;
  }
  EXPECT_THROW(CudaBackend(ProverCacheConfig{}, n), std::invalid_argument);
}

// Backends proving statements of different shapes at once, one per host
// thread on one device (as swirl bench --jobs does): kernels whose launch
// configuration depends on the shape (dynamic shared memory, grids) must
// not race between the threads. Every proof equals the CPU's.
TEST(CudaBackend, ConcurrentProofsOfDifferentShapes) {
  SKIP_WITHOUT_GPU();
  struct Case {
    Fixture fx;
    MultiStarkProvingKey pk;
    std::vector<uint8_t> expected;
  };
  std::vector<Case> cases;
  const std::pair<Fixture, SystemParams> inputs[] = {
      {fib_fixture(0, 1, 1 << 6), default_test_params_small()},
      {keccakf_fixture(8, 1), app_params_100_bits(16)},
      {mixture_fixture_standard(4), default_test_params_small()},
      {keccakf_fixture(2, 2), app_params_100_bits(14)},
  };
  cpu::CpuBackend cpu;
  for (const auto& [fx, params] : inputs) {
    Case c{fx, swirl::testing::keygen_fixture(params, fx), {}};
    c.expected = encode_proof(prove(cpu, c.pk, c.fx.traces));
    cases.push_back(std::move(c));
  }
  std::vector<int> mismatches(cases.size(), 0);
  std::vector<std::string> errors(cases.size());
  std::vector<std::thread> threads;
  for (size_t t = 0; t < cases.size(); ++t)
    threads.emplace_back([&, t] {
      try {
        CudaBackend cuda;
        for (int i = 0; i < 6; ++i)
          if (encode_proof(prove(cuda, cases[t].pk, cases[t].fx.traces)) != cases[t].expected) ++mismatches[t];
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  for (std::thread& th : threads) th.join();
  for (size_t t = 0; t < cases.size(); ++t) {
    EXPECT_EQ(errors[t], "") << "case " << t;
    EXPECT_EQ(mismatches[t], 0) << "case " << t;
  }
}

// A small keccak-f proof (app-100:18) and what a clean run of it costs on
// the device: the bytes at peak above those in use before, and its launches.
struct CleanRun {
  Fixture fx;
  MultiStarkProvingKey pk;
  size_t base = 0, peak = 0;
  uint64_t launches = 0;
  std::vector<uint8_t> bytes;

  explicit CleanRun(uint64_t seed)
      : fx(keccakf_fixture(8, seed)), pk(swirl::testing::keygen_fixture(app_params_100_bits(18), fx)) {
    DeviceAllocator& alloc = DeviceAllocator::current();
    base = alloc.stats().bytes_in_use;
    CudaBackend cuda;
    alloc.reset_peak();
    const uint64_t before = launch_count();
    bytes = encode_proof(prove(cuda, pk, fx.traces));
    launches = launch_count() - before;
    peak = alloc.stats().peak_bytes - base;
  }
  // After a failed proof: nothing of it is left allocated, and the device
  // proves the same bytes again.
  void expect_recovered() const {
    EXPECT_EQ(DeviceAllocator::current().stats().bytes_in_use, base);
    CudaBackend cuda;
    EXPECT_TRUE(encode_proof(prove(cuda, pk, fx.traces)) == bytes);
  }
};

// A trace generated in the backend's trace memory (page-locked, DMA'd in
// place) proves the same bytes as the heap trace, and the memory goes back
// to the pool with the trace.
TEST(CudaBackend, TraceInItsTraceMemoryProvesTheSameBytes) {
  SKIP_WITHOUT_GPU();
  const CleanRun heap(4);
  CudaBackend cuda;
  ASSERT_NE(cuda.trace_memory(), nullptr);
  EXPECT_STREQ(cuda.trace_memory()->name(), "pinned");
  auto& pinned = PinnedMemoryResource::global();
  const size_t in_use = pinned.bytes_in_use();
  {
    std::vector<AirTraces> traces = heap.fx.traces;
    const ColMajorMatrix<BabyBear>& src = heap.fx.traces[0].common_main;
    ColMajorMatrix<BabyBear> m(src.height(), src.width(), cuda.trace_memory());
    std::copy(src.values().begin(), src.values().end(), m.values().begin());
    traces[0].common_main = std::move(m);
    EXPECT_EQ(traces[0].common_main.memory(), cuda.trace_memory());
    EXPECT_EQ(pinned.bytes_in_use() - in_use, src.values().size() * sizeof(BabyBear));
    EXPECT_TRUE(encode_proof(prove(cuda, heap.pk, traces)) == heap.bytes);
    EXPECT_EQ(cuda.in_place_commits(), 1u);  // prove() loads the common mains into their stacked matrix
  }
  EXPECT_EQ(pinned.bytes_in_use(), in_use);
}

// The commit queued while the traces are still on their way (the
// transporter's stream held back by a sleeping host function after the key
// is loaded) starts on the chunks already there, and proves the CPU
// backend's bytes. The trace is one no CUDA proof of this process has
// uploaded: a cached device block still holding it would hide a missing
// wait (found by planting one).
TEST(CudaBackend, CommitOverlappedWithTheTransportProvesTheSameBytes) {
  SKIP_WITHOUT_GPU();
  struct {
    Fixture fx = keccakf_fixture(8, 20261204);
    MultiStarkProvingKey pk = swirl::testing::keygen_fixture(app_params_100_bits(18), fx);
    std::vector<uint8_t> bytes;
  } heap;
  cpu::CpuBackend cpu;
  heap.bytes = encode_proof(prove(cpu, heap.pk, heap.fx.traces));
  CudaBackend cuda;
  std::shared_ptr<const BackendProvingKey> bpk = cuda.load_proving_key(heap.pk);
  SWIRL_CUDA_CHECK(cudaLaunchHostFunc(
      cuda.transporter().stream(), [](void*) { std::this_thread::sleep_for(std::chrono::milliseconds(30)); },
      nullptr));
  std::vector<ColMajorMatrix<BabyBear>> pinned;
  std::vector<BackendAirTraces> held(heap.fx.traces.size());
  for (size_t i = 0; i < heap.fx.traces.size(); ++i) {
    const AirTraces& t = heap.fx.traces[i];
    ASSERT_TRUE(t.cached_mains.empty());  // keccak-f: one common main
    ColMajorMatrix<BabyBear> m(t.common_main.height(), t.common_main.width(), cuda.trace_memory());
    std::copy(t.common_main.values().begin(), t.common_main.values().end(), m.values().begin());
    held[i].common_main = cuda.load_trace(m);
    held[i].public_values = t.public_values;
    pinned.push_back(std::move(m));  // DMA'd in place: alive until the proof is done
  }
  ASSERT_TRUE(dynamic_cast<const CudaMatrix&>(*held[0].common_main).arriving());
  EXPECT_TRUE(encode_proof(prove(cuda, *bpk, heap.pk, held)) == heap.bytes);
  EXPECT_EQ(cuda.overlapped_commits(), 1u);
}

// The same with the trace loaded by load_traces, as prove() does: the
// overlapped commit reads the trace where it landed, in its stacked matrix.
TEST(CudaBackend, InPlaceCommitOverlappedWithTheTransportProvesTheSameBytes) {
  SKIP_WITHOUT_GPU();
  struct {
    Fixture fx = keccakf_fixture(8, 20261205);
    MultiStarkProvingKey pk = swirl::testing::keygen_fixture(app_params_100_bits(18), fx);
    std::vector<uint8_t> bytes;
  } heap;
  cpu::CpuBackend cpu;
  heap.bytes = encode_proof(prove(cpu, heap.pk, heap.fx.traces));
  CudaBackend cuda;
  std::shared_ptr<const BackendProvingKey> bpk = cuda.load_proving_key(heap.pk);
  SWIRL_CUDA_CHECK(cudaLaunchHostFunc(
      cuda.transporter().stream(), [](void*) { std::this_thread::sleep_for(std::chrono::milliseconds(30)); },
      nullptr));
  ASSERT_EQ(heap.fx.traces.size(), 1u);
  const AirTraces& t = heap.fx.traces[0];
  ColMajorMatrix<BabyBear> m(t.common_main.height(), t.common_main.width(), cuda.trace_memory());
  std::copy(t.common_main.values().begin(), t.common_main.values().end(), m.values().begin());
  const ColMajorMatrix<BabyBear>* mains[] = {&m};
  std::vector<BackendAirTraces> held(1);
  held[0].common_main = cuda.load_traces(heap.pk.params, mains).front();
  held[0].public_values = t.public_values;
  ASSERT_TRUE(dynamic_cast<const CudaMatrix&>(*held[0].common_main).arriving());
  EXPECT_TRUE(encode_proof(prove(cuda, *bpk, heap.pk, held)) == heap.bytes);
  EXPECT_EQ(cuda.overlapped_commits(), 1u);
  EXPECT_EQ(cuda.in_place_commits(), 1u);
}

// Out of device memory, anywhere in a proof: a typed error with the bytes
// asked and free, and everything the proof allocated is freed again.
TEST(CudaBackend, OutOfMemoryIsTypedAndLeavesNothingAllocated) {
  SKIP_WITHOUT_GPU();
  const CleanRun run(1);
  ASSERT_GT(run.peak, size_t{1} << 20);
  DeviceAllocator& alloc = DeviceAllocator::current();
  // Limits below the peak: at the first allocation, and part-way through.
  for (size_t cap : {size_t{4096}, run.peak / 2, run.peak - 1}) {
    SCOPED_TRACE("limit " + std::to_string(cap) + " of a " + std::to_string(run.peak) + "-byte peak");
    {
      CudaBackend cuda;
      alloc.set_limit(run.base + cap);
      try {
        (void)prove(cuda, run.pk, run.fx.traces);
        ADD_FAILURE() << "the proof fit under the limit";
      } catch (const DeviceOutOfMemory& e) {
        EXPECT_GT(e.requested(), e.free_bytes());
        EXPECT_NE(std::string(e.what()).find("requested"), std::string::npos) << e.what();
      }
      alloc.set_limit(0);
    }
    run.expect_recovered();
  }
}

// A CUDA failure anywhere in a proof (a launch made to fail, from the first
// to the last of the proof's launches): a CudaError naming the kernel and
// call site, and everything allocated freed again.
TEST(CudaBackend, LaunchFailureMidProofIsTypedAndLeavesNothingAllocated) {
  SKIP_WITHOUT_GPU();
  const CleanRun run(2);
  ASSERT_GT(run.launches, 10u);
  for (uint64_t at : {uint64_t{1}, run.launches / 3, run.launches / 2, run.launches - 1, run.launches}) {
    SCOPED_TRACE("launch " + std::to_string(at) + " of " + std::to_string(run.launches));
    {
      CudaBackend cuda;
      fail_launch_number(launch_count() + at);
      try {
        (void)prove(cuda, run.pk, run.fx.traces);
        ADD_FAILURE() << "the proof went through";
      } catch (const DeviceOutOfMemory& e) {
        ADD_FAILURE() << "not a launch failure: " << e.what();
      } catch (const CudaError& e) {
        EXPECT_EQ(e.code(), cudaErrorLaunchFailure);
        EXPECT_NE(std::string(e.what()).find(".cu"), std::string::npos) << e.what();  // the call site
      }
      fail_launch_number(0);
    }
    run.expect_recovered();
  }
}

// A malformed SWIRL_CUDA_MEMORY_LIMIT is refused by name.
TEST(CudaBackend, MemoryLimitFromEnvironment) {
  SKIP_WITHOUT_GPU();
  setenv("SWIRL_CUDA_MEMORY_LIMIT", "12x", 1);
  try {
    CudaBackend cuda;
    ADD_FAILURE() << "a malformed limit was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("SWIRL_CUDA_MEMORY_LIMIT"), std::string::npos) << e.what();
  }
  setenv("SWIRL_CUDA_MEMORY_LIMIT", "3G", 1);
  { CudaBackend cuda; }
  EXPECT_EQ(DeviceAllocator::current().limit(), size_t{3} << 30);
  DeviceAllocator::current().set_limit(0);
  unsetenv("SWIRL_CUDA_MEMORY_LIMIT");
}

}  // namespace
}  // namespace swirl::cuda
