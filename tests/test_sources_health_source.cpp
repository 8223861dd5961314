#include <src/sources/evidence.hpp>
#include <src/sources/health_source.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

namespace {

http::HttpResponse response(long status, std::string body)
{
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

} // namespace

TEST_CASE("sources::to_http_request probes the endpoint's own URL")
{
  const auto settings = test::settings_of({{"service", "svc a"}, {"jaeger-url", "http://j:1/base/"}});
  const auto probe = sources::to_http_request({Source::probe, Endpoint::prometheus, {}, 1, true}, settings);
  CHECK(probe.url == "http://localhost:9090/");
  CHECK(probe.follow_redirects);
  CHECK(probe.headers.empty());
  CHECK_FALSE(sources::to_http_request({Source::probe, Endpoint::jaeger, {}, 1, false}, settings).follow_redirects);
  CHECK(sources::to_http_request({Source::probe, Endpoint::jaeger, {}, 1, false}, settings).url == "http://j:1/base/");
  CHECK(&sources::endpoint_settings(settings, Endpoint::collector) == &settings.collector);
}

TEST_CASE("sources::interpret: probes never error, health checks judge the outcome")
{
  const EvidenceRequest probe{Source::probe, Endpoint::jaeger, {}, 1, false};
  const std::string url = "http://x:1/q";
  using Outcome = Expected<http::HttpResponse, http::HttpError>;
  const Outcome refused = unexpected(http::HttpError{http::HttpError::Kind::timeout, url, "timed out after 5s"});
  const auto payload = sources::interpret(probe, url, refused);
  REQUIRE(payload);
  const auto* p = std::get_if<sources::Probe>(&*payload);
  REQUIRE(p != nullptr);
  CHECK_FALSE(p->answered);
  CHECK(p->failure == "timed out after 5s");
  const auto ok = sources::interpret(probe, url, Outcome(response(503, "x")));
  CHECK(std::get<sources::Probe>(*ok).status == 503);
  CHECK(sources::to_probe(Outcome(response(200, ""))).answered);
}

TEST_SUITE_END();
