#include "health_source.hpp"

#include <src/sources/backend.hpp>
#include <src/util/url.hpp>

#include <string>

namespace ttaobs::sources {

namespace {

std::vector<Attempt> probe_request(const EvidenceRequest& request, const Settings& settings)
{
  const auto& endpoint = endpoint_settings(settings, request.endpoint);
  http::HttpRequest out;
  out.timeout = settings.timeout;
  out.follow_redirects = request.follow_redirects;
  if (!request.url.empty()) {
    out.url = request.url; // a URL of the suite's own: no endpoint's credentials go to it
  } else {
    out.url = request.path.empty() ? endpoint.url.str() : util::with_path_and_query(endpoint.url, request.path, {});
    out.access = endpoint.access; // headers, credentials, TLS, proxy
  }
  return {{std::move(out)}};
}

// Keeps the first body_limit + 1 bytes of a 200 body (one more tells that it was longer) and
// ends the transfer there; other statuses arrive whole, as for any probe.
Outcome send_probe(http::HttpClient& client, const EvidenceRequest& request, const http::HttpRequest& http)
{
  if (request.body_limit == 0) {
    return client.send(http);
  }
  std::string kept;
  auto bounded = http;
  bounded.body_sink = [&kept, room = request.body_limit + 1](std::string_view piece, const http::HttpResponse&) {
    kept.append(piece.substr(0, room - kept.size()));
    return kept.size() < room;
  };
  auto outcome = client.send(bounded);
  if (outcome && outcome->status == 200 && outcome->body.empty()) {
    outcome->body = std::move(kept);
  }
  return outcome;
}

Reading read_probe(const EvidenceRequest& request, int, const std::string&, const Outcome& outcome, json::Deadline)
{
  auto probe = to_probe(outcome);
  if (outcome && request.body_limit > 0) {
    probe.body_cut = outcome->body.size() > request.body_limit;
    probe.body = outcome->body.substr(0, request.body_limit);
  }
  return Reading{Payload{std::move(probe)}};
}

} // namespace

const Backend k_probe_backend{probe_request, read_probe, false, send_probe};

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
