#include "commands.hpp"

#include <checks/registry.hpp>
#include <src/core/runner.hpp>
#include <src/cli/client.hpp>
#include <src/cli/sources_settings.hpp>
#include <src/report/github.hpp>
#include <src/report/html.hpp>
#include <src/report/report.hpp>
#include <src/util/url.hpp>
#include <src/report/sink.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/read_fd.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr int k_usage = static_cast<int>(core::ExitCode::usage);

std::string env_or_empty(const char* name)
{
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

// The status line shown on a TTY while --wait polls, rewritten in place each round.
void show_progress(const core::Progress& p)
{
  fmt::print(stderr, "\r\033[Kttaobs: round {}: {}/{} checks settled, {:.0f}s left", p.round, p.settled, p.total,
             static_cast<double>(p.remaining.count()) / 1000.0);
  std::fflush(stderr);
}

// Off a TTY (a CI log) each round is one plain line, so the log shows the wait going on.
void log_progress(const core::Progress& p)
{
  fmt::print(stderr, "ttaobs: round {}: {}/{} checks settled, {:.0f}s left\n", p.round, p.settled, p.total,
             static_cast<double>(p.remaining.count()) / 1000.0);
  std::fflush(stderr);
}

// A check id given to --set/--only/--skip that is not in the chosen suite but in another
// built-in one: the error says which suite to choose.
std::string other_suite_hint(const config::Config& config, const core::Suite& chosen)
{
  std::vector<std::pair<std::string, const char*>> ids;
  for (const auto& item : config.overrides) {
    const auto eq = item.find('=');
    const auto dot = item.rfind('.', eq);
    if (eq != std::string::npos && dot != std::string::npos) {
      ids.emplace_back(item.substr(0, dot), "--set");
    }
  }
  for (const auto& id : config.only) {
    ids.emplace_back(id, "--only");
  }
  for (const auto& id : config.skip) {
    ids.emplace_back(id, "--skip");
  }
  const auto in = [](const core::Suite& suite, const std::string& id) {
    return std::any_of(suite.checks.begin(), suite.checks.end(), [&](const core::CheckSpec& c) { return c.id == id; });
  };
  for (const auto& [id, flag] : ids) {
    if (in(chosen, id)) {
      continue;
    }
    for (const auto& suite : checks::suites()) {
      if (in(suite, id)) {
        return fmt::format("{}: check id '{}' is in suite '{}', not in suite '{}' (use --suite {})", flag,
                           util::one_line(id, 80), suite.name, chosen.name, suite.name);
      }
    }
  }
  return {};
}

// Replays answer only what was recorded: a request the recording lacks is a usage error
// (the invocation does not match the recording), not a telemetry failure.
struct UnmatchedWatch final : http::HttpClient
{
  UnmatchedWatch(http::HttpClient& wrapped, bool auto_api) : inner(wrapped), probes_v3(auto_api) {}
  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    auto response = inner.send(request);
    // --jaeger-api auto tries api_v3 first: a recording made against v1 lacks it, and says so
    const bool v3_probe = probes_v3 && request.url.find("/api/v3/") != std::string::npos;
    if (!response && response.error().kind == http::HttpError::Kind::not_recorded && !v3_probe) {
      const std::lock_guard lock(mutex);
      first = first.empty() ? response.error().message : first;
    }
    return response;
  }
  http::HttpClient& inner;
  bool probes_v3;
  std::mutex mutex;
  std::string first; // the first request without a recorded answer
};

// A --from-file that cannot be read is a usage error found before any request.
Expected<bool, std::string> readable_trace_file(const config::Config& config)
{
  if (!config.trace_file || *config.trace_file == "-") {
    return true;
  }
  const auto fd = util::open_for_reading(*config.trace_file);
  if (!fd) {
    return unexpected(fmt::format("--from-file: {}", fd.error()));
  }
  ::close(*fd);
  return true;
}

struct Sinks
{
  std::unique_ptr<report::Sink> junit;
  std::unique_ptr<report::Sink> json;
  std::unique_ptr<report::Sink> html;
};

Expected<Sinks, std::string> open_sinks(const config::Config& config)
{
  Sinks sinks;
  if (config.junit_path) {
    TTAOBS_TRY_ASSIGN(junit, report::Sink::open(*config.junit_path, "--junit"));
    sinks.junit = std::move(junit);
  }
  if (config.json_path) {
    TTAOBS_TRY_ASSIGN(json, report::Sink::open(*config.json_path, "--json"));
    sinks.json = std::move(json);
  }
  if (config.html_path) {
    TTAOBS_TRY_ASSIGN(html, report::Sink::open(*config.html_path, "--html"));
    sinks.html = std::move(html);
  }
  return sinks;
}

} // namespace

bool use_color(bool no_color, int fd)
{
  const auto term = env_or_empty("TERM");
  return !no_color && env_or_empty("NO_COLOR").empty() && term != "dumb" && ::isatty(fd) == 1;
}

std::optional<config::Config> load_config(const config::Layer& flags, const std::string& config_file,
                                          const std::vector<std::string>& flag_only)
{
  auto env = config::environment_layer(env_or_empty);
  for (const auto& key : flag_only) {
    env.values.erase(key);
  }
  config::Layer file{"config file", {}, {}};
  const auto path = !config_file.empty() ? config_file : env_or_empty("TTAOBS_CONFIG");
  if (!path.empty()) {
    auto loaded = config::file_layer(path);
    if (!loaded) {
      fmt::print(stderr, "ttaobs: {}\n", loaded.error());
      return std::nullopt;
    }
    file = std::move(loaded).value();
    for (const auto& key : flag_only) {
      file.values.erase(key);
    }
  }
  auto resolved = config::resolve(flags, env, file);
  if (!resolved) {
    fmt::print(stderr, "ttaobs: {}\n", resolved.error());
    return std::nullopt;
  }
  if (resolved->insecure_skip_verify) {
    fmt::print(stderr, "ttaobs: WARNING: --insecure-skip-verify: TLS certificates and host names are NOT verified; "
                       "anyone on the network path can read the credentials and forge the answers\n");
  }
  return std::move(resolved).value();
}

int run_validate(const config::Layer& flags, const std::string& config_file)
{
  // Everything that can be wrong with the invocation is found before the first request.
  const auto loaded = load_config(flags, config_file);
  if (!loaded) {
    return k_usage;
  }
  const config::Config& config = *loaded;
  const auto* builtin = checks::find_suite(config.suite);
  if (builtin == nullptr) {
    fmt::print(stderr, "ttaobs: --suite: unknown suite '{}' (built in: foundation, conformance)\n", util::one_line(config.suite, 80));
    return k_usage;
  }
  if (const auto hint = other_suite_hint(config, *builtin); !hint.empty()) {
    fmt::print(stderr, "ttaobs: {}\n", hint);
    return k_usage;
  }
  if (flags.values.count("tempo-url") > 0) {
    fmt::print(stderr, "ttaobs: --tempo-url is not used by validate (Tempo serves 'ttaobs trace --trace-id' only)\n");
    return k_usage;
  }
  if (const auto readable = readable_trace_file(config); !readable) {
    fmt::print(stderr, "ttaobs: {}\n", readable.error());
    return k_usage;
  }
  const auto customised = core::customise(*builtin, config.overrides, config.traces, config.quantifier, config.job);
  if (!customised) {
    fmt::print(stderr, "ttaobs: {}\n", customised.error());
    return k_usage;
  }
  const core::Suite* suite = &*customised;
  for (const auto& [ids, flag] : {std::pair{&config.only, "--only"}, std::pair{&config.skip, "--skip"}}) {
    const auto valid = core::validate_ids(*suite, *ids, flag);
    if (!valid) {
      fmt::print(stderr, "ttaobs: {}\n", valid.error());
      return k_usage;
    }
  }
  auto sinks = open_sinks(config);
  if (!sinks) {
    fmt::print(stderr, "ttaobs: {}\n", sinks.error());
    return k_usage;
  }

  auto clients = ClientStack::open(config);
  if (!clients) {
    fmt::print(stderr, "ttaobs: {}\n", util::redact_urls(clients.error()));
    return k_usage;
  }
  UnmatchedWatch client((*clients)->client(), config.jaeger_api == sources::JaegerApi::automatic);

  util::SteadyClock clock;
  core::Runner runner(client, clock, config, sources_settings(config));
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  const bool progress = config.wait && !config.quiet;
  const auto summary = runner.run(*suite, !progress ? std::function<void(const core::Progress&)>{}
                                          : tty     ? show_progress
                                                    : log_progress);
  if (progress && tty) {
    fmt::print(stderr, "\r\033[K");
  }

  // With a report on stdout, the console report moves to stderr so stdout stays parseable.
  const bool stdout_taken = (sinks->junit && sinks->junit->is_stdout()) || (sinks->json && sinks->json->is_stdout())
                            || (sinks->html && sinks->html->is_stdout());
  std::FILE* console = stdout_taken ? stderr : stdout;
  const report::ConsoleOptions options{use_color(config.no_color, ::fileno(console)), config.quiet};
  fmt::print(console, "{}", report::render_console(summary, options));
  std::fflush(console);
  if (env_or_empty("GITHUB_ACTIONS") == "true") { // annotations and the job summary (docs/ci.md)
    fmt::print(console, "{}", report::render_github_annotations(summary));
    std::fflush(console);
    if (const auto path = env_or_empty("GITHUB_STEP_SUMMARY"); !path.empty()) {
      if (const auto error = report::append_step_summary(path, report::render_github_summary(summary))) {
        fmt::print(stderr, "ttaobs: {}\n", *error); // the verdict's exit code stands
      }
    }
  }

  int code = summary.interrupted_by != 0 ? util::interrupted_exit_code(summary.interrupted_by)
                                         : static_cast<int>(summary.exit_code);
  if (summary.interrupted_by != 0) {
    fmt::print(stderr, "ttaobs: interrupted by {}: the reports hold the checks so far\n", util::signal_name(summary.interrupted_by));
  }
  const auto write = [&](std::unique_ptr<report::Sink>& sink, const std::string& content) {
    if (sink) {
      const auto written = sink->write(content);
      if (!written) {
        fmt::print(stderr, "ttaobs: {}\n", written.error());
        code = k_usage;
      }
    }
  };
  write(sinks->junit, report::render_junit(summary));
  write(sinks->json, report::render_json(summary));
  if (!client.first.empty()) { // after the reports, so they stay complete
    fmt::print(stderr, "ttaobs: --replay {}: {}: this invocation asks what the recording does not hold "
                       "(record again with --record, or use the flags it was recorded with)\n",
               util::one_line(config.replay_dir.value_or(""), 120), util::redact_urls(util::one_line(client.first, 240)));
    code = k_usage;
  }
  if (sinks->html) {
    write(sinks->html, report::render_html(summary));
  }
  return code;
}

int run_config_show(const config::Layer& flags, const std::string& config_file)
{
  const auto loaded = load_config(flags, config_file);
  if (!loaded) {
    return k_usage;
  }
  fmt::print("{}", config::describe(*loaded));
  return 0;
}

} // namespace ttaobs::cli
