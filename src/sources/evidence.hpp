#pragma once

#include <src/http/http_client.hpp>
#include <src/metrics/lint.hpp>
#include <src/sources/cross.hpp>
#include <src/sources/exposition_scan.hpp>
#include <src/sources/probe.hpp>
#include <src/sources/prometheus.hpp>
#include <src/sources/settings.hpp>
#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>

namespace ttaobs::sources {

/// Which configured endpoint a request goes to.
enum class Endpoint { jaeger, prometheus, metrics, collector };

/// What kind of evidence, and so which row of the table (evidence.cpp) requests and interprets it.
enum class Source {
  jaeger_traces,      ///< Jaeger api_v3 and/or v1 search, or a trace by id (Tempo when set) → TraceSet
  prometheus_query,   ///< Prometheus `/api/v1/query?query=…` → QueryResult
  probe,              ///< a plain GET of the endpoint URL → Probe
  exposition,         ///< a GET of the exposition URL → ExpositionProbe
  prometheus_targets, ///< Prometheus `/api/v1/targets?state=active` → TargetsResult
  exemplar_traces,    ///< a scrape's exemplar trace ids, a sample looked up by id → ExemplarEvidence
  service_identity,   ///< spans of the service and `target_info` (Prometheus) → IdentityEvidence
  span_counter,       ///< spans of an operation over a window and a counter's increase → SpanCounterEvidence
  pipeline_probe,     ///< canary spans to the OTLP endpoint, looked up in Jaeger → PipelineProbe
};

/// What a check needs fetched; equal requests are fetched once per round.
struct EvidenceRequest
{
  Source source = Source::probe;
  Endpoint endpoint = Endpoint::jaeger;
  std::string query;                                                   ///< PromQL for prometheus_query
  int limit = 1;                                                       ///< trace count for jaeger_traces
  bool follow_redirects = false;                                       ///< for probes
  std::optional<std::chrono::system_clock::time_point> started_before; ///< jaeger_traces: only traces started before
  std::string operation;               ///< jaeger_traces: operation name filter, "" for any
  std::string trace_id;                ///< jaeger_traces: when set, this trace only (no search)
  std::string url;                     ///< probe: this absolute URL instead of the endpoint's (sent without its access)
  std::string path;                    ///< probe: this path under the endpoint's URL (sent with its access)
  std::size_t body_limit = 0;          ///< probe: keep at most this many bytes of the body (0: none)
  std::chrono::milliseconds window{0}; ///< span_counter: the window spans are counted over
  ProbePlan plan;                      ///< pipeline_probe: what the probe sends and how long it waits

  /// A stable identity used to de-duplicate requests, e.g. "prometheus_query:up".
  std::string key() const;
};

/// The scrape of the metrics endpoint (parsed and linted as it streams): one request per run,
/// shared by every check that reads the exposition or only its HTTP outcome.
EvidenceRequest exposition_evidence();

/// Whether an endpoint answered, and with which status (health checks judge this themselves).
struct Probe
{
  bool answered = false; ///< false when no HTTP response came back
  long status = 0;       ///< HTTP status when answered
  std::string failure;   ///< one-line cause when not answered
  std::string body;      ///< the body's first EvidenceRequest::body_limit bytes, when the request asked
  bool body_cut = false; ///< the body was longer than what was kept
};

/// A probe of the exposition endpoint plus a scan and a promtool-rules lint of its body.
struct ExpositionProbe
{
  Probe probe;              ///< the HTTP outcome
  ExpositionScan scan;      ///< sample lines found (empty unless status 200)
  metrics::LintReport lint; ///< parse error or lint problems (meaningful only for status 200)
  bool received = false;    ///< the scan is of metrics received over OTLP (no text: nothing to lint)
};

/// The interpreted answer to one request.
using Payload = std::variant<trace::TraceSet, QueryResult, Probe, ExpositionProbe, TargetsResult, ExemplarEvidence,
                             IdentityEvidence, SpanCounterEvidence, PipelineProbe>;

/// One fetched and interpreted request: a payload, or a one-line reason naming the URL.
struct Evidence
{
  std::string url;                      ///< what was requested
  std::chrono::milliseconds elapsed{0}; ///< fetch + parse time
  Expected<Payload, std::string> payload = unexpected(std::string("not fetched"));
};

/// The endpoint's name in config keys: "prometheus" for --prometheus-url, --prometheus-bearer-token, ...
std::string_view endpoint_name(Endpoint endpoint);

/// The (first) HTTP request that obtains `request` under `settings`: the only place API URLs are made.
http::HttpRequest to_http_request(const EvidenceRequest& request, const Settings& settings);

/// Interprets a transport outcome for `request` (pure: used by tests with canned responses; trace
/// answers are read as Jaeger v1's); parsing the body stops with an error once `deadline` has passed.
Expected<Payload, std::string> interpret(const EvidenceRequest& request, const std::string& url,
                                         const Expected<http::HttpResponse, http::HttpError>& outcome,
                                         json::Deadline deadline = json::Deadline::max());

/// Fetches and interprets `request` through `client`, following its row of the table (a trace
/// request may try a second API); trace requests read `settings.traces.received` or `.file` instead when set.
Evidence fetch(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings);

/// `fetch` for a jaeger_traces request: its TraceSet, or the one-line reason.
Expected<trace::TraceSet, std::string> fetch_traces(http::HttpClient& client, const EvidenceRequest& request,
                                                    const Settings& settings);

} // namespace ttaobs::sources
