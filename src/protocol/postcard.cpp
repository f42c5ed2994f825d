#include "swirl/protocol/postcard.h"

#include <stdexcept>

#include <fmt/format.h>

namespace swirl {

namespace {

uint64_t nonneg(int v, const char* name) {
  if (v < 0) throw std::invalid_argument(fmt::format("postcard SystemParams: {} = {} is negative", name, v));
  return static_cast<uint64_t>(v);
}

}  // namespace

void postcard_write(PostcardWriter& w, const SystemParams& p) {
  w.usize(nonneg(p.l_skip, "l_skip"));
  w.usize(nonneg(p.n_stack, "n_stack"));
  w.usize(nonneg(p.w_stack, "w_stack"));
  w.usize(nonneg(p.log_blowup, "log_blowup"));
  // WhirConfig
  w.usize(nonneg(p.whir.k, "whir.k"));
  w.len(p.whir.rounds.size());
  for (const WhirRoundConfig& r : p.whir.rounds) w.usize(nonneg(r.num_queries, "whir.rounds[].num_queries"));
  w.usize(nonneg(p.whir.mu_pow_bits, "whir.mu_pow_bits"));
  w.usize(nonneg(p.whir.query_phase_pow_bits, "whir.query_phase_pow_bits"));
  w.usize(nonneg(p.whir.folding_pow_bits, "whir.folding_pow_bits"));
  const WhirProximityStrategy& s = p.whir.proximity;
  switch (s.kind) {
    case WhirProximityStrategy::Kind::kUniqueDecoding: w.variant(0); break;
    case WhirProximityStrategy::Kind::kSplitUniqueList:
      w.variant(1);
      w.usize(nonneg(s.m, "whir.proximity.m"));
      w.usize(nonneg(s.list_start_round, "whir.proximity.list_start_round"));
      break;
    case WhirProximityStrategy::Kind::kListDecoding:
      w.variant(2);
      w.usize(nonneg(s.m, "whir.proximity.m"));
      break;
  }
  // LogUpSecurityParameters
  w.u32(p.logup.max_interaction_count);
  w.u32(p.logup.log_max_message_length);
  w.usize(nonneg(p.logup.pow_bits, "logup.pow_bits"));
  w.usize(nonneg(p.max_constraint_degree, "max_constraint_degree"));
}

}  // namespace swirl
