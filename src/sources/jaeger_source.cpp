#include "jaeger_source.hpp"

#include <src/sources/backend.hpp>
#include <src/sources/jaeger.hpp>
#include <src/sources/json_body.hpp>
#include <src/sources/otlp.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::sources {

namespace {

// Which API an attempt asks; v1 is 0, the reading of the pure `interpret`.
enum Route : int { jaeger_v1 = 0, jaeger_v3, tempo_v2, tempo_v1 };

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

// The server's own message: Jaeger's {"errors":[…]}, else the body's first 160 characters.
std::string jaeger_detail(std::string_view body)
{
  auto detail = jaeger_error_message(body);
  return detail.empty() ? util::one_line(body, 160) : detail;
}

Expected<trace::TraceSet, std::string> parse_v1(std::string_view body, const json::JsonLimits& limits)
{
  return parse_jaeger_traces(body, {}, limits);
}

Reading read_traces(const EvidenceRequest& request, int route, const std::string& url, const Outcome& outcome,
                    json::Deadline deadline)
{
  const bool by_id = !request.trace_id.empty();
  const bool tempo = route == tempo_v2 || route == tempo_v1;
  Reading out;
  out.elsewhere =
      route == jaeger_v3 ? v3_route_missing(outcome) : route == tempo_v2 && outcome && outcome->status == 404;
  if (outcome && (is_no_traces_answer(outcome) || (outcome->status == 404 && by_id))) {
    out.payload = by_id ? Expected<Payload, std::string>(unexpected(fmt::format("GET {}: trace not found", url)))
                        : Expected<Payload, std::string>(Payload{trace::TraceSet{}});
  } else if (auto error = status_error(url, outcome, tempo ? "tempo" : "jaeger", jaeger_detail)) {
    out.payload = unexpected(std::move(*error));
  } else {
    const json::JsonLimits limits{json::k_max_json_depth, deadline};
    auto parsed = route == jaeger_v1 ? parse_v1(outcome->body, limits) : parse_otlp_traces(outcome->body, limits);
    out.payload = parsed ? Expected<Payload, std::string>(Payload{std::move(parsed).value()})
                         : Expected<Payload, std::string>(unexpected(body_error(url, parsed.error())));
  }
  return out;
}

// By id from Tempo: api/v2, then the older route when that one is a 404.
std::vector<Attempt> tempo_requests(const EvidenceRequest& request, const Settings& settings)
{
  const auto id = util::percent_encode(request.trace_id);
  return {{api_request(*settings.traces.tempo, "/api/v2/traces/" + id, {}, settings.timeout), tempo_v2},
          {api_request(*settings.traces.tempo, "/api/traces/" + id, {}, settings.timeout), tempo_v1}};
}

std::vector<Attempt> trace_requests(const EvidenceRequest& request, const Settings& settings)
{
  if (!request.trace_id.empty() && settings.traces.tempo) {
    return tempo_requests(request, settings);
  }
  std::vector<Attempt> out;
  if (settings.traces.api != JaegerApi::v1) {
    out.push_back({jaeger_v3_request(request, settings, std::chrono::system_clock::now()), jaeger_v3});
  }
  if (settings.traces.api != JaegerApi::v3) {
    out.push_back({jaeger_v1_request(request, settings), jaeger_v1});
  }
  return out;
}

} // namespace

const Backend k_traces_backend{trace_requests, read_traces, true};

Expected<bool, std::string> trace_known(http::HttpClient& client, const std::string& id, const Settings& settings)
{
  EvidenceRequest request{Source::jaeger_traces, Endpoint::jaeger};
  request.trace_id = id;
  const auto attempts = trace_requests(request, settings);
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const auto& sent = attempts[i].http;
    const auto outcome = send_json(client, sent);
    const auto reading = read_traces(request, attempts[i].route, sent.url, outcome, json::deadline_after(sent.timeout));
    if (reading.elsewhere && i + 1 < attempts.size()) {
      continue;
    }
    if (outcome && (outcome->status == 404 || is_no_traces_answer(outcome))) {
      return false; // the store answered: no such trace
    }
    if (!reading.payload) {
      return unexpected(reading.payload.error());
    }
    const auto* set = std::get_if<trace::TraceSet>(&*reading.payload);
    return set != nullptr && std::any_of(set->traces.begin(), set->traces.end(),
                                         [](const trace::Trace& trace) { return !trace.spans.empty(); });
  }
  return unexpected(std::string("no trace API to ask"));
}

http::HttpRequest jaeger_v3_request(const EvidenceRequest& request, const Settings& settings,
                                    std::chrono::system_clock::time_point now)
{
  if (!request.trace_id.empty()) {
    return api_request(settings.jaeger, "/api/v3/traces/" + util::percent_encode(request.trace_id), {},
                       settings.timeout);
  }
  std::vector<std::pair<std::string, std::string>> params = {{"query.service_name", settings.traces.service}};
  if (!request.operation.empty()) {
    params.emplace_back("query.operation_name", request.operation);
  }
  params.emplace_back("query.start_time_min", rfc3339(now - settings.traces.lookback));
  params.emplace_back("query.start_time_max", rfc3339(request.started_before.value_or(now + std::chrono::minutes(1))));
  params.emplace_back("query.num_traces", std::to_string(request.limit));
  auto out = api_request(settings.jaeger, "/api/v3/traces", params, settings.timeout);
  out.volatile_params = {"query.start_time_min", "query.start_time_max"};
  return out;
}

bool is_jaeger_v3_request(std::string_view url)
{
  return url.find("/api/v3/") != std::string_view::npos;
}

http::HttpRequest jaeger_v1_request(const EvidenceRequest& request, const Settings& settings)
{
  if (!request.trace_id.empty()) {
    return api_request(settings.jaeger, "/api/traces/" + util::percent_encode(request.trace_id), {}, settings.timeout);
  }
  std::vector<std::pair<std::string, std::string>> params = {{"service", settings.traces.service}};
  if (!request.operation.empty()) {
    params.emplace_back("operation", request.operation);
  }
  params.emplace_back("limit", std::to_string(request.limit));
  if (request.started_before) { // microseconds since the epoch: the end of the search window
    params.emplace_back(
        "end",
        std::to_string(
            std::chrono::duration_cast<std::chrono::microseconds>(request.started_before->time_since_epoch()).count()));
  }
  auto out = api_request(settings.jaeger, "/api/traces", params, settings.timeout);
  out.volatile_params = {"end"};
  return out;
}

} // namespace ttaobs::sources
