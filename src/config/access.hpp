#pragma once

// The access keys of config.hpp: per endpoint and global headers, credentials, tenant and TLS,
// with values read from files and ${VAR}/${file:PATH} interpolation. Internal to src/config.

#include <src/http/http_client.hpp>
#include <src/util/expected.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::config {

struct KeyInfo;

/// One value with its origin, as picked from the layers.
struct Picked
{
  std::string value;  ///< raw text (a repeatable key's values joined by '\n')
  std::string origin; ///< "--flag", "TTAOBS_X", "file:line" or "default"
  bool set = false;   ///< false when neither a layer nor a default gave it
};

/// The endpoints that take access keys ("jaeger", "prometheus", "metrics", "collector", "tempo").
const std::vector<std::string>& access_endpoints();

/// Appends the access keys (global ones first, then per endpoint) to `keys`.
void add_access_keys(std::vector<KeyInfo>& keys);

/// Looks an environment variable up ("" when unset), injected for tests.
using Getenv = std::string (*)(const char*);

/// What resolving the access keys gives: the access of each endpoint and what `config show` prints.
struct ResolvedAccess
{
  std::map<std::string, http::EndpointAccess> access; ///< endpoint → merged global + own settings
  std::map<std::string, std::string> shown;           ///< key → displayed value, secrets as ***
  bool insecure = false;                              ///< --insecure-skip-verify anywhere
};

/// Resolves every access key in `picked` (plus `url_credentials`: endpoint → "user:password" taken
/// from its URL); files are read now, so a missing or malformed one fails before any request.
/// Errors name the key, its origin and the file, never a secret.
Expected<ResolvedAccess, std::string> resolve_access(const std::map<std::string, Picked>& picked,
                                                     const std::map<std::string, std::string>& url_credentials,
                                                     Getenv getenv);

/// Splits "user:password@" off a URL's authority: returns the URL without it and sets `userinfo`
/// (percent-decoded "user:password"), or returns `text` unchanged and leaves `userinfo` empty.
std::string take_userinfo(std::string_view text, std::string& userinfo);

} // namespace ttaobs::config
