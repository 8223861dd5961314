#include "span_fields.hpp"

#include <src/json/reader.hpp>

#include <iterator>
#include <utility>

namespace ttaobs::sources {

namespace {

trace::SpanKind kind_of(std::string_view value)
{
  static constexpr std::pair<std::string_view, trace::SpanKind> k_kinds[] = {{"internal", trace::SpanKind::internal},
                                                                             {"server", trace::SpanKind::server},
                                                                             {"client", trace::SpanKind::client},
                                                                             {"producer", trace::SpanKind::producer},
                                                                             {"consumer", trace::SpanKind::consumer}};
  for (const auto& [name, kind] : k_kinds) {
    if (value == name) {
      return kind;
    }
  }
  return trace::SpanKind::unspecified;
}

// One tag's key and value as text (booleans "true"/"false", numbers as written).
bool read_tag(json::JsonReader& in, std::string& name, std::string& value)
{
  in.begin_object("");
  std::string_view key;
  name.clear();
  value.clear();
  while (in.next_key(key)) {
    const auto type = in.next_type();
    std::string_view text; // may point into scratch space: copied before reading on
    if (key == "key" && type == "string") {
      in.read_string("key", name);
    } else if (key == "value" && type == "boolean") {
      bool flag = false;
      in.read_bool("value", flag);
      value = flag ? "true" : "false";
    } else if (key == "value" && type == "string" && in.read_string_view("value", text)) {
      value.assign(text);
    } else if (key == "value" && type == "number" && in.read_number_view("value", text)) {
      value.assign(text);
    } else {
      in.skip_value();
    }
  }
  return !in.failed();
}

// One AnyValue as text: strings as they are, numbers as written, booleans "true"/"false"; arrays,
// maps and bytes are "" (the key still exists).
bool read_any_value(json::JsonReader& in, std::string& out)
{
  if (in.next_type() != "object") {
    return in.skip_value();
  }
  in.begin_object("value");
  std::string_view key;
  while (in.next_key(key)) {
    const auto type = in.next_type();
    const bool scalar = key == "stringValue" || key == "intValue" || key == "doubleValue";
    std::string_view text; // may point into scratch space: copied before reading on
    if (type == "string" && scalar && in.read_string_view(key, text)) {
      out.assign(text);
    } else if (type == "number" && scalar && in.read_number_view(key, text)) {
      out.assign(text);
    } else if (type == "boolean" && key == "boolValue") {
      bool flag = false;
      in.read_bool(key, flag);
      out = flag ? "true" : "false";
    } else if (!in.failed()) {
      in.skip_value();
    }
  }
  return !in.failed();
}

} // namespace

// `status`: {"code": 2} or {"code": "STATUS_CODE_ERROR"} is a span in error, 1 or "STATUS_CODE_OK" ok.
bool parse_otlp_status(json::JsonReader& in, trace::Span& span)
{
  if (in.next_type() != "object") {
    return in.skip_value(); // no status object: unset
  }
  in.begin_object("status");
  std::string_view key;
  while (in.next_key(key)) {
    std::string_view code;
    if (key == "code" && in.next_type() == "number") {
      in.read_number_view("status.code", code);
      span.error = code == "2";
      span.set_status(code == "2"   ? trace::SpanStatus::error
                      : code == "1" ? trace::SpanStatus::ok
                                    : trace::SpanStatus::unset);
    } else if (key == "code" && in.next_type() == "string") {
      in.read_string_view("status.code", code);
      span.error = code == "STATUS_CODE_ERROR";
      span.set_status(span.error                 ? trace::SpanStatus::error
                      : code == "STATUS_CODE_OK" ? trace::SpanStatus::ok
                                                 : trace::SpanStatus::unset);
    } else {
      in.skip_value();
    }
  }
  return !in.failed();
}

// `kind`: 0–5 or "SPAN_KIND_SERVER" and the like; anything else is unspecified.
bool parse_otlp_kind(json::JsonReader& in, trace::Span& span)
{
  static constexpr std::string_view k_names[] = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
                                                 "SPAN_KIND_CLIENT",      "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
  const auto type = in.next_type();
  std::string_view text;
  if (type == "number" && in.read_number_view("kind", text) && text.size() == 1 && text[0] >= '0' && text[0] <= '5') {
    span.set_kind(static_cast<trace::SpanKind>(text[0] - '0'));
  } else if (type == "string" && in.read_string_view("kind", text)) {
    for (std::size_t i = 0; i < std::size(k_names); ++i) {
      if (text == k_names[i]) {
        span.set_kind(static_cast<trace::SpanKind>(i));
      }
    }
  } else if (type != "number" && type != "string") {
    in.skip_value();
  }
  return !in.failed();
}

// `attributes`: [{"key": …, "value": {…}}], appended to `out`.
bool parse_otlp_attributes(json::JsonReader& in, PendingAttributes& out)
{
  if (in.null_next()) {
    return true;
  }
  if (!in.begin_array("attributes")) {
    return false;
  }
  while (in.next_element()) {
    if (in.next_type() != "object") {
      in.skip_value(); // not an attribute
      continue;
    }
    in.begin_object("");
    const auto [key, value] = out.next();
    bool has_key = false;
    std::string_view field;
    while (in.next_key(field)) {
      if (field == "key" && in.next_type() == "string") {
        has_key = in.read_string("key", *key);
      } else if (field == "value") {
        read_any_value(in, *value);
      } else {
        in.skip_value();
      }
    }
    if (!has_key || key->empty()) {
      out.drop_last();
    }
  }
  return !in.failed();
}

// `tags`: every tag becomes an attribute; error=true (OpenTracing) or otel.status_code=ERROR is a
// span in error, otel.status_code=OK a span with status ok, span.kind its kind.
bool parse_jaeger_tags(json::JsonReader& in, trace::AttributeStore& attributes, trace::Span& span, std::string& name,
                       std::string& value)
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
    if (!read_tag(in, name, value)) {
      return false;
    }
    if (name.empty()) {
      continue;
    }
    attributes.add(name, value);
    span.error = span.error || (name == "error" && value == "true") || (name == "otel.status_code" && value == "ERROR");
    if (name == "otel.status_code" && value == "OK" && span.status() == trace::SpanStatus::unset) {
      span.set_status(trace::SpanStatus::ok);
    } else if (name == "span.kind") {
      span.set_kind(kind_of(value));
    }
  }
  if (span.error) {
    span.set_status(trace::SpanStatus::error);
  }
  return !in.failed();
}

} // namespace ttaobs::sources
