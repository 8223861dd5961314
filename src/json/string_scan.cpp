// JsonReader's string scanning: the memchr fast path for strings without escapes, and the
// decoding of escapes (\uXXXX and surrogate pairs into UTF-8) for the rest.
#include "reader.hpp"

#include <src/util/hex.hpp>

#include <cstdint>
#include <cstring>

namespace ttaobs::json {

namespace {

void append_utf8(std::string& out, std::uint32_t cp)
{
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the \u escape whose hex digits start at `p` onto `out` (a surrogate pair as one code
// point, a lone surrogate as U+FFFD) and moves `p` past it; false, `p` unmoved, if it is invalid.
bool decode_unicode(const char*& p, const char* end, std::string& out)
{
  const auto hex4 = [end](const char* q, std::uint32_t& v) { // a lambda: inlined, as this path wants
    if (end - q < 4)
      return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = util::hex_digit(q[k]);
      if (d < 0)
        return false;
      v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  };
  std::uint32_t cp = 0;
  if (!hex4(p, cp)) {
    return false;
  }
  p += 4;
  std::uint32_t low = 0;
  if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u' && hex4(p + 2, low) &&
      low >= 0xDC00 && low <= 0xDFFF) {
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    p += 6;
  } else if (cp >= 0xD800 && cp <= 0xDFFF) {
    cp = 0xFFFD; // a lone surrogate cannot be UTF-8
  }
  append_utf8(out, cp);
  return true;
}

// Decodes the escape at `p` (its backslash, with at least one byte after it) onto `out` and moves
// `p` past it; on a bad escape returns what is wrong, with `p` where that is reported.
const char* decode_escape(const char*& p, const char* end, std::string& out)
{
  const char e = p[1];
  p += 2;
  switch (e) {
  case '"':
    out += '"';
    break;
  case '\\':
    out += '\\';
    break;
  case '/':
    out += '/';
    break;
  case 'b':
    out += '\b';
    break;
  case 'f':
    out += '\f';
    break;
  case 'n':
    out += '\n';
    break;
  case 'r':
    out += '\r';
    break;
  case 't':
    out += '\t';
    break;
  case 'u':
    return decode_unicode(p, end, out) ? nullptr : "invalid \\u escape";
  default:
    p -= 1;
    return "invalid escape in string";
  }
  return nullptr;
}

} // namespace

bool JsonReader::scan_string(std::string_view& out, std::string& scratch)
{
  const char* start = ++m_at; // after the opening quote
  // the common case: memchr (vectorised) finds the closing quote, then one tight pass checks that
  // nothing in between needs decoding or is forbidden
  const auto* quote = static_cast<const char*>(std::memchr(start, '"', static_cast<std::size_t>(m_end - start)));
  const char* p = start;
  if (quote != nullptr) {
    while (p < quote && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) {
      ++p;
    }
  } else {
    p = m_end;
  }
  if (p == quote) { // no escapes: a view into the input
    out = std::string_view(start, static_cast<std::size_t>(p - start));
    advance_to(p + 1);
    return true;
  }
  return scan_escaped(start, p, out, scratch);
}

// The slow path: `p` is the first byte after `start` that needs care (an escape, a control
// character, or the end of input); the string is decoded into `scratch`.
bool JsonReader::scan_escaped(const char* start, const char* p, std::string_view& out, std::string& scratch)
{
  scratch.assign(start, p);
  while (true) {
    if (p >= m_end) {
      m_at = p;
      return syntax_error("unterminated string");
    }
    const char c = *p;
    if (c == '"') {
      break;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      m_at = p;
      return syntax_error("control character in string");
    }
    if (c != '\\') {
      scratch += c;
      ++p;
      continue;
    }
    if (p + 1 >= m_end) {
      m_at = p;
      return syntax_error("unterminated string");
    }
    if (const char* problem = decode_escape(p, m_end, scratch); problem != nullptr) {
      m_at = p;
      return syntax_error(problem);
    }
  }
  out = scratch;
  advance_to(p + 1);
  return true;
}

} // namespace ttaobs::json
