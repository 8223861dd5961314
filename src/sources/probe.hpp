#pragma once

// The active pipeline probe: canary spans sent over OTLP/HTTP (JSON) to a collector or Jaeger,
// then looked up by trace id in the trace store (Jaeger api_v3, falling back to v1, as the trace
// row does) until they are queryable. A latency probe times `count` canaries one after another
// (accepted → queryable); a throughput probe sends `rate` spans a second for `duration` and
// reports how many arrived and how late. Canary data is marked (service.name=ttaobs-probe,
// ttaobs.canary=true) and bounded (count, rate, duration, time to wait), every request by the
// timeout, and SIGINT/SIGTERM stop it.

#include <src/http/http_client.hpp>
#include <src/sources/settings.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace ttaobs::sources {

/// The service name every canary span carries.
inline constexpr const char* k_probe_service = "ttaobs-probe";
/// The name of every canary span.
inline constexpr const char* k_probe_span = "ttaobs.probe";
/// At most this many latency canaries per probe.
inline constexpr int k_probe_max_count = 100;
/// At most this many spans a second in a throughput probe.
inline constexpr int k_probe_max_rate = 5000;
/// A throughput probe sends for at most this long.
inline constexpr std::chrono::seconds k_probe_max_duration{60};
/// A throughput probe sends at most this many spans (rate × duration).
inline constexpr int k_probe_max_spans = 20000;
/// A canary may be waited for at most this long.
inline constexpr std::chrono::seconds k_probe_max_within{300};

/// What one pipeline probe does.
struct ProbePlan
{
  /// Which probe: canaries timed one by one, or a rate held for a time.
  enum class Mode { latency, throughput };
  Mode mode = Mode::latency;
  int count = 5;                            ///< latency: canaries sent one after another
  int rate = 100;                           ///< throughput: spans per second
  std::chrono::milliseconds duration{2000}; ///< throughput: how long spans are sent
  std::chrono::milliseconds within{10000};  ///< how long a span may take to become queryable

  /// A stable identity for de-duplicating evidence requests.
  std::string key() const;
  /// What is out of bounds ("count must be from 1 to 100"), or nullopt.
  std::optional<std::string> problem() const;
};

/// Where canaries got lost, if they did.
enum class ProbeLoss {
  none,            ///< every span sent was queried back
  not_accepted,    ///< the OTLP endpoint answered, but not 2xx (or rejected spans)
  unreachable,     ///< the OTLP endpoint gave no answer (refused, timeout, TLS)
  never_queryable, ///< accepted, but not queryable in the trace store within the time allowed
  query_failed,    ///< accepted, but the trace store could not be asked (refused, HTTP error)
  interrupted,     ///< SIGINT/SIGTERM stopped the probe
};

/// What a pipeline probe saw (the evidence of the probe.* check kinds).
struct PipelineProbe
{
  ProbePlan plan;                                   ///< what was asked
  std::string otlp_url;                             ///< where spans were POSTed (redacted)
  std::string query_url;                            ///< the trace store asked (redacted)
  int sent = 0;                                     ///< spans sent
  int accepted = 0;                                 ///< spans the OTLP endpoint accepted
  int delivered = 0;                                ///< spans queried back
  std::vector<std::chrono::microseconds> latencies; ///< accepted → queryable, one per delivered span
  std::chrono::milliseconds sending{0};             ///< throughput: the time spent sending
  ProbeLoss loss = ProbeLoss::none;                 ///< where spans got lost
  std::string failure;                              ///< that, in one line naming the URL ("" when none)
  std::vector<std::string> trace_ids;               ///< the canary trace ids
};

/// The `q` quantile (nearest rank, q in [0, 1]) of `values`; 0 for none.
std::chrono::microseconds quantile(std::vector<std::chrono::microseconds> values, double q);

/// "12.3 ms", "850 µs", "1.25 s".
std::string format_latency(std::chrono::microseconds value);

/// The URL canaries are POSTed to: `otlp`'s URL with "/v1/traces" appended unless it ends so.
std::string otlp_traces_url(const EndpointSettings& otlp);

/// One canary span as an OTLP/JSON ExportTraceServiceRequest: resource service.name=ttaobs-probe,
/// span `ttaobs.probe` with ttaobs.canary=true and ttaobs.probe.seq=`seq`, ids in hex.
std::string canary_span_json(const std::string& trace_id, const std::string& span_id, const std::string& parent_id,
                             long long seq, std::chrono::system_clock::time_point at);

/// `spans` (each an element of canary_span_json's spans list) in one ExportTraceServiceRequest.
std::string canary_request_json(const std::vector<std::string>& spans);

/// A fresh random trace id (32 hex digits, never all zero).
std::string random_trace_id();

/// Runs `plan`: spans to `settings.otlp`, looked up at `settings.jaeger` (per `settings.traces.api`).
PipelineProbe run_pipeline_probe(http::HttpClient& client, const Settings& settings, const ProbePlan& plan);

} // namespace ttaobs::sources
