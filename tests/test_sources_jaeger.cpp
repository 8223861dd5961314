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
    CHECK(sources::jaeger_error_message(read_fixture("jaeger/error-missing-service.json"))
          == "parameter 'service' is required");
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
    CHECK(spans[0].span_id == spans[1].span_id);   // duplicate span id kept as received
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
  CHECK(sources::parse_jaeger_traces("{\"data\":[").error().rfind("malformed JSON at byte 10: unexpected end of input", 0) == 0);
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[]},]})").error()
        == "malformed JSON at byte 37: expected a value after ','");
  CHECK(sources::parse_jaeger_traces("{\"data\":[]} trailing").error() == "malformed JSON at byte 13: unexpected text after the JSON value");
  CHECK(sources::parse_jaeger_traces("{\"data\":[7]}").error() == "data[0]: expected object, found number");
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[{"spanID":"b","operationName":"x","startTime":1.5,"duration":7}]}]})")
          .error()
        == "data[0].spans[0].startTime: expected integer, found number");
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[{"spanID":"b","operationName":"x","startTime":1,"duration":1,"references":[{"refType":"CHILD_OF"}]}]}]})")
          .error()
        == "data[0].spans[0].references[0].spanID: missing");
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[{"spanID":"0123456789abcdef0123456789abcdef","operationName":"x","startTime":1,"duration":1}]}]})")
          .error()
        == "data[0].spans[0].spanID: id longer than 31 characters");
  CHECK(sources::parse_jaeger_traces("<html>").error().rfind("malformed JSON at byte 1:", 0) == 0);
  CHECK(sources::parse_jaeger_traces(R"({"data":{}})").error() == "data: expected array, found object");
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[{"spanID":"b","operationName":"x","startTime":1,"duration":"7"}]}]})")
          .error()
        == "data[0].spans[0].duration: expected integer, found string");
  CHECK(sources::parse_jaeger_traces(R"({"data":[{"traceID":"a","spans":[{"spanID":"b","startTime":1,"duration":7}]}]})")
          .error()
        == "data[0].spans[0].operationName: missing");
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
