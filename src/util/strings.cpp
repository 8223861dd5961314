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

std::string one_line(std::string_view s, std::size_t max_len)
{
  std::string out;
  out.reserve(std::min(s.size(), max_len + 3));
  bool last_space = true;
  for (const char c : s) {
    const auto uc = static_cast<unsigned char>(c);
    const bool space = uc < 0x20 || uc == 0x7f || c == ' ';
    if (space) {
      if (!last_space) {
        out.push_back(' ');
      }
      last_space = true;
    } else {
      out.push_back(c);
      last_space = false;
    }
    if (out.size() >= max_len) {
      // Never cut inside a UTF-8 sequence.
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) {
        out.pop_back();
      }
      if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) {
        out.pop_back();
      }
      out += "...";
      return out;
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string printable(std::string_view s)
{
  std::string out(s);
  for (auto& c : out) {
    const auto uc = static_cast<unsigned char>(c);
    if (uc < 0x20 || uc == 0x7f || uc == 0xfe || uc == 0xff) {
      c = ' ';
    }
  }
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

} // namespace ttaobs::util
