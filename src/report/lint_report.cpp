#include "lint_report.hpp"

#include "xml.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace ttaobs::report {

void write_lint_text(const metrics::LintReport& report, std::FILE* out)
{
  for (const auto& p : report.problems) {
    const auto line = fmt::format("{}: {}\n", p.metric, p.text);
    for (std::size_t i = 0; i < p.count; ++i) {
      std::fwrite(line.data(), 1, line.size(), out);
    }
  }
  if (report.extended && !report.parse_error && !report.failure) {
    fmt::print(out, "\nCardinality: {} series in {} families; top {} by series:\n", report.series_total,
               report.families, report.cardinality.size());
    for (const auto& row : report.cardinality) {
      fmt::print(out, "  {:>10}  {} ({})\n", row.series, row.family, row.type);
    }
    for (const auto& note : report.notes) {
      fmt::print(out, "note: {}\n", note);
    }
  }
}

std::string render_lint_json(const metrics::LintReport& report, int exit_code)
{
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["schema"] = "ttaobs.lint-metrics/v1";
  doc["source"] = report.source;
  doc["format"] = std::string(metrics::to_string(report.format));
  doc["status"] = report.failure            ? "unreadable"
                  : report.parse_error      ? "parse-error"
                  : report.problems.empty() ? "clean"
                                            : "problems";
  doc["problem_count"] = report.problem_count;
  doc["exit_code"] = exit_code;
  doc["error"] = report.failure ? ordered_json(*report.failure) : ordered_json(nullptr);
  if (report.parse_error) {
    const auto& e = *report.parse_error;
    doc["parse_error"] = {{"line", e.line}, {"column", e.column}, {"message", e.message}, {"excerpt", e.excerpt}};
  } else {
    doc["parse_error"] = nullptr;
  }
  doc["families"] = report.families;
  doc["samples"] = report.samples;
  doc["bytes"] = report.bytes;
  auto& problems = doc["problems"] = ordered_json::array();
  for (const auto& p : report.problems) {
    ordered_json item;
    item["metric"] = p.metric;
    item["problem"] = p.text;
    item["rule"] = p.rule;
    item["line"] = p.line == 0 ? ordered_json(nullptr) : ordered_json(p.line);
    item["count"] = p.count;
    problems.push_back(std::move(item));
  }
  if (report.extended) {
    ordered_json cardinality;
    cardinality["series"] = report.series_total;
    auto& top = cardinality["top"] = ordered_json::array();
    for (const auto& row : report.cardinality) {
      top.push_back(ordered_json{{"family", row.family}, {"type", row.type}, {"series", row.series}});
    }
    doc["cardinality"] = std::move(cardinality);
    doc["notes"] = report.notes;
  }
  // Invalid UTF-8 cannot come from a parsed exposition, but a parse error's excerpt is escaped too.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

// "counter metrics should have \"_total\" suffix; use base unit …": what consumers show as the
// failure's one line, so it names the problems rather than counting them (bounded).
std::string failure_message(const std::vector<const metrics::Problem*>& problems)
{
  constexpr std::size_t k_max = 400;
  std::string message;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const auto* p = problems[i];
    auto item = p->text + (p->count > 1 ? fmt::format(" (×{})", p->count) : "");
    if (!message.empty() && message.size() + item.size() > k_max) {
      message += fmt::format("; … and {} more", problems.size() - i);
      break;
    }
    message += (message.empty() ? "" : "; ") + item;
  }
  return message;
}

} // namespace

std::string render_lint_junit(const metrics::LintReport& report)
{
  std::vector<std::string> order;
  std::map<std::string, std::vector<const metrics::Problem*>> by_metric;
  for (const auto& p : report.problems) {
    if (by_metric[p.metric].empty()) {
      order.push_back(p.metric);
    }
    by_metric[p.metric].push_back(&p);
  }
  const std::size_t tests = 1 + order.size();
  const std::size_t failures = order.size();
  const std::size_t errors = report.parse_error || report.failure ? 1 : 0;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"ttaobs lint-metrics\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", tests,
                     failures, errors);
  out += fmt::format("  <testsuite name=\"lint-metrics {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     xml_escape(report.source), tests, failures, errors);
  out += "    <properties>\n";
  out += fmt::format("      <property name=\"format\" value=\"{}\"/>\n", metrics::to_string(report.format));
  out += fmt::format("      <property name=\"families\" value=\"{}\"/>\n", report.families);
  out += fmt::format("      <property name=\"samples\" value=\"{}\"/>\n", report.samples);
  out += "    </properties>\n";
  out += "    <testcase classname=\"ttaobs.lint-metrics\" name=\"parse\">\n";
  if (report.failure) {
    const auto text = xml_escape(*report.failure);
    out += fmt::format("      <error type=\"unreadable\" message=\"{}\">{}</error>\n", text, text);
  } else if (report.parse_error) {
    const auto text = xml_escape(report.source + ":" + report.parse_error->describe().substr(5));
    out += fmt::format("      <error type=\"parse\" message=\"{}\">{}</error>\n", text, text);
  }
  out += "    </testcase>\n";
  if (!report.notes.empty()) {
    std::string notes;
    for (const auto& note : report.notes) {
      notes += "note: " + note + "\n";
    }
    out.insert(out.size() - std::string_view("    </testcase>\n").size(),
               fmt::format("      <system-out>{}</system-out>\n", xml_escape(notes)));
  }
  for (const auto& metric : order) {
    std::string body;
    for (const auto* p : by_metric[metric]) {
      body += fmt::format("{}: {}{}\n", p->metric, p->text, p->count > 1 ? fmt::format(" (×{})", p->count) : "");
    }
    out += fmt::format("    <testcase classname=\"ttaobs.lint-metrics\" name=\"{}\">\n", xml_escape(metric));
    out += fmt::format("      <failure type=\"lint\" message=\"{}\">{}</failure>\n",
                       xml_escape(failure_message(by_metric[metric])), xml_escape(body));
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

} // namespace ttaobs::report
