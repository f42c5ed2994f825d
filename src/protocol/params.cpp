#include "swirl/protocol/params.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "swirl/field/babybear.h"

namespace swirl {

double ProximityRegime::max_agreement(int log_inv_rate) const {
  double rho = std::pow(2.0, -static_cast<double>(log_inv_rate));
  double a;
  if (!list_decoding) {
    a = (1.0 + rho) / 2.0;
  } else {
    double mm = static_cast<double>(m < 1 ? 1 : m);
    a = std::sqrt(rho) * (1.0 + 1.0 / (2.0 * mm));
  }
  // Keep log2 finite.
  if (a < 2.2250738585072014e-308) a = 2.2250738585072014e-308;
  if (a > 1.0) a = 1.0;
  return a;
}

double ProximityRegime::per_query_security_bits(int log_inv_rate) const {
  return -std::log2(max_agreement(log_inv_rate));
}

ProximityRegime WhirProximityStrategy::in_round(int whir_round) const {
  switch (kind) {
    case Kind::kUniqueDecoding:
      return {false, 0};
    case Kind::kSplitUniqueList:
      return whir_round < list_start_round ? ProximityRegime{false, 0} : ProximityRegime{true, m};
    case Kind::kListDecoding:
      return {true, m};
  }
  return {};
}

int WhirConfig::queries(ProximityRegime regime, int protocol_security_bits, int log_inv_rate) {
  double per_query = regime.per_query_security_bits(log_inv_rate);
  return static_cast<int>(std::ceil(static_cast<double>(protocol_security_bits) / per_query));
}

WhirConfig WhirConfig::make(int log_blowup, int log_stacked_height, const WhirParams& p, int security_bits) {
  if (p.k <= 0) throw std::invalid_argument("WhirConfig: k must be positive");
  WhirConfig c;
  c.k = p.k;
  c.mu_pow_bits = p.mu_pow_bits;
  c.query_phase_pow_bits = p.query_phase_pow_bits;
  c.folding_pow_bits = p.folding_pow_bits;
  c.proximity = p.proximity;
  const int protocol_bits = security_bits > p.query_phase_pow_bits ? security_bits - p.query_phase_pow_bits : 0;
  const int excess = log_stacked_height > p.log_final_poly_len ? log_stacked_height - p.log_final_poly_len : 0;
  const int num_rounds = (excess + p.k - 1) / p.k;
  int log_inv_rate = log_blowup;
  for (int r = 0; r < num_rounds; ++r) {
    // Queries are taken at the round's current rate; the next codeword has
    // rate 2^-(log_inv_rate + k - 1) (the domain halves, the degree drops 2^k).
    c.rounds.push_back({queries(p.proximity.in_round(r), protocol_bits, log_inv_rate)});
    log_inv_rate += p.k - 1;
  }
  return c;
}

double challenge_field_bits() { return 4.0 * std::log2(static_cast<double>(BabyBear::kP)); }

namespace {

constexpr int kSecurityBitsTarget = 100;
constexpr int kWhirMaxLogFinalPolyLen = 10;
constexpr int kDefaultKWhir = 4;
constexpr int kDefaultQueryPhasePowBits = 20;

// LogUp grinding for 100 bits (log_up_security_params_baby_bear_100_bits):
// pre-grinding security is challenge bits - log2(2 * max count) - log2(max
// message length) - log2(PCS list size); grind the rest, at least 18 bits.
LogUpSecurityParameters logup_params_100_bits(double log2_pcs_list_size) {
  LogUpSecurityParameters l;
  l.max_interaction_count = BabyBear::kP;
  l.log_max_message_length = 7;
  double without_pow = challenge_field_bits() - std::log2(2.0 * static_cast<double>(l.max_interaction_count)) -
                       static_cast<double>(l.log_max_message_length) - log2_pcs_list_size;
  double gap = std::ceil(static_cast<double>(kSecurityBitsTarget) - without_pow);
  int pow = gap > 0 ? static_cast<int>(gap) : 0;
  l.pow_bits = pow < 18 ? 18 : pow;
  return l;
}

SystemParams params_100_bits(int log_blowup, int l_skip, int n_stack, int w_stack, int folding_pow, int mu_pow,
                             int max_constraint_degree) {
  // Unique decoding only: its PCS list size is 1 (log2 = 0).
  SystemParams s;
  s.l_skip = l_skip;
  s.n_stack = n_stack;
  s.w_stack = w_stack;
  s.log_blowup = log_blowup;
  WhirParams w;
  w.k = kDefaultKWhir;
  w.log_final_poly_len = kWhirMaxLogFinalPolyLen;
  w.query_phase_pow_bits = kDefaultQueryPhasePowBits;
  w.folding_pow_bits = folding_pow;
  w.mu_pow_bits = mu_pow;
  s.whir = WhirConfig::make(log_blowup, l_skip + n_stack, w, kSecurityBitsTarget);
  s.logup = logup_params_100_bits(0.0);
  s.max_constraint_degree = max_constraint_degree;
  return s;
}

}  // namespace

void WhirConfig::check_shape(int l_skip, int m, int log_blowup, const std::string& who) const {
  auto fail = [&](const std::string& what) { throw std::invalid_argument(who + ": " + what); };
  if (rounds.empty()) fail("no WHIR rounds");
  if (k < 1) fail("k = " + std::to_string(k));
  if (l_skip < 0 || log_blowup < 0) fail("bad l_skip / log_blowup");
  if (m < l_skip) fail("m = " + std::to_string(m) + " < l_skip");
  if (num_sumcheck_rounds() > m) fail("more sumcheck rounds than m");
  if (m + log_blowup > 27 || m + log_blowup - k < 0 || m + log_blowup - k > 30)
    fail("domain too large or k too large");
  for (const auto& r : rounds)
    if (r.num_queries < 0) fail("negative query count");
}

SystemParams app_params_100_bits(int log_stacked_height) {
  if (log_stacked_height > 24 || log_stacked_height < 4)
    throw std::invalid_argument(fmt::format("app params: log_stacked_height {} not in [4, 24]", log_stacked_height));
  return params_100_bits(1, 4, log_stacked_height - 4, 2048, 5, 15, 3);
}

SystemParams leaf_params_100_bits() { return params_100_bits(2, 4, 17, 2048, 4, 13, 4); }

SystemParams test_params_small(int l_skip, int n_stack, int k_whir, int log_final_poly_len,
                               int max_constraint_degree) {
  if (log_final_poly_len >= l_skip + n_stack)
    throw std::invalid_argument("test params: log_final_poly_len must be below the stacked height");
  SystemParams s;
  s.l_skip = l_skip;
  s.n_stack = n_stack;
  s.w_stack = 1 << 12;
  s.log_blowup = 1;
  WhirParams w;
  w.k = k_whir;
  w.log_final_poly_len = log_final_poly_len;
  w.query_phase_pow_bits = 1;
  w.folding_pow_bits = 2;
  w.mu_pow_bits = 3;
  w.proximity = {WhirProximityStrategy::Kind::kSplitUniqueList, 3, 1};
  s.whir = WhirConfig::make(s.log_blowup, l_skip + n_stack, w, 5);
  s.logup = {1u << 30, 7, 2};
  s.max_constraint_degree = max_constraint_degree;
  return s;
}

SystemParams test_params_small(int l_skip, int n_stack, int k_whir) {
  return test_params_small(l_skip, n_stack, k_whir, (n_stack + l_skip) % k_whir);
}

SystemParams test_params_for_height(int log_trace_height) {
  SystemParams s = test_params_small(4, log_trace_height - 4, 4);
  s.max_constraint_degree = 4;
  return s;
}

SystemParams default_test_params_small() { return test_params_small(2, 8, 3); }

std::optional<SystemParams> params_by_name(std::string_view name) {
  auto parse_ints = [](std::string_view s, std::vector<int>& out) {
    out.clear();
    size_t i = 0;
    while (i <= s.size()) {
      size_t j = s.find(',', i);
      if (j == std::string_view::npos) j = s.size();
      std::string_view tok = s.substr(i, j - i);
      if (tok.empty() || tok.size() > 3) return false;
      int v = 0;
      for (char ch : tok) {
        if (ch < '0' || ch > '9') return false;
        v = v * 10 + (ch - '0');
      }
      out.push_back(v);
      i = j + 1;
    }
    return true;
  };
  std::vector<int> v;
  try {
    if (name == "test-small") return default_test_params_small();
    if (name == "leaf-100") return leaf_params_100_bits();
    if (name.starts_with("app-100:") && parse_ints(name.substr(8), v) && v.size() == 1)
      return app_params_100_bits(v[0]);
    if (name.starts_with("test-height:") && parse_ints(name.substr(12), v) && v.size() == 1 && v[0] >= 5)
      return test_params_for_height(v[0]);
    if (name.starts_with("test-small:") && parse_ints(name.substr(11), v) && (v.size() == 3 || v.size() == 4)) {
      if (v[2] <= 0) return std::nullopt;
      return v.size() == 3 ? test_params_small(v[0], v[1], v[2]) : test_params_small(v[0], v[1], v[2], v[3]);
    }
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> known_params_names() {
  return {"app-100:<log_stacked_height 4..24>", "leaf-100", "test-small",
          "test-small:<l_skip>,<n_stack>,<k_whir>[,<log_final_poly_len>]", "test-height:<log_trace_height>"};
}

}  // namespace swirl
