#include "report.hpp"
#include "xml.hpp"

#include <src/http/url.hpp>

#include <fmt/format.h>

#include <map>

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
    text += "\nevidence: " + http::redact_url(check.evidence_url);
  }
  return xml_escape(text);
}

void append_testcase(std::string& out, const core::CheckReport& check, bool strict)
{
  out += fmt::format("    <testcase classname=\"ttaobs.{}\" name=\"{}\" time=\"{}\">\n", xml_escape(check.group),
                     xml_escape(check.id), seconds(check.duration));
  const auto element = [&](const char* tag, const char* type) {
    out += fmt::format("      <{} type=\"{}\" message=\"{}\">{}</{}>\n", tag, type, xml_escape(check.message),
                       body_text(check), tag);
  };
  switch (check.status) {
  case core::Status::pass:
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
    if (strict) {
      element("failure", "warn");
    } else {
      out += fmt::format("      <system-out>WARN: {}</system-out>\n", body_text(check));
    }
    break;
  }
  out += "    </testcase>\n";
}

} // namespace

std::string render_junit(const core::RunSummary& summary)
{
  // A warning under --strict is a failure here too, so JUnit agrees with the exit code.
  const auto failures_of = [&](const core::Counts& c) { return c.failed + (summary.strict ? c.warnings : 0); };
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"ttaobs {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
                     xml_escape(summary.suite), summary.counts.total(), failures_of(summary.counts),
                     summary.counts.errors, seconds(summary.duration));
  std::vector<std::string> groups;
  std::map<std::string, std::vector<const core::CheckReport*>> by_group;
  for (const auto& check : summary.checks) {
    if (by_group[check.group].empty()) {
      groups.push_back(check.group);
    }
    by_group[check.group].push_back(&check);
  }
  for (const auto& group : groups) {
    std::vector<core::CheckReport> members;
    std::chrono::milliseconds time{0};
    for (const auto* check : by_group[group]) {
      members.push_back(*check);
      time += check->duration;
    }
    const auto counts = core::count(members);
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
                       "time=\"{}\" timestamp=\"{}\" hostname=\"{}\">\n",
                       xml_escape(core::group_title(group)), counts.total(), failures_of(counts), counts.errors,
                       counts.skipped, seconds(time), xml_escape(summary.started_at), xml_escape(summary.hostname));
    out += "    <properties>\n";
    out += fmt::format("      <property name=\"ttaobs.version\" value=\"{}\"/>\n", xml_escape(summary.version));
    out += fmt::format("      <property name=\"suite\" value=\"{}\"/>\n", xml_escape(summary.suite));
    out += fmt::format("      <property name=\"service\" value=\"{}\"/>\n", xml_escape(summary.service));
    for (const auto& [name, url] : summary.endpoints) {
      out += fmt::format("      <property name=\"endpoint.{}\" value=\"{}\"/>\n", xml_escape(name),
                         xml_escape(http::redact_url(url)));
    }
    out += "    </properties>\n";
    for (const auto* check : by_group[group]) {
      append_testcase(out, *check, summary.strict);
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

} // namespace ttaobs::report
