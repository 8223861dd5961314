#include "reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace ttaobs::json {

namespace {

constexpr std::size_t k_progress_step = 16u << 20;

} // namespace

JsonReader::JsonReader(std::string_view text, std::function<void(std::size_t)> on_progress, const JsonLimits& limits)
  : m_begin(text.data()), m_at(text.data()), m_end(text.data() + text.size()), m_on_progress(std::move(on_progress)),
    m_limits(limits), m_next_check(k_deadline_check_bytes), m_next_progress(k_progress_step)
{
}

void JsonReader::checkpoint()
{
  const auto offset = static_cast<std::size_t>(m_at - m_begin);
  m_next_check = offset + k_deadline_check_bytes;
  if (m_limits.deadline != Deadline::max() && std::chrono::steady_clock::now() > m_limits.deadline && m_error.empty()) {
    m_error = timeout_message(offset + 1);
  }
  if (offset >= m_next_progress) {
    if (m_on_progress) {
      m_on_progress(offset);
    }
    m_next_progress = offset + k_progress_step;
  }
}

bool JsonReader::too_deep(std::size_t depth)
{
  if (depth <= m_limits.max_depth) {
    return false;
  }
  if (m_error.empty()) {
    m_error = too_deep_message(m_limits.max_depth, static_cast<std::size_t>(m_at - m_begin) + 1);
  }
  return true;
}

bool JsonReader::syntax_error(std::string_view what)
{
  if (m_error.empty()) {
    m_error = fmt::format("malformed JSON at byte {}: {}", m_at - m_begin + 1, what);
  }
  return false;
}

void JsonReader::shape_error(std::string_view field, std::string_view what)
{
  if (m_error.empty()) {
    m_shape = true;
    m_field = field;
    m_what = what;
    m_error = field.empty() ? std::string(what) : fmt::format("{}: {}", field, what);
  }
}

std::string_view JsonReader::next_type()
{
  switch (peek()) {
  case '{':
    return "object";
  case '[':
    return "array";
  case '"':
    return "string";
  case 't':
  case 'f':
    return "boolean";
  case 'n':
    return "null";
  case '\0':
    return "end of input";
  default:
    return m_at < m_end && (*m_at == '-' || (*m_at >= '0' && *m_at <= '9')) ? "number" : "invalid";
  }
}

bool JsonReader::null_next()
{
  if (failed() || peek() != 'n') {
    return false;
  }
  if (m_end - m_at < 4 || std::memcmp(m_at, "null", 4) != 0) {
    return syntax_error("invalid literal");
  }
  advance_to(m_at + 4);
  return true;
}

bool JsonReader::wrong_kind(std::string_view field, std::string_view expected)
{
  const auto found = next_type();
  if (found == "end of input" || found == "invalid") {
    return syntax_error(found == "invalid" ? "expected a value" : "unexpected end of input");
  }
  shape_error(field, fmt::format("expected {}, found {}", expected, found));
  return false;
}

bool JsonReader::enter(char open, std::string_view field, std::string_view kind)
{
  if (failed()) {
    return false;
  }
  if (peek() != open) {
    return wrong_kind(field, kind);
  }
  if (too_deep(m_first.size() + 1)) {
    return false;
  }
  advance_to(m_at + 1);
  m_first.push_back(true);
  return !failed();
}

bool JsonReader::begin_object(std::string_view path)
{
  return enter('{', path, "object");
}

bool JsonReader::begin_array(std::string_view path)
{
  return enter('[', path, "array");
}

bool JsonReader::next_key(std::string_view& key)
{
  if (failed()) {
    return false;
  }
  const char c = peek();
  if (c == '}') {
    advance_to(m_at + 1);
    m_first.pop_back();
    return false;
  }
  if (!m_first.back()) {
    if (c != ',') {
      return syntax_error("expected ',' or '}' after an object member");
    }
    ++m_at;
    peek();
  }
  m_first.back() = false;
  if (peek() != '"') {
    return syntax_error("expected a quoted object key");
  }
  if (!scan_string(key, m_key_scratch)) {
    return false;
  }
  if (peek() != ':') {
    return syntax_error("expected ':' after an object key");
  }
  ++m_at;
  return true;
}

bool JsonReader::next_element()
{
  if (failed()) {
    return false;
  }
  const char c = peek();
  if (c == ']') {
    advance_to(m_at + 1);
    m_first.pop_back();
    return false;
  }
  if (!m_first.back()) {
    if (c != ',') {
      return syntax_error("expected ',' or ']' after an array element");
    }
    ++m_at;
    if (peek() == ']') {
      return syntax_error("expected a value after ','");
    }
  }
  m_first.back() = false;
  if (peek() == '\0') {
    return syntax_error("unexpected end of input");
  }
  return true;
}

bool JsonReader::read_string(std::string_view path, std::string& out)
{
  std::string_view view;
  if (!read_string_view(path, view)) {
    return false;
  }
  out.assign(view);
  return true;
}

bool JsonReader::read_string_view(std::string_view path, std::string_view& out)
{
  if (failed()) {
    return false;
  }
  if (peek() != '"') {
    return wrong_kind(path, "string");
  }
  return scan_string(out, m_scratch);
}

bool JsonReader::read_int64(std::string_view path, std::int64_t& out)
{
  if (failed()) {
    return false;
  }
  const char c = peek();
  if (c != '-' && (c < '0' || c > '9')) {
    return wrong_kind(path, "integer");
  }
  const auto [end, ec] = std::from_chars(m_at, m_end, out);
  if (ec == std::errc::result_out_of_range) {
    return syntax_error("integer out of range");
  }
  if (ec != std::errc{} || (end < m_end && (*end == '.' || *end == 'e' || *end == 'E'))) {
    shape_error(path, "expected integer, found number");
    return false;
  }
  advance_to(end);
  return true;
}

bool JsonReader::read_number_view(std::string_view path, std::string_view& out)
{
  if (failed()) {
    return false;
  }
  const char c = peek();
  if (c != '-' && (c < '0' || c > '9')) {
    return wrong_kind(path, "number");
  }
  const char* start = m_at;
  if (!scan_scalar()) {
    return false;
  }
  out = std::string_view(start, static_cast<std::size_t>(m_at - start));
  return true;
}

bool JsonReader::read_bool(std::string_view path, bool& out)
{
  if (failed()) {
    return false;
  }
  const char c = peek();
  if (c != 't' && c != 'f') {
    return wrong_kind(path, "boolean");
  }
  out = c == 't';
  return scan_scalar();
}

bool JsonReader::scan_scalar()
{
  const char c = peek();
  for (const std::string_view literal : {"true", "false", "null"}) {
    if (c == literal[0]) {
      if (static_cast<std::size_t>(m_end - m_at) < literal.size() ||
          std::string_view(m_at, literal.size()) != literal) {
        return syntax_error("invalid literal");
      }
      advance_to(m_at + literal.size());
      return true;
    }
  }
  // number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  const char* p = m_at;
  const auto digits = [&] {
    const char* s = p;
    while (p < m_end && *p >= '0' && *p <= '9')
      ++p;
    return p > s;
  };
  if (p < m_end && *p == '-')
    ++p;
  if (p < m_end && *p == '0') {
    ++p;
  } else if (!digits()) {
    return syntax_error(c == '\0' ? "unexpected end of input" : "expected a value");
  }
  if (p < m_end && *p == '.') {
    ++p;
    if (!digits())
      return syntax_error("invalid number");
  }
  if (p < m_end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < m_end && (*p == '+' || *p == '-'))
      ++p;
    if (!digits())
      return syntax_error("invalid number");
  }
  advance_to(p);
  return true;
}

bool JsonReader::skip_value()
{
  if (failed()) {
    return false;
  }
  std::vector<char> stack; // open brackets of the value being skipped; no recursion
  do {
    if (failed()) {
      return false; // the deadline passed
    }
    const char c = peek();
    if (c == '{' || c == '[') {
      if (too_deep(m_first.size() + stack.size() + 1)) {
        return false;
      }
      advance_to(m_at + 1);
      stack.push_back(c == '{' ? '}' : ']');
      if (peek() == stack.back()) { // empty container
        advance_to(m_at + 1);
        stack.pop_back();
      } else if (c == '{') {
        std::string_view key;
        if (peek() != '"' || !scan_string(key, m_key_scratch))
          return syntax_error("expected a quoted object key");
        if (peek() != ':')
          return syntax_error("expected ':' after an object key");
        ++m_at;
        continue;
      } else {
        continue;
      }
    } else if (c == '"') {
      std::string_view ignored;
      if (!scan_string(ignored, m_scratch))
        return false;
    } else if (!scan_scalar()) {
      return false;
    }
    // after a complete value: close finished containers, or move to the next element/member
    while (!stack.empty()) {
      const char n = peek();
      if (n == stack.back()) {
        advance_to(m_at + 1);
        stack.pop_back();
        continue;
      }
      if (n != ',') {
        return syntax_error(stack.back() == '}' ? "expected ',' or '}' after an object member"
                                                : "expected ',' or ']' after an array element");
      }
      ++m_at;
      if (stack.back() == '}') {
        std::string_view key;
        if (peek() != '"' || !scan_string(key, m_key_scratch))
          return syntax_error("expected a quoted object key");
        if (peek() != ':')
          return syntax_error("expected ':' after an object key");
        ++m_at;
      }
      break;
    }
  } while (!stack.empty());
  return !failed();
}

bool JsonReader::finish()
{
  if (failed()) {
    return false;
  }
  return peek() == '\0' ? true : syntax_error("unexpected text after the JSON value");
}

} // namespace ttaobs::json
