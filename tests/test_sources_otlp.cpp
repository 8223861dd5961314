#include <src/sources/otlp.hpp>
#include <src/sources/otlp_ids.hpp>
#include <src/sources/trace_file.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>

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
  CHECK(sources::parse_otlp_traces(R"({"error":{"httpCode":400,"message":"malformed parameter"}})").error() ==
        "server reported an error: malformed parameter");
  CHECK(sources::parse_otlp_traces(
            R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"!!","spanId":"0000000000000001"}]}]}]})")
            .error() == "$.resourceSpans[0].scopeSpans[0].spans[0].traceId: '!!' is neither a hex nor a base64 id");
  CHECK(
      sources::parse_otlp_traces(
          R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000001","startTimeUnixNano":"soon"}]}]}]})")
          .error() ==
      "$.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected nanoseconds as a string or integer");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":{}})").error() ==
        "$.resourceSpans: expected array, found object");
  // a span id longer than a span id holds is refused, never cut: two such ids must not become one
  CHECK(
      sources::parse_otlp_traces(
          R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"ZZZZZZZZZZZZZZZZ"}]}]}]})")
          .error() ==
      "$.resourceSpans[0].scopeSpans[0].spans[0].spanId: id longer than 23 hex digits (a span id has 16)");
  CHECK(
      sources::parse_otlp_traces(
          R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000001","parentSpanId":"00000000000000000000000000000001"}]}]}]})")
          .error() ==
      "$.resourceSpans[0].scopeSpans[0].spans[0].parentSpanId: id longer than 23 hex digits (a span id has 16)");
}

namespace {

// The OTLP/JSON reading the streaming parser replaced (nlohmann DOM), kept as the oracle: per trace
// id, every span as "id parent name start duration links" in source order.
std::map<std::string, std::vector<std::string>> dom_oracle(const std::string& body)
{
  const auto id = [](const nlohmann::json& v) {
    const auto text = v.get<std::string>();
    std::string hex;
    if (text.size() == 16 || text.size() == 32) {
      std::transform(text.begin(), text.end(), std::back_inserter(hex),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    } else if (!text.empty()) {
      REQUIRE(sources::base64_to_hex(text, hex));
    }
    return hex;
  };
  const auto nanos = [](const nlohmann::json& s, const char* key) -> std::int64_t {
    if (!s.contains(key))
      return 0;
    return s[key].is_string() ? std::stoll(s[key].get<std::string>()) : s[key].get<std::int64_t>();
  };
  auto doc = nlohmann::json::parse(body);
  for (const char* wrapper : {"result", "trace"}) {
    if (doc.contains(wrapper))
      doc = doc[wrapper];
  }
  const auto& list = doc.contains("resourceSpans") ? doc["resourceSpans"] : doc["batches"];
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& resource : list) {
    for (const char* key : {"scopeSpans", "instrumentationLibrarySpans"}) {
      for (const auto& scope : resource.value(key, nlohmann::json::array())) {
        for (const auto& s : scope.value("spans", nlohmann::json::array())) {
          std::string links;
          for (const auto& link : s.value("links", nlohmann::json::array()))
            links += id(link["spanId"]) + ",";
          const auto start = nanos(s, "startTimeUnixNano");
          out[id(s["traceId"])].push_back(
              fmt::format("{} {} {} {} {} {}", id(s["spanId"]), s.contains("parentSpanId") ? id(s["parentSpanId"]) : "",
                          s.value("name", ""), start / 1000,
                          std::max<std::int64_t>(0, nanos(s, "endTimeUnixNano") - start) / 1000, links));
        }
      }
    }
  }
  return out;
}

std::map<std::string, std::vector<std::string>> streamed(const trace::TraceSet& set)
{
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& trace : set.traces) {
    for (const auto& span : trace.spans) {
      std::string links;
      for (const auto& link : span.links)
        links += link.str() + ",";
      out[trace.trace_id].push_back(fmt::format("{} {} {} {} {} {}", span.span_id, span.parent_id, span.name,
                                                span.start_us, span.duration_us, links));
    }
  }
  return out;
}

std::string deep_otlp(std::size_t levels)
{
  return R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000001","attributes":)" +
         std::string(levels, '[') + std::string(levels, ']') + "}]}]}]}";
}

} // namespace

TEST_CASE("sources::parse_otlp_traces streams every fixture as the DOM reading did")
{
  std::vector<std::pair<std::string, std::string>> bodies;
  for (const char* file :
       {"otlp/jaeger__FindTraces.json", "otlp/jaeger__memory_otel_traces_01.json", "otlp/jaeger__otlp2jaeger-in.json",
        "otlp/tempo-v1-derived.json", "otlp/tempo-v2-derived.json"}) {
    bodies.emplace_back(file, read_fixture(file));
  }
  bodies.emplace_back("replay healthy-v3", test::replay_body("healthy-v3", "/api/v3/traces?"));
  // links, numbers as integers, upper-case hex, null members and unknown members skipped
  bodies.emplace_back(
      "links",
      R"({"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"arrayValue":{"values":[{"intValue":"1"}]}}}]},
    "scopeSpans":[{"scope":{"name":"s"},"spans":[{"traceId":"000000000000000000000000000000AB","spanId":"00000000000000A1",
    "parentSpanId":"","name":"a","kind":3,"startTimeUnixNano":2000000,"endTimeUnixNano":"5000000","status":{"code":2,"message":"x"},
    "links":[{"traceId":"00000000000000000000000000000002","spanId":"00000000000000b2"},{"spanId":"AAAAAAAAALM="}]},
    {"traceId":"000000000000000000000000000000ab","spanId":"00000000000000a2","parentSpanId":"00000000000000A1","links":null,
    "events":[{"name":"e","attributes":[]}],"droppedAttributesCount":0}]},{"spans":null}]},{"instrumentationLibrarySpans":[{"spans":[
    {"traceId":"00000000000000000000000000000003","spanId":"00000000000000c1","name":"other","startTimeUnixNano":"9000","endTimeUnixNano":"1000"}]}]}]})");
  for (const auto& entry : bodies) { // (clang 14 cannot capture a structured binding in CAPTURE)
    const auto& [name, body] = entry;
    CAPTURE(entry.first);
    const auto set = sources::parse_otlp_traces(body);
    REQUIRE_MESSAGE(set, set.error());
    CHECK(set->trees.size() == set->traces.size());
    CHECK(streamed(*set) == dom_oracle(body));
  }
  const auto links = sources::parse_otlp_traces(bodies.back().second);
  REQUIRE(links->traces.size() == 2);
  CHECK(links->traces[1].spans[0].links.size() == 2);
  CHECK(links->traces[1].spans[0].links[1] == "00000000000000b3");
  CHECK(links->traces[1].spans[1].parent_id == "00000000000000a1");
}

TEST_CASE("sources::parse_otlp_traces more errors name the JSON path")
{
  CHECK(sources::parse_otlp_traces("").error() == "empty response body (expected JSON)");
  CHECK(sources::parse_otlp_traces("<html>").error() == "malformed JSON at byte 1: expected a value");
  CHECK(sources::parse_otlp_traces(R"({"result":{"resourceSpans":[{"scopeSpans":[{"spans":[7]}]}]}})").error() ==
        "$.result.resourceSpans[0].scopeSpans[0].spans[0]: expected object, found number");
  CHECK(
      sources::parse_otlp_traces(
          R"({"trace":{"batches":[{"instrumentationLibrarySpans":[{"spans":[{"traceId":"AAAAAAAAAAAAAAAAAAAAAQ==","spanId":7}]}]}]}})")
          .error() ==
      "$.trace.batches[0].instrumentationLibrarySpans[0].spans[0].spanId: expected string id, found number");
  CHECK(
      sources::parse_otlp_traces(
          R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000001","links":[{"spanId":"!!"}]}]}]}]})")
          .error() ==
      "$.resourceSpans[0].scopeSpans[0].spans[0].links[0].spanId: '!!' is neither a hex nor a base64 id");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"0000000000000001"}]}]}]})")
            .error() == "$.resourceSpans[0].scopeSpans[0].spans[0].traceId: missing");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":[],"error":{"code":5}})").error() ==
        "server reported an error: (no message)");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":[]} x)").error() ==
        "malformed JSON at byte 22: unexpected text after the JSON value");
  CHECK(sources::parse_otlp_traces(R"({"resourceSpans":[]})")->traces.empty());
}

TEST_CASE("sources::parse_otlp_traces and trace files bound nesting (issue 12)")
{
  CHECK(sources::parse_otlp_traces(deep_otlp(120)));
  const auto deep = deep_otlp(130);
  const auto at = deep.find('[', deep.find("attributes")) + 1; // the byte of the first '[', at depth 8
  CHECK(sources::parse_otlp_traces(deep).error() == fmt::format("nesting deeper than 128 levels at byte {}", at + 121));
  CHECK(sources::parse_trace_document(deep).error() ==
        fmt::format("nesting deeper than 128 levels at byte {}", at + 121));
  // 200 MB of '[[[[' cost 15 GB: now the reader never enters what no trace shape allows
  CHECK(sources::parse_trace_document(std::string(10000000, '[')).error() ==
        "expected an OTLP/JSON object, found array");
  CHECK(sources::parse_trace_document("{\"x\":" + std::string(10000000, '[')).error() ==
        "nesting deeper than 128 levels at byte 133");
  // the fuzz seed: an attribute nested exactly to the bound is read past, events beyond it are not
  const auto seed = read_fixture("otlp/fuzz-deep-nesting.json");
  CHECK(sources::parse_otlp_traces(seed).error() ==
        fmt::format("nesting deeper than 128 levels at byte {}", seed.find("\"events\":") + 9 + 121));
  const auto dir = test::temp_dir("otlp-deep");
  std::ofstream(dir + "/deep.json") << R"({"resourceSpans":[{"resource":)" << std::string(1000000, '[');
  CHECK(sources::load_trace_file(dir + "/deep.json").error() ==
        dir + "/deep.json: nesting deeper than 128 levels at byte 156");
  std::ofstream(dir + "/deep-jaeger.json")
      << R"({"data":[{"traceID":"a","spans":[{"tags":)" << std::string(1000000, '[');
  CHECK(sources::load_trace_file(dir + "/deep-jaeger.json").error() ==
        dir + "/deep-jaeger.json: nesting deeper than 128 levels at byte 165");
}

TEST_CASE("sources::parse_otlp_traces stops when the request's deadline has passed")
{
  std::string body = R"({"resourceSpans":[{"scopeSpans":[{"spans":[)";
  for (int i = 0; i < 3000; ++i) {
    body += fmt::format(
        R"({}{{"traceId":"00000000000000000000000000000001","spanId":"{:016x}","name":"s","startTimeUnixNano":"1","endTimeUnixNano":"2"}})",
        i == 0 ? "" : ",", i + 1);
  }
  body += "]}]}]}";
  REQUIRE(body.size() > (256u << 10));
  REQUIRE(sources::parse_otlp_traces(body)->traces[0].spans.size() == 3000);
  const json::JsonLimits past{json::k_max_json_depth, std::chrono::steady_clock::now() - std::chrono::seconds(1)};
  const auto late = sources::parse_otlp_traces(body, past);
  REQUIRE_FALSE(late);
  CHECK(late.error().rfind("timed out parsing JSON at byte ", 0) == 0);
}

TEST_SUITE_END();

TEST_CASE("sources::parse_otlp_traces reads kind, status, resource service.name and attributes")
{
  SUBCASE("a hand-written two-resource api_v3 answer (fixtures/otlp/checkout-api-v3.json)")
  {
    const auto set = sources::parse_otlp_traces(read_fixture("otlp/checkout-api-v3.json"), json::JsonLimits{});
    REQUIRE(set);
    REQUIRE(set->traces.size() == 1);
    const auto& trace = set->traces[0];
    REQUIRE(trace.spans.size() == 5);
    for (const auto& span : trace.spans) {
      CAPTURE(span.name);
      CHECK(trace.service_of(span) == (span.name == "payment.charge" ? "payments" : "checkout"));
      if (span.name == "checkout.request") {
        CHECK(span.kind() == trace::SpanKind::server);
        CHECK(trace.attribute(span, "http.status_code") == "200"); // intValue as a string
        CHECK(trace.attribute(span, "http.route") == "/api/checkout");
      } else if (span.name == "http.client POST") {
        CHECK(span.kind() == trace::SpanKind::client);
        CHECK(span.status() == trace::SpanStatus::error);
        CHECK(span.error);
        CHECK(trace.attribute(span, "retry") == "true");
      } else if (span.name == "payment.charge") {
        CHECK(span.kind() == trace::SpanKind::server);    // "SPAN_KIND_SERVER"
        CHECK(span.status() == trace::SpanStatus::ok);    // "STATUS_CODE_OK"
        CHECK(trace.attribute(span, "amount") == "12.5"); // doubleValue as a number
      } else {
        CHECK(span.status() == trace::SpanStatus::unset);
        CHECK(trace.attribute(span, "db.system") == "postgresql");
      }
    }
  }
  SUBCASE("Jaeger's otlp2jaeger input: kind 2, resource service.name")
  {
    const auto set = sources::parse_otlp_traces(read_fixture("otlp/jaeger__otlp2jaeger-in.json"), json::JsonLimits{});
    REQUIRE(set);
    const auto& trace = set->traces[0];
    CHECK(trace.spans[0].kind() == trace::SpanKind::server);
    CHECK(trace.service_of(trace.spans[0]) == "telemetrygen");
    CHECK(trace.attribute(trace.spans[0], "net.peer.ip") == "1.2.3.4");
    CHECK(trace.services.size() == 1);
  }
  SUBCASE("arrays and maps keep their key with an empty value; odd kinds are unspecified")
  {
    const auto set = sources::parse_otlp_traces(
        R"({"resourceSpans":[{"resource":{"attributes":[{"key":"host.name","value":{"stringValue":"h"}}]},
          "scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708",
          "kind":9,"attributes":[{"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"}]}}},
          {"key":"n","value":{"intValue":17}},{"value":{"stringValue":"no key"}},{"key":"nothing"}]}]}]}]})",
        json::JsonLimits{});
    REQUIRE(set);
    const auto& trace = set->traces[0];
    const auto& span = trace.spans[0];
    CHECK(span.kind() == trace::SpanKind::unspecified);
    CHECK(trace.attribute(span, "tags") == "");
    CHECK(trace.attribute(span, "n") == "17");
    CHECK(trace.attribute(span, "nothing") == "");
    CHECK(trace.service_of(span).empty()); // a resource without service.name
  }
}
