// The device GKR stage (cuda::LogupGkr) against a plain host model of the
// same definitions (backend/logup_gkr.h): the tree's root and layer-1
// claims, and for every layer a whole sumcheck driven by random challenges:
// each round's s'(0), s'(1), s'(2) and the final claims. Sizes from one leaf
// to 2^14 leaves. Skips without a GPU.
#include <gtest/gtest.h>

#include <vector>

#include "backend/cuda/gpu_test_util.h"
#include "swirl/backend/cuda/logup_gkr.h"
#include "swirl/backend/cuda/stream.h"
#include "swirl/backend/cuda/transport.h"
#include "swirl/field/rng.h"

namespace swirl::cuda {
namespace {

using EF = BabyBear4;

struct Quad {
  EF p0, q0, p1, q1;
};
EF relation(const Quad& a, const EF& lambda) { return (a.p0 + lambda * a.q0) * a.q1 + a.p1 * a.q0; }
Quad lerp(const Quad& a, const Quad& b, const EF& r) {
  return {a.p0 + (b.p0 - a.p0) * r, a.q0 + (b.q0 - a.q0) * r, a.p1 + (b.p1 - a.p1) * r, a.q1 + (b.q1 - a.q1) * r};
}
// eq(x, y) with bit k of y paired with x[k].
EF eq_at(const std::vector<EF>& x, size_t y) {
  EF acc = EF::one();
  for (size_t k = 0; k < x.size(); ++k) acc *= ((y >> k) & 1) ? x[k] : EF::one() - x[k];
  return acc;
}

// The tree: layers[k] has 2^k nodes, layers[n] the leaves.
std::vector<std::vector<Frac>> host_tree(const std::vector<Frac>& leaves, size_t n) {
  std::vector<std::vector<Frac>> layers(n + 1);
  layers[n] = leaves;
  for (size_t k = n; k-- > 0;) {
    layers[k].resize(size_t{1} << k);
    for (size_t x = 0; x < layers[k].size(); ++x) layers[k][x] = layers[k + 1][2 * x] + layers[k + 1][2 * x + 1];
  }
  return layers;
}

TEST(CudaLogupGkr, LayersEqualHostModel) {
  SKIP_WITHOUT_GPU();
  Stream stream;
  Transporter tr;
  for (size_t n : {0, 1, 2, 3, 5, 9, 14}) {
    SplitMix64 rng(100 + n);
    std::vector<Frac> leaves(size_t{1} << n);
    for (auto& f : leaves) f = Frac{rng.ext(), rng.ext()};
    const auto layers = host_tree(leaves, n);
    DeviceBuffer<Frac> dev = tr.upload_vector(std::span<const Frac>(leaves));
    tr.synchronize();
    LogupGkr gkr(std::move(dev), stream.get());
    ASSERT_EQ(gkr.num_vars(), n);
    EXPECT_EQ(gkr.root(), layers[0][0]) << "n " << n;
    if (n == 0) continue;
    const GkrLayerClaims c1 = gkr.layer1_claims();
    EXPECT_EQ(c1, (GkrLayerClaims{layers[1][0].p, layers[1][1].p, layers[1][0].q, layers[1][1].q}));
    for (size_t j = 2; j <= n; ++j) {
      const size_t m = j - 1;
      std::vector<EF> xi(m);
      for (auto& x : xi) x = rng.ext();
      const EF lambda = rng.ext();
      gkr.begin_layer(j, xi, lambda);
      // Host: quads of layer j, eq over xi[1..].
      std::vector<Quad> cur(size_t{1} << m);
      for (size_t x = 0; x < cur.size(); ++x)
        cur[x] = {layers[j][2 * x].p, layers[j][2 * x].q, layers[j][2 * x + 1].p, layers[j][2 * x + 1].q};
      for (size_t t = 0; t < m; ++t) {
        const std::vector<EF> rest(xi.begin() + static_cast<std::ptrdiff_t>(t) + 1, xi.end());
        std::array<EF, 3> want{};
        for (size_t y = 0; y < cur.size() / 2; ++y) {
          const Quad lo = cur[2 * y], hi = cur[2 * y + 1];
          const Quad two{hi.p0.doubled() - lo.p0, hi.q0.doubled() - lo.q0, hi.p1.doubled() - lo.p1,
                         hi.q1.doubled() - lo.q1};
          const EF w = eq_at(rest, y);
          want[0] += w * relation(lo, lambda);
          want[1] += w * relation(hi, lambda);
          want[2] += w * relation(two, lambda);
        }
        ASSERT_EQ(gkr.round_sums(), want) << "n " << n << " layer " << j << " round " << t;
        const EF r = rng.ext();
        gkr.fold(r);
        std::vector<Quad> next(cur.size() / 2);
        for (size_t y = 0; y < next.size(); ++y) next[y] = lerp(cur[2 * y], cur[2 * y + 1], r);
        cur = std::move(next);
      }
      EXPECT_EQ(gkr.layer_claims(), (GkrLayerClaims{cur[0].p0, cur[0].p1, cur[0].q0, cur[0].q1}));
    }
  }
}

TEST(CudaLogupGkr, RejectsBadShapesAndOrder) {
  SKIP_WITHOUT_GPU();
  Stream stream;
  EXPECT_THROW(LogupGkr(DeviceBuffer<Frac>(3), stream.get()), std::invalid_argument);
  EXPECT_THROW(LogupGkr(DeviceBuffer<Frac>(), stream.get()), std::invalid_argument);
  LogupGkr gkr(DeviceBuffer<Frac>(8), stream.get());
  const std::vector<EF> xi(1);
  EXPECT_THROW(gkr.begin_layer(1, xi, EF::one()), std::invalid_argument);
  EXPECT_THROW(gkr.begin_layer(3, xi, EF::one()), std::invalid_argument);  // layer 3 needs 2 coordinates
}

}  // namespace
}  // namespace swirl::cuda
