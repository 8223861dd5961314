#include "report.hpp"
#include "xml.hpp"

#include <src/util/url.hpp>

#include <fmt/format.h>

#include <cmath>

namespace ttaobs::report {

namespace {

std::string seconds(std::chrono::milliseconds d)
{
  return fmt::format("{:.3f}", static_cast<double>(d.count()) / 1000.0);
}

std::string body_text(const core::CheckReport& check)
{
  std::string text = check.message;
  for (const auto& detail : check.details) {
    text += "\n" + detail;
  }
  if (!check.evidence_url.empty()) {
    text += "\nevidence: " + util::redact_url(check.evidence_url);
  }
  return xml_escape(text);
}

// "15 spans (expected >= 5)": the number a check judged, for a property or a passing case's output.
std::string measured_text(const core::Measurement& m)
{
  const auto number = [](double v) {
    return v == std::trunc(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
  };
  return fmt::format("{}{}{} (expected {} {})", number(m.measured), m.unit.empty() ? "" : " ", m.unit, m.comparator,
                     number(m.expected));
}

// Warnings are <skipped message="WARN: …"> unless --strict makes them failures: of the elements
// junit-10.xsd allows, <skipped> is the only non-failing one GitLab, Jenkins and junit2html all
// count and show with its text (GitLab shows <system-out> for failed cases only, Jenkins shows
// properties only with keepProperties). docs/ci.md explains the choice.
void append_testcase(std::string& out, const core::CheckReport& check)
{
  out += fmt::format("    <testcase classname=\"ttaobs.{}\" name=\"{}\" time=\"{}\">\n", xml_escape(check.group),
                     xml_escape(check.id), seconds(check.duration));
  const auto element = [&](const char* tag, const char* type) {
    out += fmt::format("      <{} type=\"{}\" message=\"{}\">{}</{}>\n", tag, type, xml_escape(check.message),
                       body_text(check), tag);
  };
  switch (check.status) {
  case core::Status::pass:
    out += fmt::format("      <system-out>{}{}</system-out>\n", xml_escape(check.message),
                       check.measurement ? xml_escape("\nmeasured: " + measured_text(*check.measurement)) : "");
    break;
  case core::Status::fail:
    element("failure", "fail");
    break;
  case core::Status::error:
    element("error", "error");
    break;
  case core::Status::skip:
    out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(check.message));
    break;
  case core::Status::warn:
    if (check.strict_failure) {
      element("failure", "warn");
    } else {
      out += fmt::format("      <skipped message=\"{}\">{}</skipped>\n", xml_escape("WARN: " + check.message),
                         body_text(check));
      out += fmt::format("      <system-out>WARN: {}</system-out>\n", body_text(check));
    }
    break;
  }
  out += "    </testcase>\n";
}

// The group's properties: the run's identity, then per check its measured value and any warning.
void append_properties(std::string& out, const core::RunSummary& summary, const core::GroupSummary& group)
{
  const auto property = [&](const std::string& name, const std::string& value) {
    out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", xml_escape(name), xml_escape(value));
  };
  out += "    <properties>\n";
  property("ttaobs.version", summary.version);
  property("suite", summary.suite);
  property("service", summary.service);
  for (const auto& [name, url] : summary.endpoints) {
    property("endpoint." + name, util::redact_url(url));
  }
  property("run.wall_time", seconds(summary.duration));
  for (const auto i : group.checks) {
    const auto& check = summary.checks[i];
    if (check.measurement) {
      property("measured." + check.id, measured_text(*check.measurement));
    }
    if (check.status == core::Status::warn) {
      property("warning." + check.id, check.message);
    }
  }
  out += "    </properties>\n";
}

} // namespace

std::string render_junit(const core::RunSummary& summary)
{
  // A warning under --strict is a failure here too, so JUnit agrees with the exit code; otherwise it
  // is a <skipped> element, and counted so (core::summarise decided which, once).
  const auto skipped_of = [](const core::Counts& c) { return c.skipped + c.tolerated_warnings(); };
  // Every time adds up: a suite's is the sum of its cases, the root's the sum of the suites (the
  // checks fetch in parallel, so this may exceed the wall time, which is the run.wall_time property).
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"ttaobs {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
                     xml_escape(summary.suite), summary.counts.total(), summary.counts.failing(), summary.counts.errors,
                     seconds(summary.checks_time));
  for (const auto& group : summary.groups) {
    const auto& counts = group.counts;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
                       "time=\"{}\" timestamp=\"{}\" hostname=\"{}\">\n",
                       xml_escape(core::group_title(group.group)), counts.total(), counts.failing(), counts.errors,
                       skipped_of(counts), seconds(group.time), xml_escape(summary.started_at),
                       xml_escape(summary.hostname));
    append_properties(out, summary, group);
    for (const auto i : group.checks) {
      append_testcase(out, summary.checks[i]);
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

} // namespace ttaobs::report
