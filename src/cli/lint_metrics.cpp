#include "client.hpp"
#include "command.hpp"
#include "common.hpp"
#include "key_flags.hpp"

#include <src/config/access.hpp>
#include <src/core/exit_code.hpp>
#include <src/metrics/lint.hpp>
#include <src/metrics/parser.hpp>
#include <src/report/lint_report.hpp>
#include <src/report/sink.hpp>
#include <src/sources/exposition_source.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/read_fd.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

using core::LintExitCode;
constexpr std::size_t k_max_http_body = std::size_t{1} << 40; // streamed: only time bounds it
// A body piece is fed in slices this large, the deadline checked between them: a slice of gzip
// inflates to at most ~16 MB, so a bomb cannot outlast --timeout by much.
constexpr std::size_t k_slice = 16 * 1024;

/// What `ttaobs lint-metrics` reads and prints.
struct LintMetricsOptions
{
  std::string input;                             ///< URL, file or "-"; empty: the configured metrics URL
  std::string format = "text";                   ///< text | json (stdout)
  std::string input_format = "auto";             ///< auto | text | openmetrics
  bool extended = false;                         ///< the rules beyond promtool, and the cardinality report
  std::size_t top = 10;                          ///< cardinality rows
  std::size_t max_line_bytes = 64 * 1024;        ///< longer lines are an error
  std::size_t max_series_per_family = 1'000'000; ///< series remembered per family (extended)
};

/// The command's flags: the config keys it reads, and its own.
struct LintArgs
{
  KeyFlags keys;
  LintMetricsOptions options;
};

constexpr const char* k_examples = R"(
Output is one "metric_name: problem" line per finding, sorted as promtool sorts them.
Examples:
  ttaobs lint-metrics                             # the configured exposition (--metrics-url)
  ttaobs lint-metrics http://localhost:9100/metrics --extended
  curl -s localhost:9464/metrics | ttaobs lint-metrics -
  ttaobs lint-metrics dump.txt.gz --format json --junit lint.xml
A file ending in "# EOF" is read as OpenMetrics; gzip or stdin input only when "# EOF" is within
its first 256 KiB, so pass --input-format openmetrics for larger ones.

Exit codes: 0 clean, 1 the exposition could not be read or does not parse, 2 usage error,
            3 it parses but has lint problems (as promtool check metrics).)";

void add_options(CLI::App& cmd, LintArgs& args)
{
  auto& options = args.options;
  cmd.add_option("input", options.input, "URL, file (gzip accepted) or - for stdin [default: --metrics-url]");
  args.keys.add_to(cmd, config::k_lint);
  args.keys.options.at("junit")->description(
      "write a JUnit XML report to FILE (- for stdout; the text/JSON report then goes to stderr) "
      "[env TTAOBS_LINT_JUNIT; validate's TTAOBS_JUNIT does not apply]");
  cmd.add_option("--format", options.format, "output: text or json [default text]")
      ->check(CLI::IsMember({"text", "json"}));
  cmd.add_option("--input-format", options.input_format,
                 "auto, text (Prometheus 0.0.4) or openmetrics [default auto: Content-Type, or the file's # EOF]")
      ->check(CLI::IsMember({"auto", "text", "openmetrics"}));
  cmd.add_flag("--extended", options.extended,
               "also check histograms, duplicate series, counter values and UNIT, and report cardinality");
  cmd.add_option("--top", options.top, "families in the cardinality report [default 10]")->check(CLI::Range(1, 100000));
  cmd.add_option("--max-line-bytes", options.max_line_bytes, "longest line accepted [default 65536]")
      ->check(CLI::Range(64, 1 << 30));
  cmd.add_option("--max-series-per-family", options.max_series_per_family,
                 "series remembered per family for --extended's duplicate and histogram checks [default 1000000]")
      ->check(CLI::Range(1, 1 << 30));
  cmd.footer(k_examples);
}

// Closes a file descriptor it owns.
struct Fd
{
  int fd = -1;
  bool owned = false;
  ~Fd()
  {
    if (owned && fd >= 0) {
      ::close(fd);
    }
  }
};

std::optional<metrics::Format> chosen_format(const std::string& input_format)
{
  if (input_format == "text") {
    return metrics::Format::prometheus_text;
  }
  if (input_format == "openmetrics") {
    return metrics::Format::openmetrics;
  }
  return std::nullopt;
}

metrics::LintOptions lint_options(const LintMetricsOptions& options)
{
  metrics::LintOptions out;
  out.extended = options.extended;
  out.top = options.top;
  out.max_series_per_family = options.max_series_per_family;
  return out;
}

// The last bytes of a regular file (for format sniffing), or "".
std::string file_tail(int fd)
{
  struct stat st
  {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
    return {};
  }
  std::string tail(static_cast<std::size_t>(std::min<off_t>(st.st_size, 64)), '\0');
  const auto got = ::pread(fd, tail.data(), tail.size(), st.st_size - static_cast<off_t>(tail.size()));
  tail.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return tail;
}

// A linter and its parser, made once the first bytes (or the response head) tell the dialect.
struct Lint
{
  std::unique_ptr<metrics::Linter> linter;
  std::unique_ptr<metrics::ExpositionParser> parser;

  void start(metrics::Format format, const LintMetricsOptions& options)
  {
    linter = std::make_unique<metrics::Linter>(format, lint_options(options));
    parser = std::make_unique<metrics::ExpositionParser>(format, *linter, options.max_line_bytes);
  }
};

// A report for an input that could not be read at all (URLs in it redacted).
metrics::LintReport unreadable(std::string source, std::string_view failure)
{
  metrics::LintReport report;
  report.source = std::move(source);
  report.failure = util::redact_urls(util::one_line(failure));
  return report;
}

// Lints a file or stdin; one that can stall (pipe, FIFO, terminal) must end within the timeout.
metrics::LintReport lint_stream(int fd, const std::string& source, std::chrono::milliseconds timeout,
                                const LintMetricsOptions& options)
{
  Lint lint;
  const auto read = util::read_fd(fd, source, timeout, [&](std::string_view piece) {
    if (!lint.parser) {
      // the tail of a plain file decides; for gzip or a pipe only the head can be looked at
      const auto inflated = metrics::inflated_head(piece);
      lint.start(
          chosen_format(options.input_format)
              .value_or(inflated ? metrics::sniff_format(*inflated, {}) : metrics::sniff_format(piece, file_tail(fd))),
          options);
    }
    return lint.parser->feed(piece);
  });
  if (!read) {
    return unreadable(source, read.error());
  }
  if (!lint.parser) {
    lint.start(chosen_format(options.input_format).value_or(metrics::Format::prometheus_text), options); // empty
  }
  lint.parser->finish();
  return lint.linter->finish(*lint.parser, source);
}

// Lints a URL; --timeout bounds the whole transfer, inflation and parse included.
metrics::LintReport lint_url(const config::Config& config, http::HttpClient& client, const util::Url& url,
                             const LintMetricsOptions& options, http::EndpointAccess access)
{
  const auto deadline = std::chrono::steady_clock::now() + config.timeout;
  const auto shown = url.redacted(); // the URL in messages and reports: no secret
  bool late = false;
  // The body streams into the parser as it arrives; the dialect comes from the Content-Type,
  // known before the first piece.
  Lint lint;
  const auto start = [&](const http::HttpResponse& head) {
    lint.start(
        chosen_format(options.input_format).value_or(metrics::format_for_content_type(head.header("content-type"))),
        options);
  };
  // --metrics-header, --metrics-bearer-token, TLS, ...: the scrape `validate` makes of the exposition
  auto request = sources::exposition_request(url, std::move(access), config.timeout);
  request.max_body = k_max_http_body;
  request.body_sink = [&](std::string_view piece, const http::HttpResponse& head) {
    if (!lint.parser) {
      start(head);
    }
    for (std::size_t at = 0; at < piece.size(); at += k_slice) {
      if (std::chrono::steady_clock::now() >= deadline) {
        late = true;
        return false;
      }
      if (!lint.parser->feed(piece.substr(at, k_slice))) {
        return false;
      }
    }
    return true;
  };
  const auto response = client.send(request);
  if (late) {
    return unreadable(shown, fmt::format("GET {}: timed out after {:.3g}s reading and linting the body", shown,
                                         static_cast<double>(config.timeout.count()) / 1000.0));
  }
  if (!response) {
    return unreadable(shown, response.error().describe());
  }
  if (const auto hint = http::auth_hint(response->status, "metrics"); !hint.empty()) {
    return unreadable(shown, fmt::format("GET {}: {}", shown, hint));
  }
  if (response->status != 200) {
    return unreadable(shown, fmt::format("GET {}: HTTP {} (expected 200)", shown, response->status));
  }
  if (!lint.parser) {
    start(*response); // an empty body
  }
  lint.parser->finish();
  return lint.linter->finish(*lint.parser, shown);
}

// What lint_input found: the report, and whether the --replay recording lacked the request.
struct Linted
{
  metrics::LintReport report;
  std::optional<std::string> replay_mismatch; ///< a usage error, as in validate and trace
};

// The basic auth of a URL's userinfo, unless flags set credentials for the metrics endpoint.
http::EndpointAccess metrics_access(const config::Config& config, const std::string& userinfo)
{
  auto access = config.access_of("metrics");
  if (!userinfo.empty() && !access.basic_auth && access.bearer_token.empty()) {
    const auto colon = userinfo.find(':');
    access.basic_auth = {userinfo.substr(0, colon), colon == std::string::npos ? "" : userinfo.substr(colon + 1)};
  }
  return access;
}

// Reads and lints the input; the error is a usage error's message. A --replay or --record that
// cannot be opened is a usage error whatever the input, as in validate and trace.
Expected<Linted, std::string> lint_input(const config::Config& config, const std::string& input,
                                         const LintMetricsOptions& options)
{
  std::string userinfo; // credentials in the URL become basic auth, unless flags set some
  std::optional<util::Url> url;
  if (util::starts_with(input, "http://") || util::starts_with(input, "https://")) {
    auto parsed = util::parse_url(config::take_userinfo(input, userinfo));
    if (!parsed) {
      return unexpected(
          fmt::format("lint-metrics: {}: {}", util::redact_url(input), util::redact_urls(parsed.error())));
    }
    url = std::move(parsed).value();
  }
  auto stack = ClientStack::open(config);
  if (!stack) {
    return unexpected(fmt::format("lint-metrics: {}", util::redact_urls(util::one_line(stack.error()))));
  }
  if (url) {
    auto report = lint_url(config, (*stack)->client(), *url, options, metrics_access(config, userinfo));
    return Linted{std::move(report), (*stack)->replay_mismatch()};
  }
  if (input == "-") {
    return Linted{lint_stream(STDIN_FILENO, "-", config.timeout, options), std::nullopt};
  }
  const auto fd = util::open_for_reading(input);
  if (!fd) {
    return Linted{unreadable(input, fd.error()), std::nullopt};
  }
  const Fd file{*fd, true};
  return Linted{lint_stream(file.fd, input, config.timeout, options), std::nullopt};
}

// The verdict on the exposition (promtool's codes), or 128 + the signal that stopped the read.
int verdict(const metrics::LintReport& report)
{
  const int signal = util::interrupted();
  return signal != 0                            ? util::interrupted_exit_code(signal)
         : report.failure || report.parse_error ? to_int(LintExitCode::invalid)
         : report.problems.empty()              ? to_int(LintExitCode::clean)
                                                : to_int(LintExitCode::problems);
}

// Prints the verdict's reason on stderr and the text or JSON report; writes the JUnit report.
// Returns the exit code: `code`, or usage when the JUnit report cannot be written.
int write_reports(const metrics::LintReport& report, int code, const LintMetricsOptions& options, report::Sink* junit)
{
  if (report.failure) {
    fmt::print(stderr, "ttaobs: lint-metrics: {}\n", *report.failure);
  } else if (report.parse_error) {
    fmt::print(stderr, "ttaobs: lint-metrics: {}: {}\n", report.source, report.parse_error->describe());
  }
  // with the JUnit report on stdout, the text/JSON report moves to stderr so stdout stays parseable
  std::FILE* out = junit != nullptr && junit->is_stdout() ? stderr : stdout;
  if (options.format == "json") {
    fmt::print(out, "{}", report::render_lint_json(report, code));
  } else {
    report::write_lint_text(report, out);
  }
  std::fflush(out);
  if (junit != nullptr) {
    if (auto written = junit->write(report::render_lint_junit(report)); !written) {
      return usage_error(written.error());
    }
  }
  return code;
}

int run_lint_metrics(const config::Layer& flags, const std::string& config_file, const LintMetricsOptions& options)
{
  // TTAOBS_JUNIT/TTAOBS_JSON and the config file's junit/json are validate's reports: lint-metrics
  // writes JUnit only where --junit or TTAOBS_LINT_JUNIT says
  auto own_flags = flags;
  if (const auto env = env_or_empty("TTAOBS_LINT_JUNIT"); !env.empty() && own_flags.values.count("junit") == 0) {
    own_flags.values["junit"] = env;
  }
  const auto config = load_config(own_flags, config_file, {"junit", "json", "html"});
  if (!config) {
    return usage_error(config.error());
  }
  std::unique_ptr<report::Sink> junit;
  if (config->junit_path) {
    auto sink = report::Sink::open(*config->junit_path, "--junit");
    if (!sink) {
      return usage_error(sink.error());
    }
    junit = std::move(sink).value();
  }
  const std::string input = options.input.empty() ? config->metrics_url.str() : options.input;
  const auto linted = lint_input(*config, input, options);
  if (!linted) {
    return usage_error(linted.error());
  }
  // Every outcome, an unreadable input included, gets complete reports (holding the verdict).
  const int code = write_reports(linted->report, verdict(linted->report), options, junit.get());
  if (linted->replay_mismatch) { // after the reports, so they stay complete
    return usage_error(*linted->replay_mismatch);
  }
  return code;
}

} // namespace

Command lint_metrics_command()
{
  auto args = std::make_shared<LintArgs>();
  return {"lint-metrics",
          "parse and lint a Prometheus or OpenMetrics exposition (promtool's rules, and more with --extended)",
          [args](CLI::App& cmd) { add_options(cmd, *args); },
          [args] { return run_lint_metrics(args->keys.layer(), args->keys.config_file, args->options); }};
}

} // namespace ttaobs::cli
