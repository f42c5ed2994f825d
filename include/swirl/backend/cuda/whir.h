// The WHIR stage on the device (backend/whir.h), beside backend/cpu/whir.cpp
// and with the same math and state: f (the batched multilinear f-hat) and w
// (the weight) as hypercube values in BabyBear4, folded in their lowest
// variable at each alpha; each round's folded coefficients g RS-encoded with
// the commit's NTT and Merkle-committed with the commit's tree kernels.
//
// A round's codeword is kept as a 4-column BabyBear matrix (column j = the
// j-th coefficient of each BabyBear4 entry): the DFT is linear over the base
// field, so the BabyBear NTT of each column is the BabyBear4 NTT, and a row
// (c0, c1, c2, c3) hashes exactly as the host's BabyBear4 row of width 1
// (crypto/merkle.h). One encoder and one tree builder serve both.
//
// Host synchronisations: round_sums (a mailbox), commit_round (the root),
// eval_ood (a mailbox), final_poly, open_queries (one copy of everything the
// round opens). begin, fold and update_weights only queue work.
#pragma once

#include <cuda_runtime.h>

#include <memory>
#include <vector>

#include "swirl/backend/cuda/mailbox.h"
#include "swirl/backend/cuda/memory.h"
#include "swirl/backend/cuda/transport_pcs.h"
#include "swirl/backend/whir.h"
#include "swirl/protocol/params.h"

namespace swirl::cuda {

/// One commitment as WHIR reads it. `stacked` is needed by begin();
/// `codeword` (the RS codeword of `stacked`) by the round-0 queries: when it
/// is null the stage encodes `stacked` itself when the queries come.
struct WhirDeviceCommitted {
  const DeviceMatrix<BabyBear>* stacked = nullptr;
  const DeviceMatrix<BabyBear>* codeword = nullptr;
  const DeviceDigestLayers* tree = nullptr;
};

class Whir final : public WhirStage {
 public:
  /// Borrows the commitments for the stage's lifetime, except the matrices
  /// in `owned` (rebuilt for the stage, which it keeps). Throws
  /// std::invalid_argument on inconsistent shapes, like cpu::Whir.
  Whir(int l_skip, int log_blowup, const WhirConfig& config, std::vector<WhirDeviceCommitted> committed,
       cudaStream_t stream, std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned = {});

  void begin(const BabyBear4& mu, std::span<const BabyBear4> u_cube) override;
  std::array<BabyBear4, 2> round_sums() override;
  void fold(const BabyBear4& alpha) override;
  Digest commit_round() override;
  BabyBear4 eval_ood(const BabyBear4& z) override;
  std::vector<BabyBear4> final_poly() override;
  WhirQueryOpenings open_queries(size_t round, std::span<const size_t> indices) override;
  void update_weights(const BabyBear4& gamma, const BabyBear4& z_ood, std::span<const size_t> indices,
                      int query_bits) override;

 private:
  // g = the coefficients of f, into g_ (size of f).
  void coefficients_of_f();
  // The `count` values sum_partials left at the end of partial_, through the mailbox.
  const BabyBear4* read_sums(size_t count);
  size_t f_len() const { return size_t{1} << m_; }

  int l_skip_, log_blowup_, k_;
  int m_ = 0;       // variables of f and w
  int log_rs_ = 0;  // log2 of the current RS domain
  cudaStream_t stream_;
  std::vector<WhirDeviceCommitted> committed_;
  std::vector<std::unique_ptr<DeviceMatrix<BabyBear>>> owned_;
  DeviceBuffer<BabyBear4> f_, w_, next_f_, next_w_;  // fold targets, swapped in
  DeviceBuffer<BabyBear4> g_;                        // the folded coefficients of the round (commit_round / final_poly)
  DeviceBuffer<BabyBear4> partial_;                  // per-block partial sums, then the reduced values at the end
  DeviceBuffer<BabyBear4> weights_ef_, weights_gp_;  // update_weights' points, kept until the next call
  DeviceBuffer<BabyBear> weights_f_;
  std::vector<DeviceMatrix<BabyBear>> codes_;  // per committed round, its codeword (4 columns)
  std::vector<DeviceDigestLayers> trees_;      // per committed round, its tree
  HostMailbox mailbox_;
  bool begun_ = false;
};

}  // namespace swirl::cuda
