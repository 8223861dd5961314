#include "config.hpp"

#include "access.hpp"
#include "keys.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ttaobs::config {

namespace {

Picked pick(std::string_view key, const KeyInfo& info, const Layer& flags, const Layer& env, const Layer& suite,
            const Layer& file)
{
  const std::string k(key);
  if (const auto it = flags.values.find(k); it != flags.values.end()) {
    return {it->second, fmt::format("--{}", key), true};
  }
  if (const auto it = env.values.find(k); it != env.values.end()) {
    return {it->second, std::string(info.env), true};
  }
  for (const auto* layer : {&suite, &file}) {
    if (const auto it = layer->values.find(k); it != layer->values.end()) {
      const auto where = layer->where.find(k);
      return {it->second, where != layer->where.end() ? where->second : layer->name, true};
    }
  }
  return {std::string(info.default_value), "default", !info.default_value.empty()};
}

// Where a report path leads: symlinks followed, relative to the working directory; "-" is stdout.
std::string resolved_path(const std::string& path)
{
  namespace fs = std::filesystem;
  fs::path current = path == "-" ? "/dev/stdout" : path;
  std::error_code ec;
  for (int hop = 0; hop < 40 && fs::is_symlink(fs::symlink_status(current, ec)); ++hop) { // dangling links too
    const auto next = fs::read_symlink(current, ec);
    if (ec) {
      break;
    }
    current = next.is_absolute() ? next : current.parent_path() / next;
  }
  const auto real = fs::weakly_canonical(current, ec);
  return ec ? current.string() : real.string();
}

// Two report paths that lead to one file would overwrite each other.
bool same_file(const std::string& a, const std::string& b)
{
  return resolved_path(a) == resolved_path(b);
}

std::string process_getenv(const char* name)
{
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

// Credentials in a URL's userinfo move to the endpoint's basic auth; the URL keeps the rest.
void take_url_credentials(std::map<std::string, Picked>& picked, std::map<std::string, std::string>& credentials,
                          std::map<std::string, std::string>& shown)
{
  for (const auto& endpoint : access_endpoints()) {
    const auto key = endpoint + "-url";
    auto& p = picked.at(key);
    std::string userinfo;
    auto bare = take_userinfo(p.value, userinfo);
    if (p.set && !userinfo.empty()) {
      shown[key] = util::redact_url(p.value);
      credentials[endpoint] = userinfo;
      p.value = std::move(bare);
    }
  }
}

// The rules between keys, after each key parsed on its own: reports on one file or stdout, and
// inputs that exclude each other.
Expected<bool, std::string> check_together(const Config& c)
{
  if (c.html_path && *c.html_path == "-" && (c.junit_path.value_or("") == "-" || c.json_path.value_or("") == "-")) {
    return unexpected(std::string("--html and --junit/--json cannot both write to stdout (-)"));
  }
  if (c.junit_path && c.json_path && *c.junit_path == "-" && *c.json_path == "-") {
    return unexpected(std::string("--junit and --json cannot both write to stdout (-)"));
  }
  if (c.junit_path && c.json_path && same_file(*c.junit_path, *c.json_path)) {
    return unexpected(fmt::format("--junit '{}' and --json '{}' name the same file ({}): give each report its own path",
                                  util::one_line(*c.junit_path, 120), util::one_line(*c.json_path, 120),
                                  util::one_line(resolved_path(*c.json_path), 120)));
  }
  for (const auto& [other, flag] : {std::pair{&c.junit_path, "--junit"}, std::pair{&c.json_path, "--json"}}) {
    if (c.html_path && *other && same_file(*c.html_path, **other)) {
      return unexpected(fmt::format("--html '{}' and {} '{}' name the same file ({}): give each report its own path",
                                    util::one_line(*c.html_path, 120), flag, util::one_line(**other, 120),
                                    util::one_line(resolved_path(*c.html_path), 120)));
    }
  }
  if (c.replay_dir && c.record_dir) {
    return unexpected(std::string("--replay and --record cannot be combined"));
  }
  if (c.trace_file && *c.trace_file == "-" && c.wait) {
    return unexpected(std::string("--from-file - cannot be combined with --wait (standard input is read once)"));
  }
  return true;
}

} // namespace

const http::EndpointAccess& Config::access_of(std::string_view endpoint) const
{
  static const http::EndpointAccess k_none;
  const auto it = access.find(std::string(endpoint));
  return it != access.end() ? it->second : k_none;
}

Layer environment_layer(std::string (*getenv)(const char*))
{
  Layer layer{"environment", {}, {}};
  for (const auto& info : keys()) {
    if (info.env.empty()) {
      continue;
    }
    auto value = getenv(std::string(info.env).c_str());
    if (!value.empty()) {
      layer.values[std::string(info.key)] = std::move(value);
    }
  }
  return layer;
}

Expected<Layer, std::string> file_layer(const std::string& path)
{
  std::ifstream in(path);
  if (!in) {
    return unexpected(fmt::format("config file {}: cannot be read", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  Layer layer{fmt::format("config file {}", path), {}, {}};
  const std::string content = text.str(); // the split views point into it
  int line_no = 0;
  for (const auto raw : util::split(content, '\n')) {
    ++line_no;
    const auto line = util::trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return unexpected(fmt::format("{}:{}: expected 'key = value'", path, line_no));
    }
    const std::string key(util::trim(line.substr(0, eq)));
    bool known = false;
    std::string hint;
    std::size_t hint_distance = 3; // farther than a typo or two
    for (const auto& info : keys()) {
      known = known || info.key == key;
      if (const auto d = util::edit_distance(key, info.key); d < hint_distance) {
        hint_distance = d;
        hint = std::string(info.key);
      }
    }
    if (!known) {
      return unexpected(fmt::format("{}:{}: unknown key '{}'{}", path, line_no, util::one_line(key, 60),
                                    hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    }
    auto value = std::string(util::trim(line.substr(eq + 1)));
    if (is_repeatable(key) && layer.values.count(key) > 0) {
      value = layer.values[key] + "\n" + value; // each 'header = ...' line adds one
    }
    layer.values[key] = std::move(value);
    layer.where[key] = fmt::format("{}:{}", path, line_no);
  }
  return layer;
}

Expected<Config, std::string> resolve(const Layer& flags, const Layer& env, const Layer& file,
                                      std::string (*getenv)(const char*))
{
  return resolve(flags, env, Layer{"suite file", {}, {}}, file, getenv);
}

Expected<Config, std::string> resolve(const Layer& flags, const Layer& env, const Layer& suite, const Layer& file,
                                      std::string (*getenv)(const char*))
{
  Config c;
  std::map<std::string, Picked> picked;
  for (const auto& info : keys()) {
    picked[std::string(info.key)] = pick(info.key, info, flags, env, suite, file);
    c.origins[std::string(info.key)] = picked[std::string(info.key)].origin;
  }
  std::map<std::string, std::string> url_credentials;
  take_url_credentials(picked, url_credentials, c.shown);
  for (const auto& info : keys()) {
    TTAOBS_TRY(apply(info, picked.at(std::string(info.key)), c));
  }
  TTAOBS_TRY(check_together(c));
  TTAOBS_TRY_ASSIGN(access, resolve_access(picked, url_credentials, getenv != nullptr ? getenv : process_getenv));
  c.access = std::move(access.access);
  c.shown.insert(access.shown.begin(), access.shown.end());
  c.insecure_skip_verify = access.insecure;
  return c;
}

std::string describe(const Config& config)
{
  std::string out;
  std::size_t hidden = 0;
  for (const auto& info : keys()) {
    const std::string key(info.key);
    const auto origin = config.origins.count(key) ? config.origins.at(key) : "default";
    const auto shown = config.shown.find(key);
    if (origin == "default" && info.default_value.empty() && shown == config.shown.end() && info.kind == Kind::access) {
      ++hidden; // 60 unset access keys would drown the rest
      continue;
    }
    std::string value = shown != config.shown.end() ? shown->second : show(info, config);
    if (shown == config.shown.end() && info.kind == Kind::access && info.is_flag) {
      value = key == "insecure-skip-verify" && config.insecure_skip_verify ? "true (TLS NOT VERIFIED)" : "false";
    }
    out += fmt::format("{:<15} = {:<36} ({})\n", info.key, value, origin);
  }
  if (hidden > 0) {
    out += fmt::format("({} unset header, credential and TLS keys not shown; see --help)\n", hidden);
  }
  return out;
}

} // namespace ttaobs::config
