#include "evidence.hpp"

#include <src/config/config.hpp>
#include <src/sources/jaeger.hpp>
#include <src/sources/json_body.hpp>
#include <src/sources/trace_file.hpp>
#include <src/sources/trace_query.hpp>
#include <algorithm>
#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::sources {

namespace {

const util::Url& base_url(Endpoint endpoint, const config::Config& config)
{
  switch (endpoint) {
  case Endpoint::jaeger:
    return config.jaeger_url;
  case Endpoint::prometheus:
    return config.prometheus_url;
  case Endpoint::metrics:
    return config.metrics_url;
  case Endpoint::collector:
    return config.collector_url;
  }
  return config.jaeger_url;
}

} // namespace

std::string_view endpoint_name(Endpoint endpoint)
{
  switch (endpoint) {
  case Endpoint::jaeger:
    return "jaeger";
  case Endpoint::prometheus:
    return "prometheus";
  case Endpoint::metrics:
    return "metrics";
  case Endpoint::collector:
    return "collector";
  }
  return "jaeger";
}

namespace {

std::string_view source_name(Source source)
{
  switch (source) {
  case Source::jaeger_traces:
    return "jaeger_traces";
  case Source::prometheus_query:
    return "prometheus_query";
  case Source::probe:
    return "probe";
  case Source::exposition:
    return "exposition";
  case Source::prometheus_targets:
    return "prometheus_targets";
  }
  return "unknown";
}

// "HTTP 503 Service Unavailable: <server's own message>" in one line.
std::string http_status_error(const http::HttpResponse& response)
{
  auto detail = jaeger_error_message(response.body);
  if (detail.empty()) {
    detail = prometheus_error_message(response.body);
  }
  if (detail.empty()) {
    detail = util::one_line(response.body, 120);
  }
  return detail.empty() ? fmt::format("HTTP {}", response.status)
                        : fmt::format("HTTP {}: {}", response.status, util::one_line(detail, 160));
}

Probe to_probe(const Expected<http::HttpResponse, http::HttpError>& outcome)
{
  if (!outcome) {
    return Probe{false, 0, outcome.error().message};
  }
  return Probe{true, outcome->status, {}};
}

} // namespace

std::string EvidenceRequest::key() const
{
  switch (source) {
  case Source::jaeger_traces:
    return fmt::format("jaeger_traces:{}", limit);
  case Source::prometheus_query:
    return fmt::format("prometheus_query:{}", query);
  case Source::probe:
  case Source::exposition:
    return fmt::format("{}:{}:{}", source_name(source), static_cast<int>(endpoint), follow_redirects);
  case Source::prometheus_targets:
    return "prometheus_targets";
  }
  return "unknown";
}

http::HttpRequest to_http_request(const EvidenceRequest& request, const config::Config& config)
{
  http::HttpRequest out;
  out.timeout = config.timeout;
  out.follow_redirects = request.follow_redirects;
  out.access = config.access_of(endpoint_name(request.endpoint)); // headers, credentials, TLS, proxy
  const auto& base = base_url(request.endpoint, config);
  switch (request.source) {
  case Source::jaeger_traces: // traces need a conversation (v3 then v1): see trace_query.cpp
    out.url = base.str();
    break;
  case Source::prometheus_query:
    out.url = util::with_path_and_query(base, "/api/v1/query", {{"query", request.query}});
    out.headers.emplace_back("Accept", "application/json");
    out.follow_redirects = true; // an API behind a gateway may redirect (at most 5 hops)
    break;
  case Source::probe:
    out.url = base.str();
    break;
  case Source::exposition:
    out.url = base.str();
    out.headers.emplace_back("Accept", std::string(metrics::k_scrape_accept)); // negotiate as Prometheus does
    out.follow_redirects = true; // as Prometheus' scrapes and lint-metrics do (at most 5 hops)
    break;
  case Source::prometheus_targets:
    out.url = util::with_path_and_query(base, "/api/v1/targets", {{"state", "active"}});
    out.headers.emplace_back("Accept", "application/json");
    out.follow_redirects = true;
    break;
  }
  return out;
}

Expected<Payload, std::string> interpret(const EvidenceRequest& request, const std::string& url,
                                         const Expected<http::HttpResponse, http::HttpError>& outcome, json::Deadline deadline)
{
  if (request.source == Source::probe) {
    return Payload{to_probe(outcome)};
  }
  if (request.source == Source::exposition) {
    ExpositionProbe probe{to_probe(outcome), {}, {}};
    if (outcome && outcome->status == 200) {
      probe.scan = scan_exposition(outcome->body);
      const auto format = metrics::format_for_content_type(outcome->header("content-type"));
      metrics::Linter linter(format, {});
      metrics::ExpositionParser parser(format, linter);
      if (parser.feed(outcome->body)) {
        parser.finish();
      }
      probe.lint = linter.finish(parser, url);
    }
    return Payload{std::move(probe)};
  }
  if (!outcome) {
    return unexpected(outcome.error().describe());
  }
  if (const auto hint = http::auth_hint(outcome->status, endpoint_name(request.endpoint)); !hint.empty()) {
    return unexpected(fmt::format("GET {}: {} (server said: {})", url, hint, util::one_line(outcome->body, 80)));
  }
  if (outcome->status != 200) {
    return unexpected(fmt::format("GET {}: {}", url, http_status_error(*outcome)));
  }
  const json::JsonLimits limits{json::k_max_json_depth, deadline};
  if (request.source == Source::jaeger_traces) {
    auto traces = parse_jaeger_traces(outcome->body, {}, limits);
    if (!traces) {
      return unexpected(fmt::format("GET {}: {}", url, traces.error()));
    }
    return Payload{std::move(traces).value()};
  }
  if (request.source == Source::prometheus_targets) {
    auto targets = parse_prometheus_targets(outcome->body, limits);
    if (!targets) {
      return unexpected(fmt::format("GET {}: {}", url, targets.error()));
    }
    return Payload{std::move(targets).value()};
  }
  auto result = parse_prometheus_query(outcome->body, limits);
  if (!result) {
    return unexpected(fmt::format("GET {}: {}", url, result.error()));
  }
  return Payload{std::move(result).value()};
}

namespace {

// Trace evidence from a saved file (the newest `limit` traces) or from Jaeger/Tempo.
void fetch_trace_evidence(http::HttpClient& client, const EvidenceRequest& request, const config::Config& config,
                          Evidence& evidence)
{
  if (!config.trace_file) {
    auto fetched = fetch_traces(client, TraceQuery{config.service, {}, {}, request.limit, request.started_before}, config);
    evidence.url = std::move(fetched.url);
    evidence.payload = fetched.traces ? Expected<Payload, std::string>(Payload{std::move(fetched.traces).value()})
                                      : Expected<Payload, std::string>(unexpected(fetched.traces.error()));
    return;
  }
  evidence.url = *config.trace_file == "-" ? "<stdin>" : *config.trace_file;
  auto loaded = load_trace_file(*config.trace_file, config.timeout);
  if (!loaded) {
    evidence.payload = unexpected(loaded.error());
    return;
  }
  auto& set = loaded.value();
  set.traces.resize(std::min(set.traces.size(), static_cast<std::size_t>(request.limit)));
  set.trees.resize(set.traces.size());
  evidence.payload = Payload{std::move(set)};
}

} // namespace

Evidence fetch(http::HttpClient& client, const EvidenceRequest& request, const config::Config& config)
{
  const auto started = std::chrono::steady_clock::now();
  Evidence evidence;
  if (request.source == Source::jaeger_traces) {
    fetch_trace_evidence(client, request, config, evidence);
  } else {
    const auto http_request = to_http_request(request, config);
    evidence.url = http_request.url;
    const auto deadline = json::deadline_after(http_request.timeout);
    const bool json = request.source == Source::prometheus_query || request.source == Source::prometheus_targets;
    evidence.payload = interpret(request, http_request.url, json ? send_json(client, http_request) : client.send(http_request),
                                 deadline);
  }
  evidence.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return evidence;
}

} // namespace ttaobs::sources
