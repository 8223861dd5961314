#include "commands.hpp"

#include <src/cli/client.hpp>
#include <src/config/access.hpp>
#include <src/core/exit_code.hpp>
#include <src/util/url.hpp>
#include <src/metrics/lint.hpp>
#include <src/metrics/parser.hpp>
#include <src/report/lint_report.hpp>
#include <src/report/sink.hpp>
#include <src/sources/exposition_source.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/read_fd.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr int k_clean = 0;
constexpr int k_invalid = 1; // the exposition could not be read or does not parse
constexpr int k_usage = static_cast<int>(core::ExitCode::usage);
constexpr int k_problems = 3;
constexpr std::size_t k_max_http_body = std::size_t{1} << 40; // streamed: only time bounds it
// A body piece is fed in slices this large, the deadline checked between them: a slice of gzip
// inflates to at most ~16 MB, so a bomb cannot outlast --timeout by much.
constexpr std::size_t k_slice = 16 * 1024;

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
  {
  };
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
      lint.start(chosen_format(options.input_format)
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
    lint.start(chosen_format(options.input_format).value_or(metrics::format_for_content_type(head.header("content-type"))),
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

// Reads and lints the input; nullopt (the error printed) for a usage error.
std::optional<metrics::LintReport> lint_input(const config::Config& config, const std::string& input,
                                              const LintMetricsOptions& options)
{
  if (util::starts_with(input, "http://") || util::starts_with(input, "https://")) {
    std::string userinfo; // credentials in the URL become basic auth, unless flags set some
    const auto url = util::parse_url(config::take_userinfo(input, userinfo));
    if (!url) {
      fmt::print(stderr, "ttaobs: lint-metrics: {}: {}\n", util::redact_url(input), util::redact_urls(url.error()));
      return std::nullopt;
    }
    auto stack = ClientStack::open(config); // a bad --replay/--record is a usage error
    if (!stack) {
      fmt::print(stderr, "ttaobs: lint-metrics: {}\n", util::redact_urls(util::one_line(stack.error())));
      return std::nullopt;
    }
    auto access = config.access_of("metrics");
    if (!userinfo.empty() && !access.basic_auth && access.bearer_token.empty()) {
      const auto colon = userinfo.find(':');
      access.basic_auth = {userinfo.substr(0, colon), colon == std::string::npos ? "" : userinfo.substr(colon + 1)};
    }
    return lint_url(config, (*stack)->client(), *url, options, std::move(access));
  }
  if (input == "-") {
    return lint_stream(STDIN_FILENO, "-", config.timeout, options);
  }
  const auto fd = util::open_for_reading(input);
  if (!fd) {
    return unreadable(input, fd.error());
  }
  const Fd file{*fd, true};
  return lint_stream(file.fd, input, config.timeout, options);
}

} // namespace

int run_lint_metrics(const config::Layer& flags, const std::string& config_file, const LintMetricsOptions& options)
{
  // TTAOBS_JUNIT/TTAOBS_JSON and the config file's junit/json are validate's reports: lint-metrics
  // writes JUnit only where --junit or TTAOBS_LINT_JUNIT says
  auto own_flags = flags;
  if (const char* env = std::getenv("TTAOBS_LINT_JUNIT"); env != nullptr && *env != '\0' && own_flags.values.count("junit") == 0) {
    own_flags.values["junit"] = env;
  }
  const auto config = load_config(own_flags, config_file, {"junit", "json", "html"});
  if (!config) {
    return k_usage;
  }
  std::unique_ptr<report::Sink> junit;
  if (config->junit_path) {
    auto sink = report::Sink::open(*config->junit_path, "--junit");
    if (!sink) {
      fmt::print(stderr, "ttaobs: {}\n", sink.error());
      return k_usage;
    }
    junit = std::move(sink).value();
  }
  const std::string input = options.input.empty() ? config->metrics_url.str() : options.input;
  const auto linted = lint_input(*config, input, options);
  if (!linted) {
    return k_usage;
  }
  const auto& report = *linted;
  // Every outcome, an unreadable input included, gets complete reports.
  const int signal = util::interrupted();
  const int code = signal != 0                         ? util::interrupted_exit_code(signal)
                   : report.failure || report.parse_error ? k_invalid
                   : report.problems.empty()           ? k_clean
                                                       : k_problems;
  if (report.failure) {
    fmt::print(stderr, "ttaobs: lint-metrics: {}\n", *report.failure);
  } else if (report.parse_error) {
    fmt::print(stderr, "ttaobs: lint-metrics: {}: {}\n", report.source, report.parse_error->describe());
  }
  // with the JUnit report on stdout, the text/JSON report moves to stderr so stdout stays parseable
  std::FILE* out = junit && junit->is_stdout() ? stderr : stdout;
  if (options.format == "json") {
    fmt::print(out, "{}", report::render_lint_json(report, code));
  } else {
    report::write_lint_text(report, out);
  }
  std::fflush(out);
  if (junit) {
    if (auto written = junit->write(report::render_lint_junit(report)); !written) {
      fmt::print(stderr, "ttaobs: {}\n", written.error());
      return k_usage;
    }
  }
  return code;
}

} // namespace ttaobs::cli
