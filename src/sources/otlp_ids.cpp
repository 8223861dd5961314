#include "otlp_ids.hpp"

#include <src/json/reader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ttaobs::sources {

namespace {

int base64_value(char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

bool is_hex_id(std::string_view text)
{
  return (text.size() == 16 || text.size() == 32) && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

} // namespace

bool base64_to_hex(std::string_view text, std::string& hex)
{
  static constexpr char k_digits[] = "0123456789abcdef";
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
    buffer = ((buffer << 6) | static_cast<unsigned>(v)) & 0xFFFFu;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const auto byte = (buffer >> bits) & 0xFFu;
      hex += k_digits[byte >> 4];
      hex += k_digits[byte & 0xFu];
    }
  }
  return true;
}

bool id_to_hex(std::string_view text, std::string& out)
{
  if (text.empty() || is_hex_id(text)) {
    out.resize(text.size());
    std::transform(text.begin(), text.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return true;
  }
  return base64_to_hex(text, out);
}

// Reads the id at `field` into `out` as lower-case hex ("" for an empty string). OTLP/JSON says
// hex; Tempo (protobuf JSON) sends base64. Lengths tell them apart (16/32 vs 12/24).
bool read_id(json::JsonReader& in, std::string_view field, std::string& out)
{
  const auto type = in.next_type();
  if (type != "string" && type != "invalid" && type != "end of input") {
    in.shape_error(field, fmt::format("expected string id, found {}", type));
    return false;
  }
  std::string_view text;
  if (!in.read_string_view(field, text)) {
    return false;
  }
  if (!id_to_hex(text, out)) {
    in.shape_error(field, fmt::format("'{}' is neither a hex nor a base64 id", text.substr(0, 40)));
    return false;
  }
  return true;
}

// OTLP JSON encodes 64-bit integers as strings, but integer numbers are accepted too; null is 0.
bool read_nanos(json::JsonReader& in, std::string_view field, std::int64_t& out)
{
  out = 0;
  if (in.null_next()) {
    return true;
  }
  const auto type = in.next_type();
  std::string_view text;
  if (type == "string") {
    in.read_string_view(field, text);
  } else if (type == "number") {
    in.read_number_view(field, text);
  } else if (type == "invalid" || type == "end of input") {
    return in.skip_value(); // a syntax error, reported as such
  }
  if (in.failed()) {
    return false;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || out < 0) {
    in.shape_error(field, "expected nanoseconds as a string or integer");
    return false;
  }
  return true;
}

} // namespace ttaobs::sources
