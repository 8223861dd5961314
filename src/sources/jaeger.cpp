#include "jaeger.hpp"

#include <src/sources/json_util.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::sources {

namespace {

using nlohmann::json;

// Shape errors carry a JSON path so a user can find the offending field.
struct ShapeError
{
  std::string message;
};

const json& member(const json& object, const char* key, const std::string& path)
{
  const auto it = object.find(key);
  if (it == object.end()) {
    throw ShapeError{fmt::format("{}.{}: missing", path, key)};
  }
  return *it;
}

std::string string_member(const json& object, const char* key, const std::string& path)
{
  const auto& value = member(object, key, path);
  if (!value.is_string()) {
    throw ShapeError{fmt::format("{}.{}: expected string, found {}", path, key, json_type_name(value))};
  }
  return value.get<std::string>();
}

std::int64_t int_member(const json& object, const char* key, const std::string& path)
{
  const auto& value = member(object, key, path);
  if (!value.is_number_integer() && !value.is_number_unsigned()) {
    throw ShapeError{fmt::format("{}.{}: expected integer, found {}", path, key, json_type_name(value))};
  }
  return value.get<std::int64_t>();
}

Span parse_span(const json& s, const std::string& trace_id, const std::string& path)
{
  if (!s.is_object()) {
    throw ShapeError{fmt::format("{}: expected object, found {}", path, json_type_name(s))};
  }
  Span span;
  span.span_id = string_member(s, "spanID", path);
  span.name = string_member(s, "operationName", path);
  span.start_us = int_member(s, "startTime", path);
  span.duration_us = int_member(s, "duration", path);
  const auto refs = s.find("references");
  if (refs != s.end() && !refs->is_null()) {
    if (!refs->is_array()) {
      throw ShapeError{fmt::format("{}.references: expected array, found {}", path, json_type_name(*refs))};
    }
    for (std::size_t i = 0; i < refs->size(); ++i) {
      const auto& ref = (*refs)[i];
      const auto ref_path = fmt::format("{}.references[{}]", path, i);
      if (!ref.is_object()) {
        throw ShapeError{fmt::format("{}: expected object", ref_path)};
      }
      const auto type = string_member(ref, "refType", ref_path);
      const auto parent = string_member(ref, "spanID", ref_path);
      const auto ref_trace = ref.contains("traceID") ? string_member(ref, "traceID", ref_path) : trace_id;
      if (type == "CHILD_OF" && ref_trace == trace_id && span.parent_id.empty()) {
        span.parent_id = parent;
      } else {
        span.links.push_back(parent);
      }
    }
  }
  return span;
}

Trace parse_trace(const json& t, std::size_t index)
{
  const auto path = fmt::format("data[{}]", index);
  if (!t.is_object()) {
    throw ShapeError{fmt::format("{}: expected trace object, found {}", path, json_type_name(t))};
  }
  Trace trace;
  trace.trace_id = string_member(t, "traceID", path);
  const auto& spans = member(t, "spans", path);
  if (!spans.is_array()) {
    throw ShapeError{fmt::format("{}.spans: expected array, found {}", path, json_type_name(spans))};
  }
  trace.spans.reserve(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    trace.spans.push_back(parse_span(spans[i], trace.trace_id, fmt::format("{}.spans[{}]", path, i)));
  }
  return trace;
}

std::int64_t trace_start(const Trace& trace)
{
  std::int64_t start = 0;
  for (const auto& span : trace.spans) {
    start = start == 0 ? span.start_us : std::min(start, span.start_us);
  }
  return start;
}

} // namespace

std::string jaeger_error_message(std::string_view body)
{
  std::string ignored;
  const auto doc = parse_json(body, ignored);
  if (!doc.is_object()) {
    return {};
  }
  const auto errors = doc.find("errors");
  if (errors == doc.end() || !errors->is_array() || errors->empty() || !(*errors)[0].is_object()) {
    return {};
  }
  const auto msg = (*errors)[0].find("msg");
  return msg != (*errors)[0].end() && msg->is_string() ? msg->get<std::string>() : std::string();
}

Expected<TraceSet, std::string> parse_jaeger_traces(std::string_view body)
{
  std::string error;
  const auto doc = parse_json(body, error);
  if (doc.is_discarded()) {
    return unexpected(error);
  }
  if (!doc.is_object()) {
    return unexpected(fmt::format("expected a JSON object with \"data\", found {}", json_type_name(doc)));
  }
  const auto message = jaeger_error_message(body);
  if (!message.empty()) {
    return unexpected(fmt::format("Jaeger reported an error: {}", message));
  }
  const auto data = doc.find("data");
  if (data == doc.end()) {
    return unexpected(std::string("missing \"data\" (not a Jaeger query API answer)"));
  }
  std::vector<Trace> traces;
  if (data->is_null()) {
    return TraceSet{};
  }
  if (!data->is_array()) {
    return unexpected(fmt::format("data: expected array, found {}", json_type_name(*data)));
  }
  try {
    for (std::size_t i = 0; i < data->size(); ++i) {
      traces.push_back(parse_trace((*data)[i], i));
    }
  } catch (const ShapeError& e) {
    return unexpected(e.message);
  }
  // Jaeger does not promise an order; the checks look at the most recent trace first.
  std::stable_sort(traces.begin(), traces.end(),
                   [](const Trace& a, const Trace& b) { return trace_start(a) > trace_start(b); });
  return make_trace_set(std::move(traces));
}

} // namespace ttaobs::sources
