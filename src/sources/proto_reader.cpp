#include "proto_reader.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <utility>

namespace ttaobs::sources::proto {

namespace {

using protozero::pbf_wire_type;

std::string_view wire_name(pbf_wire_type type)
{
  switch (type) {
  case pbf_wire_type::varint:
    return "varint";
  case pbf_wire_type::fixed64:
    return "fixed64";
  case pbf_wire_type::length_delimited:
    return "length-delimited";
  case pbf_wire_type::fixed32:
    return "fixed32";
  default:
    return "unknown";
  }
}

std::string double_text(double value)
{
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  return fmt::format("{}", value);
}

// An ArrayValue or KeyValueList, walked only to check it (its text is "").
void check_values(protozero::pbf_reader list, Context& context, std::size_t depth, bool key_values);
// A KeyValue whose value is at nesting `depth`.
bool read_key_value_at(protozero::pbf_reader message, Context& context, std::size_t depth, std::string& key,
                       std::string& value);

// One AnyValue at nesting `depth` (1 for an attribute's value): its text into `out`.
void read_any_value(protozero::pbf_reader value, Context& context, std::size_t depth, std::string& out)
{
  if (depth > context.max_depth()) {
    context.fail("", fmt::format("AnyValue nesting deeper than {} levels", context.max_depth()));
  }
  while (context.next(value)) {
    switch (value.tag()) {
    case 1:
      out.assign(context.bytes(value, "string_value"));
      break;
    case 2:
      out = context.varint(value, "bool_value") != 0 ? "true" : "false";
      break;
    case 3:
      out = fmt::format("{}", static_cast<std::int64_t>(context.varint(value, "int_value")));
      break;
    case 4: {
      const auto bits = context.fixed64(value, "double_value");
      double number = 0;
      std::memcpy(&number, &bits, sizeof number);
      out = double_text(number);
      break;
    }
    case 5:
    case 6:
      context.enter(value.tag() == 5 ? "array_value" : "kvlist_value");
      check_values(context.message(value, ""), context, depth, value.tag() == 6);
      context.leave();
      out.clear();
      break;
    case 7:
      context.bytes(value, "bytes_value");
      out.clear();
      break;
    default:
      value.skip();
    }
  }
}

void check_values(protozero::pbf_reader list, Context& context, std::size_t depth, bool key_values)
{
  std::string key;
  std::string text;
  for (std::size_t index = 0; context.next(list);) {
    if (list.tag() != 1) {
      list.skip();
      continue;
    }
    context.enter("values", index++);
    auto element = context.message(list, "");
    if (key_values) {
      read_key_value_at(element, context, depth + 1, key, text);
    } else {
      read_any_value(element, context, depth + 1, text);
    }
    context.leave();
  }
}

bool read_key_value_at(protozero::pbf_reader message, Context& context, std::size_t depth, std::string& key,
                       std::string& value)
{
  key.clear();
  value.clear();
  while (context.next(message)) {
    if (message.tag() == 1) {
      key.assign(context.bytes(message, "key"));
    } else if (message.tag() == 2) {
      context.enter("value");
      read_any_value(context.message(message, ""), context, depth, value);
      context.leave();
    } else {
      message.skip();
    }
  }
  return !key.empty();
}

// A length-delimited field `tag` (its key byte) at `at`, its bytes into `out`; false, `at` unmoved,
// for another field or a length running past `end`.
bool length_delimited(const char*& at, const char* end, char tag, std::string_view& out)
{
  if (at == end || *at != tag) {
    return false;
  }
  const char* p = at + 1;
  std::size_t size = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (p == end || shift > 28) {
      return false;
    }
    const auto byte = static_cast<unsigned char>(*p++);
    size |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      break;
    }
  }
  if (static_cast<std::size_t>(end - p) < size) {
    return false;
  }
  out = {p, size};
  at = p + size;
  return true;
}

} // namespace

// The shape nearly every attribute has — KeyValue{key = 1, value = 2: AnyValue{string_value = 1}},
// each field once and in order — read as two views of the body with no general walk: the
// receiver's hottest loop (about 30 % of its time went to reading attributes field by field and
// copying their text twice; bench/otlp_decode measures it). Any other shape returns false and is
// read by read_key_value, which gives the same result for this one.
bool read_string_attribute(std::string_view bytes, std::string_view& key, std::string_view& value)
{
  const char* at = bytes.data();
  const char* end = at + bytes.size();
  std::string_view any;
  if (!length_delimited(at, end, 0x0a, key) || !length_delimited(at, end, 0x12, any) || at != end) {
    return false;
  }
  at = any.data();
  end = at + any.size();
  return length_delimited(at, end, 0x0a, value) && at == end;
}

Context::Context(std::string_view body, std::string_view root, const json::JsonLimits& limits)
  : m_body(body), m_limits(limits), m_at(body.data())
{
  enter(root);
}

// Called about every json::k_deadline_check_bytes of input: a passed deadline stops the decoding.
void Context::check_deadline()
{
  const auto offset = static_cast<std::size_t>(m_at - m_body.data());
  m_next_deadline_check = offset + json::k_deadline_check_bytes;
  if (std::chrono::steady_clock::now() > m_limits.deadline) {
    throw DecodeError{json::timeout_message(offset)};
  }
}

std::string Context::describe(std::string_view field, std::string_view what) const
{
  std::string path;
  for (std::size_t depth = 0; depth < m_depth; ++depth) {
    if (depth == k_frames) {
      path += ".…";
      break;
    }
    const auto& frame = m_path[depth];
    if (!path.empty()) {
      path += '.';
    }
    path += frame.name;
    if (frame.index != k_single) {
      path += fmt::format("[{}]", frame.index);
    }
  }
  if (!field.empty()) {
    path += fmt::format(".{}", field);
  }
  const auto offset = m_at == nullptr ? 0 : static_cast<std::size_t>(m_at - m_body.data());
  return fmt::format("malformed protobuf at {} (byte {}): {}", path, offset, what);
}

void Context::fail(std::string_view field, const std::string& what) const
{
  throw DecodeError{describe(field, what)};
}

void Context::wrong_wire_type(const protozero::pbf_reader& message, pbf_wire_type type, std::string_view field) const
{
  fail(field, fmt::format("wire type {} where {} was expected", wire_name(message.wire_type()), wire_name(type)));
}

std::string explain(const protozero::exception& error)
{
  if (dynamic_cast<const protozero::end_of_buffer_exception*>(&error) != nullptr) {
    return "truncated: a length or value runs past the end of its message";
  }
  if (dynamic_cast<const protozero::varint_too_long_exception*>(&error) != nullptr) {
    return "varint longer than 10 bytes";
  }
  if (dynamic_cast<const protozero::unknown_pbf_wire_type_exception*>(&error) != nullptr) {
    return "unknown wire type (not protobuf?)";
  }
  if (dynamic_cast<const protozero::invalid_tag_exception*>(&error) != nullptr) {
    return "invalid field number (not protobuf?)";
  }
  return error.what();
}

void to_hex(std::string_view bytes, std::string& out)
{
  static constexpr char k_digits[] = "0123456789abcdef";
  out.resize(bytes.size() * 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = k_digits[byte >> 4];
    out[2 * i + 1] = k_digits[byte & 0xfu];
  }
}

bool read_key_value(protozero::pbf_reader message, Context& context, std::string& key, std::string& value)
{
  return read_key_value_at(message, context, 1, key, value);
}

void read_attribute(protozero::pbf_reader& message, Context& context, std::size_t index, PendingAttributes& out)
{
  context.enter("attributes", index);
  const auto bytes = context.bytes(message, "");
  std::string_view key;
  std::string_view value;
  if (read_string_attribute(bytes, key, value)) {
    if (!key.empty()) {
      out.add_view(key, value);
    }
  } else {
    const auto [owned_key, owned_value] = out.next();
    if (!read_key_value(protozero::pbf_reader(bytes.data(), bytes.size()), context, *owned_key, *owned_value)) {
      out.drop_last();
    }
  }
  context.leave();
}

} // namespace ttaobs::sources::proto
