#include "url.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace ttaobs::http {

namespace {

bool is_unreserved(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
         || c == '.' || c == '_' || c == '~';
}

int hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool valid_host_char(char c)
{
  return is_unreserved(c) || c == '%' || c == ':';
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

Expected<Url, std::string> parse_url(std::string_view text)
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
  Url url;
  url.scheme = std::string(text.substr(0, sep));
  std::transform(url.scheme.begin(), url.scheme.end(), url.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (url.scheme != "http" && url.scheme != "https") {
    return unexpected(fmt::format("unsupported scheme '{}' (expected http or https)", url.scheme));
  }
  std::string_view rest = text.substr(sep + 3);
  const auto fragment = rest.find('#');
  if (fragment != std::string_view::npos) {
    rest = rest.substr(0, fragment);
  }
  const auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path_query = path_start == std::string_view::npos ? "" : rest.substr(path_start);
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
    if (!after.empty()) {
      if (after.front() != ':') {
        return unexpected(std::string("unexpected text after IPv6 address"));
      }
      port_text = after.substr(1);
    }
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
  url.port = url.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    int port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
      return unexpected(fmt::format("invalid port '{}'", port_text));
    }
    url.port = port;
  }
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
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
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
  out.query.clear();
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

} // namespace ttaobs::http
