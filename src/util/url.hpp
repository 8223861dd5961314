#pragma once

#include <src/util/expected.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::util {

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
  /// The whole URL text, as sent on the wire (may hold secrets: never print it, see redacted()).
  std::string str() const;
  /// The URL text for messages, reports, logs and recordings: secret query values as "***".
  std::string redacted() const;
};

/// Parses an absolute http or https URL; the error says what is wrong with it.
Expected<Url, std::string> parse_url(std::string_view text);

/// Percent-encodes `s` for use in a query component (RFC 3986 unreserved kept).
std::string percent_encode(std::string_view s);

/// Decodes %XX escapes and '+' (as space) of a query component.
std::string percent_decode(std::string_view s);

/// `base`'s path prefix joined with `path` (one "/" between them), then `base`'s own query (a tenant,
/// an api key: it goes on every call) followed by `params`, e.g. "http://gw/prom/?tenant=a" +
/// "/api/v1/query" → "http://gw/prom/api/v1/query?tenant=a&query=…".
std::string with_path_and_query(const Url& base, std::string_view path,
                                const std::vector<std::pair<std::string, std::string>>& params);

/// "METHOD origin/path?sorted-decoded-params": equal for requests that mean the same thing;
/// parameters named in `ignored` are left out and secret ones (is_secret_param) read "***", so a
/// recording holds no secret and replays whatever the secret is.
std::string canonical_request(std::string_view method, const Url& url, const std::vector<std::string>& ignored = {});

// Redaction, the one rule every echo of a URL follows (config errors, `config show`, console,
// reports, --record bundles): the password of a userinfo ("user:***@", or "***@" when the
// userinfo has no ':', since then it is usually a token) and the value of every query parameter
// whose decoded name, case-insensitively, contains token, key, secret, passw, pwd, auth, sig,
// credential, session or jwt (api_key, apikey, access_token, X-Amz-Signature, ...) become "***".
// Other parameters (tenant, query, service) stay readable.

/// True when a query parameter named `name` (decoded) carries a secret under the rule above.
bool is_secret_param(std::string_view name);

/// A query string ("a=1&api_key=x") with the values of secret parameters as "***".
std::string redact_query(std::string_view query);

/// One URL's text, parsable or not (a refused "http://u:pw@h" too), redacted by the rule above.
std::string redact_url(std::string_view text);

/// Free text (a message, a log line) with every http:// or https:// URL in it redacted.
std::string redact_urls(std::string_view text);

} // namespace ttaobs::util
