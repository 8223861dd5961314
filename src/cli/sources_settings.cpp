#include "sources_settings.hpp"

namespace ttaobs::cli {

sources::Settings sources_settings(const config::Config& config)
{
  sources::Settings out;
  out.jaeger = {config.jaeger_url, config.access_of("jaeger")};
  out.prometheus = {config.prometheus_url, config.access_of("prometheus")};
  out.metrics = {config.metrics_url, config.access_of("metrics")};
  out.collector = {config.collector_url, config.access_of("collector")};
  out.otlp = {config.otlp_url, config.access_of("otlp")};
  out.timeout = config.timeout;
  out.traces.service = config.service;
  out.traces.api = config.jaeger_api;
  out.traces.lookback = config.lookback;
  if (config.tempo_url) {
    out.traces.tempo = sources::EndpointSettings{*config.tempo_url, config.access_of("tempo")};
  }
  out.traces.file = config.trace_file;
  return out;
}

} // namespace ttaobs::cli
