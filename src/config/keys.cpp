#include "keys.hpp"

#include <src/config/defaults.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cmath>
#include <deque>

namespace ttaobs::config {

namespace {

using Millis = std::chrono::milliseconds;

// The words of the Jaeger API choice, in help order.
constexpr std::pair<std::string_view, sources::JaegerApi> k_jaeger_apis[] = {
    {"auto", sources::JaegerApi::automatic}, {"v3", sources::JaegerApi::v3}, {"v1", sources::JaegerApi::v1}};

std::string_view keep(std::string text)
{
  static std::deque<std::string> storage; // the table's string_views point into it; filled once
  return storage.emplace_back(std::move(text));
}

std::string seconds_text(Millis value)
{
  return fmt::format("{}", static_cast<double>(value.count()) / 1000.0);
}

std::vector<KeyInfo> base_keys()
{
  using K = Kind;
  using C = Config;
  const auto timeout = keep(seconds_text(http::k_default_timeout));
  return {
      {"jaeger-url", K::url, "TTAOBS_JAEGER_URL", "http://localhost:16686", "Jaeger query API base URL", &C::jaeger_url,
       0, 0, false, k_run | k_trace | k_init | k_probe},
      {"prometheus-url", K::url, "TTAOBS_PROMETHEUS_URL", "http://localhost:9090", "Prometheus base URL",
       &C::prometheus_url},
      {"metrics-url", K::url, "TTAOBS_METRICS_URL", "http://localhost:9464/metrics",
       "Prometheus exposition endpoint URL", &C::metrics_url, 0, 0, false, k_run | k_lint | k_init},
      {"collector-url", K::url, "TTAOBS_COLLECTOR_URL", "http://localhost:13133/",
       "OpenTelemetry Collector health_check URL", &C::collector_url},
      {"otlp-url", K::url, "TTAOBS_OTLP_URL", "http://127.0.0.1:4318",
       "OTLP/HTTP endpoint the pipeline probe sends canary spans to (/v1/traces is appended)", &C::otlp_url, 0, 0,
       false, k_run | k_probe},
      {"service", K::text, "TTAOBS_SERVICE", k_default_service, "service whose traces are checked", &C::service, 1, 0,
       false, k_run | k_trace | k_init},
      {"timeout", K::seconds, "TTAOBS_TIMEOUT", timeout, "seconds allowed per HTTP request", &C::timeout, 0.001, 3600,
       false, k_every},
      {"junit", K::report_path, "TTAOBS_JUNIT", "", "write a JUnit XML report to FILE (- for stdout)", &C::junit_path,
       0, 0, false, k_run | k_lint | k_probe},
      {"json", K::report_path, "TTAOBS_JSON", "", "write a JSON report to FILE (- for stdout)", &C::json_path, 0, 0,
       false, k_run | k_probe},
      {"html", K::report_path, "TTAOBS_HTML", "",
       "write a self-contained HTML report (checks, trace trees) to FILE (- for stdout)", &C::html_path},
      {"strict", K::flag, "TTAOBS_STRICT", "false", "treat warnings as failures", &C::strict, 0, 0, true},
      {"quiet", K::flag, "TTAOBS_QUIET", "false", "print only checks that did not pass, and the summary", &C::quiet, 0,
       0, true},
      {"no-color", K::flag, "", "false", "never colour the console (NO_COLOR is honoured too)", &C::no_color, 0, 0,
       true, k_run | k_trace | k_probe},
      {"verbose", K::flag, "TTAOBS_VERBOSE", "false",
       "print one line per HTTP request to stderr: method, URL (secrets ***), status, bytes, time", &C::verbose, 0, 0,
       true, k_every},
      {"wait", K::seconds, "TTAOBS_WAIT", "", "re-check until all pass or SECONDS have passed", &C::wait, 0, 86400},
      {"interval", K::seconds, "TTAOBS_INTERVAL", "1", "seconds between rounds under --wait", &C::interval, 0.01, 3600},
      {"suite", K::text, "TTAOBS_SUITE", "foundation",
       "suite to run: a built-in name (foundation, conformance) or a YAML suite file", &C::suite},
      {"only", K::list, "TTAOBS_ONLY", "", "comma-separated check ids or tags to run (others are skipped)", &C::only},
      {"skip", K::list, "TTAOBS_SKIP", "", "comma-separated check ids or tags to skip", &C::skip},
      {"jaeger-api", K::choice, "TTAOBS_JAEGER_API", "auto",
       "Jaeger query API: auto (v3, falling back to v1), v3 or v1", &C::jaeger_api, 0, 0, false,
       k_run | k_trace | k_init | k_probe},
      {"lookback", K::seconds, "TTAOBS_LOOKBACK", "3600", "seconds of history an api_v3 trace search covers",
       &C::lookback, 1, 86400 * 30, false, k_run | k_trace | k_init},
      {"settle", K::seconds, "TTAOBS_SETTLE", "2",
       "seconds a trace must be quiet (root present) or unchanged before it is judged; 0 judges traces as read",
       &C::settle, 0, 600, false, k_run | k_trace | k_init},
      {"tempo-url", K::url, "TTAOBS_TEMPO_URL", "", "Grafana Tempo base URL, used for trace-by-id", &C::tempo_url, 0, 0,
       false, k_run | k_trace},
      {"job", K::text, "TTAOBS_JOB", k_default_job,
       "Prometheus scrape job of the service (metrics/scrape-up, metrics/targets-healthy)", &C::job, 1},
      {"from-file", K::path, "TTAOBS_FROM_FILE", "",
       "read traces from a saved Jaeger or OTLP JSON FILE (- for stdin) instead of Jaeger", &C::trace_file, 0, 0, false,
       k_run | k_trace | k_init},
      {"traces", K::count, "TTAOBS_TRACES", "1", "evaluate the N most recent traces of the service", &C::traces, 1,
       1000},
      {"quantifier", K::quantifier, "TTAOBS_QUANTIFIER", "all",
       "with --traces: all, any, or a fraction such as 0.9 of traces must pass", &C::quantifier},
      {"set", K::list, "TTAOBS_SET", "",
       "comma-separated ID.KEY=VALUE threshold overrides, e.g. trace/span-count.min=3", &C::overrides},
      {"replay", K::path, "", "", "answer HTTP requests from a directory recorded with --record (offline)",
       &C::replay_dir, 0, 0, false, k_every},
      {"record", K::path, "", "", "record every HTTP exchange into DIR for later --replay", &C::record_dir, 0, 0, false,
       k_every},
  };
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

// Seconds (5, 0.5) or a duration with its unit as suites write them (500ms, 2m), within the key's range.
Expected<Millis, std::string> as_seconds(const Picked& p, const KeyInfo& info)
{
  const auto duration = util::parse_duration(p.value);
  double seconds = 0;
  if (duration) {
    seconds = static_cast<double>(duration->count()) / 1e6;
  } else if (!util::parse_seconds(p.value, seconds)) {
    return unexpected(bad(p, info.key, "expected seconds (5, 0.5) or a duration (500ms, 30s, 2m)"));
  }
  if (!duration || seconds < info.min || seconds > info.max) { // a number past any duration is out of range too
    return unexpected(bad(p, info.key, fmt::format("must be between {} and {} seconds", info.min, info.max)));
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

Expected<std::string, std::string> as_text(const Picked& p, const KeyInfo& info)
{
  auto text = std::string(util::trim(p.value));
  if (info.kind == Kind::quantifier) {
    double f = 0;
    const bool fraction = util::parse_seconds(text, f) && f > 0 && f <= 1;
    if (text != "all" && text != "any" && !fraction) {
      return unexpected(bad(p, info.key, "expected all, any, or a fraction in (0, 1] such as 0.9"));
    }
  } else if (info.min > 0 && text.empty()) {
    return unexpected(bad(p, info.key, "must not be empty"));
  }
  return text;
}

Expected<int, std::string> as_count(const Picked& p, const KeyInfo& info)
{
  double n = 0;
  if (!util::parse_seconds(p.value, n) || n < info.min || n > info.max ||
      n != static_cast<double>(static_cast<int>(n))) {
    return unexpected(bad(p, info.key, fmt::format("expected a whole number from {} to {}", info.min, info.max)));
  }
  return static_cast<int>(n);
}

Expected<sources::JaegerApi, std::string> as_jaeger_api(const Picked& p, const KeyInfo& info)
{
  const auto word = util::trim(p.value);
  for (const auto& [name, api] : k_jaeger_apis) {
    if (word == name) {
      return api;
    }
  }
  const auto words = choices(info);
  return unexpected(
      bad(p, info.key,
          fmt::format("expected {} or {}", util::join(std::vector<std::string>(words.begin(), words.end() - 1), ", "),
                      words.back())));
}

// Parses a set value into the member `m` points to.
struct Assign
{
  const KeyInfo& info;
  Picked& p;
  Config& c;

  Expected<bool, std::string> operator()(std::monostate) const
  {
    if (info.is_flag) { // normalised for access.cpp
      TTAOBS_TRY_ASSIGN(on, as_bool(p, info.key));
      p.value = on ? "true" : "false";
    }
    return true;
  }
  Expected<bool, std::string> operator()(util::Url Config::*m) const { return set(m, as_url(p, info.key)); }
  Expected<bool, std::string> operator()(std::optional<util::Url> Config::*m) const
  {
    return set(m, as_url(p, info.key));
  }
  Expected<bool, std::string> operator()(std::string Config::*m) const { return set(m, as_text(p, info)); }
  Expected<bool, std::string> operator()(std::optional<std::string> Config::*m) const
  {
    if (info.kind == Kind::report_path && util::trim(p.value).empty()) {
      return unexpected(bad(p, info.key, "expected a file path or -"));
    }
    c.*m = p.value;
    return true;
  }
  Expected<bool, std::string> operator()(Millis Config::*m) const { return set(m, as_seconds(p, info)); }
  Expected<bool, std::string> operator()(std::optional<Millis> Config::*m) const { return set(m, as_seconds(p, info)); }
  Expected<bool, std::string> operator()(bool Config::*m) const { return set(m, as_bool(p, info.key)); }
  Expected<bool, std::string> operator()(std::vector<std::string> Config::*m) const
  {
    c.*m = as_list(p.value);
    return true;
  }
  Expected<bool, std::string> operator()(int Config::*m) const { return set(m, as_count(p, info)); }
  Expected<bool, std::string> operator()(sources::JaegerApi Config::*m) const { return set(m, as_jaeger_api(p, info)); }

  template <typename Field, typename Value>
  Expected<bool, std::string> set(Field Config::*m, Expected<Value, std::string> value) const
  {
    if (!value) {
      return unexpected(std::move(value).error());
    }
    c.*m = std::move(value).value();
    return true;
  }
};

// The text of the member `m` points to, as `config show` prints it.
struct Show
{
  const Config& c;

  std::string operator()(std::monostate) const { return ""; }
  std::string operator()(util::Url Config::*m) const { return (c.*m).redacted(); }
  std::string operator()(std::optional<util::Url> Config::*m) const { return c.*m ? (c.*m)->redacted() : ""; }
  std::string operator()(std::string Config::*m) const { return c.*m; }
  std::string operator()(std::optional<std::string> Config::*m) const { return (c.*m).value_or(""); }
  std::string operator()(Millis Config::*m) const { return seconds_text(c.*m); }
  std::string operator()(std::optional<Millis> Config::*m) const { return c.*m ? seconds_text(*(c.*m)) : ""; }
  std::string operator()(bool Config::*m) const { return c.*m ? "true" : "false"; }
  std::string operator()(std::vector<std::string> Config::*m) const { return util::join(c.*m, ","); }
  std::string operator()(int Config::*m) const { return std::to_string(c.*m); }
  std::string operator()(sources::JaegerApi Config::*m) const { return std::string(to_string(c.*m)); }
};

} // namespace

const std::vector<KeyInfo>& keys()
{
  static const std::vector<KeyInfo> k_keys = [] {
    auto k = base_keys();
    add_access_keys(k);
    return k;
  }();
  return k_keys;
}

const KeyInfo* find_key(std::string_view key)
{
  for (const auto& info : keys()) {
    if (info.key == key) {
      return &info;
    }
  }
  return nullptr;
}

bool is_repeatable(std::string_view key)
{
  return key == "header" || (key.size() > 7 && key.substr(key.size() - 7) == "-header");
}

std::vector<std::string_view> choices(const KeyInfo& info)
{
  std::vector<std::string_view> out;
  if (std::holds_alternative<sources::JaegerApi Config::*>(info.member)) {
    for (const auto& [name, api] : k_jaeger_apis) {
      out.push_back(name);
    }
  }
  return out;
}

std::string_view to_string(sources::JaegerApi api)
{
  for (const auto& [name, value] : k_jaeger_apis) {
    if (value == api) {
      return name;
    }
  }
  return "auto";
}

// Values are echoed redacted (util::redact_urls), before they are cut to one line.
std::string bad(const Picked& p, std::string_view key, std::string_view why)
{
  return fmt::format("invalid {} '{}' (from {}): {}", key, util::one_line(util::redact_urls(p.value), 120), p.origin,
                     why);
}

Expected<bool, std::string> apply(const KeyInfo& info, Picked& p, Config& config)
{
  if (!p.set) {
    return true;
  }
  return std::visit(Assign{info, p, config}, info.member);
}

std::string show(const KeyInfo& info, const Config& config)
{
  return std::visit(Show{config}, info.member);
}

} // namespace ttaobs::config
