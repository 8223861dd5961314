#include "jaeger.hpp"

#include <src/json/reader.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

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

// `tags`: a span is in error when tagged error=true (OpenTracing) or otel.status_code=ERROR.
bool parse_tags(json::JsonReader& in, trace::Span& span)
{
  if (in.null_next()) {
    return true;
  }
  if (!in.begin_array("tags")) {
    return false;
  }
  while (in.next_element()) {
    if (in.next_type() != "object") {
      in.skip_value(); // not a tag
      continue;
    }
    in.begin_object("");
    std::string_view key;
    std::string name;
    bool is_true = false;  // the value is true or "true"
    bool is_error = false; // the value is "ERROR"
    while (in.next_key(key)) {
      const auto type = in.next_type();
      if (key == "key" && type == "string") {
        in.read_string("key", name);
      } else if (key == "value" && type == "boolean") {
        in.read_bool("value", is_true);
      } else if (key == "value" && type == "string") {
        std::string_view value; // may point into scratch space: judge it before reading on
        in.read_string_view("value", value);
        is_true = value == "true";
        is_error = value == "ERROR";
      } else {
        in.skip_value();
      }
    }
    span.error = span.error || (name == "error" && is_true) || (name == "otel.status_code" && is_error);
  }
  return !in.failed();
}

bool parse_span(json::JsonReader& in, const std::string& trace_id, Location& at, trace::Span& span)
{
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
      if (!parse_tags(in, span)) {
        return false;
      }
    } else {
      in.skip_value();
    }
  }
  if (in.failed()) {
    return false;
  }
  for (const auto& [bit, name] : {std::pair{1u, "spanID"}, {2u, "operationName"}, {4u, "startTime"}, {8u, "duration"}}) {
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
        if (!parse_span(in, trace.trace_id, at, trace.spans.back())) {
          return false;
        }
      }
      at.span = static_cast<std::size_t>(-1);
    } else {
      in.skip_value();
    }
  }
  if (in.failed()) {
    return false;
  }
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

Expected<trace::TraceSet, std::string> parse_jaeger_traces(std::string_view body, const std::function<void(std::size_t)>& on_progress,
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
      if (in.null_next()) {
        continue;
      }
      if (!in.begin_array("errors")) {
        break;
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
      continue;
    }
    if (key != "data") {
      in.skip_value();
      continue;
    }
    has_data = true;
    if (in.null_next()) {
      continue;
    }
    if (!in.begin_array("data")) {
      break;
    }
    in_data = true;
    for (at.trace = 0; in.next_element(); ++at.trace) {
      traces.emplace_back();
      if (!parse_trace(in, at, traces.back())) {
        break;
      }
    }
    if (in.failed()) {
      break;
    }
    in_data = false;
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
