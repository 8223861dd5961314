#include <src/sources/prometheus.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using ttaobs::test::read_fixture;
using ttaobs::test::replay_body;

TEST_CASE("sources::parse_prometheus_query real Prometheus 2.42 answers")
{
  SUBCASE("vector result with labels")
  {
    const auto result = sources::parse_prometheus_query(read_fixture("prometheus/prom-query-tta_requests_total.json"));
    REQUIRE(result);
    CHECK(result->result_type == "vector");
    REQUIRE(result->series.size() == 5);
    CHECK(result->series[0].labels.at("__name__") == "tta_requests_total");
    CHECK(result->series[0].labels.at("job") == "tta-primitives");
    CHECK(result->series[0].labels.at("primitive_type") == "CachePrimitive");
    CHECK(result->series[0].value == "21");
  }
  SUBCASE("histogram buckets from the local stack")
  {
    const auto result =
        sources::parse_prometheus_query(replay_body("healthy", "query=tta_execution_duration_seconds_bucket"));
    REQUIRE(result);
    CHECK(result->series.size() > 10);
    CHECK(result->series[0].labels.count("le") == 1);
  }
  SUBCASE("empty result")
  {
    const auto result = sources::parse_prometheus_query(read_fixture("prometheus/empty-result.json"));
    REQUIRE(result);
    CHECK(result->series.empty());
  }
  SUBCASE("scalar result has no series")
  {
    const auto result = sources::parse_prometheus_query(read_fixture("prometheus/scalar-result.json"));
    REQUIRE(result);
    CHECK(result->result_type == "scalar");
    CHECK(result->series.empty());
  }
  SUBCASE("error envelope")
  {
    const auto body = read_fixture("prometheus/error-bad-query.json");
    const auto result = sources::parse_prometheus_query(body);
    REQUIRE_FALSE(result);
    CHECK(result.error() == "Prometheus reported an error: bad_data: invalid parameter \"query\": 1:20: parse error: "
                            "unexpected end of input inside braces");
  }
}

TEST_CASE("sources::parse_prometheus_query wrong shapes")
{
  CHECK(sources::parse_prometheus_query("[]").error() == "expected a JSON object with \"status\", found array");
  CHECK(sources::parse_prometheus_query("{}").error() == "missing \"status\" (not a Prometheus API answer)");
  CHECK(sources::parse_prometheus_query(R"({"status":"success"})").error() == "data: expected object");
  CHECK(sources::parse_prometheus_query(R"({"status":"success","data":{"resultType":"vector","result":{}}})").error() ==
        "data.result: expected array, found object");
  CHECK(sources::parse_prometheus_query(
            R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1}}]}})")
            .error() == "data.result[0].metric.a: expected string");
  CHECK(sources::parse_prometheus_query(
            R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}})")
            .error() == "data.result[0].value: expected [time, \"value\"]");
  CHECK(sources::parse_prometheus_query(
            R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1, "2"]}]}})")
            ->series.size() == 1);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("sources");

TEST_CASE("sources::prometheus parsers never throw on wrong member types (fuzzer finding)")
{
  // found by fuzz_prometheus: a non-string "status" made nlohmann's value() throw through ttaobs
  const auto body = ttaobs::test::read_fixture("prometheus/fuzz-status-object.json");
  CHECK(ttaobs::sources::prometheus_error_message(body).empty());
  CHECK(ttaobs::sources::parse_prometheus_query(body).error() == "missing \"status\" (not a Prometheus API answer)");
  CHECK(ttaobs::sources::parse_prometheus_targets(body).error() == "missing \"status\" (not a Prometheus API answer)");
  CHECK(ttaobs::sources::prometheus_error_message(R"({"status":"error","errorType":7,"error":["x"]})").empty());
  const auto odd = ttaobs::sources::parse_prometheus_targets(
      R"({"status":"success","data":{"activeTargets":[{"labels":{"job":3},"health":false,"lastError":null}]}})");
  REQUIRE(odd);
  CHECK(odd->targets[0].job.empty());
  CHECK(odd->targets[0].health == "unknown");
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("sources");

TEST_CASE("sources::prometheus parsers bound nesting (issue 12: a 65 MB nested answer cost 2.2 GB)")
{
  const std::string head = R"({"status":"success","data":{"resultType":"vector","result":)";
  const auto nested = [&](std::size_t n) { return head + std::string(n, '[') + std::string(n, ']') + "}}"; };
  CHECK(ttaobs::sources::parse_prometheus_query(nested(126)).error() ==
        "data.result[0]: expected object"); // 128 deep: parsed
  // 2 levels for the envelope + 127 = 129: refused by the pre-scan, before any tree is built
  const auto deep = nested(127);
  CHECK(ttaobs::sources::parse_prometheus_query(deep).error() ==
        fmt::format("nesting deeper than 128 levels at byte {}", head.size() + 127));
  CHECK(ttaobs::sources::parse_prometheus_targets(deep).error() ==
        fmt::format("nesting deeper than 128 levels at byte {}", head.size() + 127));
  CHECK(ttaobs::sources::parse_prometheus_query(std::string(50000000, '[')).error() ==
        "nesting deeper than 128 levels at byte 129");
  CHECK(ttaobs::sources::prometheus_error_message(R"({"status":"error","error":)" + std::string(1000, '[')).empty());
  const auto seed = ttaobs::test::read_fixture("prometheus/fuzz-deep-nesting.json");
  CHECK(ttaobs::sources::parse_prometheus_query(seed).error() ==
        fmt::format("nesting deeper than 128 levels at byte {}", seed.find("\"x\":") + 4 + 125));
}

TEST_CASE("sources::prometheus parsers stop when the request's deadline has passed")
{
  std::string body = R"({"status":"success","data":{"resultType":"vector","result":[)";
  for (int i = 0; i < 5000; ++i) {
    body += fmt::format(R"({}{{"metric":{{"__name__":"up","instance":"host-{}:9100"}},"value":[1700000000.5,"1"]}})",
                        i == 0 ? "" : ",", i);
  }
  body += "]}}";
  REQUIRE(body.size() > (256u << 10));
  REQUIRE(ttaobs::sources::parse_prometheus_query(body)->series.size() == 5000);
  const ttaobs::json::JsonLimits past{ttaobs::json::k_max_json_depth,
                                      std::chrono::steady_clock::now() - std::chrono::seconds(1)};
  const auto late = ttaobs::sources::parse_prometheus_query(body, past);
  REQUIRE_FALSE(late);
  CHECK(late.error().rfind("timed out parsing JSON at byte ", 0) == 0);
}

TEST_SUITE_END();
