#include "xml.hpp"

#include <src/util/strings.hpp>

namespace ttaobs::report {

namespace {

bool xml_allowed(char32_t cp)
{
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

} // namespace

std::string xml_escape(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const auto len = util::utf8_sequence(text, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD"; // U+FFFD for a byte that is not valid UTF-8
      ++i;
      continue;
    }
    if (xml_allowed(cp)) {
      switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        out.append(text.substr(i, len));
      }
    }
    i += len;
  }
  return out;
}

} // namespace ttaobs::report
