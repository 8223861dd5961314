#include "exposition_source.hpp"

#include <src/metrics/lint.hpp>
#include <src/metrics/parser.hpp>
#include <src/sources/backend.hpp>
#include <src/sources/health_source.hpp>

namespace ttaobs::sources {

namespace {

std::vector<Attempt> scrape_request(const EvidenceRequest& request, const Settings& settings)
{
  const auto& endpoint = endpoint_settings(settings, request.endpoint);
  return {{exposition_request(endpoint.url, endpoint.access, settings.timeout)}};
}

Reading read_exposition(const EvidenceRequest&, int, const std::string& url, const Outcome& outcome, json::Deadline)
{
  ExpositionProbe probe{to_probe(outcome), {}, {}};
  if (outcome && outcome->status == 200) {
    probe.scan = scan_exposition(outcome->body);
    const auto format = metrics::format_for_content_type(outcome->header("content-type"));
    metrics::Linter linter(format, {});
    ShapeRecorder shapes(linter); // each family's type, unit and label names, as the lint streams by
    metrics::ExpositionParser parser(format, shapes);
    if (parser.feed(outcome->body)) {
      parser.finish();
    }
    shapes.finish(parser, probe.scan);
    probe.lint = linter.finish(parser, url);
  }
  return Reading{Payload{std::move(probe)}};
}

} // namespace

const Backend k_exposition_backend{scrape_request, read_exposition, false};

http::HttpRequest exposition_request(const util::Url& url, http::EndpointAccess access,
                                     std::chrono::milliseconds timeout)
{
  http::HttpRequest out;
  out.url = url.str();
  out.headers.emplace_back("Accept", std::string(metrics::k_scrape_accept)); // negotiate as Prometheus does
  out.timeout = timeout;
  out.follow_redirects = true;    // as Prometheus' scrapes do (at most 5 hops)
  out.access = std::move(access); // headers, credentials, TLS, proxy
  return out;
}

} // namespace ttaobs::sources
