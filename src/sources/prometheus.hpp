#pragma once

#include <src/json/reader.hpp>
#include <src/util/expected.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::sources {

/// One series of an instant query: its labels (with __name__) and sample value text.
struct Series
{
  std::map<std::string, std::string> labels; ///< label name → value
  std::string value;                         ///< the sample value as Prometheus printed it
};

/// The result of `/api/v1/query`.
struct QueryResult
{
  std::string result_type;           ///< vector, matrix, scalar or string
  std::vector<Series> series;        ///< one entry per series (empty for scalar/string)
  std::string scalar; ///< the value of a scalar result as Prometheus printed it; "" for other results
};

/// One active scrape target, as `/api/v1/targets` reports it.
struct Target
{
  std::string job;           ///< the job label
  std::string instance;      ///< the instance label
  std::string scrape_url;    ///< what Prometheus scrapes
  std::string health;        ///< "up", "down" or "unknown"
  std::string last_error;    ///< the last scrape's error, "" when none
  double scrape_seconds = 0; ///< the last scrape's duration
};

/// The active targets of `/api/v1/targets`.
struct TargetsResult
{
  std::vector<Target> targets;
};

/// Parses a Prometheus `/api/v1/targets` answer within `limits`; errors name the JSON path.
Expected<TargetsResult, std::string> parse_prometheus_targets(std::string_view body,
                                                              const json::JsonLimits& limits = {});

/// Parses a Prometheus API answer within `limits` (depth, deadline); the error carries
/// Prometheus' own errorType/error if present.
Expected<QueryResult, std::string> parse_prometheus_query(std::string_view body, const json::JsonLimits& limits = {});

/// "errorType: error" from a Prometheus error envelope, or "" when `body` has none.
std::string prometheus_error_message(std::string_view body);

} // namespace ttaobs::sources
