#include "strings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

namespace ttaobs::util {

namespace {

bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

std::string_view trim(std::string_view s)
{
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix)
{
  return s.substr(0, prefix.size()) == prefix;
}

std::vector<std::string_view> split(std::string_view s, char sep)
{
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp)
{
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0u) != 0x80u) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  return overlong || surrogate || cp > 0x10FFFF ? 0 : len;
}

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD"; // U+FFFD

// Characters a terminal acts on rather than shows: C0, DEL, C1 (U+0080–U+009F, CSI among them)
// and the bidirectional overrides and isolates that reorder what is shown.
bool terminal_control(char32_t cp)
{
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Calls `emit(piece, control)` for each code point of `s`: invalid bytes as U+FFFD one by one.
template <typename Emit> void for_each_printable(std::string_view s, Emit&& emit)
{
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const auto len = utf8_sequence(s, i, cp);
    if (len == 0) {
      if (!emit(k_replacement, false)) {
        return;
      }
      ++i;
      continue;
    }
    if (!emit(s.substr(i, len), terminal_control(cp))) {
      return;
    }
    i += len;
  }
}

} // namespace

std::string one_line(std::string_view s, std::size_t max_len)
{
  std::string out;
  out.reserve(std::min(s.size(), max_len + 3));
  bool last_space = true;
  bool cut = false;
  for_each_printable(s, [&](std::string_view piece, bool control) {
    if (control || piece == " ") {
      if (!last_space) {
        out.push_back(' ');
      }
      last_space = true;
    } else if (out.size() + piece.size() > max_len) {
      cut = true; // whole code points only: never cut inside a UTF-8 sequence
      return false;
    } else {
      out += piece;
      last_space = false;
    }
    return true;
  });
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  if (cut || out.size() > max_len) {
    out.resize(std::min(out.size(), max_len));
    out += "...";
  }
  return out;
}

std::string printable(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  for_each_printable(s, [&](std::string_view piece, bool control) {
    if (control) {
      out.push_back(' ');
    } else {
      out += piece;
    }
    return true;
  });
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep)
{
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += sep;
    }
    out += items[i];
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool parse_seconds(std::string_view text, double& out)
{
  text = trim(text);
  if (text.empty() || text.front() == '+' || text.front() == '-') {
    return false;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value < 0) {
    return false;
  }
  out = value;
  return true;
}

std::optional<std::chrono::microseconds> parse_duration(std::string_view text)
{
  static constexpr std::pair<std::string_view, double> k_units[] = {
      {"us", 1}, {"ms", 1e3}, {"s", 1e6}, {"m", 60e6}, {"h", 3600e6}};
  text = trim(text);
  double scale = 1e6; // a bare number is seconds
  for (const auto& [suffix, micros] : k_units) {
    if (text.size() > suffix.size() && text.ends_with(suffix) &&
        (suffix != "s" || !(text.ends_with("ms") || text.ends_with("us")))) {
      scale = micros;
      text.remove_suffix(suffix.size());
      break;
    }
  }
  double value = 0;
  if (!util::parse_seconds(text, value) || !std::isfinite(value * scale) || value * scale > 1e15) {
    return std::nullopt;
  }
  return std::chrono::microseconds(static_cast<long long>(std::llround(value * scale)));
}

} // namespace ttaobs::util
