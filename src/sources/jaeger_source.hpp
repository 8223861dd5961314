#pragma once

// The trace row of the evidence table: Jaeger api_v3 and/or v1 (per --jaeger-api; automatic: v3,
// falling back to v1 when the v3 route is missing), and a trace by id from Grafana Tempo when a
// Tempo URL is configured. A v3 404 "No traces found" is an empty answer, as v1's empty data is.

#include <src/http/http_client.hpp>
#include <src/sources/evidence.hpp>

#include <chrono>
#include <string_view>

namespace ttaobs::sources {

/// The Jaeger api_v3 request for the jaeger_traces `request` (search window: the last
/// `settings.traces.lookback` before `now`).
http::HttpRequest jaeger_v3_request(const EvidenceRequest& request, const Settings& settings,
                                    std::chrono::system_clock::time_point now);

/// True when `url` is a Jaeger api_v3 trace request (one that --jaeger-api auto may try and drop).
bool is_jaeger_v3_request(std::string_view url);

/// The Jaeger v1 request for the jaeger_traces `request`.
http::HttpRequest jaeger_v1_request(const EvidenceRequest& request, const Settings& settings);

/// Whether the trace store (Jaeger api_v3 then v1 as configured, or Tempo) knows trace `id`: true,
/// false when it answers that it has no such trace, or a one-line error (no answer, a bad answer).
Expected<bool, std::string> trace_known(http::HttpClient& client, const std::string& id, const Settings& settings);

} // namespace ttaobs::sources
