#include <src/sources/evidence.hpp>
#include <src/sources/prometheus_source.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

namespace {

using Outcome = Expected<http::HttpResponse, http::HttpError>;

http::HttpResponse response(long status, std::string body)
{
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

} // namespace

TEST_CASE("sources::to_http_request builds the Prometheus API URLs")
{
  const auto settings = test::settings_of({{"service", "svc a"}, {"jaeger-url", "http://j:1/base/"}});
  const auto query =
      sources::to_http_request({Source::prometheus_query, Endpoint::prometheus, "up{job=\"x\"}", 1, false}, settings);
  CHECK(query.url == "http://localhost:9090/api/v1/query?query=up%7Bjob%3D%22x%22%7D");
  CHECK(query.timeout.count() == 5000);
  CHECK(query.follow_redirects);
  const auto targets =
      sources::to_http_request({Source::prometheus_targets, Endpoint::prometheus, {}, 1, false}, settings);
  CHECK(targets.url == "http://localhost:9090/api/v1/targets?state=active");
  CHECK(targets.headers == std::vector<std::pair<std::string, std::string>>{{"Accept", "application/json"}});
}

TEST_CASE("sources::up_of_job is the evidence of Prometheus' up for one job, quotes escaped")
{
  const auto plain = sources::up_of_job("tta-primitives");
  CHECK(plain.source == Source::prometheus_query);
  CHECK(plain.endpoint == Endpoint::prometheus);
  CHECK(plain.query == "up{job=\"tta-primitives\"}");
  CHECK(sources::up_of_job("pay\"ments").query == "up{job=\"pay\\\"ments\"}");
  CHECK(sources::up_of_job("a\\b").query == "up{job=\"a\\\\b\"}");
}

TEST_CASE("sources::interpret of Prometheus answers")
{
  const EvidenceRequest query{Source::prometheus_query, Endpoint::prometheus, "up", 1, false};
  const std::string url = "http://x:1/q";

  SUBCASE("HTTP errors carry the server's own message")
  {
    const Outcome bad = response(400, test::read_fixture("prometheus/error-bad-query.json"));
    CHECK(sources::interpret(query, url, bad).error() ==
          "GET http://x:1/q: HTTP 400: bad_data: invalid parameter \"query\": 1:20: parse error: unexpected end of "
          "input inside braces");
    const Outcome html = response(503, "<html>\n<body>down</body></html>");
    CHECK(sources::interpret(query, url, html).error() ==
          "GET http://x:1/q: HTTP 503: <html> <body>down</body></html>");
    CHECK(sources::interpret(query, url, Outcome(response(502, ""))).error() == "GET http://x:1/q: HTTP 502");
  }
  SUBCASE("malformed bodies name the URL and the position")
  {
    const Outcome cut = response(200, "{\"status\":\"succ");
    CHECK(sources::interpret(query, url, cut).error().rfind("GET http://x:1/q: malformed JSON at byte", 0) == 0);
  }
  SUBCASE("a 401 names the flags that carry the credentials")
  {
    const Outcome refused = response(401, "unauthorized");
    CHECK(sources::interpret(query, url, refused)
              .error()
              .rfind("GET http://x:1/q: HTTP 401 — check the credentials for --prometheus-url", 0) == 0);
  }
  SUBCASE("targets are parsed into TargetsResult")
  {
    const EvidenceRequest targets{Source::prometheus_targets, Endpoint::prometheus, {}, 1, false};
    const auto parsed =
        sources::interpret(targets, url, Outcome(response(200, R"({"status":"success","data":{"activeTargets":[]}})")));
    REQUIRE(parsed);
    CHECK(std::holds_alternative<sources::TargetsResult>(*parsed));
  }
}

TEST_SUITE_END();
