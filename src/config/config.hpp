#pragma once

#include <src/http/http_client.hpp>
#include <src/sources/settings.hpp>
#include <src/util/expected.hpp>
#include <src/util/url.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ttaobs::config {

/// The resolved, immutable settings of one run; built once by `resolve`. Every member's default
/// is its key's row in `keys()` (none is repeated here).
struct Config
{
  util::Url jaeger_url;                               ///< Jaeger query API base
  util::Url prometheus_url;                           ///< Prometheus HTTP API base
  util::Url metrics_url;                              ///< exposition endpoint (full URL)
  util::Url collector_url;                            ///< collector health_check URL
  util::Url otlp_url;                                 ///< OTLP/HTTP receiver the probe sends canaries to
  std::string service;                                ///< service whose traces are checked
  std::chrono::milliseconds timeout{};                ///< per request
  std::optional<std::string> junit_path;              ///< JUnit XML report ("-" = stdout)
  std::optional<std::string> json_path;               ///< JSON report ("-" = stdout)
  std::optional<std::string> html_path;               ///< self-contained HTML report ("-" = stdout)
  bool strict{};                                      ///< warnings fail the run
  bool quiet{};                                       ///< print only failures and the summary
  bool verbose{};                                     ///< one stderr line per HTTP request (no headers, URLs redacted)
  bool no_color{};                                    ///< never colour the console
  std::optional<std::chrono::milliseconds> wait;      ///< keep re-checking for this long
  std::chrono::milliseconds interval{};               ///< pause between rounds under --wait
  std::string suite;                                  ///< built-in suite name
  std::vector<std::string> only;                      ///< run only these check ids (empty = all)
  std::vector<std::string> skip;                      ///< never run these check ids
  int traces{};                                       ///< how many recent traces the trace checks judge
  std::string quantifier;                             ///< all | any | fraction in (0,1]
  std::vector<std::string> overrides;                 ///< "id.key=value" parameter overrides
  sources::JaegerApi jaeger_api{};                    ///< which Jaeger query API to speak
  std::chrono::milliseconds lookback{};               ///< api_v3 search window
  std::chrono::milliseconds settle{};                 ///< grace window before a trace counts as settled
  std::optional<util::Url> tempo_url;                 ///< Grafana Tempo base (trace-by-id only)
  std::string job;                                    ///< Prometheus scrape job of the service
  std::optional<std::string> trace_file;              ///< traces from this file ("-" = stdin), not Jaeger
  std::optional<std::string> replay_dir;              ///< serve HTTP from recorded exchanges
  std::optional<std::string> record_dir;              ///< record every exchange here
  std::map<std::string, std::string> origins;         ///< key → where its value came from
  std::map<std::string, http::EndpointAccess> access; ///< endpoint → headers, credentials, TLS, proxy
  std::map<std::string, std::string> shown;           ///< key → its text for `config show`, secrets as ***
  bool insecure_skip_verify{};                        ///< TLS certificates are not verified (reported loudly)

  /// The access settings of `endpoint` ("jaeger", "prometheus", "metrics", "collector", "tempo", "otlp").
  const http::EndpointAccess& access_of(std::string_view endpoint) const;
};

/// How a key's text is parsed (and checked) before it lands in its `Config` member.
enum class Kind {
  url,         ///< an http(s) URL; credentials in it move to the endpoint's basic auth
  text,        ///< trimmed text; `min` > 0: must not be empty
  path,        ///< a file or directory, taken as given
  report_path, ///< a report file or "-", not blank
  seconds,     ///< a number of seconds within [min, max]
  flag,        ///< true/false, yes/no, on/off, 1/0 (bare on the command line: true)
  list,        ///< comma-separated items
  count,       ///< a whole number within [min, max]
  choice,      ///< one of a closed set of words (an enum)
  quantifier,  ///< all, any, or a fraction in (0, 1]
  access,      ///< a header, credential, TLS or proxy setting, resolved by access.cpp
};

/// The subcommands that take a key, as a bit set.
using Commands = unsigned;
inline constexpr Commands k_validate = 1;              ///< `ttaobs validate`
inline constexpr Commands k_show = 2;                  ///< `ttaobs config show`
inline constexpr Commands k_trace = 4;                 ///< `ttaobs trace`
inline constexpr Commands k_lint = 8;                  ///< `ttaobs lint-metrics`
inline constexpr Commands k_init = 16;                 ///< `ttaobs suite init`
inline constexpr Commands k_probe = 32;                ///< `ttaobs probe`
inline constexpr Commands k_run = k_validate | k_show; ///< validate's keys (config show takes them all)
inline constexpr Commands k_every =
    k_run | k_trace | k_lint | k_init | k_probe; ///< every command that resolves a config

/// The `Config` member a key fills (none for access keys: they fill `Config::access`).
using Member =
    std::variant<std::monostate, util::Url Config::*, std::optional<util::Url> Config::*, std::string Config::*,
                 std::optional<std::string> Config::*, std::chrono::milliseconds Config::*,
                 std::optional<std::chrono::milliseconds> Config::*, bool Config::*, std::vector<std::string> Config::*,
                 int Config::*, sources::JaegerApi Config::*>;

/// One settable key, all of it in one row: name, kind, bounds, default, environment variable, help,
/// the member it fills, whether it is a bare flag and which subcommands take it.
struct KeyInfo
{
  std::string_view key;           ///< name in config files and after --, e.g. "timeout"
  Kind kind = Kind::text;         ///< how its text is parsed
  std::string_view env;           ///< environment variable, "" if none
  std::string_view default_value; ///< text of the default, "" if unset
  std::string_view help;          ///< one line for --help and `config show`
  Member member;                  ///< the Config member it fills
  double min = 0;                 ///< lower bound (seconds, count; text: 1 = not empty)
  double max = 0;                 ///< upper bound (seconds, count)
  bool is_flag = false;           ///< a bare --flag means true
  Commands commands = k_run;      ///< the subcommands that take it
};

/// Every settable key, in display order: the base keys, then the access keys.
const std::vector<KeyInfo>& keys();

/// The row of `key`, or null.
const KeyInfo* find_key(std::string_view key);

/// True for keys given more than once (headers): their values are joined by '\n' in a Layer.
bool is_repeatable(std::string_view key);

/// The words a choice key (e.g. jaeger-api) accepts, in help order.
std::vector<std::string_view> choices(const KeyInfo& info);

/// The word `config show` prints for a Jaeger API choice.
std::string_view to_string(sources::JaegerApi api);

/// Raw text values of one layer: key → value, plus a description of the layer for messages.
struct Layer
{
  std::string name;                          ///< e.g. "command line", "environment", "file x.conf"
  std::map<std::string, std::string> values; ///< only keys that layer sets
  std::map<std::string, std::string> where;  ///< optional finer origin per key, e.g. "x.conf:3"
};

/// Reads the environment layer through `getenv` (injected so tests need not touch the process).
Layer environment_layer(std::string (*getenv)(const char*));

/// Parses a `key = value` config file; errors name the file and line.
Expected<Layer, std::string> file_layer(const std::string& path);

/// Resolves `flags` > `env` > `file` > defaults into a Config; errors name the key and its origin.
/// `getenv` serves ${VAR} in access values (null: the process environment); secret and
/// certificate files are read and checked here, before any request.
Expected<Config, std::string> resolve(const Layer& flags, const Layer& env, const Layer& file,
                                      std::string (*getenv)(const char*) = nullptr);

/// As above with a suite file's `defaults:` between them: `flags` > `env` > `suite` > `file` >
/// defaults; a suite value's origin is its `where` ("FILE:LINE").
Expected<Config, std::string> resolve(const Layer& flags, const Layer& env, const Layer& suite, const Layer& file,
                                      std::string (*getenv)(const char*) = nullptr);

/// Renders every key, its value and origin (for `ttaobs config show`).
std::string describe(const Config& config);

} // namespace ttaobs::config
