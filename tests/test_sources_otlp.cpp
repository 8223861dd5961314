#include <src/sources/otlp.hpp>
#include <src/sources/trace_file.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using test::read_fixture;

TEST_CASE("sources::parse_otlp_traces real api_v3 and OTLP answers")
{
  SUBCASE("Jaeger api_v3 FindTraces snapshot: zero values left out")
  {
    const auto set = sources::parse_otlp_traces(read_fixture("otlp/jaeger__FindTraces.json"));
    REQUIRE(set);
    REQUIRE(set->traces.size() == 1);
    CHECK(set->traces[0].trace_id == "00000000000000000000000000000001");
    CHECK(set->traces[0].spans[0].name == "foobar");
    CHECK(set->traces[0].spans[0].start_us == 0);
  }
  SUBCASE("api_v3 from the local Jaeger v1.76")
  {
    const auto set = sources::parse_otlp_traces(test::replay_body("healthy-v3", "/api/v3/traces?"));
    REQUIRE(set);
    REQUIRE(set->traces.size() == 1);
    CHECK(set->trees[0].roots.size() == 1);
    CHECK(set->traces[0].spans[set->trees[0].roots[0]].name == "demo.workflow_execution");
    CHECK(set->trees[0].max_depth == 5);
  }
  SUBCASE("several traces, grouped and most recent first")
  {
    const auto set = sources::parse_otlp_traces(read_fixture("otlp/jaeger__memory_otel_traces_01.json"));
    REQUIRE(set);
    CHECK(set->traces.size() == 2);
    CHECK(set->traces.size() == set->trees.size());
  }
  SUBCASE("Tempo v1 batches and v2 envelope with base64 ids (derived from otlp2jaeger-in)")
  {
    const auto hex = sources::parse_otlp_traces(read_fixture("otlp/jaeger__otlp2jaeger-in.json"));
    for (const char* file : {"otlp/tempo-v1-derived.json", "otlp/tempo-v2-derived.json"}) {
      CAPTURE(file);
      const auto tempo = sources::parse_otlp_traces(read_fixture(file));
      REQUIRE(tempo);
      REQUIRE(hex);
      CHECK(tempo->traces[0].trace_id == "83a9efd15c1c98a977e0711cc93ee28b");
      CHECK(tempo->traces[0].spans[0].span_id == hex->traces[0].spans[0].span_id);
      CHECK(tempo->traces[0].spans[0].parent_id == "909541b92cf05311");
    }
  }
}

TEST_CASE("sources::parse_otlp_traces errors")
{
  CHECK(sources::parse_otlp_traces("[]").error() == "expected an OTLP/JSON object, found array");
  CHECK(sources::parse_otlp_traces("{}").error() == "no resourceSpans or batches (not OTLP/JSON traces)");
  CHECK(sources::parse_otlp_traces(R"({"error":{"httpCode":400,"message":"malformed parameter"}})").error()
        == "server reported an error: malformed parameter");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"!!","spanId":"0000000000000001"}]}]}]})")
          .error()
        == "$.resourceSpans[0].scopeSpans[0].spans[0].traceId: '!!' is neither a hex nor a base64 id");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000001","startTimeUnixNano":"soon"}]}]}]})")
          .error()
        == "$.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected nanoseconds as a string or integer");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":{}})").error() == "$.resourceSpans: expected array, found object");
}

TEST_CASE("sources::base64_to_hex")
{
  std::string hex;
  CHECK(sources::base64_to_hex("AAAAAAAAAAE=", hex));
  CHECK(hex == "0000000000000001");
  CHECK(sources::base64_to_hex("g6nv0VwcmKl34HEcyT7iiw==", hex)); // python3 base64 of the id below
  CHECK(hex == "83a9efd15c1c98a977e0711cc93ee28b");
  CHECK(sources::base64_to_hex("g6nv0VwcmKl34HEcyT7iiw", hex)); // padding is optional
  CHECK(hex == "83a9efd15c1c98a977e0711cc93ee28b");
  CHECK_FALSE(sources::base64_to_hex("a", hex));
  CHECK_FALSE(sources::base64_to_hex("@@@@", hex));
}

TEST_CASE("sources::parse_trace_document tells shapes apart")
{
  CHECK(sources::parse_trace_document(test::replay_body("healthy", "/api/traces?"))->traces.size() == 1);
  const auto bare = sources::parse_trace_document(read_fixture("jaeger/jaeger-ui__TraceGraph_testTrace.json"));
  REQUIRE(bare);
  CHECK(bare->traces[0].spans.size() == 11);
  CHECK(bare->trees[0].roots.size() == 2);
  CHECK(sources::parse_trace_document(read_fixture("otlp/jaeger__FindTraces.json"))->traces.size() == 1);
  CHECK(sources::parse_trace_document(read_fixture("otlp/tempo-v1-derived.json")));
  CHECK_FALSE(sources::parse_trace_document("not json"));
  CHECK(sources::load_trace_file("/nonexistent.json").error() == "/nonexistent.json: cannot read file");
  const auto bad = sources::load_trace_file(test::fixture_path("jaeger/jaeger__anonymizer_trace_invalid_json.json"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("jaeger__anonymizer_trace_invalid_json.json: ") != std::string::npos);
}

TEST_SUITE_END();
