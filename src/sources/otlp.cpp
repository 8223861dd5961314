#include "otlp.hpp"

#include <src/sources/json_util.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace ttaobs::sources {

namespace {

using nlohmann::json;

struct ShapeError
{
  std::string message;
};

int base64_value(char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

bool is_hex_id(std::string_view text)
{
  return (text.size() == 16 || text.size() == 32)
         && std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// OTLP/JSON says hex; Tempo (protobuf JSON) sends base64. Lengths tell them apart (16/32 vs 12/24).
std::string normalise_id(const json& value, const std::string& path)
{
  if (!value.is_string()) {
    throw ShapeError{fmt::format("{}: expected string id, found {}", path, json_type_name(value))};
  }
  const auto text = value.get<std::string>();
  if (text.empty() || is_hex_id(text)) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
  }
  std::string hex;
  if (!base64_to_hex(text, hex)) {
    throw ShapeError{fmt::format("{}: '{}' is neither a hex nor a base64 id", path, text.substr(0, 40))};
  }
  return hex;
}

// OTLP JSON encodes 64-bit integers as strings, but numbers are accepted too.
std::int64_t nanos(const json& span, const char* key, const std::string& path)
{
  const auto it = span.find(key);
  if (it == span.end() || it->is_null()) {
    return 0; // proto3 JSON leaves zero values out
  }
  if (it->is_number_unsigned() || it->is_number_integer()) {
    return it->get<std::int64_t>();
  }
  if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size() && value >= 0) {
      return value;
    }
  }
  throw ShapeError{fmt::format("{}.{}: expected nanoseconds as a string or integer", path, key)};
}

const json& array_member(const json& object, const char* key, const std::string& path)
{
  static const json empty = json::array();
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return empty;
  }
  if (!it->is_array()) {
    throw ShapeError{fmt::format("{}.{}: expected array, found {}", path, key, json_type_name(*it))};
  }
  return *it;
}

void collect_span(const json& s, const std::string& path, std::map<std::string, Trace>& by_trace)
{
  if (!s.is_object()) {
    throw ShapeError{fmt::format("{}: expected span object", path)};
  }
  const auto trace_id = normalise_id(s.value("traceId", json("")), path + ".traceId");
  if (trace_id.empty()) {
    throw ShapeError{fmt::format("{}.traceId: missing", path)};
  }
  Span span;
  span.span_id = normalise_id(s.value("spanId", json("")), path + ".spanId");
  if (span.span_id.empty()) {
    throw ShapeError{fmt::format("{}.spanId: missing", path)};
  }
  if (s.contains("parentSpanId")) {
    span.parent_id = normalise_id(s["parentSpanId"], path + ".parentSpanId");
  }
  const auto name = s.find("name");
  span.name = name != s.end() && name->is_string() ? name->get<std::string>() : std::string();
  const auto start = nanos(s, "startTimeUnixNano", path);
  const auto end = nanos(s, "endTimeUnixNano", path);
  span.start_us = start / 1000;
  span.duration_us = std::max<std::int64_t>(0, end - start) / 1000;
  const auto& links = array_member(s, "links", path);
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (links[i].is_object() && links[i].contains("spanId")) {
      span.links.push_back(normalise_id(links[i]["spanId"], fmt::format("{}.links[{}].spanId", path, i)));
    }
  }
  auto& trace = by_trace[trace_id];
  trace.trace_id = trace_id;
  trace.spans.push_back(std::move(span));
}

void collect_resource_spans(const json& list, const std::string& path, std::map<std::string, Trace>& by_trace)
{
  if (!list.is_array()) {
    throw ShapeError{fmt::format("{}: expected array, found {}", path, json_type_name(list))};
  }
  for (std::size_t r = 0; r < list.size(); ++r) {
    const auto rpath = fmt::format("{}[{}]", path, r);
    if (!list[r].is_object()) {
      throw ShapeError{fmt::format("{}: expected object", rpath)};
    }
    // scopeSpans (current) or instrumentationLibrarySpans (before OTLP 0.15, still sent by Tempo)
    for (const char* key : {"scopeSpans", "instrumentationLibrarySpans"}) {
      const auto& scopes = array_member(list[r], key, rpath);
      for (std::size_t s = 0; s < scopes.size(); ++s) {
        const auto spath = fmt::format("{}.{}[{}]", rpath, key, s);
        if (!scopes[s].is_object()) {
          throw ShapeError{fmt::format("{}: expected object", spath)};
        }
        const auto& spans = array_member(scopes[s], "spans", spath);
        for (std::size_t i = 0; i < spans.size(); ++i) {
          collect_span(spans[i], fmt::format("{}.spans[{}]", spath, i), by_trace);
        }
      }
    }
  }
}

// Finds the resourceSpans list inside whichever envelope the server used.
const json* find_resource_spans(const json& doc, std::string& path)
{
  const json* at = &doc;
  for (const char* wrapper : {"result", "trace"}) {
    if (at->is_object() && at->contains(wrapper) && (*at)[wrapper].is_object()) {
      path += std::string(".") + wrapper;
      at = &(*at)[wrapper];
    }
  }
  for (const char* key : {"resourceSpans", "batches"}) {
    if (at->is_object() && at->contains(key)) {
      path += std::string(".") + key;
      return &(*at)[key];
    }
  }
  return nullptr;
}

} // namespace

bool base64_to_hex(std::string_view text, std::string& hex)
{
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() % 4 == 1) {
    return false;
  }
  hex.clear();
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int v = base64_value(c);
    if (v < 0) {
      return false;
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += fmt::format("{:02x}", (buffer >> bits) & 0xFFu);
    }
  }
  return true;
}

Expected<TraceSet, std::string> parse_otlp_traces(std::string_view body)
{
  std::string error;
  const auto doc = parse_json(body, error);
  if (doc.is_discarded()) {
    return unexpected(error);
  }
  if (!doc.is_object()) {
    return unexpected(fmt::format("expected an OTLP/JSON object, found {}", json_type_name(doc)));
  }
  if (doc.contains("error") && doc["error"].is_object()) { // api_v3 / grpc-gateway error envelope
    return unexpected(fmt::format("server reported an error: {}", string_or(doc["error"], "message", "(no message)")));
  }
  std::string path = "$";
  const json* list = find_resource_spans(doc, path);
  if (list == nullptr) {
    return unexpected(std::string("no resourceSpans or batches (not OTLP/JSON traces)"));
  }
  std::map<std::string, Trace> by_trace;
  try {
    collect_resource_spans(*list, path, by_trace);
  } catch (const ShapeError& e) {
    return unexpected(e.message);
  }
  std::vector<Trace> traces;
  for (auto& [id, trace] : by_trace) {
    traces.push_back(std::move(trace));
  }
  return make_trace_set(std::move(traces));
}

} // namespace ttaobs::sources
