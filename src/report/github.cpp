#include "github.hpp"
#include "report.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

namespace ttaobs::report {

namespace {

constexpr std::size_t k_max_message = 2000; // an annotation's text; GitHub truncates long ones anyway
constexpr std::size_t k_max_details = 40;   // detail lines per check in the summary

std::string escaped(std::string_view text, bool property)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    case ':':
      out += property ? "%3A" : ":";
      break;
    case ',':
      out += property ? "%2C" : ",";
      break;
    default:
      out += c;
    }
  }
  return out;
}

const char* emoji(core::Status status)
{
  switch (status) {
  case core::Status::pass:
    return "✅";
  case core::Status::fail:
    return "❌";
  case core::Status::warn:
    return "⚠️";
  case core::Status::error:
    return "💥";
  case core::Status::skip:
    return "⏭️";
  }
  return "";
}

// Server text made safe for a Markdown table cell: one printable line, no HTML, no column break.
std::string cell(std::string_view text)
{
  std::string out;
  for (const char c : util::one_line(text, 300)) {
    switch (c) {
    case '|':
      out += "\\|";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '`':
      out += "'";
      break;
    case '*':
    case '_':
    case '[':
    case ']':
    case '\\':
      out += '\\';
      out += c;
      break;
    default:
      out += c;
    }
  }
  return out;
}

// A fence longer than any run of backticks in `body`, so server text cannot close the block.
std::string fence_for(std::string_view body)
{
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string measured_cell(const core::CheckReport& check)
{
  if (!check.measurement) {
    return "";
  }
  const auto& m = *check.measurement;
  const auto* op = m.comparator == "<=" ? "≤" : m.comparator == "==" ? "=" : "≥";
  const auto number = [](double v) {
    return v == std::trunc(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
  };
  return cell(
      fmt::format("{}{}{} ({} {})", number(m.measured), m.unit.empty() ? "" : " ", m.unit, op, number(m.expected)));
}

bool annotated(const core::CheckReport& check)
{
  return check.status == core::Status::fail || check.status == core::Status::error ||
         check.status == core::Status::warn;
}

} // namespace

std::string github_escape_data(std::string_view text)
{
  return escaped(text, false);
}

std::string github_escape_property(std::string_view text)
{
  return escaped(text, true);
}

std::string render_github_annotations(const core::RunSummary& summary)
{
  std::string out;
  for (const auto& check : summary.checks) {
    if (!annotated(check)) {
      continue;
    }
    const bool error = check.status != core::Status::warn || check.strict_failure;
    // Each line printable on its own; the escapes then carry the line breaks.
    std::string text = util::one_line(check.message, 500);
    for (const auto& detail : check.details) {
      if (text.size() + detail.size() > k_max_message) {
        text += "\n…";
        break;
      }
      text += "\n" + util::one_line(detail, 500);
    }
    if (!check.evidence_url.empty()) {
      text += "\nevidence: " + util::one_line(check.evidence_url, 500); // redacted by the runner
    }
    out += fmt::format("::{} title={}::{}\n", error ? "error" : "warning",
                       github_escape_property(util::one_line(fmt::format("ttaobs {}", check.id), 200)),
                       github_escape_data(text));
  }
  return out;
}

std::string render_github_summary(const core::RunSummary& summary)
{
  const auto& c = summary.counts;
  const bool failed = summary.exit_code != core::ExitCode::ok;
  std::string out = fmt::format("## {} ttaobs validate: {} suite, service `{}`\n\n", failed ? "❌" : "✅",
                                cell(summary.suite), cell(summary.service));
  out += fmt::format("**{}** · exit code {} · {:.2f} s", counts_line(c), static_cast<int>(summary.exit_code),
                     static_cast<double>(summary.duration.count()) / 1000.0);
  out += summary.rounds > 1 ? fmt::format(" · {} rounds\n\n", summary.rounds) : std::string("\n\n");
  out += "| | Check | Measured | Message |\n|---|---|---|---|\n";
  for (const auto& check : summary.checks) {
    out += fmt::format("| {} | `{}` | {} | {} |\n", emoji(check.status), cell(check.id), measured_cell(check),
                       cell(check.message));
  }
  for (const auto& check : summary.checks) {
    if (!annotated(check)) {
      continue;
    }
    out += fmt::format("\n### {} `{}`: {}\n\n{}\n", emoji(check.status), cell(check.id), core::to_string(check.status),
                       cell(check.message));
    if (check.details.empty() && check.evidence_url.empty()) {
      continue;
    }
    std::string body;
    for (std::size_t i = 0; i < check.details.size() && i < k_max_details; ++i) {
      body += util::one_line(check.details[i], 500) + "\n";
    }
    if (check.details.size() > k_max_details) {
      body += fmt::format("… and {} more lines\n", check.details.size() - k_max_details);
    }
    if (!check.evidence_url.empty()) {
      body += "evidence: " + util::one_line(check.evidence_url, 500) + "\n";
    }
    const auto fence = fence_for(body);
    out += fmt::format("\n{}text\n{}{}\n", fence, body, fence);
  }
  return out;
}

std::optional<std::string> append_step_summary(const std::string& path, const std::string& markdown)
{
  std::ofstream file(path, std::ios::app | std::ios::binary);
  if (!file) {
    return fmt::format("GITHUB_STEP_SUMMARY {}: cannot append there ({})", util::one_line(path, 200),
                       std::strerror(errno));
  }
  file << markdown << "\n";
  file.flush();
  if (!file) {
    return fmt::format("GITHUB_STEP_SUMMARY {}: write failed ({})", util::one_line(path, 200), std::strerror(errno));
  }
  return std::nullopt;
}

} // namespace ttaobs::report
