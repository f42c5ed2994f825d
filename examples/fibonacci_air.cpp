// Writing an AIR with swirl: a Fibonacci AIR with public values, checked on
// the host with the debug checker, then keyed.
//   swirl_example_fibonacci_air [log_height=4]
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "swirl/air/builder.h"
#include "swirl/air/debug.h"
#include "swirl/air/keygen.h"
#include "swirl/air/vk_codec.h"

namespace {

// Columns (a, b). Public values: the first row (a0, b0) and the last b.
class Fibonacci final : public swirl::Air {
 public:
  std::string name() const override { return "Fibonacci"; }
  size_t width() const override { return 2; }
  size_t num_public_values() const override { return 3; }
  void eval(swirl::AirBuilder& b) const override {
    const swirl::Window& m = b.main();
    auto pv = b.public_values();
    auto first = b.when_first_row();
    first.assert_eq(m.local(0), pv[0]);
    first.assert_eq(m.local(1), pv[1]);
    auto step = b.when_transition();
    step.assert_eq(m.local(1), m.next(0));                // a' = b
    step.assert_eq(m.local(0) + m.local(1), m.next(1));   // b' = a + b
    b.when_last_row().assert_eq(m.local(1), pv[2]);
  }
};

}  // namespace

int main(int argc, char** argv) {
  using swirl::BabyBear;
  const int log_h = argc > 1 ? std::atoi(argv[1]) : 4;
  const size_t h = size_t{1} << log_h;

  // The trace, column-major.
  swirl::AirTraces t;
  t.common_main = swirl::ColMajorMatrix<BabyBear>(h, 2);
  t.common_main.at(0, 0) = BabyBear::zero();
  t.common_main.at(0, 1) = BabyBear::one();
  for (size_t r = 1; r < h; ++r) {
    t.common_main.at(r, 0) = t.common_main.at(r - 1, 1);
    t.common_main.at(r, 1) = t.common_main.at(r - 1, 0) + t.common_main.at(r - 1, 1);
  }
  t.public_values = {BabyBear::zero(), BabyBear::one(), t.common_main.at(h - 1, 1)};

  std::vector<std::shared_ptr<const swirl::Air>> airs{std::make_shared<Fibonacci>()};
  std::vector<swirl::AirTraces> traces{t};
  const swirl::DebugReport report = swirl::debug_check(airs, traces);
  std::printf("debug check: %s", report.to_string().c_str());

  // A wrong public value is caught, with the AIR, row and constraint.
  traces[0].public_values[2] += BabyBear::one();
  std::printf("with a wrong output: %s", swirl::debug_check(airs, traces).to_string().c_str());

  swirl::MultiStarkKeygenBuilder kb(swirl::test_params_for_height(log_h));
  kb.add_air(airs[0]);
  auto pk = kb.generate_pk();
  if (!pk) {
    std::printf("keygen failed: %s\n", pk.error().message().c_str());
    return 1;
  }
  const swirl::MultiStarkVerifyingKey vk = pk->get_vk();
  std::printf("constraint DAG: %zu nodes, %zu constraints, degree %d; vk %zu bytes; pre-hash",
              vk.inner.per_air[0].symbolic_constraints.constraints.nodes.size(),
              vk.inner.per_air[0].symbolic_constraints.constraints.num_constraints(),
              vk.inner.per_air[0].max_constraint_degree, swirl::postcard_encode(vk).size());
  for (BabyBear x : vk.pre_hash) std::printf(" %u", x.as_canonical());
  std::printf("\n");
  return report.ok() ? 0 : 1;
}
