#include <src/sources/otlp_prometheus.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;

namespace {

sources::MetricSummary metric(std::string name, sources::MetricType type, std::string unit, bool monotonic = false)
{
  sources::MetricSummary m;
  m.name = std::move(name);
  m.type = type;
  m.unit = std::move(unit);
  m.monotonic = monotonic;
  return m;
}

} // namespace

TEST_CASE("sources::prometheus_name follows the OpenTelemetry Prometheus compatibility rules")
{
  using T = sources::MetricType;
  // counters: "_total" last, after the unit word; annotations are not units
  CHECK(sources::prometheus_name(metric("checkout.requests", T::sum, "{request}", true)) == "checkout_requests_total");
  CHECK(sources::prometheus_name(metric("http.server.duration", T::histogram, "s")) == "http_server_duration_seconds");
  CHECK(sources::prometheus_name(metric("db.bytes", T::sum, "By", true)) == "db_bytes_total"); // ends with the word
  CHECK(sources::prometheus_name(metric("io", T::sum, "By", true)) == "io_bytes_total");
  CHECK(sources::prometheus_name(metric("jobs_total", T::sum, "1", true)) == "jobs_total");
  CHECK(sources::prometheus_name(metric("latency", T::histogram, "ms")) == "latency_milliseconds");
  CHECK(sources::prometheus_name(metric("throughput", T::gauge, "By/s")) == "throughput_bytes_per_second");
  CHECK(sources::prometheus_name(metric("cache.hit", T::gauge, "1")) == "cache_hit_ratio");
  CHECK(sources::prometheus_name(metric("queue.size", T::sum, "{item}")) == "queue_size"); // not monotonic: a gauge
  CHECK(sources::prometheus_name(metric("2xx-rate", T::gauge, "")) == "_2xx_rate");
  CHECK(sources::prometheus_name(metric("temp", T::gauge, "Cel")) == "temp_celsius");
  CHECK(sources::prometheus_name(metric("odd", T::gauge, "wat/hr")) == "odd_wat_per_hr"); // unknown units kept
  CHECK(sources::prometheus_unit("{packet}/s") == "per_second");
  CHECK(sources::prometheus_label("http.response.status_code") == "http_response_status_code");
  CHECK(sources::prometheus_label("0day") == "key_0day");
}

TEST_CASE("sources::exposition_of: families, types, units, samples and labels as an exporter would serve them")
{
  using T = sources::MetricType;
  sources::MetricsSummary summary;
  auto requests = metric("checkout.requests", T::sum, "{request}", true);
  requests.data_points = 4;
  requests.attribute_keys = {{"http.route", 4}, {"http.response.status_code", 3}};
  summary.add(std::move(requests));
  auto duration = metric("checkout.duration", T::histogram, "s");
  duration.data_points = 2;
  summary.add(std::move(duration));
  auto other = metric("checkout.requests", T::sum, "{request}", true); // another service: same family
  other.service = "other";
  other.data_points = 1;
  other.attribute_keys = {{"http.route", 1}};
  summary.add(std::move(other));
  const auto scan = sources::exposition_of(summary);
  REQUIRE(scan.families.size() == 2);
  const auto& counter = scan.families.at("checkout_requests_total");
  CHECK(counter.type == "counter");
  CHECK(counter.samples == 5);
  CHECK_FALSE(counter.unit);
  REQUIRE(counter.labels.size() == 2);
  CHECK(counter.labels[0] == std::pair<std::string, std::size_t>{"http_route", 5});
  CHECK(counter.labels[1] == std::pair<std::string, std::size_t>{"http_response_status_code", 3});
  const auto& histogram = scan.families.at("checkout_duration_seconds");
  CHECK(histogram.type == "histogram");
  CHECK(histogram.unit == "seconds");
  CHECK(scan.samples_by_name.at("checkout_requests_total") == 5);
  CHECK(scan.sample_lines == 7);
}

TEST_CASE("sources::exposition_of the Python SDK's metrics: the names its Prometheus exporter would serve")
{
  const auto summary = sources::parse_otlp_metrics_proto(test::read_fixture("otlp/python-sdk-metrics.pb"));
  REQUIRE_MESSAGE(summary, summary.error());
  const auto scan = sources::exposition_of(*summary);
  CHECK(scan.families.count("checkout_requests_total") == 1);
  CHECK(scan.families.at("checkout_requests_total").type == "counter");
  for (const auto& family : scan.families) {
    CAPTURE(family.first);
    CHECK(family.second.samples > 0);
  }
}
