#include "config.hpp"

#include "access.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ttaobs::config {

namespace {

using Millis = std::chrono::milliseconds;

Picked pick(std::string_view key, const KeyInfo& info, const Layer& flags, const Layer& env, const Layer& file)
{
  const std::string k(key);
  if (const auto it = flags.values.find(k); it != flags.values.end()) {
    return {it->second, fmt::format("--{}", key), true};
  }
  if (const auto it = env.values.find(k); it != env.values.end()) {
    return {it->second, std::string(info.env), true};
  }
  if (const auto it = file.values.find(k); it != file.values.end()) {
    const auto where = file.where.find(k);
    return {it->second, where != file.where.end() ? where->second : file.name, true};
  }
  return {std::string(info.default_value), "default", !info.default_value.empty()};
}

// Values are echoed redacted (util::redact_urls), before they are cut to one line.
std::string bad(const Picked& p, std::string_view key, std::string_view why)
{
  return fmt::format("invalid {} '{}' (from {}): {}", key, util::one_line(util::redact_urls(p.value), 120), p.origin,
                     why);
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

// A URL value is redacted as a whole, so a refused one ("u:pw@h", "http://h /?token=x") is too.
Expected<util::Url, std::string> as_url(const Picked& p, std::string_view key)
{
  auto url = util::parse_url(p.value);
  if (!url) {
    return unexpected(fmt::format("invalid {} '{}' (from {}): {}", key, util::one_line(util::redact_url(p.value), 120),
                                  p.origin, url.error()));
  }
  return url;
}

Expected<Millis, std::string> as_seconds(const Picked& p, std::string_view key, double min_s, double max_s)
{
  double seconds = 0;
  if (!util::parse_seconds(p.value, seconds)) {
    return unexpected(bad(p, key, "expected a number of seconds such as 5 or 0.5"));
  }
  if (seconds < min_s || seconds > max_s) {
    return unexpected(bad(p, key, fmt::format("must be between {} and {} seconds", min_s, max_s)));
  }
  return Millis(static_cast<long long>(std::llround(seconds * 1000.0)));
}

Expected<bool, std::string> as_bool(const Picked& p, std::string_view key)
{
  const auto v = util::trim(p.value);
  if (v == "1" || v == "true" || v == "yes" || v == "on") {
    return true;
  }
  if (v == "0" || v == "false" || v == "no" || v == "off" || v.empty()) {
    return false;
  }
  return unexpected(bad(p, key, "expected true/false, yes/no, on/off or 1/0"));
}

std::vector<std::string> as_list(const std::string& value)
{
  std::vector<std::string> out;
  for (const auto part : util::split(value, ',')) {
    const auto item = util::trim(part);
    if (!item.empty()) {
      out.emplace_back(item);
    }
  }
  return out;
}

std::string process_getenv(const char* name)
{
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

const char* const k_url_keys[][2] = {{"jaeger-url", "jaeger"},
                                     {"prometheus-url", "prometheus"},
                                     {"metrics-url", "metrics"},
                                     {"collector-url", "collector"},
                                     {"tempo-url", "tempo"}};

// Credentials in a URL's userinfo move to the endpoint's basic auth; the URL keeps the rest.
void take_url_credentials(std::map<std::string, Picked>& picked, std::map<std::string, std::string>& credentials,
                          std::map<std::string, std::string>& shown)
{
  for (const auto& [key, endpoint] : k_url_keys) {
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

} // namespace

const http::EndpointAccess& Config::access_of(std::string_view endpoint) const
{
  static const http::EndpointAccess k_none;
  const auto it = access.find(std::string(endpoint));
  return it != access.end() ? it->second : k_none;
}

bool is_repeatable(std::string_view key)
{
  return key == "header" || (key.size() > 7 && key.substr(key.size() - 7) == "-header");
}

const std::vector<KeyInfo>& keys()
{
  static const std::vector<KeyInfo> k_keys = [] {
    std::vector<KeyInfo> k = {
    {"jaeger-url", "TTAOBS_JAEGER_URL", "http://localhost:16686", "Jaeger query API base URL"},
    {"prometheus-url", "TTAOBS_PROMETHEUS_URL", "http://localhost:9090", "Prometheus base URL"},
    {"metrics-url", "TTAOBS_METRICS_URL", "http://localhost:9464/metrics", "Prometheus exposition endpoint URL"},
    {"collector-url", "TTAOBS_COLLECTOR_URL", "http://localhost:13133/", "OpenTelemetry Collector health_check URL"},
    {"service", "TTAOBS_SERVICE", "observability-demo", "service whose traces are checked"},
    {"timeout", "TTAOBS_TIMEOUT", "5", "seconds allowed per HTTP request"},
    {"junit", "TTAOBS_JUNIT", "", "write a JUnit XML report to FILE (- for stdout)"},
    {"json", "TTAOBS_JSON", "", "write a JSON report to FILE (- for stdout)"},
    {"html", "TTAOBS_HTML", "", "write a self-contained HTML report (checks, trace trees) to FILE (- for stdout)"},
    {"strict", "TTAOBS_STRICT", "false", "treat warnings as failures"},
    {"quiet", "TTAOBS_QUIET", "false", "print only checks that did not pass, and the summary"},
    {"no-color", "", "false", "never colour the console (NO_COLOR is honoured too)"},
    {"verbose", "TTAOBS_VERBOSE", "false", "print one line per HTTP request to stderr: method, URL (secrets ***), status, bytes, time"},
    {"wait", "TTAOBS_WAIT", "", "re-check until all pass or SECONDS have passed"},
    {"interval", "TTAOBS_INTERVAL", "1", "seconds between rounds under --wait"},
    {"suite", "TTAOBS_SUITE", "foundation", "built-in suite to run"},
    {"only", "TTAOBS_ONLY", "", "comma-separated check ids to run (others are skipped)"},
    {"skip", "TTAOBS_SKIP", "", "comma-separated check ids to skip"},
    {"jaeger-api", "TTAOBS_JAEGER_API", "auto", "Jaeger query API: auto (v3, falling back to v1), v3 or v1"},
    {"lookback", "TTAOBS_LOOKBACK", "3600", "seconds of history an api_v3 trace search covers"},
    {"settle", "TTAOBS_SETTLE", "2", "seconds a trace must be quiet (root present) or unchanged before it is judged; 0 judges traces as read"},
    {"tempo-url", "TTAOBS_TEMPO_URL", "", "Grafana Tempo base URL, used for trace-by-id"},
    {"job", "TTAOBS_JOB", "tta-primitives", "Prometheus scrape job of the service (metrics/scrape-up, metrics/targets-healthy)"},
    {"from-file", "TTAOBS_FROM_FILE", "", "read traces from a saved Jaeger or OTLP JSON FILE (- for stdin) instead of Jaeger"},
    {"traces", "TTAOBS_TRACES", "1", "evaluate the N most recent traces of the service"},
    {"quantifier", "TTAOBS_QUANTIFIER", "all", "with --traces: all, any, or a fraction such as 0.9 of traces must pass"},
    {"set", "TTAOBS_SET", "", "comma-separated ID.KEY=VALUE threshold overrides, e.g. trace/span-count.min=3"},
    {"replay", "", "", "answer HTTP requests from a directory recorded with --record (offline)"},
    {"record", "", "", "record every HTTP exchange into DIR for later --replay"},
    };
    add_access_keys(k);
    return k;
  }();
  return k_keys;
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
  Config c;
  std::map<std::string, Picked> picked;
  for (const auto& info : keys()) {
    picked[std::string(info.key)] = pick(info.key, info, flags, env, file);
    c.origins[std::string(info.key)] = picked[std::string(info.key)].origin;
  }
  const auto get = [&](const char* key) -> const Picked& { return picked.at(key); };
  std::map<std::string, std::string> url_credentials;
  take_url_credentials(picked, url_credentials, c.shown);

  TTAOBS_TRY_ASSIGN(jaeger, as_url(get("jaeger-url"), "jaeger-url"));
  TTAOBS_TRY_ASSIGN(prometheus, as_url(get("prometheus-url"), "prometheus-url"));
  TTAOBS_TRY_ASSIGN(metrics, as_url(get("metrics-url"), "metrics-url"));
  TTAOBS_TRY_ASSIGN(collector, as_url(get("collector-url"), "collector-url"));
  c.jaeger_url = jaeger;
  c.prometheus_url = prometheus;
  c.metrics_url = metrics;
  c.collector_url = collector;

  c.service = std::string(util::trim(get("service").value));
  if (c.service.empty()) {
    return unexpected(bad(get("service"), "service", "must not be empty"));
  }
  TTAOBS_TRY_ASSIGN(timeout, as_seconds(get("timeout"), "timeout", 0.001, 3600));
  c.timeout = timeout;
  TTAOBS_TRY_ASSIGN(interval, as_seconds(get("interval"), "interval", 0.01, 3600));
  c.interval = interval;
  TTAOBS_TRY_ASSIGN(settle, as_seconds(get("settle"), "settle", 0, 600));
  c.settle = settle;
  if (get("wait").set) {
    TTAOBS_TRY_ASSIGN(wait, as_seconds(get("wait"), "wait", 0, 86400));
    c.wait = wait;
  }
  for (const char* key : {"junit", "json", "html"}) {
    const auto& p = get(key);
    if (p.set && util::trim(p.value).empty()) {
      return unexpected(bad(p, key, "expected a file path or -"));
    }
  }
  if (get("junit").set) {
    c.junit_path = get("junit").value;
  }
  if (get("json").set) {
    c.json_path = get("json").value;
  }
  if (get("html").set) {
    c.html_path = get("html").value;
    if (*c.html_path == "-" && (c.junit_path.value_or("") == "-" || c.json_path.value_or("") == "-")) {
      return unexpected(std::string("--html and --junit/--json cannot both write to stdout (-)"));
    }
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
  TTAOBS_TRY_ASSIGN(strict, as_bool(get("strict"), "strict"));
  TTAOBS_TRY_ASSIGN(quiet, as_bool(get("quiet"), "quiet"));
  TTAOBS_TRY_ASSIGN(no_color, as_bool(get("no-color"), "no-color"));
  TTAOBS_TRY_ASSIGN(verbose, as_bool(get("verbose"), "verbose"));
  c.verbose = verbose;
  c.strict = strict;
  c.quiet = quiet;
  c.no_color = no_color;
  c.suite = std::string(util::trim(get("suite").value));
  if (get("replay").set) {
    c.replay_dir = get("replay").value;
  }
  if (get("record").set) {
    c.record_dir = get("record").value;
  }
  if (c.replay_dir && c.record_dir) {
    return unexpected(std::string("--replay and --record cannot be combined"));
  }
  {
    const auto& p = get("traces");
    double n = 0;
    if (!util::parse_seconds(p.value, n) || n < 1 || n > 1000 || n != static_cast<double>(static_cast<int>(n))) {
      return unexpected(bad(p, "traces", "expected a whole number from 1 to 1000"));
    }
    c.traces = static_cast<int>(n);
  }
  {
    const auto& p = get("quantifier");
    c.quantifier = std::string(util::trim(p.value));
    double f = 0;
    const bool fraction = util::parse_seconds(c.quantifier, f) && f > 0 && f <= 1;
    if (c.quantifier != "all" && c.quantifier != "any" && !fraction) {
      return unexpected(bad(p, "quantifier", "expected all, any, or a fraction in (0, 1] such as 0.9"));
    }
  }
  c.overrides = as_list(get("set").value);
  c.jaeger_api = std::string(util::trim(get("jaeger-api").value));
  if (c.jaeger_api != "auto" && c.jaeger_api != "v3" && c.jaeger_api != "v1") {
    return unexpected(bad(get("jaeger-api"), "jaeger-api", "expected auto, v3 or v1"));
  }
  TTAOBS_TRY_ASSIGN(lookback, as_seconds(get("lookback"), "lookback", 1, 86400 * 30));
  c.lookback = lookback;
  c.job = std::string(util::trim(get("job").value));
  if (c.job.empty()) {
    return unexpected(bad(get("job"), "job", "must not be empty"));
  }
  if (get("from-file").set) {
    c.trace_file = get("from-file").value;
    if (*c.trace_file == "-" && c.wait) {
      return unexpected(std::string("--from-file - cannot be combined with --wait (standard input is read once)"));
    }
  }
  if (get("tempo-url").set) {
    TTAOBS_TRY_ASSIGN(tempo, as_url(get("tempo-url"), "tempo-url"));
    c.tempo_url = tempo;
  }
  c.only = as_list(get("only").value);
  c.skip = as_list(get("skip").value);
  for (const char* key : {"insecure-skip-verify", "no-proxy"}) {
    TTAOBS_TRY_ASSIGN(on, as_bool(get(key), key));
    picked.at(key).value = on ? "true" : "false";
  }
  TTAOBS_TRY_ASSIGN(access, resolve_access(picked, url_credentials, getenv != nullptr ? getenv : process_getenv));
  c.access = std::move(access.access);
  c.shown.insert(access.shown.begin(), access.shown.end());
  c.insecure_skip_verify = access.insecure;
  return c;
}

namespace {

bool key_is_access(std::string_view key)
{
  for (const auto& info : keys()) {
    if (info.key == key) {
      return false;
    }
    if (info.key == "record") {
      return true; // the base table ends here; access keys follow it
    }
  }
  return false;
}

} // namespace

std::string describe(const Config& config)
{
  const auto value_of = [&](std::string_view key) -> std::string {
    if (const auto it = config.shown.find(std::string(key)); it != config.shown.end()) return it->second;
    if (key == "jaeger-url") return config.jaeger_url.redacted();
    if (key == "prometheus-url") return config.prometheus_url.redacted();
    if (key == "metrics-url") return config.metrics_url.redacted();
    if (key == "collector-url") return config.collector_url.redacted();
    if (key == "service") return config.service;
    if (key == "timeout") return fmt::format("{}", static_cast<double>(config.timeout.count()) / 1000.0);
    if (key == "interval") return fmt::format("{}", static_cast<double>(config.interval.count()) / 1000.0);
    if (key == "wait") return config.wait ? fmt::format("{}", static_cast<double>(config.wait->count()) / 1000.0) : "";
    if (key == "junit") return config.junit_path.value_or("");
    if (key == "json") return config.json_path.value_or("");
    if (key == "html") return config.html_path.value_or("");
    if (key == "strict") return config.strict ? "true" : "false";
    if (key == "quiet") return config.quiet ? "true" : "false";
    if (key == "no-color") return config.no_color ? "true" : "false";
    if (key == "verbose") return config.verbose ? "true" : "false";
    if (key == "suite") return config.suite;
    if (key == "only") return util::join(config.only, ",");
    if (key == "skip") return util::join(config.skip, ",");
    if (key == "jaeger-api") return config.jaeger_api;
    if (key == "lookback") return fmt::format("{}", static_cast<double>(config.lookback.count()) / 1000.0);
    if (key == "settle") return fmt::format("{}", static_cast<double>(config.settle.count()) / 1000.0);
    if (key == "job") return config.job;
    if (key == "from-file") return config.trace_file.value_or("");
    if (key == "tempo-url") return config.tempo_url ? config.tempo_url->redacted() : "";
    if (key == "traces") return std::to_string(config.traces);
    if (key == "quantifier") return config.quantifier;
    if (key == "set") return util::join(config.overrides, ",");
    if (key == "replay") return config.replay_dir.value_or("");
    if (key == "record") return config.record_dir.value_or("");
    if (key == "insecure-skip-verify") return config.insecure_skip_verify ? "true (TLS NOT VERIFIED)" : "false";
    if (key == "no-proxy") return "false";
    return "";
  };
  std::string out;
  std::size_t hidden = 0;
  for (const auto& info : keys()) {
    const auto origin = config.origins.count(std::string(info.key)) ? config.origins.at(std::string(info.key)) : "default";
    if (origin == "default" && info.default_value.empty() && config.shown.count(std::string(info.key)) == 0
        && key_is_access(info.key)) {
      ++hidden; // 60 unset access keys would drown the rest
      continue;
    }
    out += fmt::format("{:<15} = {:<36} ({})\n", info.key, value_of(info.key), origin);
  }
  if (hidden > 0) {
    out += fmt::format("({} unset header, credential and TLS keys not shown; see --help)\n", hidden);
  }
  return out;
}

} // namespace ttaobs::config
