#include "client.hpp"
#include "command.hpp"
#include "common.hpp"
#include "key_flags.hpp"
#include "receiving.hpp"
#include "sources_settings.hpp"
#include "suite_load.hpp"

#include <checks/registry.hpp>
#include <src/core/exit_code.hpp>
#include <src/core/runner.hpp>
#include <src/report/github.hpp>
#include <src/report/html.hpp>
#include <src/report/report.hpp>
#include <src/report/sink.hpp>
#include <src/util/child.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/read_fd.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr const char* k_examples = R"(
Examples:
  ttaobs validate
  ttaobs validate --service checkout --prometheus-url http://prom:9090 --junit report.xml
  ttaobs validate --wait 60 --interval 2 --json -    # poll until healthy, JSON on stdout
  ttaobs validate --replay fixtures/replay/healthy    # offline, from recorded answers
  ttaobs validate --suite checkout.yaml --only smoke  # your own suite file; checks by tag
  ttaobs validate --receive -- node app.js            # no backend: judge the spans app.js sends

Exit codes: 0 all passed (warnings allowed), 1 a check failed (or warned under --strict),
            2 usage or configuration error, 3 nothing failed but some check could not be evaluated.
--receive [ADDR] -- COMMAND: runs COMMAND with OTEL_EXPORTER_OTLP_ENDPOINT=http://ADDR (default
127.0.0.1 and a free port) and OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf unless set), receives
its OTLP/HTTP until it exits (or --wait is up: it is then stopped), and judges the suite's trace
checks on what arrived; the checks that need Prometheus or an endpoint are skipped, saying so.
Nothing received fails the run. The exit code is ttaobs' verdict; COMMAND's is printed beside it.
Environment: TTAOBS_<KEY> (e.g. TTAOBS_JAEGER_URL, TTAOBS_TIMEOUT); flags beat environment,
environment beats a suite file's defaults:, which beat the --config/TTAOBS_CONFIG file, which
beats the built-in defaults. NO_COLOR disables colour.)";

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

// The suite to run (customised by --traces, --quantifier, --set; --only and --skip checked),
// or the usage error: everything wrong with the invocation is found before the first request.
Expected<core::Suite, std::string> chosen_suite(const Configured& configured, const config::Layer& flags)
{
  const auto& config = configured.config;
  const auto* builtin = configured.file_suite ? &*configured.file_suite : checks::find_suite(config.suite);
  if (builtin == nullptr) {
    return unexpected(fmt::format("--suite: unknown suite '{}' (built in: foundation, conformance)",
                                  util::one_line(config.suite, 80)));
  }
  if (auto hint = other_suite_hint(config, *builtin); !hint.empty()) {
    return unexpected(std::move(hint));
  }
  if (flags.values.count("tempo-url") > 0) {
    return unexpected(std::string("--tempo-url is not used by validate (Tempo serves 'ttaobs trace --trace-id' only)"));
  }
  TTAOBS_TRY(readable_trace_file(config));
  TTAOBS_TRY_ASSIGN(suite, core::customise(*builtin, config.overrides, config.traces, config.quantifier, config.job));
  for (const auto& [ids, flag] : {std::pair{&config.only, "--only"}, std::pair{&config.skip, "--skip"}}) {
    TTAOBS_TRY(core::validate_selection(suite, *ids, flag));
  }
  return suite;
}

// Runs the suite, showing --wait's rounds on stderr (rewritten in place on a TTY).
core::RunSummary run_suite(const config::Config& config, const core::Suite& suite, http::HttpClient& client,
                           sources::Settings settings)
{
  util::SteadyClock clock;
  core::Runner runner(client, clock, config, std::move(settings));
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  const bool progress = config.wait && !config.quiet;
  auto summary = runner.run(suite, !progress ? std::function<void(const core::Progress&)>{}
                                   : tty     ? show_progress
                                             : log_progress);
  if (progress && tty) {
    fmt::print(stderr, "\r\033[K");
  }
  return summary;
}

// The console report, and under GitHub Actions its annotations and job summary (docs/ci.md).
void print_console(const config::Config& config, const core::RunSummary& summary, const Sinks& sinks)
{
  // With a report on stdout, the console report moves to stderr so stdout stays parseable.
  const bool stdout_taken = (sinks.junit && sinks.junit->is_stdout()) || (sinks.json && sinks.json->is_stdout()) ||
                            (sinks.html && sinks.html->is_stdout());
  std::FILE* console = stdout_taken ? stderr : stdout;
  const report::ConsoleOptions options{use_color(config.no_color, ::fileno(console)), config.quiet};
  fmt::print(console, "{}", report::render_console(summary, options));
  std::fflush(console);
  if (env_or_empty("GITHUB_ACTIONS") == "true") {
    fmt::print(console, "{}", report::render_github_annotations(summary));
    std::fflush(console);
    if (const auto path = env_or_empty("GITHUB_STEP_SUMMARY"); !path.empty()) {
      if (const auto error = report::append_step_summary(path, report::render_github_summary(summary))) {
        fmt::print(stderr, "ttaobs: {}\n", *error); // the verdict's exit code stands
      }
    }
  }
}

// Writes the report files; returns the exit code, which a failed write or a --replay that does
// not match the invocation turn into a usage error.
int write_reports(const core::RunSummary& summary, Sinks& sinks, const ClientStack& clients)
{
  int code = summary.interrupted_by != 0 ? util::interrupted_exit_code(summary.interrupted_by)
                                         : core::to_int(summary.exit_code);
  if (summary.interrupted_by != 0) {
    fmt::print(stderr, "ttaobs: interrupted by {}: the reports hold the checks so far\n",
               util::signal_name(summary.interrupted_by));
  }
  const auto write = [&](std::unique_ptr<report::Sink>& sink, const std::string& content) {
    if (sink) {
      const auto written = sink->write(content);
      if (!written) {
        code = usage_error(written.error());
      }
    }
  };
  write(sinks.junit, report::render_junit(summary));
  write(sinks.json, report::render_json(summary));
  if (const auto mismatch = clients.replay_mismatch()) { // after the reports, so they stay complete
    code = usage_error(*mismatch);
  }
  if (sinks.html) {
    write(sinks.html, report::render_html(summary));
  }
  return code;
}

// validate --receive: the trace checks judge what the command sent, and so do the exposition checks
// that can read OTLP metrics when metrics arrived; the others have nothing to ask and say so.
core::Suite receive_only(core::Suite suite, bool metrics_arrived)
{
  for (auto& check : suite.checks) {
    if (check.evidence.source == sources::Source::jaeger_traces || (metrics_arrived && check.judges_received_metrics)) {
      continue;
    }
    const auto endpoint = check.evidence.endpoint;
    check.skip_reason =
        fmt::format("this run has no {} (--receive): not checked",
                    endpoint == sources::Endpoint::prometheus ? "Prometheus"
                    : endpoint == sources::Endpoint::metrics
                        ? (check.judges_received_metrics ? "OTLP metrics received and no metrics endpoint to scrape"
                                                         : "metrics endpoint to scrape")
                    : endpoint == sources::Endpoint::jaeger ? "Jaeger"
                                                            : "collector");
  }
  return suite;
}

// The first report of a --receive run: did anything arrive at all (a run that received nothing fails).
core::CheckReport arrival_report(const Received& got, const config::Config& config, std::size_t trace_checks,
                                 std::size_t metric_checks)
{
  core::CheckReport report{"receive/spans-arrived",
                           "receive",
                           "the command's exporter delivered spans to ttaobs",
                           core::Status::pass,
                           {},
                           {},
                           got.url,
                           std::chrono::milliseconds(0)};
  const auto& s = got.stats;
  if (s.spans > 0) {
    report.message = fmt::format("{} spans in {} traces arrived in {} requests", s.spans, got.traces->traces.size(),
                                 s.trace_requests);
  } else if (trace_checks == 0 && metric_checks > 0 && s.metrics > 0) {
    report.message = fmt::format("no spans, and this suite has no trace checks; {} metrics arrived for its {} "
                                 "metric checks",
                                 s.metrics, metric_checks);
  } else {
    report.status = core::Status::fail;
    report.message = fmt::format("no spans arrived at {} (OTEL_EXPORTER_OTLP_ENDPOINT, {}) while '{}' ran: expected "
                                 "the traces of service '{}' for {} trace checks",
                                 got.url, got.protocol, got.command, config.service, trace_checks);
  }
  report.details.push_back(fmt::format("'{}' {}{}", got.command, util::describe_exit(got.exit_status),
                                       got.stopped ? " (stopped by ttaobs)" : ""));
  if (s.metric_requests > 0) {
    report.details.push_back(fmt::format(
        "{} metric requests accepted ({} metrics, {} data points; {})", s.metric_requests, s.metrics, s.data_points,
        metric_checks > 0 && s.metrics > 0 ? fmt::format("judged by {} exposition checks", metric_checks)
                                           : "not judged here"));
  }
  if (s.refused > 0) {
    report.details.push_back(fmt::format("{} requests refused; the last: {}", s.refused, s.last_refusal));
  }
  if (s.duplicate_spans > 0) {
    report.details.push_back(fmt::format(
        "{} spans arrived again (the exporter retried a request) and were counted once", s.duplicate_spans));
  }
  return report;
}

int run_received(const Configured& configured, const core::Suite& suite, const ReceiveFlags& receive, Sinks& sinks,
                 ClientStack& clients)
{
  auto config = configured.config;
  auto got = receive_while_running(receive, config.wait);
  if (!got) {
    return usage_error(got.error());
  }
  config.wait.reset(); // the command has ended: everything it sent is here, judged once
  auto settings = sources_settings(config);
  settings.traces.received = got->traces;
  settings.traces.received_on = got->url;
  const bool metrics_arrived = got->metrics && !got->metrics->metrics.empty();
  if (metrics_arrived) {
    settings.received_metrics = got->metrics;
  }
  const auto judged = receive_only(suite, metrics_arrived);
  std::size_t trace_checks = 0;
  std::size_t metric_checks = 0;
  for (const auto& check : judged.checks) {
    if (check.skip_reason.empty()) {
      ++(check.evidence.source == sources::Source::jaeger_traces ? trace_checks : metric_checks);
    }
  }
  auto summary = run_suite(config, judged, clients.client(), std::move(settings));
  summary.checks.insert(summary.checks.begin(), arrival_report(*got, config, trace_checks, metric_checks));
  summary.endpoints = {{"receiver", got->url},
                       {"command", fmt::format("'{}' {}", got->command, util::describe_exit(got->exit_status))}};
  core::summarise(summary);
  print_console(config, summary, sinks);
  const int code = write_reports(summary, sinks, clients);
  fmt::print(stderr, "ttaobs: '{}' {}; ttaobs exits {} (its verdict on the telemetry, not the command's code)\n",
             got->command, util::describe_exit(got->exit_status), code);
  return code;
}

int run_validate(const config::Layer& flags, const std::string& config_file, const ReceiveFlags& receive)
{
  if (const auto checked = check_receive_flags(receive); !checked) {
    return usage_error(checked.error());
  }
  const auto configured = configure(flags, config_file);
  if (!configured) {
    return configured.error().problems.empty() ? usage_error(configured.error().usage)
                                               : print_problems(configured.error().problems);
  }
  const auto* config = &configured->config;
  if (receive.enabled && config->trace_file) {
    return usage_error("--receive and --from-file both say where the traces come from: give one");
  }
  const auto suite = chosen_suite(*configured, flags);
  if (!suite) {
    return usage_error(suite.error());
  }
  auto sinks = open_sinks(*config);
  if (!sinks) {
    return usage_error(sinks.error());
  }
  auto clients = ClientStack::open(*config);
  if (!clients) {
    return usage_error(util::redact_urls(clients.error()));
  }
  if (receive.enabled) {
    return run_received(*configured, *suite, receive, *sinks, **clients);
  }
  const auto summary = run_suite(*config, *suite, (*clients)->client(), sources_settings(*config));
  print_console(*config, summary, *sinks);
  return write_reports(summary, *sinks, **clients);
}

} // namespace

Command validate_command()
{
  auto flags = std::make_shared<KeyFlags>();
  auto receive = std::make_shared<ReceiveFlags>();
  auto receive_option = std::make_shared<CLI::Option*>(nullptr);
  return {"validate", "run a suite of checks against Jaeger, Prometheus and the exposition endpoint",
          [flags, receive, receive_option](CLI::App& cmd) {
            flags->add_to(cmd, config::k_validate);
            *receive_option =
                cmd.add_option("--receive", receive->address,
                               "no backend: receive the OTLP/HTTP that the command after -- sends, on ADDR "
                               "[default 127.0.0.1:0, a free port]")
                    ->expected(0, 1)
                    ->type_name("ADDR");
            cmd.footer(k_examples);
          },
          [flags, receive, receive_option] {
            receive->enabled = *receive_option != nullptr && (*receive_option)->count() > 0;
            return run_validate(flags->layer(), flags->config_file, *receive);
          },
          [receive](std::vector<std::string> command) { receive->command = std::move(command); }};
}

} // namespace ttaobs::cli
