#include "otlp_json_write.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>

namespace ttaobs::sources {

namespace {

constexpr std::int64_t k_max_us = std::numeric_limits<std::int64_t>::max() / 1000;

void append_string(std::string& out, std::string_view text)
{
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += fmt::format("\\u{:04x}", byte);
    } else {
      out += c;
    }
  }
  out += '"';
}

void append_member(std::string& out, std::string_view key, std::string_view value)
{
  out += '"';
  out += key;
  out += "\":";
  append_string(out, value);
}

void append_attributes(std::string& out, const trace::Trace& trace, const trace::Span& span)
{
  out += ",\"attributes\":[";
  bool first = true;
  trace.attributes.visit(span.attributes, [&](const trace::Attribute& attribute) {
    out += first ? "{" : ",{";
    first = false;
    append_member(out, "key", attribute.key);
    out += ",\"value\":{";
    append_member(out, "stringValue", attribute.value);
    out += "}}";
    return true;
  });
  out += ']';
}

void append_span(std::string& out, const trace::Trace& trace, const trace::Span& span)
{
  out += '{';
  append_member(out, "traceId", trace.trace_id);
  out += ',';
  append_member(out, "spanId", span.span_id.view());
  if (!span.parent_id.empty()) {
    out += ',';
    append_member(out, "parentSpanId", span.parent_id.view());
  }
  out += ',';
  append_member(out, "name", span.name);
  const auto start = std::clamp<std::int64_t>(span.start_us, 0, k_max_us);
  const auto end = std::min(start + std::clamp<std::int64_t>(span.duration_us, 0, k_max_us), k_max_us);
  out += fmt::format(R"(,"kind":{},"startTimeUnixNano":"{}","endTimeUnixNano":"{}")", static_cast<int>(span.kind()),
                     start * 1000, end * 1000);
  append_attributes(out, trace, span);
  if (!span.links.empty()) {
    out += ",\"links\":[";
    for (std::size_t i = 0; i < span.links.size(); ++i) {
      out += i == 0 ? "{" : ",{";
      append_member(out, "traceId", trace.trace_id);
      out += ',';
      append_member(out, "spanId", span.links[i].view());
      out += '}';
    }
    out += ']';
  }
  const auto status = span.error ? trace::SpanStatus::error : span.status();
  if (status != trace::SpanStatus::unset) {
    out += fmt::format(R"(,"status":{{"code":{}}})", static_cast<int>(status));
  }
  out += '}';
}

// One resourceSpans entry: spans [begin, end) of `trace`, all of one service.
void append_resource(std::string& out, const trace::Trace& trace, std::size_t begin, std::size_t end)
{
  out += R"({"resource":{"attributes":[)";
  const auto& first = trace.spans[begin];
  if (first.service < trace.services.size() && !trace.services[first.service].empty()) {
    out += R"({"key":"service.name","value":{)";
    append_member(out, "stringValue", trace.services[first.service]);
    out += "}}";
  }
  out += R"(]},"scopeSpans":[{"scope":{"name":"ttaobs"},"spans":[)";
  for (auto i = begin; i < end; ++i) {
    if (i != begin) {
      out += ',';
    }
    append_span(out, trace, trace.spans[i]);
  }
  out += "]}]}";
}

} // namespace

std::string write_otlp_json(const trace::TraceSet& set)
{
  std::string out = R"({"resourceSpans":[)";
  bool first = true;
  for (const auto& trace : set.traces) {
    for (std::size_t begin = 0; begin < trace.spans.size();) {
      auto end = begin + 1;
      while (end < trace.spans.size() && trace.spans[end].service == trace.spans[begin].service) {
        ++end;
      }
      if (!first) {
        out += ",\n";
      }
      first = false;
      append_resource(out, trace, begin, end);
      begin = end;
    }
  }
  out += "]}\n";
  return out;
}

} // namespace ttaobs::sources
