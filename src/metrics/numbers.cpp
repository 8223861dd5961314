#include "numbers.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace ttaobs::metrics {

namespace {

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool iequals(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != b[i]) {
      return false;
    }
  }
  return true;
}

// [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
bool decimal_syntax(std::string_view s)
{
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    ++i;
  }
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) {
    ++i;
    ++digits;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
      ++digits;
    }
  }
  if (digits == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      ++i;
    }
    std::size_t exponent_digits = 0;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
      ++exponent_digits;
    }
    if (exponent_digits == 0) {
      return false;
    }
  }
  return i == s.size();
}

// The value of syntactically valid decimal text; nullopt on overflow (underflow gives 0 or a
// subnormal, as Go does).
std::optional<double> decimal_value(std::string_view s)
{
  const bool negative = s.front() == '-';
  if (s.front() == '+' || s.front() == '-') {
    s.remove_prefix(1);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) {
    const std::string copy(s);
    errno = 0;
    value = std::strtod(copy.c_str(), nullptr);
    if (std::isinf(value)) {
      return std::nullopt;
    }
  } else if (ec != std::errc() || end != s.data() + s.size()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

// [+-](inf|infinity) and nan, case-insensitive; nan takes no sign (Go and OpenMetrics agree).
std::optional<double> special_value(std::string_view s)
{
  if (iequals(s, "nan")) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  double sign = 1;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (iequals(s, "inf") || iequals(s, "infinity")) {
    return sign * std::numeric_limits<double>::infinity();
  }
  return std::nullopt;
}

} // namespace

std::optional<double> parse_go_float(std::string_view text)
{
  if (text.empty()) {
    return std::nullopt;
  }
  if (auto special = special_value(text)) {
    return special;
  }
  if (!decimal_syntax(text)) {
    return std::nullopt;
  }
  return decimal_value(text);
}

std::optional<double> parse_om_number(std::string_view text)
{
  return parse_go_float(text);
}

std::optional<double> parse_om_timestamp(std::string_view text)
{
  if (text.empty() || !decimal_syntax(text)) {
    return std::nullopt;
  }
  return decimal_value(text);
}

std::optional<std::int64_t> parse_int64(std::string_view text)
{
  std::size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) {
    return std::nullopt;
  }
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), magnitude);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (magnitude > limit + 1) {
      return std::nullopt;
    }
    return magnitude == limit + 1 ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(magnitude);
  }
  if (magnitude > limit) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(magnitude);
}

bool valid_utf8(std::string_view text)
{
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0u) != 0x80u) {
        return false;
      }
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::size_t code_points(std::string_view text)
{
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) {
      ++count;
    }
  }
  return count;
}

} // namespace ttaobs::metrics
