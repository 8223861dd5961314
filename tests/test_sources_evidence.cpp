#include <src/config/config.hpp>
#include <src/sources/evidence.hpp>
#include <src/sources/exposition_scan.hpp>
#include <src/sources/trace_query.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

namespace {

config::Config default_config()
{
  return config::resolve({"flags", {{"service", "svc a"}, {"jaeger-url", "http://j:1/base/"}}, {}}, {"env", {}, {}},
                         {"file", {}, {}})
    .value();
}

http::HttpResponse response(long status, std::string body)
{
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

} // namespace

TEST_CASE("sources::to_http_request builds every API URL")
{
  const auto config = default_config();
  const sources::TraceQuery search{config.service, "GET /x", {}, 3};
  CHECK(sources::jaeger_v1_request(search, config).url == "http://j:1/base/api/traces?service=svc%20a&operation=GET%20%2Fx&limit=3");
  const auto noon = std::chrono::sys_days(std::chrono::year(2026) / 11 / 25) + std::chrono::hours(12);
  const auto v3 = sources::jaeger_v3_request(search, config, noon);
  CHECK(v3.url == "http://j:1/base/api/v3/traces?query.service_name=svc%20a&query.operation_name=GET%20%2Fx"
                  "&query.start_time_min=2026-11-25T11%3A00%3A00Z&query.start_time_max=2026-11-25T12%3A01%3A00Z"
                  "&query.num_traces=3");
  CHECK(v3.volatile_params == std::vector<std::string>{"query.start_time_min", "query.start_time_max"});
  CHECK(sources::jaeger_v3_request(sources::TraceQuery{{}, {}, "abc", 1}, config, noon).url == "http://j:1/base/api/v3/traces/abc");
  const auto query = sources::to_http_request({Source::prometheus_query, Endpoint::prometheus, "up{job=\"x\"}", 1, false}, config);
  CHECK(query.url == "http://localhost:9090/api/v1/query?query=up%7Bjob%3D%22x%22%7D");
  CHECK(query.timeout.count() == 5000);
  const auto probe = sources::to_http_request({Source::probe, Endpoint::prometheus, {}, 1, true}, config);
  CHECK(probe.url == "http://localhost:9090/");
  CHECK(probe.follow_redirects);
  CHECK(sources::to_http_request({Source::exposition, Endpoint::metrics, {}, 1, false}, config).url
        == "http://localhost:9464/metrics");
}

TEST_CASE("sources::EvidenceRequest::key identifies equal requests")
{
  const EvidenceRequest a{Source::prometheus_query, Endpoint::prometheus, "tta_requests_total", 1, false};
  const EvidenceRequest b{Source::prometheus_query, Endpoint::prometheus, "tta_requests_total", 1, false};
  const EvidenceRequest c{Source::prometheus_query, Endpoint::prometheus, "up", 1, false};
  CHECK(a.key() == b.key());
  CHECK(a.key() != c.key());
  CHECK(EvidenceRequest{Source::probe, Endpoint::jaeger, {}, 1, false}.key()
        != EvidenceRequest{Source::probe, Endpoint::prometheus, {}, 1, false}.key());
}

TEST_CASE("sources::interpret")
{
  const EvidenceRequest traces{Source::jaeger_traces, Endpoint::jaeger, {}, 1, false};
  const EvidenceRequest query{Source::prometheus_query, Endpoint::prometheus, "up", 1, false};
  const EvidenceRequest probe{Source::probe, Endpoint::jaeger, {}, 1, false};
  const std::string url = "http://x:1/q";
  using Outcome = Expected<http::HttpResponse, http::HttpError>;

  SUBCASE("transport failures name the URL")
  {
    const Outcome refused = unexpected(http::HttpError{http::HttpError::Kind::connect, url, "connection refused"});
    CHECK(sources::interpret(query, url, refused).error() == "GET http://x:1/q: connection refused");
  }
  SUBCASE("HTTP errors carry the server's own message")
  {
    const Outcome bad = response(400, test::read_fixture("prometheus/error-bad-query.json"));
    CHECK(sources::interpret(query, url, bad).error()
          == "GET http://x:1/q: HTTP 400: bad_data: invalid parameter \"query\": 1:20: parse error: unexpected end of input inside braces");
    const Outcome jaeger = response(400, test::read_fixture("jaeger/error-missing-service.json"));
    CHECK(sources::interpret(traces, url, jaeger).error() == "GET http://x:1/q: HTTP 400: parameter 'service' is required");
    const Outcome html = response(503, "<html>\n<body>down</body></html>");
    CHECK(sources::interpret(query, url, html).error() == "GET http://x:1/q: HTTP 503: <html> <body>down</body></html>");
    CHECK(sources::interpret(query, url, Outcome(response(502, ""))).error() == "GET http://x:1/q: HTTP 502");
  }
  SUBCASE("malformed bodies name the URL and the position")
  {
    const Outcome cut = response(200, "{\"status\":\"succ");
    CHECK(sources::interpret(query, url, cut).error().rfind("GET http://x:1/q: malformed JSON at byte", 0) == 0);
  }
  SUBCASE("probes never error: health checks judge the outcome")
  {
    const Outcome refused = unexpected(http::HttpError{http::HttpError::Kind::timeout, url, "timed out after 5s"});
    const auto payload = sources::interpret(probe, url, refused);
    REQUIRE(payload);
    const auto* p = std::get_if<sources::Probe>(&*payload);
    REQUIRE(p != nullptr);
    CHECK_FALSE(p->answered);
    CHECK(p->failure == "timed out after 5s");
    const auto ok = sources::interpret(probe, url, Outcome(response(503, "x")));
    CHECK(std::get<sources::Probe>(*ok).status == 503);
  }
}

TEST_CASE("sources::scan_exposition")
{
  const auto scan = sources::scan_exposition(test::replay_body("healthy", "9464/metrics"));
  CHECK(scan.samples_by_name.at("tta_requests_total") >= 4);
  CHECK(scan.samples_by_name.count("target_info") == 1);
  CHECK(scan.samples_by_name.count("tta_execution_duration_seconds_bucket") == 1);
  const auto tiny = sources::scan_exposition("# HELP a x\n# TYPE a counter\na_total 1\n\n  b{x=\"1\"} 2\r\n{c=\"\"} 3\n");
  CHECK(tiny.sample_lines == 2);
  CHECK(tiny.samples_by_name.at("a_total") == 1);
  CHECK(tiny.samples_by_name.at("b") == 1);
}

TEST_SUITE_END();
