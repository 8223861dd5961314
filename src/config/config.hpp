#pragma once

#include <src/http/http_client.hpp>
#include <src/util/url.hpp>
#include <src/util/expected.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::config {

/// The resolved, immutable settings of one run; built once by `resolve`.
struct Config
{
  util::Url jaeger_url;                          ///< Jaeger query API base
  util::Url prometheus_url;                      ///< Prometheus HTTP API base
  util::Url metrics_url;                         ///< exposition endpoint (full URL)
  util::Url collector_url;                       ///< collector health_check URL
  std::string service;                           ///< service whose traces are checked
  std::chrono::milliseconds timeout{5000};       ///< per request
  std::optional<std::string> junit_path;         ///< JUnit XML report ("-" = stdout)
  std::optional<std::string> json_path;          ///< JSON report ("-" = stdout)
  std::optional<std::string> html_path;          ///< self-contained HTML report ("-" = stdout)
  bool strict = false;                           ///< warnings fail the run
  bool quiet = false;                            ///< print only failures and the summary
  bool verbose = false;                          ///< one stderr line per HTTP request (no headers, URLs redacted)
  bool no_color = false;                         ///< never colour the console
  std::optional<std::chrono::milliseconds> wait; ///< keep re-checking for this long
  std::chrono::milliseconds interval{1000};      ///< pause between rounds under --wait
  std::string suite = "foundation";              ///< built-in suite name
  std::vector<std::string> only;                 ///< run only these check ids (empty = all)
  std::vector<std::string> skip;                 ///< never run these check ids
  int traces = 1;                                ///< how many recent traces the trace checks judge
  std::string quantifier = "all";                ///< all | any | fraction in (0,1]
  std::vector<std::string> overrides;            ///< "id.key=value" parameter overrides
  std::string jaeger_api = "auto";               ///< auto | v3 | v1
  std::chrono::milliseconds lookback{3600000};   ///< api_v3 search window
  std::chrono::milliseconds settle{2000};        ///< grace window before a trace counts as settled
  std::optional<util::Url> tempo_url;            ///< Grafana Tempo base (trace-by-id only)
  std::string job = "tta-primitives";            ///< Prometheus scrape job of the service
  std::optional<std::string> trace_file;         ///< traces from this file ("-" = stdin), not Jaeger
  std::optional<std::string> replay_dir;         ///< serve HTTP from recorded exchanges
  std::optional<std::string> record_dir;         ///< record every exchange here
  std::map<std::string, std::string> origins;    ///< key → where its value came from
  std::map<std::string, http::EndpointAccess> access; ///< endpoint → headers, credentials, TLS, proxy
  std::map<std::string, std::string> shown;      ///< key → its text for `config show`, secrets as ***
  bool insecure_skip_verify = false;             ///< TLS certificates are not verified (reported loudly)

  /// The access settings of `endpoint` ("jaeger", "prometheus", "metrics", "collector", "tempo").
  const http::EndpointAccess& access_of(std::string_view endpoint) const;
};

/// One settable key: its flag, environment variable and default (an explicit table, no magic).
struct KeyInfo
{
  std::string_view key;         ///< name in config files, e.g. "timeout"
  std::string_view env;         ///< environment variable, "" if none
  std::string_view default_value; ///< text of the default, "" if unset
  std::string_view help;        ///< one line for --help and `config show`
};

/// Every settable key, in display order.
const std::vector<KeyInfo>& keys();

/// True for keys given more than once (headers): their values are joined by '\n' in a Layer.
bool is_repeatable(std::string_view key);

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

/// Renders every key, its value and origin (for `ttaobs config show`).
std::string describe(const Config& config);

} // namespace ttaobs::config
