#include "regex.hpp"

#include <re2/re2.h>

namespace ttaobs::util {

Expected<Regex, std::string> Regex::compile(std::string_view pattern)
{
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20); // a pathological pattern is refused, not compiled into gigabytes
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    return unexpected("invalid regular expression: " + re->error());
  }
  Regex out;
  out.m_text = std::string(pattern);
  out.m_re = std::move(re);
  return out;
}

bool Regex::full_match(std::string_view text) const
{
  return m_re && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *m_re);
}

} // namespace ttaobs::util
