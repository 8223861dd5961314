#include "report.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::report {

namespace {

struct Style
{
  std::string_view word;
  std::string_view color;
};

Style style_of(core::Status status)
{
  switch (status) {
  case core::Status::pass:
    return {"PASS", "\033[32m"};
  case core::Status::fail:
    return {"FAIL", "\033[31m"};
  case core::Status::warn:
    return {"WARN", "\033[33m"};
  case core::Status::error:
    return {"ERROR", "\033[35m"};
  case core::Status::skip:
    return {"SKIP", "\033[2m"};
  }
  return {"?", ""};
}

// A check that did not pass names where it looked, as JUnit and JSON do, unless its message
// already does ("no answer: connection refused" alone does not say which endpoint).
// Messages can quote servers: control characters and invalid UTF-8 never reach the terminal.
std::string message_line(const core::CheckReport& check)
{
  auto line = util::one_line(check.message, 2000);
  const bool passed = check.status == core::Status::pass || check.status == core::Status::skip;
  if (!passed && !check.evidence_url.empty() && check.message.find(check.evidence_url) == std::string::npos) {
    line += fmt::format(" ({})", util::one_line(check.evidence_url, 1000));
  }
  return line;
}

} // namespace

std::string counts_line(const core::Counts& counts)
{
  auto line =
      fmt::format("{} passed, {} failed, {} warning{}, {} error{}", counts.passed, counts.failed, counts.warnings,
                  counts.warnings == 1 ? "" : "s", counts.errors, counts.errors == 1 ? "" : "s");
  if (counts.skipped > 0) {
    line += fmt::format(", {} skipped", counts.skipped);
  }
  return line;
}

std::string render_console(const core::RunSummary& summary, const ConsoleOptions& options)
{
  const auto paint = [&](std::string_view color, std::string_view text) {
    return options.color ? fmt::format("{}{}\033[0m", color, text) : std::string(text);
  };
  std::size_t id_width = 0;
  for (const auto& check : summary.checks) {
    id_width = std::max(id_width, check.id.size());
  }
  std::string out = fmt::format("ttaobs {} · suite {} · service {}\n", summary.version,
                                util::one_line(summary.suite, 80), util::one_line(summary.service, 200));
  // Each group once, where it first appears (as JUnit's test suites): a suite that extends another
  // may add checks to an inherited group at its end.
  for (const auto& group : summary.groups) {
    bool titled = false;
    for (const auto index : group.checks) {
      const auto& check = summary.checks[index];
      const bool shown = !options.quiet || (check.status != core::Status::pass && check.status != core::Status::skip);
      if (!shown) {
        continue;
      }
      if (!titled) {
        titled = true;
        out += fmt::format("\n{}\n", paint("\033[1m", core::group_title(group.group)));
      }
      const auto style = style_of(check.status);
      out += fmt::format("  {}  {:<{}}  {}\n", paint(style.color, fmt::format("{:<5}", style.word)), check.id, id_width,
                         message_line(check));
      for (const auto& detail : check.details) {
        out += fmt::format("         {:<{}}  {}\n", "", id_width, util::printable(detail));
      }
    }
  }
  const auto waited = summary.rounds > 1 ? fmt::format(", {} rounds", summary.rounds) : std::string();
  out += fmt::format("\n{} ({:.2f}s{})\n", counts_line(summary.counts),
                     static_cast<double>(summary.duration.count()) / 1000.0, waited);
  return out;
}

} // namespace ttaobs::report
