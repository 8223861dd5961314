#include "otlp_ids.hpp"

#include <algorithm>
#include <cctype>

namespace ttaobs::sources {

namespace {

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
    std::transform(text.begin(), text.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return true;
  }
  return base64_to_hex(text, out);
}

} // namespace ttaobs::sources
