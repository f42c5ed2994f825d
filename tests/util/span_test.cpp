#include "swirl/util/span.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

namespace swirl {
namespace {

TEST(Span, NestsAndExportsReferenceKeys) {
  SpanCollector c;
  int syncs = 0;
  c.set_device_hook({[&] { ++syncs; }, [] { return std::pair<int64_t, int64_t>{1 << 20, 2 << 20}; }});
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
  nlohmann::json j = c.metrics_json();
  EXPECT_TRUE(j.contains("stark_prove_excluding_trace_time_ms"));
  EXPECT_TRUE(j.contains("prover.main_trace_commit_time_ms"));
  EXPECT_EQ(j["merkle_tree_count"], 2);
  EXPECT_GE(top.ms, top.children[0].ms);
  EXPECT_NE(c.tree_text().find("  prover.main_trace_commit"), std::string::npos);
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
  const size_t g = text.find("  whir_grinding x3 "), m = text.find("  merkle_tree x3 "),
               h = text.find("    row_hashes x3 ");
  EXPECT_NE(g, std::string::npos) << text;
  EXPECT_NE(m, std::string::npos) << text;
  EXPECT_NE(h, std::string::npos) << text;
  EXPECT_LT(g, m);
  EXPECT_LT(m, h);
  // The folded line shows the members' summed time.
  double summed = 0;
  for (const SpanRecord& s : c.roots()[0].children)
    if (s.name == "merkle_tree") summed += s.ms;
  EXPECT_NE(text.find(fmt::format("{:>11.3f} ms", summed), m), std::string::npos) << text;
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
