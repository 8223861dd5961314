#include "evidence.hpp"

#include <src/sources/backend.hpp>
#include <src/sources/json_body.hpp>
#include <src/sources/otlp_prometheus.hpp>
#include <src/sources/trace_file.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

namespace ttaobs::sources {

namespace {

// The table: every Source, and the backend that requests and interprets it.
constexpr std::array<std::pair<Source, const Backend*>, 9> k_table = {{
    {Source::jaeger_traces, &k_traces_backend},
    {Source::prometheus_query, &k_query_backend},
    {Source::probe, &k_probe_backend},
    {Source::exposition, &k_exposition_backend},
    {Source::prometheus_targets, &k_targets_backend},
    {Source::exemplar_traces, &k_exemplars_backend},
    {Source::service_identity, &k_identity_backend},
    {Source::span_counter, &k_span_counter_backend},
    {Source::pipeline_probe, &k_pipeline_probe_backend},
}};

const Backend& backend_of(Source source)
{
  const auto* row = std::find_if(k_table.begin(), k_table.end(), [&](const auto& r) { return r.first == source; });
  return row != k_table.end() ? *row->second : k_probe_backend;
}

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
  case Source::exemplar_traces:
    return "exemplar_traces";
  case Source::service_identity:
    return "service_identity";
  case Source::span_counter:
    return "span_counter";
  case Source::pipeline_probe:
    return "pipeline_probe";
  }
  return "unknown";
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

EvidenceRequest exposition_evidence()
{
  return {Source::exposition, Endpoint::metrics, {}, 1, false};
}

std::string EvidenceRequest::key() const
{
  switch (source) {
  case Source::jaeger_traces:
    return operation.empty() && trace_id.empty() ? fmt::format("jaeger_traces:{}", limit)
                                                 : fmt::format("jaeger_traces:{}:{}:{}", limit, operation, trace_id);
  case Source::prometheus_query:
    return fmt::format("prometheus_query:{}", query);
  case Source::probe:
    if (!url.empty() || !path.empty() || body_limit > 0) { // only probes that ask for more differ
      return fmt::format("probe:{}:{}:{}:{}:{}", static_cast<int>(endpoint), follow_redirects, body_limit,
                         url.empty() ? "path" : "url", url.empty() ? path : url);
    }
    [[fallthrough]];
  case Source::exposition:
    return fmt::format("{}:{}:{}", source_name(source), static_cast<int>(endpoint), follow_redirects);
  case Source::prometheus_targets:
    return "prometheus_targets";
  case Source::exemplar_traces:
  case Source::service_identity:
  case Source::span_counter:
    return fmt::format("{}:{}:{}:{}:{}:{}", source_name(source), static_cast<int>(endpoint), limit, window.count(),
                       operation, query);
  case Source::pipeline_probe:
    return "pipeline_probe:" + plan.key();
  }
  return "unknown";
}

http::HttpRequest api_request(const EndpointSettings& endpoint, std::string_view path,
                              const std::vector<std::pair<std::string, std::string>>& params,
                              std::chrono::milliseconds timeout)
{
  http::HttpRequest out;
  out.url = util::with_path_and_query(endpoint.url, path, params);
  out.timeout = timeout;
  out.access = endpoint.access; // headers, credentials, TLS, proxy
  out.headers.emplace_back("Accept", "application/json");
  out.follow_redirects = true;
  return out;
}

std::optional<std::string> status_error(const std::string& url, const Outcome& outcome, std::string_view endpoint,
                                        std::string (*detail)(std::string_view body))
{
  if (!outcome) {
    return outcome.error().describe();
  }
  if (const auto hint = http::auth_hint(outcome->status, endpoint); !hint.empty()) {
    return fmt::format("GET {}: {} (server said: {})", url, hint, util::one_line(outcome->body, 80));
  }
  if (outcome->status != 200) {
    const auto said = detail(outcome->body);
    return said.empty() ? fmt::format("GET {}: HTTP {}", url, outcome->status)
                        : fmt::format("GET {}: HTTP {}: {}", url, outcome->status, said);
  }
  return std::nullopt;
}

std::string body_error(const std::string& url, const std::string& cause)
{
  return fmt::format("GET {}: {}", url, cause);
}

http::HttpRequest to_http_request(const EvidenceRequest& request, const Settings& settings)
{
  auto attempts = backend_of(request.source).request(request, settings);
  return attempts.empty() ? http::HttpRequest{} : std::move(attempts.front().http);
}

Expected<Payload, std::string> interpret(const EvidenceRequest& request, const std::string& url, const Outcome& outcome,
                                         json::Deadline deadline)
{
  return backend_of(request.source).interpret(request, 0, url, outcome, deadline).payload;
}

namespace {

// Trace evidence from a saved file: its newest `limit` traces.
void read_trace_file(const EvidenceRequest& request, const Settings& settings, Evidence& evidence)
{
  const auto& file = *settings.traces.file;
  evidence.url = file == "-" ? "<stdin>" : file;
  auto loaded = load_trace_file(file, settings.timeout);
  if (!loaded) {
    evidence.payload = unexpected(loaded.error());
    return;
  }
  auto& set = loaded.value();
  set.traces.resize(std::min(set.traces.size(), static_cast<std::size_t>(request.limit)));
  set.trees.resize(set.traces.size());
  evidence.payload = Payload{std::move(set)};
}

// Trace evidence received over OTLP (validate --receive): its newest `limit` traces, read like a file's.
void read_received(const EvidenceRequest& request, const Settings& settings, Evidence& evidence)
{
  const auto& all = *settings.traces.received;
  evidence.url = "received on " + settings.traces.received_on;
  const auto count = std::min(all.traces.size(), static_cast<std::size_t>(request.limit));
  trace::TraceSet set;
  set.traces.assign(all.traces.begin(), all.traces.begin() + static_cast<std::ptrdiff_t>(count));
  set.trees.assign(all.trees.begin(), all.trees.begin() + static_cast<std::ptrdiff_t>(count));
  evidence.payload = Payload{std::move(set)};
}

// Exposition evidence from metrics received over OTLP (validate --receive): the families a
// Prometheus exporter would serve for them.
void read_received_metrics(const Settings& settings, Evidence& evidence)
{
  evidence.url = "received on " + settings.traces.received_on + "/v1/metrics";
  ExpositionProbe exposition;
  exposition.probe.answered = true;
  exposition.probe.status = 200;
  exposition.scan = exposition_of(*settings.received_metrics);
  exposition.received = true;
  evidence.payload = Payload{std::move(exposition)};
}

// Sends the row's attempts in order until one is answered where it was asked (or none is left).
void converse(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings, Evidence& evidence)
{
  const auto& backend = backend_of(request.source);
  const auto attempts = backend.request(request, settings);
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const auto& sent = attempts[i].http;
    evidence.url = sent.url;
    const auto deadline = json::deadline_after(sent.timeout); // --timeout bounds parsing too
    auto outcome = backend.send != nullptr ? backend.send(client, request, sent)
                   : backend.json          ? send_json(client, sent)
                                           : client.send(sent);
    auto reading = backend.interpret(request, attempts[i].route, sent.url, outcome, deadline);
    if (!reading.elsewhere || i + 1 == attempts.size()) {
      evidence.payload = std::move(reading.payload);
      return;
    }
  }
}

} // namespace

Evidence fetch(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings)
{
  const auto started = std::chrono::steady_clock::now();
  Evidence evidence;
  if (request.source == Source::jaeger_traces && settings.traces.received) {
    read_received(request, settings, evidence);
  } else if (request.source == Source::exposition && settings.received_metrics) {
    read_received_metrics(settings, evidence);
  } else if (request.source == Source::jaeger_traces && settings.traces.file) {
    read_trace_file(request, settings, evidence);
  } else if (const auto& backend = backend_of(request.source); backend.converse != nullptr) {
    backend.converse(client, request, settings, evidence);
  } else {
    converse(client, request, settings, evidence);
  }
  evidence.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return evidence;
}

Expected<trace::TraceSet, std::string> fetch_traces(http::HttpClient& client, const EvidenceRequest& request,
                                                    const Settings& settings)
{
  auto evidence = fetch(client, request, settings);
  if (!evidence.payload) {
    return unexpected(evidence.payload.error());
  }
  auto* set = std::get_if<trace::TraceSet>(&*evidence.payload);
  return set != nullptr ? Expected<trace::TraceSet, std::string>(std::move(*set))
                        : unexpected(std::string("internal: trace evidence without traces"));
}

} // namespace ttaobs::sources
