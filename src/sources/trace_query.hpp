#pragma once

#include <src/http/http_client.hpp>
#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace ttaobs::config {
struct Config;
}

namespace ttaobs::sources {

/// Which traces to get: the most recent of a service (optionally one operation), or one by id.
struct TraceQuery
{
  std::string service;   ///< service name (search)
  std::string operation; ///< operation name filter, "" for any
  std::string trace_id;  ///< when set: fetch this trace only
  int limit = 1;         ///< how many recent traces (search)
  std::optional<std::chrono::system_clock::time_point> started_before; ///< search only traces started before this
};

/// Which Jaeger query API to speak.
enum class JaegerApi { automatic, v3, v1 };

/// The outcome of a trace fetch: what was asked last, and the traces or a one-line reason.
struct TraceFetch
{
  std::string url;
  Expected<trace::TraceSet, std::string> traces = unexpected(std::string("not fetched"));
};

/// The Jaeger api_v3 request for `query` (search window: the last `lookback` before `now`).
http::HttpRequest jaeger_v3_request(const TraceQuery& query, const config::Config& config,
                                    std::chrono::system_clock::time_point now);

/// The Jaeger v1 request for `query`.
http::HttpRequest jaeger_v1_request(const TraceQuery& query, const config::Config& config);

/// Fetches `query`: from Tempo when a Tempo URL is configured and a trace id is given, otherwise
/// from Jaeger api_v3 and/or v1 per `config.jaeger_api` (automatic: v3, falling back to v1 when
/// the v3 route is missing). A v3 404 "No traces found" is an empty answer, as v1's empty data is.
TraceFetch fetch_traces(http::HttpClient& client, const TraceQuery& query, const config::Config& config);

} // namespace ttaobs::sources
