#include "health_source.hpp"

#include <src/sources/backend.hpp>

namespace ttaobs::sources {

namespace {

std::vector<Attempt> probe_request(const EvidenceRequest& request, const Settings& settings)
{
  const auto& endpoint = endpoint_settings(settings, request.endpoint);
  http::HttpRequest out;
  out.url = endpoint.url.str();
  out.timeout = settings.timeout;
  out.follow_redirects = request.follow_redirects;
  out.access = endpoint.access; // headers, credentials, TLS, proxy
  return {{std::move(out)}};
}

Reading read_probe(const EvidenceRequest&, int, const std::string&, const Outcome& outcome, json::Deadline)
{
  return Reading{Payload{to_probe(outcome)}};
}

} // namespace

const Backend k_probe_backend{probe_request, read_probe, false};

Probe to_probe(const Expected<http::HttpResponse, http::HttpError>& outcome)
{
  if (!outcome) {
    return Probe{false, 0, outcome.error().message};
  }
  return Probe{true, outcome->status, {}};
}

const EndpointSettings& endpoint_settings(const Settings& settings, Endpoint endpoint)
{
  switch (endpoint) {
  case Endpoint::jaeger:
    return settings.jaeger;
  case Endpoint::prometheus:
    return settings.prometheus;
  case Endpoint::metrics:
    return settings.metrics;
  case Endpoint::collector:
    return settings.collector;
  }
  return settings.jaeger;
}

} // namespace ttaobs::sources
