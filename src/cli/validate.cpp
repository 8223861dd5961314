#include "commands.hpp"

#include <checks/registry.hpp>
#include <src/core/runner.hpp>
#include <src/cli/client.hpp>
#include <src/report/github.hpp>
#include <src/report/html.hpp>
#include <src/report/report.hpp>
#include <src/http/url.hpp>
#include <src/report/sink.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr int k_usage = static_cast<int>(core::ExitCode::usage);

std::string env_or_empty(const char* name)
{
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

bool use_color(const config::Config& config, int fd)
{
  const auto term = env_or_empty("TERM");
  return !config.no_color && env_or_empty("NO_COLOR").empty() && term != "dumb" && ::isatty(fd) == 1;
}

// The status line shown on a TTY while --wait polls; elsewhere nothing but the report is printed.
void show_progress(const core::Progress& p)
{
  fmt::print(stderr, "\r\033[Kttaobs: round {}: {}/{} checks settled, {:.0f}s left", p.round, p.settled, p.total,
             static_cast<double>(p.remaining.count()) / 1000.0);
  std::fflush(stderr);
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

std::optional<config::Config> load_config(const config::Layer& flags, const std::string& config_file)
{
  const auto env = config::environment_layer(env_or_empty);
  config::Layer file{"config file", {}, {}};
  const auto path = !config_file.empty() ? config_file : env_or_empty("TTAOBS_CONFIG");
  if (!path.empty()) {
    auto loaded = config::file_layer(path);
    if (!loaded) {
      fmt::print(stderr, "ttaobs: {}\n", loaded.error());
      return std::nullopt;
    }
    file = std::move(loaded).value();
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
    fmt::print(stderr, "ttaobs: {}\n", http::redact_urls(clients.error()));
    return k_usage;
  }
  http::HttpClient& client = (*clients)->client();

  util::catch_interrupts(); // from here on a stop request still gets complete reports
  util::SteadyClock clock;
  core::Runner runner(client, clock, config);
  const bool progress = config.wait && !config.quiet && ::isatty(STDERR_FILENO) == 1;
  const auto summary = runner.run(*suite, progress ? show_progress : std::function<void(const core::Progress&)>{});
  if (progress) {
    fmt::print(stderr, "\r\033[K");
  }

  // With a report on stdout, the console report moves to stderr so stdout stays parseable.
  const bool stdout_taken = (sinks->junit && sinks->junit->is_stdout()) || (sinks->json && sinks->json->is_stdout())
                            || (sinks->html && sinks->html->is_stdout());
  std::FILE* console = stdout_taken ? stderr : stdout;
  const report::ConsoleOptions options{use_color(config, ::fileno(console)), config.quiet};
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
