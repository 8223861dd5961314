#include "jaeger.hpp"
#include "span_fields.hpp"

#include <src/json/reader.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace ttaobs::sources {

namespace {

// Where the reader is, so that a shape error can name its JSON path without building one per field.
struct Location
{
  std::size_t trace = 0;
  std::size_t span = static_cast<std::size_t>(-1);
  std::size_t ref = static_cast<std::size_t>(-1);

  std::string path() const
  {
    auto out = fmt::format("data[{}]", trace);
    if (span != static_cast<std::size_t>(-1)) {
      out += fmt::format(".spans[{}]", span);
    }
    if (ref != static_cast<std::size_t>(-1)) {
      out += fmt::format(".references[{}]", ref);
    }
    return out;
  }
};

bool read_id(json::JsonReader& in, std::string_view field, trace::SpanId& out)
{
  std::string_view text;
  if (!in.read_string_view(field, text)) {
    return false;
  }
  if (text.size() > trace::SpanId::k_capacity) {
    in.shape_error(field, fmt::format("id longer than {} characters", trace::SpanId::k_capacity));
    return false;
  }
  out = trace::SpanId(text);
  return true;
}

bool parse_reference(json::JsonReader& in, const std::string& trace_id, trace::Span& span)
{
  if (!in.begin_object("")) {
    return false;
  }
  std::string_view key;
  trace::SpanId target;
  bool has_type = false;
  bool child_of = false;
  bool has_span = false;
  bool same_trace = true;
  while (in.next_key(key)) {
    if (key == "refType") {
      std::string_view type; // may point into scratch space: judge it before reading on
      has_type = in.read_string_view("refType", type);
      child_of = has_type && type == "CHILD_OF";
    } else if (key == "spanID") {
      has_span = read_id(in, "spanID", target);
    } else if (key == "traceID") {
      std::string_view ref_trace;
      if (in.read_string_view("traceID", ref_trace)) {
        same_trace = ref_trace == trace_id;
      }
    } else {
      in.skip_value();
    }
  }
  if (in.failed()) {
    return false;
  }
  if (!has_type || !has_span) {
    in.shape_error(has_type ? "spanID" : "refType", "missing");
    return false;
  }
  if (child_of && same_trace && span.parent_id.empty()) {
    span.parent_id = target;
  } else {
    span.links.push_back(target);
  }
  return true;
}

// What a trace's spans share while it is read: its process ids by index (span.service until the
// processes are read), and scratch space for tag text.
struct TraceScratch
{
  std::unordered_map<std::string, std::uint32_t> process_index;
  std::unordered_map<std::string, std::string> process_names; // process id → serviceName
  std::string key;
  std::string value;
};

// `processID`: the span's service is that process' index until the processes are read.
bool read_process_id(json::JsonReader& in, trace::Trace& trace, trace::Span& span, TraceScratch& scratch)
{
  if (in.next_type() != "string") {
    return in.skip_value();
  }
  if (!in.read_string("processID", scratch.key)) {
    return false;
  }
  const auto [it, added] =
      scratch.process_index.emplace(scratch.key, static_cast<std::uint32_t>(trace.services.size()));
  if (added && trace.services.size() < trace::Span::k_no_service) {
    trace.services.push_back(scratch.key);
  }
  span.service =
      it->second < trace.services.size() ? static_cast<std::uint16_t>(it->second) : trace::Span::k_no_service;
  return true;
}

// `processes`: {"p1": {"serviceName": "checkout", …}}, before or after the spans.
bool parse_processes(json::JsonReader& in, TraceScratch& scratch)
{
  if (in.null_next()) {
    return true;
  }
  if (!in.begin_object("processes")) {
    return false;
  }
  std::string_view key;
  while (in.next_key(key)) {
    if (in.next_type() != "object") {
      in.skip_value();
      continue;
    }
    auto& name = scratch.process_names[std::string(key)];
    in.begin_object("");
    std::string_view field;
    while (in.next_key(field)) {
      if (field == "serviceName" && in.next_type() == "string") {
        in.read_string("serviceName", name);
      } else {
        in.skip_value();
      }
    }
  }
  return !in.failed();
}

// The spans' process ids become their processes' service names ("" for an unknown process).
void name_services(trace::Trace& trace, const TraceScratch& scratch)
{
  for (auto& service : trace.services) {
    const auto it = scratch.process_names.find(service);
    service = it == scratch.process_names.end() ? std::string() : it->second;
  }
}

bool parse_span(json::JsonReader& in, trace::Trace& trace, Location& at, trace::Span& span, TraceScratch& scratch)
{
  const auto& trace_id = trace.trace_id;
  const auto attributes_begin = trace.attributes.end();
  if (!in.begin_object("")) {
    return false;
  }
  std::string_view key;
  unsigned seen = 0; // bit per required field
  while (in.next_key(key)) {
    if (key == "spanID") {
      seen |= read_id(in, "spanID", span.span_id) ? 1u : 0u;
    } else if (key == "operationName") {
      seen |= in.read_string("operationName", span.name) ? 2u : 0u;
    } else if (key == "startTime") {
      seen |= in.read_int64("startTime", span.start_us) ? 4u : 0u;
    } else if (key == "duration") {
      seen |= in.read_int64("duration", span.duration_us) ? 8u : 0u;
    } else if (key == "references") {
      if (in.null_next()) {
        continue;
      }
      if (!in.begin_array("references")) {
        return false;
      }
      for (at.ref = 0; in.next_element(); ++at.ref) {
        if (!parse_reference(in, trace_id, span)) {
          return false;
        }
      }
      at.ref = static_cast<std::size_t>(-1);
    } else if (key == "tags") {
      if (!parse_jaeger_tags(in, trace.attributes, span, scratch.key, scratch.value)) {
        return false;
      }
    } else if (key == "processID") {
      if (!read_process_id(in, trace, span, scratch)) {
        return false;
      }
    } else {
      in.skip_value();
    }
  }
  span.attributes = trace.attributes.close_run(attributes_begin);
  if (in.failed()) {
    return false;
  }
  for (const auto& [bit, name] :
       {std::pair{1u, "spanID"}, {2u, "operationName"}, {4u, "startTime"}, {8u, "duration"}}) {
    if ((seen & bit) == 0) {
      in.shape_error(name, "missing");
      return false;
    }
  }
  return true;
}

bool parse_trace(json::JsonReader& in, Location& at, trace::Trace& trace)
{
  if (!in.begin_object("")) {
    return false;
  }
  std::string_view key;
  bool has_spans = false;
  TraceScratch scratch;
  // traceID may come after spans: remember where the spans' own traceIDs disagree later
  while (in.next_key(key)) {
    if (key == "traceID") {
      in.read_string("traceID", trace.trace_id);
    } else if (key == "spans") {
      if (!in.begin_array("spans")) {
        return false;
      }
      has_spans = true;
      for (at.span = 0; in.next_element(); ++at.span) {
        trace.spans.emplace_back();
        if (!parse_span(in, trace, at, trace.spans.back(), scratch)) {
          return false;
        }
      }
      at.span = static_cast<std::size_t>(-1);
    } else if (key == "processes") {
      if (!parse_processes(in, scratch)) {
        return false;
      }
    } else {
      in.skip_value();
    }
  }
  if (in.failed()) {
    return false;
  }
  name_services(trace, scratch);
  if (trace.trace_id.empty()) {
    in.shape_error("traceID", "missing");
    return false;
  }
  if (!has_spans) {
    in.shape_error("spans", "missing");
    return false;
  }
  return true;
}

// The first errors[].msg of Jaeger's error envelope into `reported`; false when the JSON failed.
bool read_error_envelope(json::JsonReader& in, std::string& reported)
{
  if (in.null_next()) {
    return true;
  }
  if (!in.begin_array("errors")) {
    return false;
  }
  while (in.next_element()) {
    if (!reported.empty() || in.next_type() != "object") {
      in.skip_value();
      continue;
    }
    in.begin_object("");
    std::string_view field;
    while (in.next_key(field)) {
      if (field == "msg" && in.next_type() == "string") {
        in.read_string("msg", reported);
      } else {
        in.skip_value();
      }
    }
  }
  return true;
}

// The "data" array's traces; `in_data` stays true when a failure is inside one (its path is in `at`).
bool read_data(json::JsonReader& in, Location& at, std::vector<trace::Trace>& traces, bool& in_data)
{
  if (in.null_next()) {
    return true;
  }
  if (!in.begin_array("data")) {
    return false;
  }
  in_data = true;
  for (at.trace = 0; in.next_element(); ++at.trace) {
    traces.emplace_back();
    if (!parse_trace(in, at, traces.back())) {
      break;
    }
  }
  if (in.failed()) {
    return false;
  }
  in_data = false;
  return true;
}

} // namespace

std::string jaeger_error_message(std::string_view body)
{
  json::JsonReader in(body);
  if (in.next_type() != "object") {
    return {};
  }
  in.begin_object("");
  std::string_view key;
  while (in.next_key(key)) {
    if (key != "errors" || in.next_type() != "array") {
      in.skip_value();
      continue;
    }
    in.begin_array("errors"); // only the first error counts, as before
    if (!in.next_element() || in.next_type() != "object") {
      return {};
    }
    in.begin_object("");
    std::string_view field;
    while (in.next_key(field)) {
      std::string msg;
      if (field == "msg" && in.next_type() == "string" && in.read_string("msg", msg)) {
        return msg;
      }
      in.skip_value();
    }
    return {};
  }
  return {};
}

Expected<trace::TraceSet, std::string> parse_jaeger_traces(std::string_view body,
                                                           const std::function<void(std::size_t)>& on_progress,
                                                           const json::JsonLimits& limits)
{
  json::JsonReader in(body, on_progress, limits);
  if (in.next_type() == "end of input") {
    return unexpected(std::string("empty response body (expected JSON)"));
  }
  if (in.next_type() != "object") {
    in.begin_object("");
    return unexpected(in.shape_failure() ? fmt::format("expected a JSON object with \"data\", found {}", in.next_type())
                                         : in.error());
  }
  in.begin_object("");
  std::vector<trace::Trace> traces;
  bool has_data = false;
  Location at;
  std::string_view key;
  bool in_data = false;
  std::string reported; // errors[0].msg of Jaeger's error envelope
  while (in.next_key(key)) {
    if (key == "errors") {
      if (!read_error_envelope(in, reported)) {
        break;
      }
    } else if (key == "data") {
      has_data = true;
      if (!read_data(in, at, traces, in_data)) {
        break;
      }
    } else {
      in.skip_value();
    }
  }
  in.finish();
  if (!reported.empty()) {
    return unexpected(fmt::format("Jaeger reported an error: {}", util::one_line(reported, 200)));
  }
  if (in.failed()) {
    if (!in.shape_failure() || !in_data) {
      return unexpected(in.error());
    }
    // a shape problem inside a trace, span or reference: name its full JSON path
    const auto& field = in.shape_field();
    return unexpected(fmt::format("{}{}{}: {}", at.path(), field.empty() ? "" : ".", field, in.shape_what()));
  }
  if (!has_data) {
    return unexpected(std::string("missing \"data\" (not a Jaeger query API answer)"));
  }
  return trace::make_trace_set(std::move(traces));
}

} // namespace ttaobs::sources
