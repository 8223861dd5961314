#pragma once

// The rows of the evidence table (evidence.cpp): one backend file per row, and what they share.
// Internal to src/sources.

#include <src/sources/evidence.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::sources {

/// A transport outcome: a response of any status, or why there was none.
using Outcome = Expected<http::HttpResponse, http::HttpError>;

/// What one answer says: a payload or a one-line error, and whether the route is missing here
/// (then the next attempt of the conversation, if any, is asked instead).
struct Reading
{
  Expected<Payload, std::string> payload = unexpected(std::string("not read")); ///< the interpretation
  bool elsewhere = false; ///< this API is not served here: ask the next attempt
};

/// One HTTP request of the conversation that obtains an evidence, and which reading its answer gets.
struct Attempt
{
  http::HttpRequest http; ///< what is sent
  int route = 0;          ///< backend-defined: which API answers (0 is the reading of `interpret`)
};

/// One row of the table: how a Source is requested, and how each answer is read.
struct Backend
{
  /// The requests for `request`, in order: each is sent only when the previous one was `elsewhere`.
  std::vector<Attempt> (*request)(const EvidenceRequest& request, const Settings& settings);
  /// Reads the answer to the attempt of `route` sent to `url`; parsing stops at `deadline`.
  Reading (*interpret)(const EvidenceRequest& request, int route, const std::string& url, const Outcome& outcome,
                       json::Deadline deadline);
  bool json = false; ///< answers are JSON: sent through send_json, their depth followed as they stream in
  /// How an attempt is sent when not plainly (nullptr: `client.send`, or send_json for `json`).
  Outcome (*send)(http::HttpClient& client, const EvidenceRequest& request, const http::HttpRequest& http) = nullptr;
  /// The whole conversation, for evidence joined from several answers (nullptr: the attempts of
  /// `request`, in order); it fills `evidence`'s url and payload.
  void (*converse)(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings,
                   Evidence& evidence) = nullptr;
};

/// Jaeger api_v3/v1 search and by-id, Tempo by id (jaeger_source.cpp).
extern const Backend k_traces_backend;
/// Prometheus `/api/v1/query` (prometheus_source.cpp).
extern const Backend k_query_backend;
/// Prometheus `/api/v1/targets?state=active` (prometheus_source.cpp).
extern const Backend k_targets_backend;
/// A GET of an endpoint's URL → Probe (health_source.cpp).
extern const Backend k_probe_backend;
/// A scrape of the exposition → ExpositionProbe (exposition_source.cpp).
extern const Backend k_exposition_backend;
/// Canary spans POSTed to the OTLP endpoint and looked up in the trace store → PipelineProbe (probe_source.cpp).
extern const Backend k_pipeline_probe_backend;

/// An exposition's exemplar trace ids looked up in the trace store (cross_source.cpp).
extern const Backend k_exemplars_backend;
/// Spans of the service and its target_info series (cross_source.cpp).
extern const Backend k_identity_backend;
/// Spans of an operation over a window and a counter's increase over it (cross_source.cpp).
extern const Backend k_span_counter_backend;

/// A GET of `path` and `params` under `endpoint`'s base asking for JSON, following redirects (at
/// most 5 hops: an API behind a gateway may redirect), with `endpoint`'s access.
http::HttpRequest api_request(const EndpointSettings& endpoint, std::string_view path,
                              const std::vector<std::pair<std::string, std::string>>& params,
                              std::chrono::milliseconds timeout);

/// The one reading of a non-answer shared by every backend that can fail: a transport error, an
/// auth hint for a 401/403 of `endpoint` ("jaeger"), or "GET url: HTTP n: <detail(body)>" for
/// another non-200 status (`detail`: the server's own message, "" when it has none); nullopt for a 200.
std::optional<std::string> status_error(const std::string& url, const Outcome& outcome, std::string_view endpoint,
                                        std::string (*detail)(std::string_view body));

/// "GET url: cause" for a body that did not parse.
std::string body_error(const std::string& url, const std::string& cause);

} // namespace ttaobs::sources
