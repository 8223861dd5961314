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

namespace {

// Answers every request with `body` (status 200), streamed in 10-byte pieces when asked.
struct PiecewiseClient final : http::HttpClient
{
  std::string body;
  std::vector<http::HttpRequest> sent;
  std::size_t pieces = 0;

  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    sent.push_back(request);
    auto out = response(200, "");
    if (!request.body_sink) {
      out.body = body;
      return out;
    }
    for (std::size_t at = 0; at < body.size(); at += 10) {
      ++pieces;
      if (!request.body_sink(std::string_view(body).substr(at, 10), out)) {
        break;
      }
    }
    return out;
  }
};

} // namespace

TEST_CASE("sources: a probe asking for its body keeps a bounded part of it, on its own request key")
{
  const auto settings = test::settings_of({{"prometheus-url", "http://p:9/base?tenant=a"}});
  const EvidenceRequest plain{Source::probe, Endpoint::prometheus, {}, 1, true};
  auto body = plain;
  body.path = "/-/healthy";
  body.body_limit = 25;
  auto other = plain;
  other.url = "http://elsewhere:1/health";
  CHECK(plain.key() == "probe:1:true");
  CHECK(body.key() != plain.key());
  CHECK(other.key() != plain.key());
  CHECK(sources::to_http_request(body, settings).url == "http://p:9/base/-/healthy?tenant=a");
  CHECK(sources::to_http_request(other, settings).url == "http://elsewhere:1/health");

  PiecewiseClient client;
  client.body = std::string(100, 'x');
  const auto whole = sources::fetch(client, plain, settings);
  CHECK(std::get<sources::Probe>(*whole.payload).body.empty()); // only probes that ask keep a body
  const auto kept = sources::fetch(client, body, settings);
  const auto& probe = std::get<sources::Probe>(*kept.payload);
  CHECK(probe.body == std::string(25, 'x'));
  CHECK(probe.body_cut);
  CHECK(client.pieces == 3); // the transfer ended once the bound was passed
  client.body = "short";
  const auto small = std::get<sources::Probe>(*sources::fetch(client, body, settings).payload);
  CHECK(small.body == "short");
  CHECK_FALSE(small.body_cut);
}

TEST_CASE("sources: a probe of a suite's own URL carries no endpoint's credentials")
{
  const auto settings = test::settings_of({{"prometheus-url", "http://p:9/"}, {"prometheus-bearer-token", "s3cret"}});
  EvidenceRequest own{Source::probe, Endpoint::prometheus, {}, 1, true};
  CHECK(sources::to_http_request(own, settings).access.bearer_token == "s3cret");
  own.url = "http://elsewhere:1/health";
  CHECK(sources::to_http_request(own, settings).access.bearer_token.empty());
}

TEST_SUITE_END();
