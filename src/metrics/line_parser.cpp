#include "line_parser.hpp"

#include "numbers.hpp"

#include <fmt/format.h>

namespace ttaobs::metrics {

std::string_view to_string(Format format)
{
  return format == Format::openmetrics ? "openmetrics" : "prometheus-text";
}

std::string_view to_string(MetricType type)
{
  switch (type) {
  case MetricType::untyped:
    return "untyped";
  case MetricType::unknown:
    return "unknown";
  case MetricType::counter:
    return "counter";
  case MetricType::gauge:
    return "gauge";
  case MetricType::summary:
    return "summary";
  case MetricType::histogram:
    return "histogram";
  case MetricType::gauge_histogram:
    return "gaugehistogram";
  case MetricType::info:
    return "info";
  case MetricType::stateset:
    return "stateset";
  }
  return "untyped";
}

std::string ParseError::describe() const
{
  if (excerpt.empty()) {
    return fmt::format("line {}:{}: {}", line, column, message);
  }
  return fmt::format("line {}:{}: {} (near \"{}\")", line, column, message, excerpt);
}

namespace detail {

std::optional<std::size_t> FamilyTable::find(std::string_view name) const
{
  const auto it = m_index.find(name);
  if (it == m_index.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::size_t FamilyTable::add(std::string_view name, std::size_t line)
{
  const std::size_t index = m_families.size();
  Family family;
  family.name = std::string(name);
  family.first_line = line;
  m_families.push_back(std::move(family));
  m_index.emplace(std::string(name), index);
  return index;
}

namespace {

// Up to 24 bytes either side of `offset`, every byte outside printable ASCII shown as \xHH.
std::string excerpt(std::string_view text, std::size_t offset)
{
  constexpr std::size_t k_span = 24;
  const std::size_t from = offset > k_span ? offset - k_span : 0;
  const std::size_t to = std::min(text.size(), offset + k_span);
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  if (from > 0) {
    out.insert(0, "…");
  }
  if (to < text.size()) {
    out += "…";
  }
  return out;
}

// `message` with control bytes (a NUL or tab quoted from the input) shown as \xHH, so that an
// error stays one printable line.
std::string printable(std::string message)
{
  std::string out;
  for (const char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

} // namespace

bool LineParser::fail(std::string_view text, std::size_t number, std::size_t offset, std::string message)
{
  if (!m_error) {
    m_error = ParseError{number, offset + 1, printable(std::move(message)), excerpt(text, offset)};
  }
  return false;
}

void LineParser::reset_labels(std::size_t line_size)
{
  m_labels.clear();
  m_arena.clear();
  if (m_arena.capacity() < line_size) {
    m_arena.reserve(line_size);
  }
}

std::optional<std::string_view> LineParser::unescape(std::string_view raw, bool keep_unknown, char& bad, bool quote)
{
  if (raw.find('\\') == std::string_view::npos) {
    return raw;
  }
  // The arena was reserved for the whole line, and unescaped text is never longer than raw
  // text, so appending never reallocates and earlier views stay valid.
  const std::size_t start = m_arena.size();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      m_arena += raw[i];
      continue;
    }
    if (i + 1 == raw.size()) {
      if (!keep_unknown) {
        bad = '\n';
        return std::nullopt;
      }
      m_arena += '\\';
      break;
    }
    const char next = raw[++i];
    if (next == '\\' || (next == '"' && quote)) {
      m_arena += next;
    } else if (next == 'n') {
      m_arena += '\n';
    } else if (keep_unknown) {
      m_arena += '\\';
      m_arena += next;
    } else {
      bad = next;
      return std::nullopt;
    }
  }
  return std::string_view(m_arena).substr(start);
}

std::size_t metric_name_end(std::string_view s, std::size_t i)
{
  if (i >= s.size() || !(is_label_start(s[i]) || s[i] == ':')) {
    return i;
  }
  ++i;
  while (i < s.size() && (is_label_char(s[i]) || s[i] == ':')) {
    ++i;
  }
  return i;
}

std::size_t label_name_end(std::string_view s, std::size_t i)
{
  if (i >= s.size() || !is_label_start(s[i])) {
    return i;
  }
  ++i;
  while (i < s.size() && is_label_char(s[i])) {
    ++i;
  }
  return i;
}

bool valid_metric_name(std::string_view name)
{
  return !name.empty() && metric_name_end(name, 0) == name.size();
}

std::string quoted(std::string_view text)
{
  std::string out = "\"";
  const std::string_view shown = text.substr(0, 120);
  const bool utf8 = valid_utf8(shown);
  for (const char c : shown) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f || (u >= 0x80 && !utf8)) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  if (text.size() > 120) {
    out += "…";
  }
  return out + "\"";
}

} // namespace detail
} // namespace ttaobs::metrics
