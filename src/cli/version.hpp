#pragma once

#include <string>

namespace ttaobs::cli {

/// What `ttaobs --version` prints: the version on the first line, then the git revision, build
/// type, compiler and the versions of the libraries linked in (libcurl's own curl_version()).
std::string version_text();

} // namespace ttaobs::cli
