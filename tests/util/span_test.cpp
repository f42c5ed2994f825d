#include "swirl/util/span.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace swirl {
namespace {

TEST(Span, NestsAndExportsReferenceKeys) {
  SpanCollector c;
  int syncs = 0;
  DeviceSpanHook hook;
  hook.synchronize = [&] { ++syncs; };
  hook.memory = [] { return std::pair<int64_t, int64_t>{1 << 20, 2 << 20}; };
  std::vector<std::string> ranges;  // profiler ranges: pushed with the span's name, popped at its end
  int open_ranges = 0;
  hook.range_push = [&](const std::string& n) {
    ranges.push_back(n);
    ++open_ranges;
  };
  hook.range_pop = [&] { --open_ranges; };
  c.set_device_hook(hook);
  {
    SpanCollector::Install use(c);
    ScopedSpan top("stark_prove_excluding_trace");
    {
      ScopedSpan a("prover.main_trace_commit");
      { ScopedSpan b("merkle_tree"); }
      { ScopedSpan b("merkle_tree"); }
    }
    { ScopedSpan d("prover.openings"); }
  }
  ASSERT_EQ(c.roots().size(), 1u);
  const SpanRecord& top = c.roots()[0];
  EXPECT_EQ(top.name, "stark_prove_excluding_trace");
  ASSERT_EQ(top.children.size(), 2u);
  EXPECT_EQ(top.children[0].children.size(), 2u);
  EXPECT_EQ(top.device_bytes_peak, 2 << 20);
  EXPECT_EQ(syncs, 2 * 5);  // both edges of 5 spans
  EXPECT_EQ(ranges, (std::vector<std::string>{"stark_prove_excluding_trace", "prover.main_trace_commit", "merkle_tree",
                                               "merkle_tree", "prover.openings"}));
  EXPECT_EQ(open_ranges, 0);
  nlohmann::json j = c.metrics_json();
  EXPECT_TRUE(j.contains("stark_prove_excluding_trace_time_ms"));
  EXPECT_TRUE(j.contains("prover.main_trace_commit_time_ms"));
  // Below the root a span is keyed by its path; its short name too while
  // that names one span only.
  EXPECT_EQ(j["prover.main_trace_commit.merkle_tree_count"], 2);
  EXPECT_EQ(j["merkle_tree_count"], 2);
  EXPECT_GE(top.ms, top.children[0].ms);
  const std::string text = c.tree_text();
  EXPECT_NE(text.find("\u251d\u2501 prover.main_trace_commit ["), std::string::npos) << text;
  EXPECT_NE(text.find("\u2502  \u2515\u2501 merkle_tree x2 ["), std::string::npos) << text;
  EXPECT_NE(text.find("\u2515\u2501 prover.openings ["), std::string::npos) << text;
  EXPECT_NE(text.find("GPU mem: used=+0.0 MiB, current=1.0 MiB, peak=2.0 MiB"), std::string::npos) << text;
  EXPECT_EQ(j["stark_prove_excluding_trace_gpu_mem_peak_bytes"], 2 << 20);
  EXPECT_EQ(j["stark_prove_excluding_trace_gpu_mem_current_bytes"], 1 << 20);
  EXPECT_EQ(j["stark_prove_excluding_trace_gpu_mem_used_bytes"], 0);
}

// Span-local peaks with a resettable allocator: a child's peak is its own,
// the parent's covers the child's, and "used" is the change over the span.
TEST(Span, DevicePeaksPerSpan) {
  SpanCollector c;
  int64_t in_use = 10, peak = 10;
  auto alloc = [&](int64_t b) {
    in_use += b;
    peak = std::max(peak, in_use);
  };
  DeviceSpanHook h;
  h.memory = [&] { return std::pair<int64_t, int64_t>{in_use, peak}; };
  h.reset_peak = [&] { return std::exchange(peak, in_use); };
  h.raise_peak = [&](int64_t p) { peak = std::max(peak, p); };
  c.set_device_hook(h);
  {
    SpanCollector::Install use(c);
    ScopedSpan top("top");
    alloc(100);  // 110, peak 110
    {
      ScopedSpan a("a");
      alloc(50);   // 160
      alloc(-50);  // 110
    }
    {
      ScopedSpan b("b");
      alloc(20);  // 130
      alloc(-70);  // 60
    }
  }
  const SpanRecord& top = c.roots().at(0);
  EXPECT_EQ(top.device_bytes_peak, 160);
  EXPECT_EQ(top.device_bytes_in_use, 60);
  EXPECT_EQ(top.device_bytes_at_start, 10);
  EXPECT_EQ(top.children.at(0).device_bytes_peak, 160);
  EXPECT_EQ(top.children.at(1).device_bytes_peak, 130);  // not a's 160
  EXPECT_EQ(top.children.at(1).device_bytes_in_use - top.children.at(1).device_bytes_at_start, -50);
  EXPECT_NE(c.tree_text().find("b [ "), std::string::npos);
  EXPECT_EQ(c.metrics_json()["b_gpu_mem_used_bytes"], -50);
}

// A device wait that fails at a span's end is thrown from the span (and the
// span is still recorded); while another exception unwinds, it is dropped
// and that exception is the one the caller sees, never std::terminate.
TEST(Span, FailedDeviceWaitAtSpanEnd) {
  SpanCollector c;
  bool fail = false;
  DeviceSpanHook h;
  h.synchronize = [&] {
    if (fail) throw std::runtime_error("device fault");
  };
  c.set_device_hook(h);
  SpanCollector::Install use(c);
  try {
    ScopedSpan s("work");
    fail = true;
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "device fault");
  }
  ASSERT_EQ(c.roots().size(), 1u);
  EXPECT_EQ(c.roots()[0].name, "work");
  fail = false;
  try {
    ScopedSpan outer("outer");
    ScopedSpan inner("inner");
    fail = true;  // both spans' end waits fail while the logic_error unwinds
    throw std::logic_error("stage failed");
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "stage failed");
  } catch (...) {
    ADD_FAILURE() << "the span's failed wait replaced the exception in flight";
  }
  EXPECT_EQ(c.roots().size(), 2u);
}

// Same-named spans of different phases keep apart in the metrics, values are
// rounded to microseconds, and the tree shows each span's self and total
// share of its root.
TEST(Span, PhaseQualifiedKeysSharesAndRounding) {
  SpanCollector c;
  {
    SpanCollector::Install use(c);
    ScopedSpan top("stark_prove_excluding_trace");
    {
      ScopedSpan a("prover.main_trace_commit");
      ScopedSpan b("merkle_tree");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    {
      ScopedSpan o("prover.openings");
      ScopedSpan w("whir");
      { ScopedSpan m("merkle_tree"); }
      { ScopedSpan m("merkle_tree"); }
    }
  }
  const nlohmann::json j = c.metrics_json();
  EXPECT_TRUE(j.contains("prover.main_trace_commit.merkle_tree_time_ms")) << j.dump();
  EXPECT_TRUE(j.contains("prover.openings.whir.merkle_tree_time_ms")) << j.dump();
  EXPECT_EQ(j["prover.openings.whir.merkle_tree_count"], 2);
  EXPECT_FALSE(j.contains("merkle_tree_time_ms")) << "two different spans merged: " << j.dump();
  EXPECT_TRUE(j.contains("whir_time_ms"));
  for (const auto& [key, v] : j.items()) {
    if (key.size() < 8 || key.substr(key.size() - 8) != "_time_ms") continue;
    const double us = v.get<double>() * 1000.0;
    EXPECT_NEAR(us, std::round(us), 1e-6) << key << " is not rounded to microseconds: " << v;
  }
  const std::string text = c.tree_text();
  // The root is 100% of itself; the commit's tree, asleep 20 ms, most of it,
  // with no time of its own.
  EXPECT_EQ(text.rfind("stark_prove_excluding_trace [ ", 0), 0u) << text;
  EXPECT_NE(text.find("% / 100.00% ]"), std::string::npos) << text;
  const size_t commit = text.find("prover.main_trace_commit [ ");
  ASSERT_NE(commit, std::string::npos) << text;
  EXPECT_NE(text.find("| 0.00% / ", commit), std::string::npos) << text;
  EXPECT_NE(text.find("ms |", commit), std::string::npos) << text;
}

TEST(Span, TreeFoldsRepeatedSiblingsWithTheirChildren) {
  SpanCollector c;
  {
    SpanCollector::Install use(c);
    ScopedSpan top("whir");
    for (int round = 0; round < 3; ++round) {
      { ScopedSpan g("whir_grinding"); }
      ScopedSpan m("merkle_tree");
      { ScopedSpan h("row_hashes"); }
    }
  }
  const std::string text = c.tree_text();
  // One line per distinct name at each level, in first-appearance order.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text;
  const size_t g = text.find("\u251d\u2501 whir_grinding x3 ["), m = text.find("\u2515\u2501 merkle_tree x3 ["),
               h = text.find("   \u2515\u2501 row_hashes x3 [");
  EXPECT_NE(g, std::string::npos) << text;
  EXPECT_NE(m, std::string::npos) << text;
  EXPECT_NE(h, std::string::npos) << text;
  EXPECT_LT(g, m);
  EXPECT_LT(m, h);
  // The folded line shows the members' summed time (as a share of the root).
  double summed = 0;
  for (const SpanRecord& s : c.roots()[0].children)
    if (s.name == "merkle_tree") summed += s.ms;
  EXPECT_NE(text.find(fmt::format("/ {:.2f}% ]", 100.0 * summed / c.roots()[0].ms), m), std::string::npos) << text;
}

// A transfer span carries its bytes: the tree shows them with the rate, the
// metrics give <path>_bytes and <path>_gb_per_s (bytes over the span's own
// time); spans without bytes get neither.
TEST(Span, TransferSpansCarryBytesAndRate) {
  SpanCollector c;
  {
    SpanCollector::Install use(c);
    ScopedSpan top("transport");
    {
      ScopedSpan t("load_traces");
      t.add_bytes(3000000);
      t.add_bytes(1000000);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    { ScopedSpan k("load_proving_key"); }
  }
  const SpanRecord& top = c.roots().at(0);
  ASSERT_EQ(top.children.size(), 2u);
  EXPECT_EQ(top.children[0].bytes, 4000000);
  EXPECT_EQ(top.children[1].bytes, -1);
  EXPECT_EQ(top.bytes, -1);
  const nlohmann::json m = c.metrics_json();
  ASSERT_TRUE(m.contains("load_traces_bytes"));
  EXPECT_EQ(m["load_traces_bytes"].get<int64_t>(), 4000000);
  const double ms = top.children[0].ms;
  EXPECT_NEAR(m["load_traces_gb_per_s"].get<double>(), 4000000 / (ms * 1e6), 1e-3);
  EXPECT_FALSE(m.contains("load_proving_key_bytes"));
  EXPECT_FALSE(m.contains("transport_gb_per_s"));
  const std::string tree = c.tree_text();
  EXPECT_NE(tree.find("load_traces [ "), std::string::npos) << tree;
  EXPECT_NE(tree.find(" 4.0 MB at "), std::string::npos) << tree;
  EXPECT_EQ(tree.find("load_proving_key [ ", 0) != std::string::npos &&
                tree.substr(tree.find("load_proving_key")).find(" MB at ") != std::string::npos,
            false)
      << tree;
}

TEST(Span, NoCollectorIsANoOp) {
  EXPECT_EQ(SpanCollector::current(), nullptr);
  ScopedSpan s("nothing");
  SpanCollector c;
  {
    // Another thread's collector is not this thread's.
    SpanCollector::Install use(c);
    std::thread t([] { ScopedSpan inner("elsewhere"); EXPECT_EQ(SpanCollector::current(), nullptr); });
    t.join();
  }
  EXPECT_TRUE(c.roots().empty());
}

}  // namespace
}  // namespace swirl
