#pragma once

#include <string>
#include <string_view>

namespace ttaobs::report {

/// `text` escaped for XML attributes and text, with characters XML 1.0 forbids removed
/// and invalid UTF-8 replaced by U+FFFD.
std::string xml_escape(std::string_view text);

} // namespace ttaobs::report
