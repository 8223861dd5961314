#pragma once

#include <src/util/expected.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace ttaobs::util {

/// A compiled regular expression in RE2 syntax — PromQL's (Go's) dialect — matched in linear time,
/// so a hostile span name or label value cannot make a match slow or deep.
class Regex
{
public:
  /// Compiles `pattern`, or says what is wrong with it in one line.
  static Expected<Regex, std::string> compile(std::string_view pattern);

  /// True when the whole of `text` matches (as PromQL's =~ does).
  bool full_match(std::string_view text) const;
  /// The pattern as written.
  const std::string& text() const { return m_text; }

private:
  std::string m_text;
  std::shared_ptr<const re2::RE2> m_re;
};

} // namespace ttaobs::util
