#include "access.hpp"
#include "secret_files.hpp"

#include <src/config/config.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>

namespace ttaobs::config {

namespace {

// 0 for a flag, 1 for the environment, 2 for a config file (origins as config.cpp's pick writes them).
int layer_rank(const Picked& p)
{
  return util::starts_with(p.origin, "--") ? 0 : util::starts_with(p.origin, "TTAOBS_") ? 1 : 2;
}

// The settings of one level (global, or one endpoint) before merging.
struct Level
{
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> bearer;
  std::optional<std::pair<std::string, std::string>> basic;
  std::optional<std::string> tenant;
  std::optional<std::string> ca_file, client_cert, client_key, server_name;
};

struct LevelResolver
{
  const std::map<std::string, Picked>& picked;
  Getenv getenv;
  ResolvedAccess& out;

  const Picked* get(const std::string& key) const
  {
    const auto it = picked.find(key);
    return it != picked.end() && it->second.set ? &it->second : nullptr;
  }

  Expected<std::pair<std::string, std::string>, std::string>
  split_basic(const std::string& text, const std::string& key, const Picked& p, const std::string& file) const
  {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || has_control(text)) {
      return unexpected(fail(key, p,
                             file.empty() ? "expected USER:PASSWORD (the value is not shown)"
                                          : fmt::format("'{}' does not hold USER:PASSWORD (its content is not shown)",
                                                        util::one_line(file, 200))));
    }
    return std::pair{text.substr(0, colon), text.substr(colon + 1)};
  }

  Expected<bool, std::string> headers(const std::string& key, Level& level)
  {
    const auto* p = get(key);
    if (p == nullptr) {
      return false;
    }
    std::vector<std::string> shown;
    for (const auto line : util::split(p->value, '\n')) {
      if (util::trim(line).empty()) {
        continue;
      }
      const auto colon = line.find(':');
      const std::string name(util::trim(line.substr(0, colon == std::string_view::npos ? 0 : colon)));
      if (colon == std::string_view::npos || !header_name_ok(name)) {
        return unexpected(
            fail(key, *p, "expected 'Name: value' with a header name of letters, digits and -_.!#$%&'*+^`|~"));
      }
      Picked one{std::string(util::trim(line.substr(colon + 1))), p->origin, true};
      TTAOBS_TRY_ASSIGN(value, interpolate(one, key, getenv));
      if (has_control(value)) {
        return unexpected(fail(key, *p, fmt::format("header {}: the value holds a control character", name)));
      }
      const bool secret = http::is_secret_header(name) || one.value.find("${") != std::string::npos;
      shown.push_back(fmt::format("{}: {}", name, secret ? "***" : value));
      level.headers.emplace_back(name, value);
    }
    out.shown[key] = util::join(shown, "; ");
    return true;
  }

  Expected<std::optional<std::string>, std::string> text(const std::string& key, bool secret)
  {
    const auto* p = get(key);
    if (p == nullptr) {
      return std::optional<std::string>();
    }
    TTAOBS_TRY_ASSIGN(value, interpolate(*p, key, getenv));
    value = std::string(util::trim(value));
    if (value.empty()) {
      return unexpected(fail(key, *p, "must not be empty"));
    }
    if (has_control(value)) {
      return unexpected(fail(key, *p, "holds a control character"));
    }
    out.shown[key] = secret || p->value.find("${") != std::string::npos ? "***" : value;
    return std::optional<std::string>(value);
  }

  Expected<bool, std::string> credentials(const std::string& prefix, Level& level)
  {
    // The one set in the highest layer wins (a flag's token over a file's basic auth); two in one layer clash.
    const std::string names[] = {prefix + "bearer-token", prefix + "bearer-token-file", prefix + "basic-auth",
                                 prefix + "basic-auth-file"};
    int best = 3;
    int count = 0;
    for (const auto& name : names) {
      best = get(name) != nullptr ? std::min(best, layer_rank(*get(name))) : best;
    }
    const auto take = [&](const std::string& name, bool secret) -> Expected<std::optional<std::string>, std::string> {
      if (get(name) == nullptr || layer_rank(*get(name)) != best) {
        return std::optional<std::string>();
      }
      ++count;
      return text(name, secret);
    };
    TTAOBS_TRY_ASSIGN(bearer, take(names[0], true));
    TTAOBS_TRY_ASSIGN(bearer_file, take(names[1], false));
    TTAOBS_TRY_ASSIGN(basic, take(names[2], true));
    TTAOBS_TRY_ASSIGN(basic_file, take(names[3], false));
    if (count > 1) {
      return unexpected(
          fmt::format("--{0}bearer-token, --{0}bearer-token-file, --{0}basic-auth and --{0}basic-auth-file "
                      "exclude each other: set one (in one place)",
                      prefix));
    }
    if (bearer_file) {
      const auto key = prefix + "bearer-token-file";
      TTAOBS_TRY_ASSIGN(token, read_secret_file(*bearer_file, key, *get(key)));
      bearer = token;
    }
    if (bearer) {
      if (std::any_of(bearer->begin(), bearer->end(), [](unsigned char c) { return std::isspace(c) != 0; })) {
        return unexpected(fail(prefix + "bearer-token",
                               *get(prefix + (bearer_file ? "bearer-token-file" : "bearer-token")),
                               "a bearer token holds no blanks (the value is not shown)"));
      }
      level.bearer = bearer;
    }
    if (basic_file) {
      const auto key = prefix + "basic-auth-file";
      TTAOBS_TRY_ASSIGN(content, read_secret_file(*basic_file, key, *get(key)));
      basic = content;
    }
    if (basic) {
      const auto key = prefix + (basic_file ? "basic-auth-file" : "basic-auth");
      TTAOBS_TRY_ASSIGN(pair, split_basic(*basic, key, *get(key), basic_file.value_or("")));
      level.basic = pair;
      if (!basic_file) {
        out.shown[key] = pair.first + ":***";
      }
    }
    return true;
  }

  Expected<Level, std::string> level(const std::string& endpoint)
  {
    const std::string prefix = endpoint.empty() ? "" : endpoint + "-";
    Level level;
    TTAOBS_TRY(headers(prefix + "header", level));
    TTAOBS_TRY(credentials(prefix, level));
    TTAOBS_TRY_ASSIGN(tenant, text(prefix + "tenant", false));
    level.tenant = tenant;
    const struct
    {
      const char* name;
      std::optional<std::string> Level::*field;
    } files[] = {{"ca-file", &Level::ca_file},
                 {"client-cert", &Level::client_cert},
                 {"client-key", &Level::client_key},
                 {"server-name", &Level::server_name}};
    for (const auto& f : files) {
      TTAOBS_TRY_ASSIGN(value, text(prefix + f.name, false));
      level.*f.field = value;
    }
    return level;
  }
};

bool same_name(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// %XX escapes of a userinfo ('+' stays '+', unlike in a query).
std::string decode_userinfo(std::string_view s)
{
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2])) != 0) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The endpoint's own settings over the global ones (credentials as a whole, TLS field by field).
Expected<http::EndpointAccess, std::string> merge(const Level& global, const Level& own, const std::string& endpoint,
                                                  const std::map<std::string, Picked>& picked)
{
  http::EndpointAccess a;
  for (const auto& header : global.headers) { // (clang 14 cannot capture a structured binding)
    const bool overridden = std::any_of(own.headers.begin(), own.headers.end(),
                                        [&](const auto& h) { return same_name(h.first, header.first); });
    if (!overridden) {
      a.headers.push_back(header);
    }
  }
  a.headers.insert(a.headers.end(), own.headers.begin(), own.headers.end());
  const auto tenant = own.tenant ? own.tenant : global.tenant;
  if (tenant) {
    a.headers.emplace_back("X-Scope-OrgID", *tenant);
  }
  const Level& creds = own.bearer || own.basic ? own : global;
  a.bearer_token = creds.bearer.value_or("");
  a.basic_auth = creds.basic;
  const auto pick = [&](std::optional<std::string> Level::*field) {
    return (own.*field ? own.*field : global.*field).value_or("");
  };
  a.tls.ca_file = pick(&Level::ca_file);
  a.tls.client_cert = pick(&Level::client_cert);
  a.tls.client_key = pick(&Level::client_key);
  a.tls.server_name = own.server_name.value_or("");
  // The key that gave a file: the endpoint's own, else the global one (for error messages).
  const auto source = [&](const char* name) -> std::pair<std::string, const Picked&> {
    const auto own_key = endpoint + "-" + name;
    const auto it = picked.find(own_key);
    if (it != picked.end() && it->second.set) {
      return {own_key, it->second};
    }
    return {name, picked.at(name)};
  };
  if (!a.tls.ca_file.empty()) {
    const auto [key, p] = source("ca-file");
    TTAOBS_TRY(check_pem(a.tls.ca_file, key, p, "CERTIFICATE-----", true));
  }
  bool cert_has_key = false;
  if (!a.tls.client_cert.empty()) {
    const auto [key, p] = source("client-cert");
    TTAOBS_TRY_ASSIGN(has_key, check_pem(a.tls.client_cert, key, p, "CERTIFICATE-----", false));
    cert_has_key = has_key;
  }
  if (!a.tls.client_key.empty()) {
    if (a.tls.client_cert.empty()) {
      return unexpected(fmt::format("--{0}-client-key needs --{0}-client-cert (or --client-cert)", endpoint));
    }
    const auto [key, p] = source("client-key");
    TTAOBS_TRY(check_pem(a.tls.client_key, key, p, "PRIVATE KEY-----", false));
  } else if (!a.tls.client_cert.empty() && !cert_has_key) {
    return unexpected(
        fmt::format("--{0}-client-cert holds no private key: add --{0}-client-key (or --client-key)", endpoint));
  }
  return a;
}

// The row of `key` among `keys`, or null.
const KeyInfo* find_in(const std::vector<KeyInfo>& keys, const std::string& key)
{
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const KeyInfo& info) { return info.key == key; });
  return it != keys.end() ? &*it : nullptr;
}

} // namespace

const std::vector<std::string>& access_endpoints()
{
  static const std::vector<std::string> k_endpoints = {"jaeger", "prometheus", "metrics", "collector", "tempo", "otlp"};
  return k_endpoints;
}

void add_access_keys(std::vector<KeyInfo>& keys)
{
  static std::deque<std::string> storage; // the table's string_views point into it; filled once
  const auto keep = [](std::string s) -> std::string_view { return storage.emplace_back(std::move(s)); };
  Commands commands = k_every;
  const auto add = [&](const std::string& key, std::string_view default_value, const std::string& help,
                       bool flag = false) {
    std::string env = "TTAOBS_" + key;
    std::transform(env.begin(), env.end(), env.begin(),
                   [](unsigned char c) { return c == '-' ? '_' : static_cast<char>(std::toupper(c)); });
    keys.push_back({keep(key), Kind::access, keep(env), default_value, keep(help), {}, 0, 0, flag, commands});
  };
  std::vector<std::string> levels = {""};
  levels.insert(levels.end(), access_endpoints().begin(), access_endpoints().end());
  for (const auto& endpoint : levels) {
    const std::string p = endpoint.empty() ? "" : endpoint + "-";
    const std::string whose = endpoint.empty() ? "every endpoint" : endpoint;
    // An endpoint's keys go with its URL key; the global ones with every command.
    const auto* url = find_in(keys, p + "url");
    commands = url != nullptr ? url->commands : k_every;
    add(p + "header", "", fmt::format("extra header 'Name: value' sent to {} (repeatable)", whose));
    add(p + "bearer-token", "",
        fmt::format("bearer token for {} (use ${{VAR}} or a file, not the command line)", whose));
    add(p + "bearer-token-file", "", fmt::format("read the bearer token for {} from FILE", whose));
    add(p + "basic-auth", "", fmt::format("USER:PASSWORD for {} (basic auth)", whose));
    add(p + "basic-auth-file", "", fmt::format("read USER:PASSWORD for {} from FILE", whose));
    add(p + "tenant", "", fmt::format("tenant sent to {} as X-Scope-OrgID (Mimir, Tempo, Loki)", whose));
    add(p + "ca-file", "", fmt::format("trust this PEM CA file or directory for {}", whose));
    add(p + "client-cert", "", fmt::format("PEM client certificate for {} (mTLS)", whose));
    add(p + "client-key", "", fmt::format("PEM private key of the client certificate for {}", whose));
    if (!endpoint.empty()) {
      add(p + "server-name", "",
          fmt::format("TLS name to verify (and SNI/Host) for {} instead of the URL's host", whose));
    }
  }
  commands = k_every;
  add("insecure-skip-verify", "false", "do not verify TLS certificates at all (reported loudly)", true);
  add("proxy", "", "proxy URL for every request ('' for none); default: HTTPS_PROXY/https_proxy, http_proxy, NO_PROXY");
  add("no-proxy", "false", "use no proxy, whatever the environment says", true);
}

Expected<ResolvedAccess, std::string> resolve_access(const std::map<std::string, Picked>& picked,
                                                     const std::map<std::string, std::string>& url_credentials,
                                                     Getenv getenv)
{
  ResolvedAccess out;
  LevelResolver resolver{picked, getenv, out};
  TTAOBS_TRY_ASSIGN(global, resolver.level(""));
  const auto& insecure = picked.at("insecure-skip-verify");
  out.insecure = insecure.set && insecure.value == "true"; // normalised by resolve
  std::optional<std::string> proxy;
  if (picked.at("proxy").set) {
    TTAOBS_TRY_ASSIGN(value, interpolate(picked.at("proxy"), "proxy", getenv));
    proxy = std::string(util::trim(value));
    out.shown["proxy"] = proxy->empty() ? "'' (no proxy)" : util::redact_url(*proxy);
  }
  const auto& no_proxy = picked.at("no-proxy");
  if (no_proxy.set && no_proxy.value == "true") {
    proxy = std::string();
    out.shown["no-proxy"] = "true";
  }
  for (const auto& endpoint : access_endpoints()) {
    TTAOBS_TRY_ASSIGN(own, resolver.level(endpoint));
    if (const auto it = url_credentials.find(endpoint); it != url_credentials.end() && !own.bearer && !own.basic) {
      const auto colon = it->second.find(':');
      own.basic = colon == std::string::npos ? std::pair{it->second, std::string()}
                                             : std::pair{it->second.substr(0, colon), it->second.substr(colon + 1)};
    }
    TTAOBS_TRY_ASSIGN(access, merge(global, own, endpoint, picked));
    access.tls.insecure_skip_verify = out.insecure;
    access.proxy = proxy;
    out.access[endpoint] = std::move(access);
  }
  return out;
}

std::string take_userinfo(std::string_view text, std::string& userinfo)
{
  userinfo.clear();
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::string(text);
  }
  const auto start = scheme_end + 3;
  // As redact_url: the userinfo runs to the last '@' before any query or fragment.
  const auto query_start = std::min(text.find_first_of("?#", start), text.size());
  const auto at = text.substr(0, query_start).rfind('@');
  if (at == std::string_view::npos || at < start) {
    return std::string(text);
  }
  userinfo = decode_userinfo(text.substr(start, at - start));
  return std::string(text.substr(0, start)) + std::string(text.substr(at + 1));
}

} // namespace ttaobs::config
