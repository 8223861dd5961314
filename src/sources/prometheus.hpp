#pragma once

#include <src/util/expected.hpp>

#include <map>
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
  std::string result_type;    ///< vector, matrix, scalar or string
  std::vector<Series> series; ///< one entry per series (empty for scalar/string)
};

/// Parses a Prometheus API answer; the error carries Prometheus' own errorType/error if present.
Expected<QueryResult, std::string> parse_prometheus_query(std::string_view body);

/// "errorType: error" from a Prometheus error envelope, or "" when `body` has none.
std::string prometheus_error_message(std::string_view body);

} // namespace ttaobs::sources
