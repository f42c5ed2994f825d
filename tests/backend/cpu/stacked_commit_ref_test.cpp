// Commitment roots against vectors made by the reference, when present.
//
// File: ../shared/ref/stacked_commit.json (relative to the repository root):
//   {"cases": [{"name": "...", "l_skip": 4, "n_stack": 17, "log_blowup": 1, "k_whir": 4,
//               "traces": [{"height": 8, "width": 2, "values": [canonical u32, column-major]}],
//               "root": [8 canonical u32]}]}
// (SWIRL_REF_DIR in the environment overrides the directory.)
// Traces are listed in stacking order (tallest first), as stacked_commit in
// prover/stacked_pcs.rs takes them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "swirl/backend/cpu/stacked_commit.h"

#ifndef SWIRL_REF_DIR
#define SWIRL_REF_DIR "../shared/ref"
#endif

namespace swirl::cpu {
namespace {

TEST(StackedCommitRef, RootsMatchReferenceVectors) {
  // SWIRL_REF_DIR in the environment overrides the build-time location.
  const char* env = std::getenv("SWIRL_REF_DIR");
  const std::filesystem::path file = std::filesystem::path(env ? env : SWIRL_REF_DIR) / "stacked_commit.json";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no reference vectors at " << file.string();
  std::ifstream in(file);
  nlohmann::json doc = nlohmann::json::parse(in);
  ASSERT_TRUE(doc.contains("cases"));
  size_t checked = 0;
  for (const auto& c : doc["cases"]) {
    std::vector<ColMajorMatrix<BabyBear>> traces;
    for (const auto& t : c["traces"]) {
      size_t h = t["height"], w = t["width"];
      std::vector<BabyBear> vals;
      for (uint32_t v : t["values"]) vals.push_back(BabyBear::from_canonical(v));
      traces.emplace_back(h, w, std::move(vals));
    }
    std::vector<const ColMajorMatrix<BabyBear>*> ptrs;
    for (const auto& t : traces) ptrs.push_back(&t);
    auto [root, data] = stacked_commit(c["l_skip"], c["n_stack"], c["log_blowup"], c["k_whir"], ptrs);
    std::vector<uint32_t> got;
    for (BabyBear x : root) got.push_back(x.as_canonical());
    EXPECT_EQ(got, c["root"].get<std::vector<uint32_t>>()) << c.value("name", "case " + std::to_string(checked));
    ++checked;
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace swirl::cpu
