#include "otlp_compare.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <type_traits>
#include <utility>

namespace ttaobs::test {

namespace {

std::vector<std::pair<std::string, std::string>> attributes_of(const trace::Trace& trace, const trace::Span& span)
{
  std::vector<std::pair<std::string, std::string>> out;
  trace.attributes.visit(span.attributes, [&](const trace::Attribute& attribute) {
    out.emplace_back(attribute.key, attribute.value);
    return true;
  });
  return out;
}

void check_same_span(const trace::Trace& ta, const trace::Span& a, const trace::Trace& tb, const trace::Span& b)
{
  INFO("span ", a.span_id.view(), " of trace ", ta.trace_id);
  CHECK(a.span_id.view() == b.span_id.view());
  CHECK(a.parent_id.view() == b.parent_id.view());
  CHECK(a.name == b.name);
  CHECK(a.start_us == b.start_us);
  CHECK(a.duration_us == b.duration_us);
  CHECK(a.kind() == b.kind());
  CHECK(a.status() == b.status());
  CHECK(a.error == b.error);
  CHECK(a.service == b.service);
  CHECK(ta.service_of(a) == tb.service_of(b));
  REQUIRE(a.links.size() == b.links.size());
  for (std::size_t i = 0; i < a.links.size(); ++i) {
    CHECK(a.links[i].view() == b.links[i].view());
  }
  CHECK(attributes_of(ta, a) == attributes_of(tb, b));
}

nlohmann::json any_value(const sources::OtlpValue& value)
{
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          return {{"stringValue", v}};
        } else if constexpr (std::is_same_v<V, bool>) {
          return {{"boolValue", v}};
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          return {{"intValue", std::to_string(v)}}; // OTLP/JSON writes int64 as a string
        } else {
          return {{"doubleValue", v}};
        }
      },
      value);
}

nlohmann::json span_json(const sources::OtlpSpan& span)
{
  nlohmann::json out = {{"traceId", span.trace_id},
                        {"spanId", span.span_id},
                        {"name", span.name},
                        {"kind", static_cast<int>(span.kind)},
                        {"startTimeUnixNano", std::to_string(span.start_ns)},
                        {"endTimeUnixNano", std::to_string(span.end_ns)},
                        {"attributes", nlohmann::json::array()}};
  if (!span.parent_id.empty()) {
    out["parentSpanId"] = span.parent_id;
  }
  for (const auto& attribute : span.attributes) {
    out["attributes"].push_back({{"key", attribute.key}, {"value", any_value(attribute.value)}});
  }
  for (const auto& link : span.links) {
    out["links"].push_back({{"traceId", span.trace_id}, {"spanId", link}});
  }
  if (span.status != trace::SpanStatus::unset) {
    out["status"] = {{"code", static_cast<int>(span.status)}, {"message", span.status_message}};
  }
  return out;
}

} // namespace

void check_same_traces(const trace::TraceSet& a, const trace::TraceSet& b)
{
  REQUIRE(a.traces.size() == b.traces.size());
  REQUIRE(a.trees.size() == b.trees.size());
  for (std::size_t t = 0; t < a.traces.size(); ++t) {
    const auto& ta = a.traces[t];
    const auto& tb = b.traces[t];
    CHECK(ta.trace_id == tb.trace_id);
    CHECK(ta.services == tb.services);
    REQUIRE(ta.spans.size() == tb.spans.size());
    for (std::size_t s = 0; s < ta.spans.size(); ++s) {
      check_same_span(ta, ta.spans[s], tb, tb.spans[s]);
    }
    CHECK(a.trees[t].roots == b.trees[t].roots);
    CHECK(a.trees[t].max_depth == b.trees[t].max_depth);
  }
}

std::string otlp_json_of(const std::vector<sources::OtlpSpan>& spans)
{
  nlohmann::json resources = nlohmann::json::array();
  for (std::size_t begin = 0; begin < spans.size();) {
    nlohmann::json list = nlohmann::json::array();
    std::size_t end = begin;
    for (; end < spans.size() && spans[end].service == spans[begin].service; ++end) {
      list.push_back(span_json(spans[end]));
    }
    nlohmann::json resource = nlohmann::json::object();
    if (!spans[begin].service.empty()) {
      resource["attributes"] = {{{"key", "service.name"}, {"value", {{"stringValue", spans[begin].service}}}}};
    }
    resources.push_back({{"resource", resource}, {"scopeSpans", {{{"scope", {{"name", "ttaobs"}}}, {"spans", list}}}}});
    begin = end;
  }
  return nlohmann::json{{"resourceSpans", resources}}.dump();
}

std::vector<sources::OtlpSpan> sample_spans()
{
  using trace::SpanKind;
  using trace::SpanStatus;
  const std::string t1 = "0af7651916cd43dd8448eb211c80319c";
  const std::string t2 = "4bf92f3577b34da6a3ce929d0e0e4736";
  std::vector<sources::OtlpSpan> spans(6);
  spans[0] = {"checkout",
              t1,
              "b7ad6b7169203331",
              "",
              "GET /checkout",
              SpanKind::server,
              SpanStatus::ok,
              "",
              1'700'000'000'000'000'000,
              1'700'000'000'250'000'000};
  spans[0].attributes = {{"http.route", std::string("/checkout")},
                         {"http.status_code", std::int64_t{200}},
                         {"retry", false},
                         {"ratio", 0.25},
                         {"neg", std::int64_t{-7}}};
  spans[1] = {"checkout",
              t1,
              "00f067aa0ba902b7",
              "b7ad6b7169203331",
              "charge",
              SpanKind::client,
              SpanStatus::error,
              "card declined",
              1'700'000'000'010'000'000,
              1'700'000'000'200'999'999};
  spans[1].attributes = {{"error", true}, {"peer.service", std::string("payments")}};
  spans[2] = {"payments",        t1, "1111111111111111",        "00f067aa0ba902b7",       "POST /pay", SpanKind::server,
              SpanStatus::unset, "", 1'700'000'000'020'000'000, 1'700'000'000'190'000'000};
  spans[2].links = {"b7ad6b7169203331"};
  spans[3] = {"payments",
              t2,
              "2222222222222222",
              "",
              "consume",
              SpanKind::consumer,
              SpanStatus::unset,
              "",
              1'700'000'001'000'000'000,
              1'700'000'001'000'000'500};
  spans[4] = {"checkout",        t2, "3333333333333333",        "2222222222222222",       "produce", SpanKind::producer,
              SpanStatus::unset, "", 1'700'000'001'000'100'000, 1'700'000'000'000'000'000}; // ends before start
  spans[5] = {"checkout",
              t1,
              "4444444444444444",
              "b7ad6b7169203331",
              "internal work",
              SpanKind::unspecified,
              SpanStatus::unset,
              "",
              1'700'000'000'030'000'000,
              1'700'000'000'040'000'000};
  spans[5].attributes = {{"unicode", std::string("\xc3\xa9t\xc3\xa9")}, {"", std::string("keyless")}};
  return spans;
}

} // namespace ttaobs::test
