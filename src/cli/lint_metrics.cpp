#include "commands.hpp"

#include <src/cli/client.hpp>
#include <src/core/exit_code.hpp>
#include <src/http/url.hpp>
#include <src/metrics/lint.hpp>
#include <src/metrics/parser.hpp>
#include <src/report/lint_report.hpp>
#include <src/report/sink.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ttaobs::cli {

namespace {

constexpr int k_clean = 0;
constexpr int k_invalid = 1; // the exposition could not be read or does not parse
constexpr int k_usage = static_cast<int>(core::ExitCode::usage);
constexpr int k_problems = 3;
constexpr std::size_t k_chunk = 256 * 1024;
constexpr std::size_t k_max_http_body = std::size_t{1} << 40; // streamed: only time bounds it

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

struct Parsed
{
  std::optional<metrics::LintReport> report;
  std::string failure; // why the input could not be read at all
};

Parsed lint_stream(int fd, const std::string& source, const LintMetricsOptions& options)
{
  std::string buffer(k_chunk, '\0');
  ssize_t got = 0;
  do {
    got = ::read(fd, buffer.data(), buffer.size());
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    return {std::nullopt, fmt::format("cannot read {}: {}", source, std::strerror(errno))};
  }
  const std::string_view head(buffer.data(), static_cast<std::size_t>(got));
  // the tail of a plain file decides; for gzip or a pipe only the head can be looked at
  const auto inflated = metrics::inflated_head(head);
  const auto format = chosen_format(options.input_format)
                        .value_or(inflated ? metrics::sniff_format(*inflated, {}) : metrics::sniff_format(head, file_tail(fd)));
  metrics::Linter linter(format, {options.extended, options.top});
  metrics::ExpositionParser parser(format, linter, options.max_line_bytes);
  bool ok = parser.feed(head);
  while (ok && got > 0) {
    got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      got = 1;
      continue;
    }
    if (got < 0) {
      return {std::nullopt, fmt::format("cannot read {}: {}", source, std::strerror(errno))};
    }
    ok = parser.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
  }
  parser.finish();
  return {linter.finish(parser, source), {}};
}

Parsed lint_url(const config::Config& config, const http::Url& url, const LintMetricsOptions& options)
{
  auto stack = ClientStack::open(config);
  if (!stack) {
    return {std::nullopt, stack.error()};
  }
  // The body streams into the parser as it arrives; the dialect comes from the Content-Type,
  // known before the first piece.
  std::unique_ptr<metrics::Linter> linter;
  std::unique_ptr<metrics::ExpositionParser> parser;
  const auto start = [&](const http::HttpResponse& head) {
    const auto format = chosen_format(options.input_format)
                          .value_or(metrics::format_for_content_type(head.header("content-type")));
    linter = std::make_unique<metrics::Linter>(format, metrics::LintOptions{options.extended, options.top});
    parser = std::make_unique<metrics::ExpositionParser>(format, *linter, options.max_line_bytes);
  };
  http::HttpRequest request;
  request.url = url.str();
  request.headers = {{"Accept", std::string(metrics::k_scrape_accept)}};
  request.timeout = config.timeout;
  request.follow_redirects = true;
  request.max_body = k_max_http_body;
  request.body_sink = [&](std::string_view piece, const http::HttpResponse& head) {
    if (!parser) {
      start(head);
    }
    return parser->feed(piece);
  };
  const auto response = (*stack)->client().send(request);
  if (!response) {
    return {std::nullopt, response.error().describe()};
  }
  if (response->status != 200) {
    return {std::nullopt, fmt::format("GET {}: HTTP {} (expected 200)", request.url, response->status)};
  }
  if (!parser) {
    start(*response); // an empty body
  }
  parser->finish();
  return {linter->finish(*parser, request.url), {}};
}

} // namespace

int run_lint_metrics(const config::Layer& flags, const std::string& config_file, const LintMetricsOptions& options)
{
  const auto config = load_config(flags, config_file);
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
  Parsed parsed;
  if (util::starts_with(input, "http://") || util::starts_with(input, "https://")) {
    const auto url = http::parse_url(input);
    if (!url) {
      fmt::print(stderr, "ttaobs: lint-metrics: {}: {}\n", input, url.error());
      return k_usage;
    }
    parsed = lint_url(*config, *url, options);
  } else if (input == "-") {
    parsed = lint_stream(STDIN_FILENO, "-", options);
  } else {
    Fd file{::open(input.c_str(), O_RDONLY | O_CLOEXEC), true};
    if (file.fd < 0) {
      fmt::print(stderr, "ttaobs: lint-metrics: cannot open {}: {}\n", input, std::strerror(errno));
      return k_invalid;
    }
    parsed = lint_stream(file.fd, input, options);
  }
  if (!parsed.report) {
    fmt::print(stderr, "ttaobs: lint-metrics: {}\n", util::one_line(parsed.failure));
    return k_invalid;
  }
  const auto& report = *parsed.report;
  const int code = report.parse_error ? k_invalid : report.problems.empty() ? k_clean : k_problems;
  if (report.parse_error) {
    fmt::print(stderr, "ttaobs: lint-metrics: {}: {}\n", report.source, report.parse_error->describe());
  }
  if (options.format == "json") {
    fmt::print("{}", report::render_lint_json(report, code));
  } else {
    report::write_lint_text(report, stdout);
  }
  std::fflush(stdout);
  if (junit) {
    if (auto written = junit->write(report::render_lint_junit(report)); !written) {
      fmt::print(stderr, "ttaobs: {}\n", written.error());
      return k_usage;
    }
  }
  return code;
}

} // namespace ttaobs::cli
