#pragma once

#include <src/core/check.hpp>
#include <src/yaml/fields.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ttaobs::checks {

/// A bound such as ">= 0.95" or "< 500": an operator and a number.
struct Comparison
{
  enum class Op { ge, gt, le, lt, eq, ne };
  Op op = Op::ge;
  double value = 0;
  std::string text; ///< as written, normalised ("≥ 0.95")

  /// True when `measured` satisfies the bound (NaN never does).
  bool holds(double measured) const;
};

/// Parses ">= 0.95", "> 0", "<= 60", "< 0.5", "== 1", "!= 0" (the operator is required).
Expected<Comparison, std::string> parse_comparison(std::string_view text);

/// What a PromQL answer must look like (suite kind `prometheus.query`); unset parts are not judged.
struct QueryExpectation
{
  std::string query;                   ///< PromQL
  long long min_series = 1;            ///< at least this many series (0 allows an empty answer)
  std::optional<long long> max_series; ///< at most this many series (a cardinality bound)
  std::optional<Comparison> every;     ///< every series' value
  std::optional<Comparison> any;       ///< at least one series' value
  std::optional<Comparison> scalar;    ///< the single value (the answer must have exactly one series)
  /// A label and a number: at least `min` distinct values of `label`.
  struct Distinct
  {
    std::string label;
    long long min = 1;
  };
  std::optional<Distinct> distinct;
  /// A label and a value: a series with label=value exists (present) or none does (absent).
  struct LabelValue
  {
    std::string label;
    std::string value;
  };
  std::optional<LabelValue> present;
  std::optional<LabelValue> absent;
};

/// Reads `query` and `expect` of a `prometheus.query` check; problems go to the reader's list.
std::optional<QueryExpectation> read_query_expectation(yaml::MapReader& check, const yaml::EnvLookup& env,
                                                       std::vector<yaml::Error>& errors);

/// Judges `result` against `expected`: pass only when every stated expectation holds; the message
/// gives each one's measured value in order. A scalar answer is judged as one series without labels.
core::CheckOutcome judge_query(const sources::QueryResult& result, const QueryExpectation& expected);

} // namespace ttaobs::checks
