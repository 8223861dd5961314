#include <src/metrics/parser.hpp>
#include <src/sources/evidence.hpp>
#include <src/sources/exposition_source.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

TEST_CASE("sources::to_http_request scrapes the exposition as Prometheus does")
{
  const auto settings = test::settings_of({{"service", "svc a"}, {"jaeger-url", "http://j:1/base/"}});
  const auto scrape = sources::to_http_request({Source::exposition, Endpoint::metrics, {}, 1, false}, settings);
  CHECK(scrape.url == "http://localhost:9464/metrics");
  CHECK(scrape.follow_redirects); // at most 5 hops, as Prometheus' scrapes
  CHECK(scrape.headers ==
        std::vector<std::pair<std::string, std::string>>{{"Accept", std::string(metrics::k_scrape_accept)}});
}

TEST_CASE("sources::exposition_request is the scrape lint-metrics streams")
{
  http::EndpointAccess access;
  access.bearer_token = "t0ken";
  const auto url = util::parse_url("http://h:1/m?x=1").value();
  const auto request = sources::exposition_request(url, access, std::chrono::milliseconds(1500));
  CHECK(request.url == "http://h:1/m?x=1");
  CHECK(request.timeout.count() == 1500);
  CHECK(request.follow_redirects);
  CHECK(request.access.bearer_token == "t0ken");
  CHECK(request.headers ==
        std::vector<std::pair<std::string, std::string>>{{"Accept", std::string(metrics::k_scrape_accept)}});
  CHECK_FALSE(request.body_sink);
}

TEST_CASE("sources::interpret of an exposition: a probe, a scan and a lint of a 200 body")
{
  const EvidenceRequest scrape{Source::exposition, Endpoint::metrics, {}, 1, false};
  using Outcome = Expected<http::HttpResponse, http::HttpError>;
  http::HttpResponse ok;
  ok.status = 200;
  ok.body = test::replay_body("healthy", "9464/metrics");
  const auto read = sources::interpret(scrape, "http://m:1/metrics", Outcome(ok));
  REQUIRE(read);
  const auto& probe = std::get<sources::ExpositionProbe>(*read);
  CHECK(probe.probe.answered);
  CHECK(probe.scan.samples_by_name.count("target_info") == 1);
  CHECK(probe.lint.source == "http://m:1/metrics");
  const Outcome refused =
      unexpected(http::HttpError{http::HttpError::Kind::connect, "http://m:1/metrics", "connection refused"});
  const auto down = std::get<sources::ExpositionProbe>(*sources::interpret(scrape, "http://m:1/metrics", refused));
  CHECK_FALSE(down.probe.answered);
  CHECK(down.scan.sample_lines == 0);
}

TEST_SUITE_END();
