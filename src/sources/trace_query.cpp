#include "trace_query.hpp"

#include <src/config/config.hpp>
#include <src/util/url.hpp>
#include <src/sources/jaeger.hpp>
#include <src/sources/json_body.hpp>
#include <src/sources/otlp.hpp>
#include <src/util/strings.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace ttaobs::sources {

namespace {

using Outcome = Expected<http::HttpResponse, http::HttpError>;

http::HttpRequest base_request(std::string url, const config::Config& config, std::string_view endpoint = "jaeger")
{
  http::HttpRequest request;
  request.access = config.access_of(endpoint); // headers, credentials, TLS, proxy
  request.url = std::move(url);
  request.timeout = config.timeout;
  request.headers.emplace_back("Accept", "application/json");
  request.follow_redirects = true; // an API behind a gateway may redirect (at most 5 hops), as the exposition does
  return request;
}

std::string rfc3339(std::chrono::system_clock::time_point t)
{
  const auto micros = std::chrono::time_point_cast<std::chrono::microseconds>(t);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", micros);
}

// A v3 404 is either the gateway's "No traces found" (an answer) or a missing route (no v3 here).
bool is_no_traces_answer(const Outcome& outcome)
{
  return outcome && outcome->status == 404 && outcome->body.find("No traces found") != std::string::npos;
}

bool v3_route_missing(const Outcome& outcome)
{
  if (!outcome) {
    return outcome.error().kind == http::HttpError::Kind::not_recorded;
  }
  return (outcome->status == 404 && !is_no_traces_answer(outcome)) || outcome->status == 405 || outcome->status == 501;
}

std::string status_error(const std::string& url, const http::HttpResponse& response, std::string_view endpoint)
{
  if (const auto hint = http::auth_hint(response.status, endpoint); !hint.empty()) {
    return fmt::format("GET {}: {} (server said: {})", url, hint, util::one_line(response.body, 80));
  }
  auto detail = jaeger_error_message(response.body);
  if (detail.empty()) {
    detail = util::one_line(response.body, 160);
  }
  return detail.empty() ? fmt::format("GET {}: HTTP {}", url, response.status)
                        : fmt::format("GET {}: HTTP {}: {}", url, response.status, detail);
}

TraceFetch interpret(const http::HttpRequest& request, const Outcome& outcome,
                     Expected<trace::TraceSet, std::string> (*parse)(std::string_view, const json::JsonLimits&), bool by_id,
                     json::Deadline deadline, std::string_view endpoint = "jaeger")
{
  TraceFetch fetch{request.url, unexpected(std::string())};
  if (!outcome) {
    fetch.traces = unexpected(outcome.error().describe());
  } else if (is_no_traces_answer(outcome) || (outcome->status == 404 && by_id)) {
    fetch.traces = by_id ? Expected<trace::TraceSet, std::string>(unexpected(fmt::format("GET {}: trace not found", request.url)))
                         : Expected<trace::TraceSet, std::string>(trace::TraceSet{});
  } else if (outcome->status != 200) {
    fetch.traces = unexpected(status_error(request.url, *outcome, endpoint));
  } else {
    auto parsed = parse(outcome->body, json::JsonLimits{json::k_max_json_depth, deadline}); // --timeout bounds parsing too
    fetch.traces = parsed ? std::move(parsed) : unexpected(fmt::format("GET {}: {}", request.url, parsed.error()));
  }
  return fetch;
}

TraceFetch fetch_tempo(http::HttpClient& client, const TraceQuery& query, const config::Config& config)
{
  const auto id = util::percent_encode(query.trace_id);
  TraceFetch last;
  for (const char* path : {"/api/v2/traces/", "/api/traces/"}) {
    const auto request = base_request(util::with_path_and_query(*config.tempo_url, path + id, {}), config, "tempo");
    const auto deadline = json::deadline_after(request.timeout);
    const auto outcome = send_json(client, request);
    last = interpret(request, outcome, parse_otlp_traces, true, deadline, "tempo");
    if (!(outcome && outcome->status == 404)) {
      return last; // only a 404 sends us to the older route
    }
  }
  return last;
}

} // namespace

http::HttpRequest jaeger_v3_request(const TraceQuery& query, const config::Config& config,
                                    std::chrono::system_clock::time_point now)
{
  if (!query.trace_id.empty()) {
    return base_request(util::with_path_and_query(config.jaeger_url, "/api/v3/traces/" + util::percent_encode(query.trace_id), {}),
                        config);
  }
  std::vector<std::pair<std::string, std::string>> params = {{"query.service_name", query.service}};
  if (!query.operation.empty()) {
    params.emplace_back("query.operation_name", query.operation);
  }
  params.emplace_back("query.start_time_min", rfc3339(now - config.lookback));
  params.emplace_back("query.start_time_max", rfc3339(query.started_before.value_or(now + std::chrono::minutes(1))));
  params.emplace_back("query.num_traces", std::to_string(query.limit));
  auto request = base_request(util::with_path_and_query(config.jaeger_url, "/api/v3/traces", params), config);
  request.volatile_params = {"query.start_time_min", "query.start_time_max"};
  return request;
}

http::HttpRequest jaeger_v1_request(const TraceQuery& query, const config::Config& config)
{
  if (!query.trace_id.empty()) {
    return base_request(util::with_path_and_query(config.jaeger_url, "/api/traces/" + util::percent_encode(query.trace_id), {}),
                        config);
  }
  std::vector<std::pair<std::string, std::string>> params = {{"service", query.service}};
  if (!query.operation.empty()) {
    params.emplace_back("operation", query.operation);
  }
  params.emplace_back("limit", std::to_string(query.limit));
  if (query.started_before) { // microseconds since the epoch: the end of the search window
    params.emplace_back("end", std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                                                query.started_before->time_since_epoch()).count()));
  }
  auto request = base_request(util::with_path_and_query(config.jaeger_url, "/api/traces", params), config);
  request.volatile_params = {"end"};
  return request;
}

TraceFetch fetch_traces(http::HttpClient& client, const TraceQuery& query, const config::Config& config)
{
  const bool by_id = !query.trace_id.empty();
  if (by_id && config.tempo_url) {
    return fetch_tempo(client, query, config);
  }
  if (config.jaeger_api != "v1") {
    const auto request = jaeger_v3_request(query, config, std::chrono::system_clock::now());
    const auto deadline = json::deadline_after(request.timeout);
    const auto outcome = send_json(client, request);
    if (config.jaeger_api == "v3" || !v3_route_missing(outcome)) {
      return interpret(request, outcome, parse_otlp_traces, by_id, deadline);
    }
  }
  const auto request = jaeger_v1_request(query, config);
  const auto deadline = json::deadline_after(request.timeout);
  return interpret(
    request, send_json(client, request),
    [](std::string_view body, const json::JsonLimits& limits) { return parse_jaeger_traces(body, {}, limits); }, by_id, deadline);
}

} // namespace ttaobs::sources
