#include "otlp.hpp"
#include "otlp_collector.hpp"
#include "otlp_ids.hpp"
#include "span_fields.hpp"

#include <src/json/reader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace ttaobs::sources {

namespace {

constexpr std::size_t k_none = static_cast<std::size_t>(-1);

// Where the reader is, so that an error can name its JSON path without building one per span.
struct Location
{
  std::string base = "$"; // "$", "$.result", … and, once inside it, "$.result.resourceSpans"
  std::size_t resource = k_none;
  std::string_view scope_key; // "scopeSpans" or "instrumentationLibrarySpans"
  std::size_t scope = k_none;
  std::size_t span = k_none;
  std::size_t link = k_none;

  std::string path() const
  {
    auto out = base;
    if (resource != k_none)
      out += fmt::format("[{}]", resource);
    if (scope != k_none)
      out += fmt::format(".{}[{}]", scope_key, scope);
    if (span != k_none)
      out += fmt::format(".spans[{}]", span);
    if (link != k_none)
      out += fmt::format(".links[{}]", link);
    return out;
  }
};

// A span id (spanId, parentSpanId, a link's spanId) as hex into `id`: longer than SpanId holds
// (e.g. a 12-byte base64 id) is refused, never cut, so that two ids never become one.
bool read_span_id(json::JsonReader& in, std::string_view field, std::string& id)
{
  if (!read_id(in, field, id)) {
    return false;
  }
  if (id.size() > trace::SpanId::k_capacity) {
    in.shape_error(field, fmt::format("id longer than {} hex digits (a span id has 16)", trace::SpanId::k_capacity));
    return false;
  }
  return true;
}

bool parse_links(json::JsonReader& in, Location& at, trace::Span& span, std::string& id)
{
  if (in.null_next()) {
    return true;
  }
  if (!in.begin_array("links")) {
    return false;
  }
  for (at.link = 0; in.next_element(); ++at.link) {
    if (in.next_type() != "object") {
      in.skip_value(); // not a link: nothing to follow
      continue;
    }
    in.begin_object("");
    std::string_view key;
    while (in.next_key(key)) {
      if (key != "spanId") {
        in.skip_value();
      } else if (read_span_id(in, "spanId", id)) {
        span.links.emplace_back(id);
      }
    }
    if (in.failed()) {
      return false;
    }
  }
  at.link = k_none;
  return !in.failed();
}

// One span object; `trace_id` receives its trace id, `id` is scratch space.
bool parse_span(json::JsonReader& in, Location& at, trace::Span& span, std::string& trace_id, std::string& id,
                PendingAttributes& attributes)
{
  attributes.clear();
  if (!in.begin_object("")) {
    return false;
  }
  trace_id.clear();
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string_view key;
  while (in.next_key(key)) {
    if (key == "traceId") {
      read_id(in, "traceId", trace_id);
    } else if (key == "spanId") {
      span.span_id = read_span_id(in, "spanId", id) ? trace::SpanId(id) : trace::SpanId();
    } else if (key == "parentSpanId") {
      span.parent_id = read_span_id(in, "parentSpanId", id) ? trace::SpanId(id) : trace::SpanId();
    } else if (key == "name" && in.next_type() == "string") {
      in.read_string("name", span.name);
    } else if (key == "startTimeUnixNano") {
      read_nanos(in, "startTimeUnixNano", start);
    } else if (key == "endTimeUnixNano") {
      read_nanos(in, "endTimeUnixNano", end);
    } else if (key == "links") {
      parse_links(in, at, span, id);
    } else if (key == "status") {
      parse_otlp_status(in, span);
    } else if (key == "kind") {
      parse_otlp_kind(in, span);
    } else if (key == "attributes") {
      parse_otlp_attributes(in, attributes);
    } else {
      in.skip_value();
    }
  }
  if (in.failed()) {
    return false;
  }
  if (trace_id.empty() || span.span_id.empty()) {
    in.shape_error(trace_id.empty() ? "traceId" : "spanId", "missing");
    return false;
  }
  span.start_us = start / 1000;
  span.duration_us = std::max<std::int64_t>(0, end - start) / 1000; // both are ≥ 0: no overflow
  return true;
}

// `"spans": [...]` of one scope; null or missing is no spans.
bool parse_scope(json::JsonReader& in, Location& at, std::uint32_t resource, SpanCollector& out)
{
  if (!in.begin_object("")) {
    return false;
  }
  std::string_view key;
  std::string trace_id;
  std::string id;
  PendingAttributes attributes;
  while (in.next_key(key)) {
    if (key != "spans") {
      in.skip_value();
      continue;
    }
    if (in.null_next()) {
      continue;
    }
    if (!in.begin_array("spans")) {
      return false;
    }
    for (at.span = 0; in.next_element(); ++at.span) {
      trace::Span span;
      if (!parse_span(in, at, span, trace_id, id, attributes)) {
        return false;
      }
      out.add(trace_id, resource, std::move(span), attributes);
    }
    at.span = k_none;
  }
  return !in.failed();
}

// `resource`: {"attributes": [… service.name …]}, before or after its spans.
bool parse_resource_service(json::JsonReader& in, std::uint32_t resource, SpanCollector& out)
{
  if (in.next_type() != "object") {
    return in.skip_value();
  }
  in.begin_object("resource");
  std::string_view key;
  PendingAttributes attributes;
  while (in.next_key(key)) {
    if (key == "attributes") {
      parse_otlp_attributes(in, attributes);
    } else {
      in.skip_value();
    }
  }
  if (const auto name = attributes.find("service.name")) {
    out.name_resource(resource, std::string(*name));
  }
  return !in.failed();
}

// One element of resourceSpans/batches: scopeSpans, or instrumentationLibrarySpans (before OTLP
// 0.15, still sent by Tempo).
bool parse_resource(json::JsonReader& in, Location& at, SpanCollector& out)
{
  if (!in.begin_object("")) {
    return false;
  }
  std::string_view key;
  const auto resource = out.begin_resource();
  while (in.next_key(key)) {
    if (key == "resource") {
      if (!parse_resource_service(in, resource, out)) {
        return false;
      }
      continue;
    }
    const std::string_view scope_key = key == "scopeSpans"                    ? "scopeSpans"
                                       : key == "instrumentationLibrarySpans" ? "instrumentationLibrarySpans"
                                                                              : "";
    if (scope_key.empty()) {
      in.skip_value();
      continue;
    }
    if (in.null_next()) {
      continue;
    }
    if (!in.begin_array(scope_key)) {
      return false;
    }
    at.scope_key = scope_key;
    for (at.scope = 0; in.next_element(); ++at.scope) {
      if (!parse_scope(in, at, resource, out)) {
        return false;
      }
    }
    at.scope = k_none;
  }
  return !in.failed();
}

bool parse_resource_list(json::JsonReader& in, Location& at, std::string_view key, SpanCollector& out)
{
  if (!in.begin_array(key)) {
    return false;
  }
  at.base += fmt::format(".{}", key);
  for (at.resource = 0; in.next_element(); ++at.resource) {
    if (!parse_resource(in, at, out)) {
      return false;
    }
  }
  at.resource = k_none;
  return !in.failed();
}

// What the envelope held besides spans.
struct Envelope
{
  bool has_list = false;     // a resourceSpans or batches list was read
  bool from_batches = false; // …and it was Tempo's batches (resourceSpans wins over it)
  bool reported = false;     // an api_v3 / grpc-gateway {"error": {...}} envelope
  std::string message;       // its message
};

void read_error_envelope(json::JsonReader& in, Envelope& envelope)
{
  envelope.reported = true;
  envelope.message = "(no message)";
  in.begin_object("error");
  std::string_view key;
  while (in.next_key(key)) {
    if (key == "message" && in.next_type() == "string") {
      in.read_string("message", envelope.message);
    } else {
      in.skip_value();
    }
  }
}

// The members of the document, or of its `result` (api_v3) and `trace` (Tempo v2) wrappers.
bool parse_envelope(json::JsonReader& in, Location& at, int level, Envelope& envelope, SpanCollector& out)
{
  std::string_view key;
  while (in.next_key(key)) {
    const bool is_list = key == "resourceSpans" || key == "batches";
    if (level == 0 && key == "error" && in.next_type() == "object") {
      read_error_envelope(in, envelope);
    } else if (((level == 0 && key == "result") || (level < 2 && key == "trace")) && in.next_type() == "object") {
      const auto outer = at.base;
      at.base += fmt::format(".{}", key);
      in.begin_object("");
      if (!parse_envelope(in, at, key == "result" ? 1 : 2, envelope, out)) {
        return false;
      }
      at.base = outer;
    } else if (is_list && (!envelope.has_list || (envelope.from_batches && key == "resourceSpans"))) {
      out.clear();
      envelope.has_list = true;
      envelope.from_batches = key == "batches";
      const auto outer = at.base;
      if (!parse_resource_list(in, at, key, out)) {
        return false;
      }
      at.base = outer;
    } else {
      in.skip_value();
    }
  }
  return !in.failed();
}

} // namespace

Expected<trace::TraceSet, std::string> parse_otlp_traces(std::string_view body, const json::JsonLimits& limits)
{
  return parse_otlp_traces(body, limits, {});
}

namespace {

Expected<std::vector<trace::Trace>, std::string> read_traces(std::string_view body, const json::JsonLimits& limits,
                                                             const std::function<void(std::size_t)>& on_progress)
{
  json::JsonReader in(body, on_progress, limits);
  const auto top = in.next_type();
  if (top == "end of input") {
    return unexpected(std::string("empty response body (expected JSON)"));
  }
  if (top != "object") {
    in.begin_object("");
    return unexpected(in.shape_failure() ? fmt::format("expected an OTLP/JSON object, found {}", top) : in.error());
  }
  in.begin_object("");
  Location at;
  Envelope envelope;
  SpanCollector collected;
  parse_envelope(in, at, 0, envelope, collected);
  in.finish();
  if (envelope.reported) {
    return unexpected(fmt::format("server reported an error: {}", envelope.message));
  }
  if (in.failed()) {
    if (!in.shape_failure()) {
      return unexpected(in.error());
    }
    const auto& field = in.shape_field();
    return unexpected(fmt::format("{}{}{}: {}", at.path(), field.empty() ? "" : ".", field, in.shape_what()));
  }
  if (!envelope.has_list) {
    return unexpected(std::string("no resourceSpans or batches (not OTLP/JSON traces)"));
  }
  return collected.take();
}

} // namespace

Expected<trace::TraceSet, std::string> parse_otlp_traces(std::string_view body, const json::JsonLimits& limits,
                                                         const std::function<void(std::size_t)>& on_progress)
{
  auto traces = read_traces(body, limits, on_progress);
  if (!traces) {
    return unexpected(std::move(traces).error());
  }
  return trace::make_trace_set(std::move(*traces));
}

Expected<std::vector<trace::Trace>, std::string> read_otlp_traces(std::string_view body, const json::JsonLimits& limits)
{
  return read_traces(body, limits, {});
}

} // namespace ttaobs::sources
