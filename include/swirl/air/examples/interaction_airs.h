// The reference's interaction test AIRs (test_utils/dummy_airs/interaction,
// v2.0.1):
//  * DummyInteractionAir: columns | count | fields... |; sends (count) or
//    receives (count written as (-1) * count, a Mul node as in the
//    reference) the fields on one bus. With `partition`, the count is the
//    common main and the fields a cached main partition.
//  * SelfInteractionAir: no constraints; eight interactions on one bus that
//    send the local row and receive the next row with several counts (see
//    eval); balances for the trace self_interaction_trace builds.
#pragma once

#include <cstdint>
#include <vector>

#include "swirl/air/builder.h"

namespace swirl {

class DummyInteractionAir final : public Air {
 public:
  DummyInteractionAir(size_t field_width, bool is_send, BusIndex bus, bool partition = false,
                      uint32_t count_weight = 0)
      : field_width_(field_width), is_send_(is_send), bus_(bus), partition_(partition), count_weight_(count_weight) {}
  std::string name() const override { return "DummyInteractionAir"; }
  size_t width() const override { return 1 + field_width_; }
  std::vector<size_t> cached_main_widths() const override {
    return partition_ ? std::vector<size_t>{field_width_} : std::vector<size_t>{};
  }
  size_t common_main_width() const override { return partition_ ? 1 : 1 + field_width_; }
  void eval(AirBuilder& b) const override;

  size_t field_width() const { return field_width_; }
  bool is_send() const { return is_send_; }
  bool partitioned() const { return partition_; }

 private:
  size_t field_width_;
  bool is_send_;
  BusIndex bus_;
  bool partition_;
  uint32_t count_weight_;
};

class SelfInteractionAir final : public Air {
 public:
  SelfInteractionAir(size_t width, BusIndex bus) : width_(width), bus_(bus) {}
  std::string name() const override { return "SelfInteractionAir"; }
  size_t width() const override { return width_; }
  void eval(AirBuilder& b) const override;

 private:
  size_t width_;
  BusIndex bus_;
};

/// Unpartitioned DummyInteractionAir trace: row i = (count[i], fields[i]...),
/// zero rows appended up to the next power of two.
ColMajorMatrix<BabyBear> dummy_interaction_trace(const std::vector<uint32_t>& count,
                                                 const std::vector<std::vector<uint32_t>>& fields);

/// SelfInteractionAir trace: 2^log_height rows, cell (r, i) = (r + i) mod width.
ColMajorMatrix<BabyBear> self_interaction_trace(size_t width, size_t log_height);

}  // namespace swirl
