#include <src/sources/jaeger.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using ttaobs::test::read_fixture;
using ttaobs::test::replay_body;

TEST_CASE("sources::parse_jaeger_traces real Jaeger v1.76 answers")
{
  SUBCASE("healthy workflow trace")
  {
    const auto set = sources::parse_jaeger_traces(replay_body("healthy", "/api/traces?"));
    REQUIRE(set);
    REQUIRE(set->traces.size() == 1);
    const auto& trace = set->traces[0];
    CHECK(trace.trace_id.size() == 32);
    CHECK(trace.spans.size() >= 10);
    int roots = 0;
    for (const auto& span : trace.spans) {
      CHECK(span.span_id.view().size() == 16);
      CHECK(span.duration_us >= 0);
      roots += span.parent_id.empty() ? 1 : 0;
      if (span.name == "demo.workflow_execution") {
        CHECK(span.parent_id.empty());
      }
    }
    CHECK(roots == 1);
  }
  SUBCASE("unknown service: 200 with empty data")
  {
    const auto set = sources::parse_jaeger_traces(replay_body("unknown-service", "/api/traces?"));
    REQUIRE(set);
    CHECK(set->traces.empty());
  }
  SUBCASE("error envelope")
  {
    const auto set = sources::parse_jaeger_traces(read_fixture("jaeger/error-missing-service.json"));
    REQUIRE_FALSE(set);
    CHECK(set.error() == "Jaeger reported an error: parameter 'service' is required");
    CHECK(sources::jaeger_error_message(read_fixture("jaeger/error-missing-service.json")) ==
          "parameter 'service' is required");
  }
}

TEST_CASE("sources::parse_jaeger_traces upstream corpus")
{
  SUBCASE("orphan and duplicate span id from Jaeger's own otlp2jaeger fixture")
  {
    const auto set = sources::parse_jaeger_traces(read_fixture("jaeger/jaeger__otlp2jaeger-out.json"));
    REQUIRE(set);
    REQUIRE(set->traces.size() == 1);
    const auto& spans = set->traces[0].spans;
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].name == "okey-dokey-0");
    CHECK(spans[0].span_id == "e127af99e3b3e074");
    CHECK(spans[0].parent_id == "909541b92cf05311"); // absent from the trace: an orphan
    CHECK(spans[0].span_id == spans[1].span_id);     // duplicate span id kept as received
  }
  SUBCASE("wrong shape: a bare span object")
  {
    const auto set = sources::parse_jaeger_traces(read_fixture("jaeger/jaeger__anonymizer_trace_wrong_format.json"));
    REQUIRE_FALSE(set);
    CHECK(set.error() == "missing \"data\" (not a Jaeger query API answer)");
  }
  SUBCASE("an array where an object is expected")
  {
    const auto set = sources::parse_jaeger_traces(read_fixture("jaeger/jaeger__anonymizer_trace_invalid_json.json"));
    REQUIRE_FALSE(set);
    CHECK(set.error() == "expected a JSON object with \"data\", found array");
  }
}

TEST_CASE("sources::parse_jaeger_traces malformed input names the place")
{
  CHECK(sources::parse_jaeger_traces("").error() == "empty response body (expected JSON)");
  CHECK(sources::parse_jaeger_traces("{\"data\":[")
            .error()
            .rfind("malformed JSON at byte 10: unexpected end of input", 0) == 0);
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[]},]})").error() ==
        "malformed JSON at byte 37: expected a value after ','");
  CHECK(sources::parse_jaeger_traces("{\"data\":[]} trailing").error() ==
        "malformed JSON at byte 13: unexpected text after the JSON value");
  CHECK(sources::parse_jaeger_traces("{\"data\":[7]}").error() == "data[0]: expected object, found number");
  CHECK(sources::parse_jaeger_traces(
            R"({"data":[{"traceID":"a","spans":[{"spanID":"b","operationName":"x","startTime":1.5,"duration":7}]}]})")
            .error() == "data[0].spans[0].startTime: expected integer, found number");
  CHECK(
      sources::parse_jaeger_traces(
          R"({"data":[{"traceID":"a","spans":[{"spanID":"b","operationName":"x","startTime":1,"duration":1,"references":[{"refType":"CHILD_OF"}]}]}]})")
          .error() == "data[0].spans[0].references[0].spanID: missing");
  CHECK(
      sources::parse_jaeger_traces(
          R"({"data":[{"traceID":"a","spans":[{"spanID":"0123456789abcdef0123456789abcdef","operationName":"x","startTime":1,"duration":1}]}]})")
          .error() == "data[0].spans[0].spanID: id longer than 23 characters");
  CHECK(sources::parse_jaeger_traces("<html>").error().rfind("malformed JSON at byte 1:", 0) == 0);
  CHECK(sources::parse_jaeger_traces(R"({"data":{}})").error() == "data: expected array, found object");
  CHECK(sources::parse_jaeger_traces(
            R"({"data":[{"traceID":"a","spans":[{"spanID":"b","operationName":"x","startTime":1,"duration":"7"}]}]})")
            .error() == "data[0].spans[0].duration: expected integer, found string");
  CHECK(
      sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[{"spanID":"b","startTime":1,"duration":7}]}]})")
          .error() == "data[0].spans[0].operationName: missing");
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a"}]})").error() == "data[0].spans: missing");
  CHECK(sources::parse_jaeger_traces(R"({"data":null})")->traces.empty());
}

TEST_CASE("sources::parse_jaeger_traces references")
{
  const auto set = sources::parse_jaeger_traces(R"({"data":[{"traceID":"t","spans":[
    {"spanID":"c","operationName":"child","startTime":5,"duration":1,
     "references":[{"refType":"FOLLOWS_FROM","traceID":"t","spanID":"x"},
                   {"refType":"CHILD_OF","traceID":"other","spanID":"y"},
                   {"refType":"CHILD_OF","traceID":"t","spanID":"p"}]},
    {"spanID":"p","operationName":"parent","startTime":4,"duration":3,"references":null}]}]})");
  REQUIRE(set);
  const auto& child = set->traces[0].spans[0];
  CHECK(child.parent_id == "p");
  CHECK(child.links == std::vector<trace::SpanId>{"x", "y"});
  CHECK(set->traces[0].spans[1].parent_id.empty());
}

TEST_CASE("sources::parse_jaeger_traces orders traces newest first")
{
  const auto set = sources::parse_jaeger_traces(R"({"data":[
    {"traceID":"old","spans":[{"spanID":"a","operationName":"x","startTime":100,"duration":1}]},
    {"traceID":"new","spans":[{"spanID":"b","operationName":"x","startTime":900,"duration":1}]}]})");
  REQUIRE(set);
  CHECK(set->traces[0].trace_id == "new");
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("sources");

TEST_CASE("sources::parse_jaeger_traces reads Jaeger's error envelope wherever it is")
{
  const std::string padding(10000, ' ');
  const auto late = ttaobs::sources::parse_jaeger_traces(
      "{\"data\":null," + padding + "\"errors\":[{\"code\":500,\"msg\":\"storage unavailable\"}]}");
  REQUIRE_FALSE(late);
  CHECK(late.error() == "Jaeger reported an error: storage unavailable");
  CHECK(ttaobs::sources::parse_jaeger_traces(R"({"data":[],"errors":null})")->traces.empty());
  CHECK(ttaobs::sources::parse_jaeger_traces(R"({"data":[],"errors":[]})")->traces.empty());
}

TEST_SUITE_END();

TEST_CASE("sources::parse_jaeger_traces reads kind, status, service and tags as attributes")
{
  SUBCASE("a hand-written two-service trace (fixtures/jaeger/checkout-v1.json)")
  {
    const auto set = sources::parse_jaeger_traces(read_fixture("jaeger/checkout-v1.json"));
    REQUIRE(set);
    REQUIRE(set->traces.size() == 1);
    const auto& trace = set->traces[0];
    REQUIRE(trace.spans.size() == 5);
    const auto& root = trace.spans[0];
    CHECK(root.name == "checkout.request");
    CHECK(root.kind() == trace::SpanKind::server);
    CHECK(root.status() == trace::SpanStatus::unset);
    CHECK(trace.service_of(root) == "checkout");
    CHECK(trace.attribute(root, "http.method") == "GET");
    CHECK(trace.attribute(root, "http.status_code") == "200"); // an int64 tag, as text
    CHECK_FALSE(trace.attribute(root, "db.system"));
    const auto& failed = trace.spans[3];
    CHECK(failed.name == "http.client POST");
    CHECK(failed.kind() == trace::SpanKind::client);
    CHECK(failed.status() == trace::SpanStatus::error);
    CHECK(failed.error);
    CHECK(trace.attribute(failed, "retry") == "true"); // a bool tag
    const auto& payment = trace.spans[4];
    CHECK(payment.status() == trace::SpanStatus::ok);
    CHECK_FALSE(payment.error);
    CHECK(trace.service_of(payment) == "payments");
    CHECK(trace.attribute(payment, "amount") == "12.5");      // a float64 tag
    CHECK(trace.attribute(payment, "span.kind") == "server"); // tags are kept whole
  }
  SUBCASE("Jaeger's own otlp2jaeger output: span.kind tag, process p1")
  {
    const auto set = sources::parse_jaeger_traces(read_fixture("jaeger/jaeger__otlp2jaeger-out.json"));
    REQUIRE(set);
    const auto& trace = set->traces[0];
    REQUIRE_FALSE(trace.spans.empty());
    CHECK(trace.spans[0].kind() == trace::SpanKind::server);
    CHECK(trace.service_of(trace.spans[0]) == "telemetrygen");
    CHECK(trace.attribute(trace.spans[0], "peer.service") == "telemetrygen-client");
  }
  SUBCASE("processes before the spans, an unknown process, no processes at all")
  {
    const auto set = sources::parse_jaeger_traces(
        R"({"data":[{"processes":{"p1":{"serviceName":"early"}},"traceID":"t1","spans":[
         {"spanID":"a","operationName":"x","startTime":1,"duration":1,"processID":"p1"},
         {"spanID":"b","operationName":"y","startTime":1,"duration":1,"processID":"p9"}]},
        {"traceID":"t2","spans":[{"spanID":"c","operationName":"z","startTime":0,"duration":1,"processID":"p1",
         "tags":[{"key":"span.kind","value":"producer"},{"key":"otel.status_code","value":"OK"},{"value":"no key"}]}]}]})");
    REQUIRE(set);
    REQUIRE(set->traces.size() == 2);
    const auto& first = set->traces[0].trace_id == "t1" ? set->traces[0] : set->traces[1];
    const auto& second = set->traces[0].trace_id == "t1" ? set->traces[1] : set->traces[0];
    CHECK(first.service_of(first.spans[0]) == "early");
    CHECK(first.service_of(first.spans[1]).empty());
    CHECK(second.service_of(second.spans[0]).empty());
    CHECK(second.spans[0].kind() == trace::SpanKind::producer);
    CHECK(second.spans[0].status() == trace::SpanStatus::ok);
    CHECK(second.attributes.pair_count() == 2); // the tag without a key is not an attribute
  }
}
