#include <src/sources/otlp.hpp>
#include <src/sources/otlp_encode.hpp>
#include <src/sources/otlp_proto.hpp>
#include <src/trace/merge.hpp>

#include "support/fixtures.hpp"
#include "support/otlp_compare.hpp"

#include <doctest/doctest.h>
#include <protozero/pbf_writer.hpp>

#include <string>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using namespace std::string_literals;

namespace {

// One raw span (ids as bytes) with `extra` written into it by the caller.
template <typename Extra> std::string raw_request(std::string_view trace_id, std::string_view span_id, Extra&& extra)
{
  std::string buffer;
  protozero::pbf_writer request(buffer);
  protozero::pbf_writer resource_spans(request, 1);
  protozero::pbf_writer scope_spans(resource_spans, 2);
  protozero::pbf_writer span(scope_spans, 2);
  span.add_bytes(1, trace_id.data(), trace_id.size());
  span.add_bytes(2, span_id.data(), span_id.size());
  span.add_string(5, "op");
  extra(span);
  span.commit();
  scope_spans.commit();
  resource_spans.commit();
  return buffer;
}

const std::string k_trace(16, '\x01');
const std::string k_span(8, '\x02');

std::string error_of(std::string_view body, const json::JsonLimits& limits = {})
{
  const auto set = sources::parse_otlp_traces_proto(body, limits);
  return set ? "(decoded)" : set.error();
}

} // namespace

TEST_CASE("sources::parse_otlp_traces_proto decodes what parse_otlp_traces reads from the same OTLP/JSON")
{
  const auto spans = test::sample_spans();
  const auto proto = sources::parse_otlp_traces_proto(sources::encode_otlp_traces(spans));
  const auto json = sources::parse_otlp_traces(test::otlp_json_of(spans));
  REQUIRE_MESSAGE(proto, proto.error());
  REQUIRE_MESSAGE(json, json.error());
  test::check_same_traces(*proto, *json);

  REQUIRE(proto->traces.size() == 2);
  const auto& newest = proto->traces[0]; // most recent first
  CHECK(newest.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(newest.services == std::vector<std::string>{"payments", "checkout"});
  CHECK(newest.spans[1].duration_us == 0); // ends before it starts
  const auto& checkout = proto->traces[1];
  REQUIRE(checkout.spans.size() == 4);
  const auto& root = checkout.spans[0];
  CHECK(root.span_id == "b7ad6b7169203331");
  CHECK(root.start_us == 1'700'000'000'000'000);
  CHECK(root.duration_us == 250'000);
  CHECK(root.kind() == trace::SpanKind::server);
  CHECK(root.status() == trace::SpanStatus::ok);
  CHECK(checkout.attribute(root, "http.status_code") == "200");
  CHECK(checkout.attribute(root, "retry") == "false");
  CHECK(checkout.attribute(root, "ratio") == "0.25");
  CHECK(checkout.attribute(root, "neg") == "-7");
  CHECK(checkout.spans[1].error);
  CHECK(checkout.spans[1].duration_us == 190'999); // truncated like the JSON path
  CHECK(checkout.service_of(checkout.spans[2]) == "payments");
  REQUIRE(checkout.spans[2].links.size() == 1);
  CHECK(checkout.spans[2].links[0] == "b7ad6b7169203331");
  CHECK(checkout.attribute(checkout.spans[3], "unicode") == "\xc3\xa9t\xc3\xa9");
  CHECK_FALSE(checkout.attribute(checkout.spans[3], ""));
  CHECK(checkout.services == std::vector<std::string>{"checkout", "payments"}); // two resources, one name
}

TEST_CASE("sources::parse_otlp_traces_proto keeps arrays, maps and bytes as '' and skips unknown fields")
{
  const auto body = raw_request(k_trace, k_span, [](protozero::pbf_writer& span) {
    span.add_uint64(1000, 7);      // unknown varint
    span.add_fixed32(1001, 7);     // unknown fixed32
    span.add_fixed64(1002, 7);     // unknown fixed64
    span.add_string(1003, "skip"); // unknown length-delimited
    span.add_fixed32(16, 0x301);   // flags
    {
      protozero::pbf_writer kv(span, 9);
      kv.add_string(1, "list");
      protozero::pbf_writer any(kv, 2);
      protozero::pbf_writer array(any, 5);
      protozero::pbf_writer element(array, 1);
      element.add_string(1, "x");
    }
    {
      protozero::pbf_writer kv(span, 9);
      kv.add_string(1, "map");
      protozero::pbf_writer any(kv, 2);
      protozero::pbf_writer map(any, 6);
      protozero::pbf_writer entry(map, 1);
      entry.add_string(1, "k");
    }
    {
      protozero::pbf_writer kv(span, 9);
      kv.add_string(1, "raw");
      protozero::pbf_writer any(kv, 2);
      any.add_bytes(7, "\x00\x01"s);
    }
    {
      protozero::pbf_writer kv(span, 9);
      kv.add_string(1, "nothing"); // no value at all
    }
  });
  const auto set = sources::parse_otlp_traces_proto(body);
  REQUIRE_MESSAGE(set, set.error());
  const auto& trace = set->traces.at(0);
  CHECK(trace.trace_id == "01010101010101010101010101010101");
  CHECK(trace.spans.at(0).span_id == "0202020202020202");
  for (const auto* key : {"list", "map", "raw", "nothing"}) {
    CHECK(trace.attribute(trace.spans[0], key) == "");
  }
  const auto json = sources::parse_otlp_traces(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{
    "traceId":"01010101010101010101010101010101","spanId":"0202020202020202","name":"op","attributes":[
    {"key":"list","value":{"arrayValue":{"values":[{"stringValue":"x"}]}}},
    {"key":"map","value":{"kvlistValue":{"values":[{"key":"k"}]}}},
    {"key":"raw","value":{"bytesValue":"AAE="}},{"key":"nothing"}]}]}]}]})");
  REQUIRE_MESSAGE(json, json.error());
  test::check_same_traces(*set, *json);
}

TEST_CASE("sources::parse_otlp_traces_proto refuses malformed input with the message path and byte offset")
{
  SUBCASE("an empty body is a request without spans")
  {
    const auto set = sources::parse_otlp_traces_proto("");
    REQUIRE(set);
    CHECK(set->traces.empty());
  }
  SUBCASE("every truncation is an error or fewer spans, never a crash")
  {
    const auto body = sources::encode_otlp_traces(test::sample_spans());
    for (std::size_t size = 1; size < body.size(); ++size) {
      const auto set = sources::parse_otlp_traces_proto(std::string_view(body).substr(0, size));
      if (!set) {
        CHECK(set.error().rfind("malformed protobuf at ExportTraceServiceRequest", 0) == 0);
      }
    }
    CHECK(error_of(std::string_view(body).substr(0, 40)) ==
          "malformed protobuf at ExportTraceServiceRequest.resource_spans[0] (byte 0): truncated: a length or value "
          "runs past the "
          "end of its message");
  }
  SUBCASE("a wrong wire type names the field")
  {
    const auto body = raw_request(k_trace, k_span, [](protozero::pbf_writer& span) { span.add_uint32(5, 3); });
    CHECK(error_of(body) == "malformed protobuf at ExportTraceServiceRequest.resource_spans[0].scope_spans[0]."
                            "spans[0].name (byte 38): wire type varint where length-delimited was expected");
  }
  SUBCASE("ids of the wrong length")
  {
    CHECK(error_of(raw_request("\x01\x02\x03", k_span, [](auto&) {}))
              .find("spans[0].trace_id (byte 6): expected a "
                    "16-byte id, found 3 bytes") != std::string::npos);
    CHECK(error_of(raw_request(k_trace, "\x05", [](auto&) {})).find("spans[0].span_id") != std::string::npos);
    const auto parent = raw_request(k_trace, k_span, [](protozero::pbf_writer& span) { span.add_bytes(4, "123"); });
    CHECK(error_of(parent).find("spans[0].parent_span_id (byte 38): expected a 8-byte id") != std::string::npos);
    const auto link = raw_request(k_trace, k_span, [](protozero::pbf_writer& span) {
      protozero::pbf_writer out(span, 13);
      out.add_bytes(2, "1234567");
    });
    CHECK(error_of(link).find("spans[0].links[0].span_id (byte 40)") != std::string::npos);
  }
  SUBCASE("a span without ids")
  {
    CHECK(error_of(raw_request("", k_span, [](auto&) {})).find("spans[0].trace_id") != std::string::npos);
    CHECK(error_of(raw_request(k_trace, "", [](auto&) {})).find("spans[0].span_id (byte") != std::string::npos);
  }
  SUBCASE("times past int64 nanoseconds")
  {
    const auto body = raw_request(k_trace, k_span, [](protozero::pbf_writer& span) { span.add_fixed64(7, ~0ull); });
    CHECK(error_of(body).find("start_time_unix_nano (byte 38): 18446744073709551615 ns is past the year 2262") !=
          std::string::npos);
  }
  SUBCASE("AnyValue nesting deeper than the bound")
  {
    const auto nested = [](std::size_t levels) {
      return raw_request(k_trace, k_span, [levels](protozero::pbf_writer& span) {
        std::string value; // innermost first: AnyValue{array_value{values: [value]}}
        for (std::size_t i = 0; i < levels; ++i) {
          std::string array;
          {
            protozero::pbf_writer list(array);
            list.add_message(1, value);
          }
          std::string any;
          protozero::pbf_writer(any).add_message(5, array);
          value = any;
        }
        protozero::pbf_writer kv(span, 9);
        kv.add_string(1, "deep");
        kv.add_message(2, value);
      });
    };
    CHECK(sources::parse_otlp_traces_proto(nested(5), json::JsonLimits{6}));
    const auto error = error_of(nested(7), json::JsonLimits{6});
    CHECK(error.find("attributes[0].value.array_value.values[0].array_value") != std::string::npos);
    CHECK(error.find("AnyValue nesting deeper than 6 levels") != std::string::npos);
    CHECK(error_of(nested(5000)).find("deeper than 128 levels") != std::string::npos);
  }
  SUBCASE("not protobuf at all")
  {
    CHECK(error_of(R"({"resourceSpans": []})").rfind("malformed protobuf", 0) == 0);
    CHECK(error_of("\x0f").find("unknown wire type") != std::string::npos);
    CHECK(error_of("\x00"s).find("invalid field number") != std::string::npos);
    CHECK(error_of("\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01") ==
          "malformed protobuf at ExportTraceServiceRequest (byte 0): varint longer than 10 bytes");
  }
  SUBCASE("a passed deadline")
  {
    json::JsonLimits limits;
    limits.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    CHECK(error_of(sources::encode_otlp_traces(test::sample_spans()), limits).find("timed out") != std::string::npos);
  }
}

TEST_CASE("sources::read_otlp_traces_proto: requests joined by one TraceCollector, a retried request dropped")
{
  auto spans = test::sample_spans();
  const std::vector<sources::OtlpSpan> first(spans.begin(), spans.begin() + 3);
  const std::vector<sources::OtlpSpan> second(spans.begin() + 3, spans.end());
  trace::TraceCollector collector;
  CHECK(collector.add(sources::read_otlp_traces_proto(sources::encode_otlp_traces(first)).value()) == 0);
  CHECK(collector.span_count() == 3);
  const auto bad = sources::read_otlp_traces_proto(raw_request(k_trace, "\x05", [](auto&) {}));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("byte") != std::string::npos);
  // the exporter missed our answer and sends the first request again: nothing is added twice
  CHECK(collector.add(sources::read_otlp_traces_proto(sources::encode_otlp_traces(first)).value()) == 3);
  CHECK(collector.add(sources::read_otlp_traces_proto(sources::encode_otlp_traces(second)).value()) == 0);
  CHECK(collector.duplicates() == 3);
  CHECK(collector.span_count() == spans.size());
  const auto joined = collector.take();
  CHECK(collector.span_count() == 0);
  test::check_same_traces(joined, sources::parse_otlp_traces_proto(sources::encode_otlp_traces(spans)).value());
}

TEST_CASE("sources::encode_otlp_response and parse_otlp_response")
{
  CHECK(sources::encode_otlp_response().empty()); // full success is an empty message
  const auto partial = sources::encode_otlp_response(3, "3 spans without a trace id");
  const auto read = sources::parse_otlp_response(partial);
  REQUIRE(read);
  CHECK(read->rejected == 3);
  CHECK(read->message == "3 spans without a trace id");
  CHECK(sources::parse_otlp_response("").value().rejected == 0);
  CHECK_FALSE(sources::parse_otlp_response("\x0a\x05\x08"));
}

TEST_CASE("sources::parse_otlp_traces_proto reads what the OpenTelemetry Python SDK sends, as its JSON twin")
{
  const auto proto = sources::parse_otlp_traces_proto(test::read_fixture("otlp/python-sdk-traces.pb"));
  const auto json = sources::parse_otlp_traces(test::read_fixture("otlp/python-sdk-traces.json"));
  REQUIRE_MESSAGE(proto, proto.error());
  REQUIRE_MESSAGE(json, json.error());
  test::check_same_traces(*proto, *json);
  REQUIRE(proto->traces.size() == 1);
  const auto& trace = proto->traces[0];
  CHECK(trace.services == std::vector<std::string>{"checkout", "payments"});
  REQUIRE(trace.spans.size() == 4);
  REQUIRE(proto->trees[0].roots.size() == 1);
  const auto& root = trace.spans[proto->trees[0].roots[0]];
  CHECK(root.name == "checkout.request");
  CHECK(root.kind() == trace::SpanKind::server);
  CHECK(trace.attribute(root, "checkout.order") == "42");
  CHECK(trace.attribute(root, "checkout.ratio") == "0.5");
  CHECK(trace.attribute(root, "checkout.retry") == "false");
  CHECK(trace.attribute(root, "checkout.items") == "");
  CHECK(proto->trees[0].max_depth == 3);
  std::size_t errors = 0;
  std::size_t links = 0;
  for (const auto& span : trace.spans) {
    errors += span.error ? 1 : 0;
    links += span.links.size();
  }
  CHECK(errors == 2);
  CHECK(links == 1);
}
