#pragma once

#include <src/http/http_client.hpp>
#include <src/sources/otlp_metrics.hpp>
#include <src/trace/model.hpp>
#include <src/util/url.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace ttaobs::sources {

/// Which Jaeger query API to speak.
enum class JaegerApi { automatic, v3, v1 };

/// Where one endpoint is and how every request to it goes out.
struct EndpointSettings
{
  util::Url url;               ///< the API base, or the full URL for probes and the exposition
  http::EndpointAccess access; ///< headers, credentials, tenant, TLS, proxy
};

/// Where traces come from and how they are searched.
struct TraceSettings
{
  std::string service;                             ///< the service whose traces are searched
  JaegerApi api = JaegerApi::automatic;            ///< api_v3, v1, or v3 falling back to v1
  std::chrono::milliseconds lookback{0};           ///< api_v3 search window before now
  std::optional<EndpointSettings> tempo;           ///< Grafana Tempo (trace by id only), when configured
  std::optional<std::string> file;                 ///< traces from this file ("-" = stdin) instead of Jaeger
  std::shared_ptr<const trace::TraceSet> received; ///< traces received over OTLP (validate --receive) instead of Jaeger
  std::string received_on;                         ///< where they were received, e.g. "http://127.0.0.1:4318"
};

/// All that sources need of a run's configuration; built by the composition root (src/cli).
struct Settings
{
  EndpointSettings jaeger;              ///< Jaeger query API
  EndpointSettings prometheus;          ///< Prometheus HTTP API
  EndpointSettings metrics;             ///< the service's exposition (full URL)
  EndpointSettings collector;           ///< the collector's health check (full URL)
  EndpointSettings otlp;                ///< the OTLP/HTTP receiver canaries go to (the probe)
  std::chrono::milliseconds timeout{0}; ///< per request, parsing of the answer included
  TraceSettings traces;                 ///< trace search and sources
  /// Metrics received over OTLP (validate --receive): the exposition checks that can judge them
  /// read these, as a Prometheus exporter would have served them, instead of a scrape.
  std::shared_ptr<const MetricsSummary> received_metrics;
};

} // namespace ttaobs::sources
