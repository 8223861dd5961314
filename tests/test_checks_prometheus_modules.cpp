#include <checks/prometheus_modules.hpp>
#include <checks/prometheus_query.hpp>

#include "support/bind_entry.hpp"
#include "support/fixtures.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;
using core::Status;

namespace {

sources::Payload up_series(std::initializer_list<std::pair<const char*, const char*>> values)
{
  sources::QueryResult result{"vector", {}, {}};
  for (const auto& [instance, value] : values) {
    result.series.push_back({{{"__name__", "up"}, {"instance", instance}, {"job", "checkout"}}, value});
  }
  return result;
}

sources::Payload targets(std::string_view fixture)
{
  auto parsed = sources::parse_prometheus_targets(test::read_fixture(fixture));
  REQUIRE(parsed);
  return std::move(*parsed);
}

} // namespace

TEST_CASE("prometheus.query: a scalar answer is one value without labels")
{
  const auto scalar = sources::parse_prometheus_query(test::read_fixture("prometheus/scalar-result.json"));
  REQUIRE(scalar);
  CHECK(scalar->scalar == "2");
  const auto ok =
      test::bind_entry("{id: m/ratio, kind: prometheus.query, query: 'scalar(x)', expect: {scalar: '>= 0.95'}}");
  const auto pass = ok.fn(*scalar, {});
  CHECK(pass.status == Status::pass);
  CHECK(pass.message == "1 series (expected ≥ 1); value 2 (expected ≥ 0.95)");
  const auto low =
      test::bind_entry("{id: m/ratio, kind: prometheus.query, query: 'scalar(x)', expect: {scalar: '< 1'}}");
  CHECK(low.fn(*scalar, {}).message == "1 series (expected ≥ 1); value 2 (expected < 1)");
  CHECK(low.fn(*scalar, {}).status == Status::fail);
  const auto bad =
      sources::parse_prometheus_query(R"({"status":"success","data":{"resultType":"scalar","result":{}}})");
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == "data.result: expected [time, \"value\"] for a scalar");
}

TEST_CASE("prometheus.up: up{job} is 1 for every target; the job defaults to the configured one")
{
  const auto spec = test::bind_entry("{id: m/up, kind: prometheus.up}", "checkout");
  CHECK(spec.evidence.key() == "prometheus_query:up{job=\"checkout\"}");
  CHECK(spec.description == "up{job=\"checkout\"} is 1 for every target");
  CHECK(spec.fn(up_series({{"a:1", "1"}, {"b:1", "1"}}), {}).message == "up is 1 for 2 targets of job \"checkout\"");
  const auto down = spec.fn(up_series({{"a:1", "1"}, {"b:1", "0"}}), {});
  CHECK(down.status == Status::fail);
  CHECK(down.message == "up is 0 for 1 of 2 targets of job \"checkout\": b:1");
  CHECK(spec.fn(up_series({}), {}).status == Status::fail);
  CHECK(test::bind_entry("{id: m/up, kind: prometheus.up, job: 'a\"b'}").evidence.query == "up{job=\"a\\\"b\"}");

  std::vector<std::string> problems;
  test::bind_entry("{id: m/up, kind: prometheus.up}", "", &problems);
  CHECK(problems == std::vector<std::string>{"s.yaml:3:5: check 'm/up' needs \"job\""});
}

TEST_CASE("prometheus.targets: healthy targets of the job, scraped faster than the bound")
{
  const auto spec = test::bind_entry("{id: m/t, kind: prometheus.targets, max_scrape_duration: 500ms}");
  CHECK(spec.evidence.key() == "prometheus_targets");
  CHECK(spec.description ==
        "every active target of job \"tta-primitives\" is up with no scrape error, scraped in < 500ms");
  const auto healthy = spec.fn(targets("prometheus/prometheus-targets.json"), {});
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.find("up, no scrape errors; slowest last scrape") != std::string::npos);
  CHECK(healthy.message.find("(expected < 500ms)") != std::string::npos);

  const auto down = spec.fn(targets("prometheus/prometheus-targets-down.json"), {});
  CHECK(down.status == Status::fail);
  CHECK(down.message.find("1 of 1 target of job \"tta-primitives\" unhealthy or slow") == 0);
  CHECK(down.message.find("127.0.0.1:9464 is down: Get") != std::string::npos);

  const auto slow = test::bind_entry("{id: m/t, kind: prometheus.targets, max_scrape_duration: 1ms}");
  const auto over = slow.fn(targets("prometheus/prometheus-targets.json"), {});
  CHECK(over.status == Status::fail);
  CHECK(over.message.find("(expected < 1ms)): 127.0.0.1:9464 took") != std::string::npos);

  const auto other = test::bind_entry("{id: m/t, kind: prometheus.targets, job: checkout}");
  CHECK(other.fn(targets("prometheus/prometheus-targets.json"), {}).message ==
        "no active target of job \"checkout\" (1 active target in all)");

  std::vector<std::string> problems;
  test::bind_entry("{id: m/t, kind: prometheus.targets, max_scrape_duration: fast}", "tta-primitives", &problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "s.yaml:3:62: \"max_scrape_duration\" of check 'm/t' must be a duration such as 500ms, 2s or "
                       "1m, not \"fast\"");
}
