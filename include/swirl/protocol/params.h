// System parameters of the protocol (the reference's SystemParams and
// WhirConfig) and the named parameter sets.
//
// Heights are powers of two written by their logarithm: a trace has 2^h rows;
// the stacked matrix has 2^(l_skip + n_stack) rows; the RS codeword of a
// stacked column has 2^(l_skip + n_stack + log_blowup) entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swirl {

/// Proximity regime of one WHIR round (decides its query count).
struct ProximityRegime {
  bool list_decoding = false;
  int m = 0;  // multiplicity, list decoding only

  /// Largest fraction of the domain on which a far word can agree with a
  /// codeword: (1 + rho) / 2 (unique decoding) or sqrt(rho) (1 + 1/(2m)).
  double max_agreement(int log_inv_rate) const;
  /// -log2(max_agreement): security bits bought by one query.
  double per_query_security_bits(int log_inv_rate) const;
};

/// How the regime evolves over WHIR rounds.
struct WhirProximityStrategy {
  enum class Kind { kUniqueDecoding, kSplitUniqueList, kListDecoding };
  Kind kind = Kind::kUniqueDecoding;
  int m = 0;
  int list_start_round = 0;  // kSplitUniqueList: first list-decoding round

  ProximityRegime in_round(int whir_round) const;
  friend bool operator==(const WhirProximityStrategy&, const WhirProximityStrategy&) = default;
};

struct WhirParams {
  int k = 4;
  int log_final_poly_len = 0;  // rounds stop once log2(poly length) <= this
  int query_phase_pow_bits = 0;
  WhirProximityStrategy proximity;
  int folding_pow_bits = 0;
  int mu_pow_bits = 0;
};

struct WhirRoundConfig {
  int num_queries = 0;
  friend bool operator==(const WhirRoundConfig&, const WhirRoundConfig&) = default;
};

struct WhirConfig {
  int k = 4;  // 2^k values folded per round
  std::vector<WhirRoundConfig> rounds;
  int mu_pow_bits = 0;
  int query_phase_pow_bits = 0;
  int folding_pow_bits = 0;
  WhirProximityStrategy proximity;

  /// Rounds and query counts for `security_bits` (including grinding).
  static WhirConfig make(int log_blowup, int log_stacked_height, const WhirParams& params, int security_bits);
  /// Queries one round needs: ceil(protocol bits / bits per query).
  static int queries(ProximityRegime regime, int protocol_security_bits, int log_inv_rate);

  int num_rounds() const { return static_cast<int>(rounds.size()); }
  int num_sumcheck_rounds() const { return num_rounds() * k; }
  int log_final_poly_len(int log_stacked_height) const { return log_stacked_height - num_rounds() * k; }
  /// Throws std::invalid_argument, the message starting with `who`, when
  /// this config cannot run over stacked matrices of height 2^m (m >=
  /// l_skip) at rate 2^-log_blowup. The one check of the prover and both
  /// backends' WHIR stages.
  void check_shape(int l_skip, int m, int log_blowup, const std::string& who) const;
  friend bool operator==(const WhirConfig&, const WhirConfig&) = default;
};

struct LogUpSecurityParameters {
  uint32_t max_interaction_count = 0;   // bound on the total number of interactions
  uint32_t log_max_message_length = 0;  // bound on log2(longest message)
  int pow_bits = 0;                     // grinding before sampling alpha, beta
  uint64_t max_message_length() const { return uint64_t{1} << log_max_message_length; }
  friend bool operator==(const LogUpSecurityParameters&, const LogUpSecurityParameters&) = default;
};

struct SystemParams {
  int l_skip = 0;         // univariate skip: 2^l_skip rows form the first round's domain
  int n_stack = 0;        // stacked height is 2^(l_skip + n_stack)
  int w_stack = 0;        // max stacked matrix width
  int log_blowup = 0;     // -log2 of the initial RS rate
  WhirConfig whir;
  LogUpSecurityParameters logup;
  int max_constraint_degree = 0;

  int log_stacked_height() const { return l_skip + n_stack; }
  int k_whir() const { return whir.k; }
  int log_final_poly_len() const { return whir.log_final_poly_len(log_stacked_height()); }
  int num_whir_rounds() const { return whir.num_rounds(); }
  int num_whir_sumcheck_rounds() const { return whir.num_sumcheck_rounds(); }
  friend bool operator==(const SystemParams&, const SystemParams&) = default;
};

/// log2(p^4): bits of the challenge field BabyBear^4.
double challenge_field_bits();

/// The reference's production parameters for application circuits at 100
/// bits (app_params_with_100_bits_security): l_skip 4, log_blowup 1, k 4,
/// w_stack 2048, folding/mu/query pow 5/15/20, unique decoding.
/// Requires log_stacked_height <= 24.
SystemParams app_params_100_bits(int log_stacked_height);
/// The reference's leaf-aggregation parameters (l_skip 4, n_stack 17,
/// log_blowup 2, unique decoding).
SystemParams leaf_params_100_bits();

/// The reference's toy test parameters (test_system_params_small...):
/// log_blowup 1, w_stack 2^12, logup pow 2, WHIR query/folding/mu pow 1/2/3,
/// split unique/list decoding (m 3 from round 1), 5 bits of security.
SystemParams test_params_small(int l_skip, int n_stack, int k_whir, int log_final_poly_len,
                               int max_constraint_degree = 3);
/// test_system_params_small: log_final_poly_len = (n_stack + l_skip) mod k.
SystemParams test_params_small(int l_skip, int n_stack, int k_whir);
/// SystemParams::new_for_testing: l_skip 4, k 4, max degree 4.
SystemParams test_params_for_height(int log_trace_height);
/// default_test_params_small: test_params_small(2, 8, 3).
SystemParams default_test_params_small();

/// Parameter sets by name: "app-100:<log_stacked_height>", "leaf-100",
/// "test-small" (default_test_params_small),
/// "test-small:<l_skip>,<n_stack>,<k_whir>[,<log_final_poly_len>]",
/// "test-height:<log_trace_height>".
std::optional<SystemParams> params_by_name(std::string_view name);
/// The names params_by_name understands, for help texts.
std::vector<std::string> known_params_names();

}  // namespace swirl
