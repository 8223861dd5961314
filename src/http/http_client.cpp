#include "http_client.hpp"

#include <src/util/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ttaobs::http {

std::string HttpResponse::header(std::string_view name) const
{
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

bool is_secret_header(std::string_view name)
{
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"auth", "cookie", "token", "key", "secret", "passw", "session", "credential", "signature"}) {
    if (lower.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string auth_hint(long status, std::string_view endpoint)
{
  if (status != 401 && status != 403) {
    return {};
  }
  return fmt::format(
      "HTTP {} — check the credentials{} for --{}-url (--{}-bearer-token[-file], --{}-basic-auth[-file], "
      "--{}-header, or the global --bearer-token, --basic-auth, --header{})",
      status, status == 403 ? " and tenant" : "", endpoint, endpoint, endpoint, endpoint,
      status == 403 ? fmt::format(", --{}-tenant/--tenant", endpoint) : "");
}

std::string HttpError::describe() const
{
  return fmt::format("{} {}: {}", method, util::redact_url(url), util::redact_urls(message));
}

std::uint64_t fnv1a64(std::string_view text)
{
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h = (h ^ c) * 1099511628211ull;
  }
  return h;
}

std::optional<std::string> replay_key(const HttpRequest& request)
{
  const auto url = util::parse_url(request.url);
  if (!url) {
    return std::nullopt;
  }
  auto key = util::canonical_request(request.method, *url, request.volatile_params);
  if (!request.body.empty()) {
    key += fmt::format(" body:{:016x}", fnv1a64(request.body));
  }
  return key;
}

std::string_view to_string(HttpError::Kind kind)
{
  switch (kind) {
  case HttpError::Kind::connect:
    return "connect";
  case HttpError::Kind::timeout:
    return "timeout";
  case HttpError::Kind::tls:
    return "tls";
  case HttpError::Kind::too_large:
    return "too_large";
  case HttpError::Kind::bad_url:
    return "bad_url";
  case HttpError::Kind::protocol:
    return "protocol";
  case HttpError::Kind::not_recorded:
    return "not_recorded";
  case HttpError::Kind::interrupted:
    return "interrupted";
  }
  return "unknown";
}

} // namespace ttaobs::http
