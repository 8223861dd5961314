#include "url.hpp"

#include <src/util/hex.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace ttaobs::util {

namespace {

bool is_unreserved(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool valid_host_char(char c)
{
  return is_unreserved(c) || c == '%' || c == ':';
}

constexpr std::string_view k_redacted = "***";

// Where a URL ends in free text: white space, controls and characters a URL never holds raw.
bool ends_url(char c)
{
  return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
         c == '`';
}

// Sentence punctuation after a URL ("GET URL: cause", "(see URL).") is not part of it.
bool trailing_punctuation(char c)
{
  return c == '.' || c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || c == '!';
}

// The position of the next "http://" or "https://" (any case) at or after `from`, or npos.
std::size_t find_url(std::string_view text, std::size_t from)
{
  for (std::size_t i = from; i + 7 <= text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != 'h') {
      continue;
    }
    std::string head(text.substr(i, 8));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (util::starts_with(head, "http://") || util::starts_with(head, "https://")) {
      return i;
    }
  }
  return std::string_view::npos;
}

} // namespace

std::string Url::origin() const
{
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", scheme, v6 ? "[" : "", host, v6 ? "]" : "", port);
}

std::string Url::str() const
{
  return query.empty() ? origin() + path : fmt::format("{}{}?{}", origin(), path, query);
}

std::string Url::redacted() const
{
  return query.empty() ? origin() + path : fmt::format("{}{}?{}", origin(), path, redact_query(query));
}

namespace {

// The lower-cased scheme of `text` ("http" or "https") and the text after "://".
Expected<std::pair<std::string, std::string_view>, std::string> split_scheme(std::string_view text)
{
  if (text.empty()) {
    return unexpected(std::string("empty URL"));
  }
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return unexpected(std::string("URL contains white space or a control character"));
    }
  }
  const auto sep = text.find("://");
  if (sep == std::string_view::npos) {
    return unexpected(std::string("missing scheme (expected http:// or https://)"));
  }
  std::string scheme(text.substr(0, sep));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "http" && scheme != "https") {
    return unexpected(fmt::format("unsupported scheme '{}' (expected http or https)", scheme));
  }
  return std::pair{std::move(scheme), text.substr(sep + 3)};
}

// Sets `url.host` from `authority` and returns the port text after it ("" for none).
Expected<std::string_view, std::string> read_host(std::string_view authority, Url& url)
{
  if (authority.find('@') != std::string_view::npos) {
    return unexpected(std::string("credentials in URLs are not supported"));
  }
  std::string_view port_text;
  if (util::starts_with(authority, "[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return unexpected(std::string("unterminated IPv6 address"));
    }
    url.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return unexpected(std::string("unexpected text after IPv6 address"));
    }
    port_text = after.empty() ? after : after.substr(1);
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (url.host.find(':') != std::string::npos) {
        return unexpected(std::string("IPv6 addresses must be in brackets"));
      }
    }
  }
  if (url.host.empty()) {
    return unexpected(std::string("missing host"));
  }
  if (!std::all_of(url.host.begin(), url.host.end(), valid_host_char)) {
    return unexpected(fmt::format("invalid character in host '{}'", url.host));
  }
  return port_text;
}

// The port of `port_text`, or the scheme's default when it is empty.
Expected<int, std::string> read_port(std::string_view port_text, std::string_view scheme)
{
  if (port_text.empty()) {
    return scheme == "https" ? 443 : 80;
  }
  int port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    return unexpected(fmt::format("invalid port '{}'", port_text));
  }
  return port;
}

} // namespace

Expected<Url, std::string> parse_url(std::string_view text)
{
  TTAOBS_TRY_ASSIGN(split, split_scheme(text));
  Url url;
  url.scheme = std::move(split.first);
  std::string_view rest = split.second;
  rest = rest.substr(0, rest.find('#'));
  const auto path_start = rest.find_first_of("/?");
  const std::string_view path_query = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  TTAOBS_TRY_ASSIGN(port_text, read_host(rest.substr(0, path_start), url));
  TTAOBS_TRY_ASSIGN(port, read_port(port_text, url.scheme));
  url.port = port;
  const auto q = path_query.find('?');
  url.path = std::string(path_query.substr(0, q));
  if (url.path.empty()) {
    url.path = "/";
  }
  if (q != std::string_view::npos) {
    url.query = std::string(path_query.substr(q + 1));
  }
  return url;
}

std::string percent_encode(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (is_unreserved(c)) {
      out.push_back(c);
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::string percent_decode(std::string_view s)
{
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && util::hex_digit(s[i + 1]) >= 0 && util::hex_digit(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(util::hex_digit(s[i + 1]) * 16 + util::hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string with_path_and_query(const Url& base, std::string_view path,
                                const std::vector<std::pair<std::string, std::string>>& params)
{
  Url out = base;
  std::string prefix = base.path;
  while (!prefix.empty() && prefix.back() == '/') {
    prefix.pop_back();
  }
  out.path = prefix + std::string(path);
  if (out.path.empty()) {
    out.path = "/";
  }
  out.query = base.query;
  while (!out.query.empty() && out.query.back() == '&') {
    out.query.pop_back();
  }
  for (const auto& [key, value] : params) {
    if (!out.query.empty()) {
      out.query += '&';
    }
    out.query += percent_encode(key) + "=" + percent_encode(value);
  }
  return out.str();
}

std::string canonical_request(std::string_view method, const Url& url, const std::vector<std::string>& ignored)
{
  std::vector<std::string> params;
  if (!url.query.empty()) {
    for (const auto part : util::split(url.query, '&')) {
      const auto eq = part.find('=');
      const auto key = percent_decode(part.substr(0, eq));
      if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) {
        continue;
      }
      if (is_secret_param(key)) {
        params.push_back(percent_encode(key) + "=" + std::string(k_redacted));
        continue;
      }
      const auto value = eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1));
      params.push_back(percent_encode(key) + "=" + percent_encode(value));
    }
  }
  std::sort(params.begin(), params.end());
  std::string out = fmt::format("{} {}{}", method, url.origin(), url.path);
  if (!params.empty()) {
    out += "?" + util::join(params, "&");
  }
  return out;
}

bool is_secret_param(std::string_view name)
{
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::string_view k_needles[] = {"token", "key", "secret",     "passw",   "pwd",
                                                   "auth",  "sig", "credential", "session", "jwt"};
  return std::any_of(std::begin(k_needles), std::end(k_needles),
                     [&](std::string_view needle) { return lower.find(needle) != std::string::npos; });
}

std::string redact_query(std::string_view query)
{
  std::string out;
  out.reserve(query.size());
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto amp = std::min(query.find('&', start), query.size());
    const auto part = query.substr(start, amp - start);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && is_secret_param(percent_decode(part.substr(0, eq)))) {
      out += part.substr(0, eq + 1);
      out += k_redacted;
    } else {
      out += part;
    }
    if (amp < query.size()) {
      out += '&';
    }
    start = amp + 1;
  }
  return out;
}

std::string redact_url(std::string_view text)
{
  const auto scheme_end = text.find("://");
  const auto auth_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  // The userinfo runs to the last '@' before any query: a password holding a raw '/' ends there too.
  const auto query_start = std::min(text.find_first_of("?#", auth_start), text.size());
  const auto last_at = text.substr(0, query_start).rfind('@');
  const auto auth_end = last_at != std::string_view::npos && last_at >= auth_start
                            ? std::min(text.find_first_of("/?#", last_at), text.size())
                            : std::min(text.find_first_of("/?#", auth_start), text.size());
  std::string out(text.substr(0, auth_start));
  const auto authority = text.substr(auth_start, auth_end - auth_start);
  const auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const auto colon = authority.substr(0, at).find(':');
    out += colon == std::string_view::npos ? std::string(k_redacted)
                                           : fmt::format("{}:{}", authority.substr(0, colon), k_redacted);
    out += authority.substr(at);
  } else {
    out += authority;
  }
  // Path as it is; the query and a fragment (OAuth puts tokens there) redacted.
  const auto rest = text.substr(auth_end);
  const auto split = std::min(rest.find_first_of("?#"), rest.size());
  out += rest.substr(0, split);
  if (split < rest.size()) {
    const auto hash = std::min(rest.find('#', split + 1), rest.size());
    out += rest[split];
    out += redact_query(rest.substr(split + 1, hash - split - 1));
    if (hash < rest.size()) {
      out += '#';
      out += redact_query(rest.substr(hash + 1));
    }
  }
  return out;
}

std::string redact_urls(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  std::size_t done = 0;
  for (auto start = find_url(text, 0); start != std::string_view::npos; start = find_url(text, done)) {
    auto end = start;
    while (end < text.size() && !ends_url(text[end])) {
      ++end;
    }
    while (end > start && trailing_punctuation(text[end - 1])) {
      --end;
    }
    out += text.substr(done, start - done);
    out += redact_url(text.substr(start, end - start));
    done = std::max(end, start + 1);
  }
  out += text.substr(std::min(done, text.size()));
  return out;
}

} // namespace ttaobs::util
