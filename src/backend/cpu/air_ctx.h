// The CPU backend's per-AIR view of the RAP-constraints inputs, shared by
// the LogUp input layer (logup_input.cpp) and the zerocheck
// (zerocheck.cpp): the "flat columns" of an AIR, i.e. the three selectors
// [is_first, is_transition, is_last], then per trace part (preprocessed,
// cached mains, common main) its local columns and, with rotations, its
// next-row columns; the row windows over a flat row; and the per-row
// combination of node values. Private to src/backend/cpu.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/backend/cpu/rap_air.h"
#include "swirl/field/babybear4.h"
#include "swirl/protocol/logup.h"
#include "swirl/util/bits.h"

namespace swirl::cpu::rap {

using F = BabyBear;
using EF = BabyBear4;

// Below this many cell operations a loop runs on the calling thread: waking a
// team costs more than the work (and much more on a loaded machine).
constexpr size_t kParallelWork = size_t{1} << 14;

inline int checked_log2_height(size_t v, const char* what) {
  const int l = log2_exact(v);
  if (l < 0) throw std::invalid_argument(std::string(what) + ": height " + std::to_string(v) + " is not a power of two");
  return l;
}

struct AirCtx {
  const HostRapAir* in = nullptr;
  const AirConstraints* air = nullptr;
  int log_h = 0;
  size_t h = 0;
  int n = 0;  // log_h - l_skip, may be negative
  size_t n_lift = 0;
  bool rot = false;
  // Parts in flat order: [preprocessed], cached..., common.
  std::vector<const ColMajorMatrix<F>*> parts;
  std::vector<size_t> local_off, next_off;  // per part, flat column offsets
  size_t ncols = 0;
  size_t nmain = 0;     // main parts (cached + common)
  size_t first_main = 0;  // index in `parts` of the first main part
  F norm;               // 2^{-max(0, -n)}
  std::vector<EF> eq3b;  // per interaction
  // Per flat column >= 3: the column's values and its row offset (0 or 1).
  std::vector<const F*> src;
  std::vector<uint8_t> src_off;

  void index_sources() {
    src.assign(ncols, nullptr);
    src_off.assign(ncols, 0);
    for (size_t p = 0; p < parts.size(); ++p) {
      for (size_t c = 0; c < parts[p]->width(); ++c) {
        src[local_off[p] + c] = parts[p]->column(c).data();
        if (rot) {
          src[next_off[p] + c] = parts[p]->column(c).data();
          src_off[next_off[p] + c] = 1;
        }
      }
    }
  }
  // Values of flat column c at lifted rows start .. start + count - 1.
  void gather(size_t c, size_t start, size_t count, F* out) const {
    const size_t mask = h - 1;
    if (c < 3) {
      for (size_t k = 0; k < count; ++k) out[k] = selector_value(c, start + k);
      return;
    }
    const F* col = src[c];
    const size_t off = src_off[c];
    for (size_t k = 0; k < count; ++k) out[k] = col[(start + k + off) & mask];
  }
  // Hints rows start .. start + count - 1 of flat column c into cache. Round
  // 0 reads one cache line from each of thousands of columns per block, more
  // streams than the hardware prefetcher follows, so the gather prefetches a
  // few columns ahead.
  void prefetch(size_t c, size_t start, size_t count) const {
    if (c < 3 || start >= h) return;
    for (size_t k = 0; k < count; k += 16) __builtin_prefetch(src[c] + ((start + k) & (h - 1)));
  }

  // Value of selector c (0 is_first, 1 is_transition, 2 is_last) at lifted
  // row i: the lift repeats the trace, so row i is row i mod h.
  F selector_value(size_t c, size_t i) const {
    const size_t r = i % h;
    if (c == 0) return r == 0 ? F::one() : F::zero();
    if (c == 1) return r == h - 1 ? F::zero() : F::one();
    return r == h - 1 ? F::one() : F::zero();
  }
};

// Builds a RowWindow over a flat row of values.
template <typename T>
struct WindowBuilder {
  std::vector<const T*> loc, nxt;
  RowWindow<T> w;
  void build(const AirCtx& a, const T* vals) {
    loc.resize(a.nmain);
    nxt.resize(a.nmain);
    w.is_first_row = vals[0];
    w.is_transition = vals[1];
    w.is_last_row = vals[2];
    if (a.in->shape.has_preprocessed) {
      w.preprocessed_local = vals + a.local_off[0];
      w.preprocessed_next = a.rot ? vals + a.next_off[0] : nullptr;
    } else {
      w.preprocessed_local = w.preprocessed_next = nullptr;
    }
    for (size_t k = 0; k < a.nmain; ++k) {
      const size_t p = a.first_main + k;
      loc[k] = vals + a.local_off[p];
      nxt[k] = a.rot ? vals + a.next_off[p] : nullptr;
    }
    w.main_local = std::span<const T* const>(loc.data(), loc.size());
    w.main_next = std::span<const T* const>(nxt.data(), nxt.size());
    w.public_values = a.in->public_values;
  }
};

// Per-row combination of node values: the lambda-batched constraints and the
// eq3b-weighted interaction numerator and denominator (without alpha).
struct Combiner {
  const std::vector<EF>* lambda_pows = nullptr;
  const std::vector<EF>* beta_pows = nullptr;

  template <typename T>
  EF constraints(const AirConstraints& air, const T* nodes) const {
    EF acc = EF::zero();
    const auto idx = air.constraint_nodes();
    for (size_t k = 0; k < idx.size(); ++k) acc += (*lambda_pows)[k] * nodes[idx[k]];
    return acc;
  }
  // h_beta(message, bus) = sum_j beta^j m_j + beta^len (bus + 1).
  template <typename T>
  EF hash(const InteractionNodes& it, const T* nodes) const {
    EF acc = (*beta_pows)[it.message.size()] * F::from_u64(uint64_t{it.bus_index} + 1);
    for (size_t j = 0; j < it.message.size(); ++j) acc += (*beta_pows)[j] * nodes[it.message[j]];
    return acc;
  }
  template <typename T>
  void interactions(const AirConstraints& air, const std::vector<EF>& eq3b, const T* nodes, EF& num, EF& den) const {
    num = EF::zero();
    den = EF::zero();
    const auto its = air.interactions();
    for (size_t i = 0; i < its.size(); ++i) {
      num += eq3b[i] * nodes[its[i].count];
      den += eq3b[i] * hash(its[i], nodes);
    }
  }
};

// The contexts of `airs` (validated: shapes, heights sorted and powers of
// two, degrees at most d); `who` names the caller in exceptions.
std::vector<AirCtx> make_contexts(const BatchConstraintParams& params, std::span<const HostRapAir> airs,
                                  const char* who);

// The LogUp sizes of the contexts (protocol/logup.h).
inline std::vector<LogupAirSize> logup_sizes(const std::vector<AirCtx>& ctxs) {
  std::vector<LogupAirSize> s;
  for (const AirCtx& a : ctxs) s.push_back(LogupAirSize{a.n_lift, a.air->interactions().size()});
  return s;
}

}  // namespace swirl::cpu::rap
