#include <src/sources/otlp.hpp>
#include <src/sources/otlp_encode.hpp>
#include <src/sources/otlp_json_write.hpp>
#include <src/sources/otlp_proto.hpp>
#include <src/sources/trace_file.hpp>

#include "support/fixtures.hpp"
#include "support/otlp_compare.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;

TEST_CASE("sources::write_otlp_json is read back by --from-file to the same TraceSet")
{
  SUBCASE("the codec sample")
  {
    const auto set = sources::parse_otlp_traces_proto(sources::encode_otlp_traces(test::sample_spans())).value();
    const auto back = sources::parse_otlp_traces(sources::write_otlp_json(set));
    REQUIRE_MESSAGE(back, back.error());
    test::check_same_traces(set, *back);
  }
  SUBCASE("what the OTel Python SDK sent")
  {
    const auto set = sources::parse_otlp_traces_proto(test::read_fixture("otlp/python-sdk-traces.pb")).value();
    const auto back = sources::parse_otlp_traces(sources::write_otlp_json(set));
    REQUIRE_MESSAGE(back, back.error());
    test::check_same_traces(set, *back);
  }
  SUBCASE("a service interleaved with another keeps its spans' order and one services entry")
  {
    auto spans = test::sample_spans();
    std::swap(spans[1], spans[2]); // checkout, payments, checkout, … within trace 1
    const auto set = sources::parse_otlp_traces_proto(sources::encode_otlp_traces(spans)).value();
    const auto json = sources::write_otlp_json(set);
    CHECK(nlohmann::json::parse(json)["resourceSpans"].size() == 5);
    test::check_same_traces(set, sources::parse_otlp_traces(json).value());
  }
  SUBCASE("names needing escapes, times before the epoch")
  {
    auto set = sources::parse_otlp_traces_proto(sources::encode_otlp_traces(test::sample_spans())).value();
    set.traces[0].spans[0].name = "quote \" backslash \\ newline \n tab \t \x01";
    const auto back = sources::parse_otlp_traces(sources::write_otlp_json(set));
    REQUIRE_MESSAGE(back, back.error());
    test::check_same_traces(set, *back);
    set.traces[0].spans[0].start_us = -5;
    const auto clamped = sources::parse_otlp_traces(sources::write_otlp_json(set));
    REQUIRE_MESSAGE(clamped, clamped.error());
    CHECK(clamped->traces[0].spans[0].start_us == 0);
  }
  SUBCASE("an empty set is an empty TracesData")
  {
    CHECK(sources::write_otlp_json({}) == "{\"resourceSpans\":[]}\n");
  }
}

TEST_CASE("cli: ttaobs trace --from-file reads what write_otlp_json wrote")
{
  const auto set = sources::parse_otlp_traces_proto(test::read_fixture("otlp/python-sdk-traces.pb")).value();
  const auto path = test::temp_dir("otlp-json-write") + "/received.json";
  std::ofstream(path) << sources::write_otlp_json(set);
  const auto loaded = sources::load_trace_file(path);
  REQUIRE_MESSAGE(loaded, loaded.error());
  test::check_same_traces(set, *loaded);
  const auto tree = test::run_ttaobs("trace --from-file " + path);
  CHECK(tree.exit_code == 0);
  CHECK(tree.out.find(set.traces[0].trace_id + " · 4 spans · depth 3 · 1 root") != std::string::npos);
}
