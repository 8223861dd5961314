#include <checks/checks.hpp>
#include <checks/registry.hpp>
#include <src/core/suite.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("checks");

using namespace ttaobs;
using core::Status;
using test::query_of;

TEST_CASE("checks::metrics_present")
{
  core::CheckParams p;
  p.noun = "bucket series";
  p.min = 1;
  const auto buckets = checks::metrics_present(query_of("healthy", "tta_execution_duration_seconds_bucket"), p);
  CHECK(buckets.status == Status::pass);
  CHECK(buckets.message.find(" bucket series (expected ≥ 1)") != std::string::npos);
  const auto empty = checks::metrics_present(sources::QueryResult{"vector", {}}, p);
  CHECK(empty.status == Status::fail);
  CHECK(empty.message == "0 bucket series (expected ≥ 1): the metric is not in Prometheus");
  p.min = 1000;
  CHECK(checks::metrics_present(query_of("healthy", "tta_requests_total"), p).status == Status::fail);
  CHECK(checks::metrics_present(trace::TraceSet{}, p).status == Status::error);
}

TEST_CASE("checks::labels_diversity")
{
  core::CheckParams p;
  p.label = "primitive_type";
  p.min = 4;
  const auto healthy = checks::labels_diversity(query_of("healthy", "tta_requests_total"), p);
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.find("CachePrimitive, MockPrimitive, ParallelPrimitive, RetryPrimitive") != std::string::npos);
  const auto sparse = checks::labels_diversity(query_of("sparse-labels", "tta_requests_total"), p);
  CHECK(sparse.status == Status::fail);
  CHECK(sparse.message == "1 distinct primitive_type value (expected ≥ 4): MockPrimitive");
  p.label = "nope";
  const auto missing = checks::labels_diversity(query_of("healthy", "tta_requests_total"), p);
  CHECK(missing.status == Status::fail);
  CHECK(missing.message.find("no series carries the label 'nope'") != std::string::npos);
}

TEST_CASE("checks::labels_value_present")
{
  core::CheckParams p;
  p.label = "status";
  p.value = "success";
  const auto healthy = checks::labels_value_present(query_of("healthy", "tta_requests_total"), p);
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.rfind("status=\"success\" in ", 0) == 0);
  const auto sparse = checks::labels_value_present(query_of("sparse-labels", "tta_requests_total"), p);
  CHECK(sparse.status == Status::fail);
  CHECK(sparse.message == "no series with status=\"success\" among 1 series (values seen: error)");
  const auto empty = checks::labels_value_present(sources::QueryResult{"vector", {}}, p);
  CHECK(empty.message == "no series with status=\"success\" among 0 series (values seen: none)");
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("checks");

namespace {

ttaobs::sources::Payload targets(const std::string& file)
{
  return ttaobs::sources::parse_prometheus_targets(ttaobs::test::read_fixture(file)).value();
}

ttaobs::core::CheckParams job(const std::string& name)
{
  ttaobs::core::CheckParams p;
  p.label = "job";
  p.value = name;
  return p;
}

} // namespace

TEST_CASE("checks::metrics_scrape_up")
{
  CHECK(checks::metrics_scrape_up(query_of("healthy", "up%7Bjob%3D%22tta-primitives%22%7D"), job("tta-primitives"))
            .message == "up is 1 for 1 target of job \"tta-primitives\"");
  const auto down =
      checks::metrics_scrape_up(query_of("demo-down", "up%7Bjob%3D%22tta-primitives%22%7D"), job("tta-primitives"));
  CHECK(down.status == Status::fail);
  CHECK(down.message == "up is 0 for 1 of 1 target of job \"tta-primitives\": 127.0.0.1:9464");
  CHECK(checks::metrics_scrape_up(sources::QueryResult{"vector", {}}, job("other")).message ==
        "no up series for job \"other\": Prometheus does not scrape it");
}

TEST_CASE("checks::metrics_targets_healthy")
{
  const auto up = checks::metrics_targets_healthy(targets("prometheus/prometheus-targets.json"), job("tta-primitives"));
  CHECK(up.status == Status::pass);
  CHECK(up.message == "1 target of job \"tta-primitives\" up, no scrape errors; slowest last scrape 1.5ms");
  const auto down =
      checks::metrics_targets_healthy(targets("prometheus/prometheus-targets-down.json"), job("tta-primitives"));
  CHECK(down.status == Status::fail);
  CHECK(down.message.find(
            "1 of 1 target of job \"tta-primitives\" unhealthy (slowest last scrape 0.7ms): 127.0.0.1:9464 is down: "
            "Get \"http://127.0.0.1:9464/metrics\": dial tcp 127.0.0.1:9464: connect: connection refused") == 0);
  CHECK(checks::metrics_targets_healthy(targets("prometheus/prometheus-targets.json"), job("other")).message ==
        "no active target of job \"other\" (1 active target in all)");
  CHECK(sources::parse_prometheus_targets("{\"status\":\"success\",\"data\":{}}").error() ==
        "data.activeTargets: expected array");
}

TEST_CASE("checks::metrics_exposition_families")
{
  core::CheckParams p;
  p.value = "tta_requests_total, tta_execution_duration_seconds,tta_cache_hit_rate";
  const auto healthy = test::answered_200(sources::scan_exposition(test::replay_body("healthy", "9464/metrics")));
  CHECK(checks::metrics_exposition_families(healthy, p).message ==
        "all 3 families exported: tta_requests_total, tta_execution_duration_seconds, tta_cache_hit_rate");
  p.value = "tta_requests_total,tta_never_exported_total";
  const auto missing = checks::metrics_exposition_families(healthy, p);
  CHECK(missing.status == Status::fail);
  CHECK(missing.message == "1 of 2 families never exported by the service: tta_never_exported_total");
  CHECK(checks::metrics_exposition_families(sources::ExpositionProbe{{false, 0, "connection refused"}, {}}, p).status ==
        Status::error);
}

namespace {

// The exposition evidence production builds from an HTTP answer (scan and lint included).
sources::Payload exposition(long status, std::string body, std::string content_type = "text/plain; version=0.0.4")
{
  const sources::EvidenceRequest request{sources::Source::exposition, sources::Endpoint::metrics, {}, 1, false};
  http::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = {{"content-type", std::move(content_type)}};
  return sources::interpret(request, "http://127.0.0.1:9464/metrics", response).value();
}

} // namespace

TEST_CASE("checks::metrics_exposition_lint")
{
  const core::CheckParams p{.min = 3};
  const auto clean = checks::metrics_exposition_lint(exposition(200, test::replay_body("healthy", "9464/metrics")), p);
  CHECK(clean.status == Status::pass);
  CHECK(clean.message == "parses as prometheus-text: 8 families, 121 samples, no lint problems");

  const auto unclean =
      checks::metrics_exposition_lint(exposition(200, test::read_fixture("exposition/samples/node-exporter.txt")), p);
  CHECK(unclean.status == Status::warn);
  CHECK(unclean.message == "parses as prometheus-text, with 68 lint problems (promtool's rules) in 283 families");
  REQUIRE(unclean.details.size() == 4);
  CHECK(unclean.details[0] == "node_entropy_available_bits: use base unit \"bytes\" instead of \"bits\"");
  CHECK(unclean.details[3] == "… and 65 more (ttaobs lint-metrics shows all)");

  const auto broken = checks::metrics_exposition_lint(exposition(200, "tta_requests_total{status=\"ok\" 1\n"), p);
  CHECK(broken.status == Status::error);
  CHECK(broken.message == "the exposition does not parse as prometheus-text: line 1:32: unexpected end of label value "
                          "\"ok\" (near \"…uests_total{status=\\\"ok\\\" 1\")");

  // the Content-Type decides the dialect: the same bytes are not valid OpenMetrics (no # EOF)
  const auto om = checks::metrics_exposition_lint(
      exposition(200, test::replay_body("healthy", "9464/metrics"), "application/openmetrics-text; version=1.0.0"), p);
  CHECK(om.status == Status::error);
  CHECK(om.message.find("the exposition does not parse as openmetrics: ") == 0);

  CHECK(checks::metrics_exposition_lint(exposition(503, "down"), p).message == "HTTP 503 (expected 200)");
  CHECK(checks::metrics_exposition_lint(sources::ExpositionProbe{{false, 0, "connection refused"}, {}, {}}, p).status ==
        Status::error);
}

TEST_SUITE_END();

TEST_CASE("metrics and label checks carry the number they judged")
{
  core::CheckParams p;
  p.label = "primitive_type";
  p.min = 4;
  const auto sparse = checks::labels_diversity(query_of("sparse-labels", "tta_requests_total"), p);
  REQUIRE(sparse.measurement);
  CHECK(sparse.measurement->measured == 1);
  CHECK(sparse.measurement->expected == 4);
  CHECK(sparse.measurement->unit == "primitive_type values");
  p = {};
  p.noun = "series";
  p.min = 1;
  const auto empty = checks::metrics_present(sources::QueryResult{"vector", {}}, p);
  REQUIRE(empty.measurement);
  CHECK(empty.measurement->measured == 0);
  CHECK_FALSE(empty.measurement->met());
  p = {};
  p.label = "primitive_type";
  p.value = "MockPrimitive";
  CHECK_FALSE(checks::labels_value_present(query_of("healthy", "tta_requests_total"), p).measurement); // yes or no
}
