#pragma once

#include <src/util/expected.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::http {

/// An absolute http(s) URL split into the parts the tool needs.
struct Url
{
  std::string scheme; ///< "http" or "https"
  std::string host;   ///< host name or address (IPv6 without brackets)
  int port = 0;       ///< explicit or default port
  std::string path;   ///< always starts with "/"
  std::string query;  ///< raw query without "?", may be empty

  /// "scheme://host:port" (brackets around IPv6).
  std::string origin() const;
  /// The whole URL text.
  std::string str() const;
};

/// Parses an absolute http or https URL; the error says what is wrong with it.
Expected<Url, std::string> parse_url(std::string_view text);

/// Percent-encodes `s` for use in a query component (RFC 3986 unreserved kept).
std::string percent_encode(std::string_view s);

/// Decodes %XX escapes and '+' (as space) of a query component.
std::string percent_decode(std::string_view s);

/// `base` with its path replaced by `path` (trailing "/" of base's path joined) and `params` as query.
std::string with_path_and_query(const Url& base, std::string_view path,
                                const std::vector<std::pair<std::string, std::string>>& params);

/// "METHOD origin/path?sorted-decoded-params": equal for requests that mean the same thing;
/// parameters named in `ignored` are left out.
std::string canonical_request(std::string_view method, const Url& url, const std::vector<std::string>& ignored = {});

} // namespace ttaobs::http
