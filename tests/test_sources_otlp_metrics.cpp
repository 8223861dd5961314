#include <src/sources/otlp_metrics.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <protozero/pbf_writer.hpp>

#include <string>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;

namespace {

// An ExportMetricsServiceRequest of service `service` with one metric of data member `data_tag`
// holding `points` data points, each with attribute `key` (at field `attributes_tag`).
std::string one_metric(std::string_view service, std::string_view name, protozero::pbf_tag_type data_tag,
                       protozero::pbf_tag_type attributes_tag, int points, std::string_view key)
{
  std::string buffer;
  protozero::pbf_writer request(buffer);
  protozero::pbf_writer resource_metrics(request, 1);
  {
    protozero::pbf_writer scope(resource_metrics, 2);
    protozero::pbf_writer metric(scope, 2);
    metric.add_string(1, name.data(), name.size());
    metric.add_string(3, "ms");
    metric.add_uint32(99, 1); // unknown
    protozero::pbf_writer data(metric, data_tag);
    for (int i = 0; i < points; ++i) {
      protozero::pbf_writer point(data, 1);
      point.add_fixed64(3, 1);
      protozero::pbf_writer attribute(point, attributes_tag);
      attribute.add_string(1, key.data(), key.size());
    }
  }
  { // the resource after its metrics
    protozero::pbf_writer resource(resource_metrics, 1);
    protozero::pbf_writer attribute(resource, 1);
    attribute.add_string(1, "service.name");
    protozero::pbf_writer value(attribute, 2);
    value.add_string(1, service.data(), service.size());
  }
  return buffer;
}

using Keys = std::vector<std::pair<std::string, std::size_t>>;

} // namespace

TEST_CASE("sources::parse_otlp_metrics_proto summarises what the OpenTelemetry Python SDK sends")
{
  const auto summary = sources::parse_otlp_metrics_proto(test::read_fixture("otlp/python-sdk-metrics.pb"));
  REQUIRE_MESSAGE(summary, summary.error());
  REQUIRE(summary->metrics.size() == 4);
  const auto& requests = summary->metrics[0];
  CHECK(requests.service == "checkout");
  CHECK(requests.name == "checkout.requests");
  CHECK(requests.type == sources::MetricType::sum);
  CHECK(requests.unit == "{request}");
  CHECK(requests.description == "Requests served");
  CHECK(requests.data_points == 2);
  CHECK(requests.monotonic);
  CHECK(requests.attribute_keys == Keys{{"http.response.status_code", 2}, {"http.route", 2}});
  CHECK(summary->metrics[1].type == sources::MetricType::histogram);
  CHECK(summary->metrics[1].attribute_keys == Keys{{"http.route", 1}});
  CHECK(summary->metrics[2].attribute_keys.empty());
  CHECK(summary->metrics[3].type == sources::MetricType::gauge);
  CHECK(summary->data_points() == 5);
}

TEST_CASE("sources::parse_otlp_metrics_proto: every data kind, merging requests, malformed input")
{
  SUBCASE("each data kind reads its data points' attributes from its own field")
  {
    const struct
    {
      protozero::pbf_tag_type data;
      protozero::pbf_tag_type attributes;
      sources::MetricType type;
    } kinds[] = {{5, 7, sources::MetricType::gauge},
                 {7, 7, sources::MetricType::sum},
                 {9, 9, sources::MetricType::histogram},
                 {10, 1, sources::MetricType::exponential_histogram},
                 {11, 7, sources::MetricType::summary}};
    for (const auto& kind : kinds) {
      CAPTURE(sources::to_string(kind.type));
      const auto summary =
          sources::parse_otlp_metrics_proto(one_metric("api", "m", kind.data, kind.attributes, 3, "k"));
      REQUIRE(summary);
      REQUIRE(summary->metrics.size() == 1);
      CHECK(summary->metrics[0].service == "api");
      CHECK(summary->metrics[0].type == kind.type);
      CHECK(summary->metrics[0].unit == "ms");
      CHECK(summary->metrics[0].data_points == 3);
      CHECK(summary->metrics[0].attribute_keys == Keys{{"k", 3}});
    }
  }
  SUBCASE("requests merge by service, name, type and unit")
  {
    auto summary = sources::parse_otlp_metrics_proto(one_metric("api", "m", 7, 7, 2, "b")).value();
    summary.merge(sources::parse_otlp_metrics_proto(one_metric("api", "m", 7, 7, 1, "a")).value());
    summary.merge(sources::parse_otlp_metrics_proto(one_metric("web", "m", 7, 7, 1, "a")).value());
    summary.merge(sources::parse_otlp_metrics_proto(one_metric("api", "m", 5, 7, 1, "a")).value());
    REQUIRE(summary.metrics.size() == 3);
    CHECK(summary.metrics[0].data_points == 3);
    CHECK(summary.metrics[0].attribute_keys == Keys{{"a", 1}, {"b", 2}});
    CHECK(summary.metrics[1].service == "web");
    CHECK(summary.metrics[2].type == sources::MetricType::gauge);
    CHECK(summary.data_points() == 5);
  }
  SUBCASE("malformed input is one line naming the path and the byte")
  {
    const auto body = one_metric("api", "m", 7, 7, 2, "k");
    for (std::size_t size = 1; size < body.size(); ++size) {
      const auto summary = sources::parse_otlp_metrics_proto(std::string_view(body).substr(0, size));
      if (!summary) {
        CHECK(summary.error().rfind("malformed protobuf at ExportMetricsServiceRequest", 0) == 0);
      }
    }
    std::string wrong;
    {
      protozero::pbf_writer request(wrong);
      protozero::pbf_writer resource_metrics(request, 1);
      protozero::pbf_writer scope(resource_metrics, 2);
      protozero::pbf_writer metric(scope, 2);
      metric.add_uint32(1, 5); // name as a varint
    }
    CHECK(sources::parse_otlp_metrics_proto(wrong).error() ==
          "malformed protobuf at ExportMetricsServiceRequest.resource_metrics[0].scope_metrics[0].metrics[0].name "
          "(byte 6): wire type varint where length-delimited was expected");
  }
}

TEST_CASE("sources::parse_otlp_metrics_json gives what the protobuf decoder gives for the same message")
{
  const auto json = sources::parse_otlp_metrics_json(test::read_fixture("otlp/python-sdk-metrics.json"));
  REQUIRE_MESSAGE(json, json.error());
  const auto proto = sources::parse_otlp_metrics_proto(test::read_fixture("otlp/python-sdk-metrics.pb")).value();
  REQUIRE(json->metrics.size() == proto.metrics.size());
  for (std::size_t i = 0; i < proto.metrics.size(); ++i) {
    const auto& a = json->metrics[i];
    const auto& b = proto.metrics[i];
    CAPTURE(b.name);
    CHECK(a.service == b.service);
    CHECK(a.name == b.name);
    CHECK(a.type == b.type);
    CHECK(a.unit == b.unit);
    CHECK(a.description == b.description);
    CHECK(a.monotonic == b.monotonic);
    CHECK(a.attribute_keys == b.attribute_keys);
    CHECK(a.data_points == b.data_points);
  }
  CHECK(json->metrics[2].type == sources::MetricType::sum);
  CHECK_FALSE(json->metrics[2].monotonic); // the up-down counter
}

TEST_CASE("sources::parse_otlp_metrics_json: wrong shapes and malformed JSON are one-line errors naming where")
{
  CHECK(sources::parse_otlp_metrics_json("{\"resourceMetrics\": 3}").error() ==
        "ExportMetricsServiceRequest.resourceMetrics: expected an array, found number");
  CHECK(sources::parse_otlp_metrics_json(R"({"resourceMetrics": [{"scopeMetrics": [{"metrics": [7]}]}]})").error() ==
        "resourceMetrics[0].scopeMetrics[0].metrics[0]: expected an object, found number");
  CHECK(sources::parse_otlp_metrics_json("[]").error() ==
        "expected an ExportMetricsServiceRequest object, found array");
  CHECK(sources::parse_otlp_metrics_json("{\"resourceMetrics\": [").error().find("malformed JSON at byte") == 0);
  CHECK(sources::parse_otlp_metrics_json(std::string(200, '[') + std::string(200, ']')).error().find("nest") !=
        std::string::npos);
  const auto empty = sources::parse_otlp_metrics_json("{}");
  REQUIRE(empty);
  CHECK(empty->metrics.empty());
}

TEST_CASE("sources::parse_otlp_metrics_*: a data point's attribute keys are bounded (a client sending ever new keys)")
{
  std::string attributes;
  for (int i = 0; i < 300; ++i) {
    attributes += (i == 0 ? "" : ",") + fmt::format(R"({{"key":"k{}"}})", i);
  }
  const auto body = fmt::format(
      R"({{"resourceMetrics":[{{"scopeMetrics":[{{"metrics":[{{"name":"m","gauge":{{"dataPoints":[{{"attributes":[{}]}}]}}}}]}}]}}]}})",
      attributes);
  const auto json = sources::parse_otlp_metrics_json(body).value();
  REQUIRE(json.metrics.size() == 1);
  CHECK(json.metrics[0].attribute_keys.size() == sources::MetricSummary::k_max_keys);
  CHECK(json.metrics[0].keys_capped);
  CHECK(json.metrics[0].data_points == 1);

  std::string buffer;
  {
    protozero::pbf_writer request(buffer);
    protozero::pbf_writer resource_metrics(request, 1);
    protozero::pbf_writer scope(resource_metrics, 2);
    protozero::pbf_writer metric(scope, 2);
    metric.add_string(1, "m");
    protozero::pbf_writer gauge(metric, 5);
    protozero::pbf_writer point(gauge, 1);
    for (int i = 0; i < 300; ++i) {
      protozero::pbf_writer attribute(point, 7);
      attribute.add_string(1, fmt::format("k{}", i));
    }
  }
  const auto proto = sources::parse_otlp_metrics_proto(buffer).value();
  REQUIRE(proto.metrics.size() == 1);
  CHECK(proto.metrics[0].attribute_keys.size() == sources::MetricSummary::k_max_keys);
  CHECK(proto.metrics[0].keys_capped);
}
