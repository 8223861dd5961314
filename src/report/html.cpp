#include "html.hpp"

#include <src/report/report.hpp>
#include <src/report/xml.hpp>
#include <src/trace/containment.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <map>

namespace ttaobs::report {

namespace {

using nlohmann::ordered_json;
using trace::SpanTree;

std::string_view exit_meaning(core::ExitCode code)
{
  switch (code) {
  case core::ExitCode::ok:
    return "every check passed";
  case core::ExitCode::failed:
    return "the telemetry is wrong: a check failed";
  case core::ExitCode::usage:
    return "bad flags, config, URL or report path";
  case core::ExitCode::could_not_look:
    return "nothing failed, but some check could not be evaluated";
  }
  return "unknown";
}

// a + b and a - b, saturated: span times come from the server and may be anything an int64 holds.
std::int64_t add_sat(std::int64_t a, std::int64_t b)
{
  std::int64_t out = 0;
  return __builtin_add_overflow(a, b, &out)
             ? (b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min())
             : out;
}

std::int64_t sub_sat(std::int64_t a, std::int64_t b)
{
  std::int64_t out = 0;
  return __builtin_sub_overflow(a, b, &out)
             ? (b < 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min())
             : out;
}

bool is_problem(core::Status status)
{
  return status == core::Status::fail || status == core::Status::warn || status == core::Status::error;
}

// "<dt>name</dt><dd>value</dd>", both escaped.
void definition(std::string& out, std::string_view name, std::string_view value)
{
  out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(name), html_escape(value));
}

void render_summary(std::string& out, const core::RunSummary& summary)
{
  const auto& c = summary.counts;
  const int code = static_cast<int>(summary.exit_code);
  out += fmt::format("<header class=\"summary exit-{}\">\n<h1>ttaobs validate: {}</h1>\n", code,
                     html_escape(summary.service));
  out += fmt::format("<p class=\"verdict\">exit code <b>{}</b>: {}</p>\n", code,
                     html_escape(exit_meaning(summary.exit_code)));
  out += "<p class=\"counts\">";
  for (const auto& [n, cls, label] :
       {std::tuple{c.passed, "pass", "passed"}, std::tuple{c.failed, "fail", "failed"},
        std::tuple{c.warnings, "warn", "warnings"}, std::tuple{c.errors, "error", "errors"},
        std::tuple{c.skipped, "skip", "skipped"}}) {
    out += fmt::format("<span class=\"badge {}\" data-count=\"{}\">{} {}</span> ", cls, n, n, label);
  }
  out += fmt::format("<span class=\"total\">of {} checks</span></p>\n<dl>\n", c.total());
  definition(out, "suite", summary.suite);
  definition(out, "service", summary.service);
  for (const auto& [name, url] : summary.endpoints) {
    definition(out, name, url); // already redacted by the runner
  }
  definition(out, "started", summary.started_at);
  definition(out, "duration", fmt::format("{:.3f}s", static_cast<double>(summary.duration.count()) / 1000.0));
  definition(out, "rounds", std::to_string(summary.rounds));
  definition(out, "strict", summary.strict ? "yes (warnings fail)" : "no");
  definition(out, "host", summary.hostname);
  definition(out, "ttaobs", summary.version);
  if (summary.interrupted_by != 0) {
    definition(out, "interrupted", fmt::format("by signal {}: the checks so far", summary.interrupted_by));
  }
  out += "</dl>\n</header>\n";
}

void render_checks(std::string& out, const core::RunSummary& summary)
{
  out +=
      "<section class=\"checks\">\n<h2>Checks</h2>\n"
      "<label class=\"filter\"><input type=\"checkbox\" id=\"only-problems\"> only checks that did not pass</label>\n"
      "<table>\n<thead><tr><th>status</th><th>check</th><th>outcome</th><th>time</th></tr></thead>\n<tbody>\n";
  for (const auto& check : summary.checks) {
    const auto status = core::to_string(check.status);
    out += fmt::format("<tr class=\"check {}{}\" id=\"check-{}\" data-status=\"{}\">", status,
                       is_problem(check.status) ? " problem" : "", html_escape(check.id), status);
    out += fmt::format("<td><span class=\"badge {}\">{}</span></td>", status, status);
    out += fmt::format("<td><code>{}</code><div class=\"desc\">{}</div></td>", html_escape(check.id),
                       html_escape(check.description));
    out += fmt::format("<td><div class=\"msg\">{}</div>", html_escape(check.message));
    if (!check.details.empty()) {
      out += "<ul class=\"details\">";
      for (const auto& detail : check.details) {
        out += fmt::format("<li>{}</li>", html_escape(detail));
      }
      out += "</ul>";
    }
    if (!check.evidence_url.empty()) { // shown as text, never a link: the report makes no request
      out += fmt::format("<div class=\"evidence\">evidence: <code>{}</code></div>", html_escape(check.evidence_url));
    }
    out += fmt::format("</td><td class=\"time\">{}ms</td></tr>\n", check.duration.count());
  }
  out += "</tbody>\n</table>\n</section>\n";
}

// The problems of span `i` (empty when healthy), as the trace command names them.
std::vector<std::string> span_problems(const trace::Trace& trace, const SpanTree& tree,
                                       const std::vector<unsigned char>& bits, std::size_t i, std::int64_t tolerance)
{
  std::vector<std::string> out;
  const auto& span = trace.spans[i];
  if (span.error) {
    out.push_back("status ERROR");
  }
  if ((bits[i] & 1U) != 0) {
    out.push_back(fmt::format("orphan: parent {} not in trace", util::one_line(span.parent_id, 40)));
  }
  if (tree.parent[i] == SpanTree::k_none && (bits[i] & 1U) == 0 && tree.depth[i] != SpanTree::k_none &&
      tree.roots.size() > 1) {
    out.push_back(fmt::format("one of {} roots", tree.roots.size()));
  }
  if (tree.depth[i] == SpanTree::k_none) {
    out.push_back("in a reference cycle");
  }
  if ((bits[i] & 2U) != 0) {
    out.push_back(fmt::format("duplicate span id {}", util::one_line(span.span_id, 40)));
  }
  if (const auto problem = trace::containment_problem(trace, tree, i, tolerance); !problem.empty()) {
    out.push_back(problem + " its parent");
  }
  return out;
}

// The spans in depth-first order (roots, then orphans, then cycle members as tops), each row
// [level, name, start offset µs, duration µs, self µs, problems, span id, links (first 8)];
// iterative, bounded.
ordered_json span_rows(const trace::Trace& trace, const SpanTree& tree, const HtmlOptions& options, std::int64_t begin,
                       std::size_t& problems)
{
  const auto n = trace.spans.size();
  std::vector<unsigned char> bits(n, 0);
  for (const auto i : tree.orphans)
    bits[i] |= 1U;
  for (const auto i : tree.duplicates)
    bits[i] |= 2U;
  std::vector<std::size_t> tops = tree.roots;
  tops.insert(tops.end(), tree.orphans.begin(), tree.orphans.end());
  tops.insert(tops.end(), tree.in_cycle.begin(), tree.in_cycle.end());
  std::vector<std::pair<std::size_t, std::size_t>> stack; // span, level
  for (auto it = tops.rbegin(); it != tops.rend(); ++it) {
    stack.emplace_back(*it, 0);
  }
  std::vector<bool> seen(n, false);
  ordered_json rows = ordered_json::array();
  while (!stack.empty() && rows.size() < options.max_spans) {
    const auto [i, level] = stack.back();
    stack.pop_back();
    if (seen[i]) {
      continue; // a cycle member is drawn once, as a top
    }
    seen[i] = true;
    const auto kids = tree.children(i);
    for (std::size_t k = kids.size(); k-- > 0;) {
      stack.emplace_back(kids[k], level + 1);
    }
    const auto& span = trace.spans[i];
    auto marks = span_problems(trace, tree, bits, i, options.skew_tolerance_us);
    problems += marks.empty() ? 0 : 1;
    ordered_json links = ordered_json::array();
    for (std::size_t k = 0; k < span.links.size() && k < 8; ++k) {
      links.push_back(util::printable(span.links[k]));
    }
    rows.push_back(
        ordered_json::array({level, util::printable(span.name), sub_sat(span.start_us, begin), span.duration_us,
                             tree.self_time_us[i], std::move(marks), util::printable(span.span_id), std::move(links)}));
  }
  return rows;
}

ordered_json trace_data(const core::JudgedTraces& judged, std::size_t t, const HtmlOptions& options)
{
  const auto& trace = judged.set.traces[t];
  const auto& tree = judged.set.trees[t];
  std::int64_t begin = std::numeric_limits<std::int64_t>::max();
  std::int64_t end = std::numeric_limits<std::int64_t>::min();
  for (const auto& span : trace.spans) {
    begin = std::min(begin, span.start_us);
    end = std::max(end, add_sat(span.start_us, span.duration_us));
  }
  std::size_t problems = 0;
  ordered_json item;
  item["trace_id"] = util::printable(trace.trace_id);
  item["rows"] = span_rows(trace, tree, options, begin, problems);
  item["spans"] = trace.spans.size();
  item["duration_us"] = trace.spans.empty() ? 0 : sub_sat(end, begin);
  item["problems"] = problems;
  return item;
}

// `doc` as JSON safe inside <script>: no "<", ">" or "&" anywhere (escaped inside strings, the
// only place they can occur), invalid UTF-8 replaced.
std::string script_json(const ordered_json& doc)
{
  const auto text = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (const char ch : text) {
    switch (ch) {
    case '<':
      out += "\\u003c";
      break;
    case '>':
      out += "\\u003e";
      break;
    case '&':
      out += "\\u0026";
      break;
    default:
      out += ch;
    }
  }
  return out;
}

void render_traces(std::string& out, const core::RunSummary& summary, const HtmlOptions& options)
{
  std::map<std::string, core::Status> status_of;
  for (const auto& check : summary.checks) {
    status_of.emplace(check.id, check.status);
  }
  out += "<section class=\"traces\">\n<h2>Judged traces</h2>\n";
  if (summary.traces.empty()) {
    out += "<p class=\"none\">No trace was judged in this run.</p>\n";
  }
  ordered_json data = ordered_json::array();
  auto budget = options; // the spans left to draw over all traces
  budget.max_spans = std::min(options.max_spans, options.max_total_spans);
  for (const auto& judged : summary.traces) {
    bool failing = false;
    std::string checks;
    for (const auto& id : judged.check_ids) {
      const auto status = status_of.count(id) > 0 ? status_of.at(id) : core::Status::error;
      failing = failing || is_problem(status);
      checks += fmt::format(" <a class=\"badge {}\" href=\"#check-{}\">{}</a>", core::to_string(status),
                            html_escape(id), html_escape(id));
    }
    for (std::size_t t = 0; t < judged.set.traces.size() && t < judged.set.trees.size(); ++t) {
      auto item = trace_data(judged, t, budget);
      const auto shown = item["rows"].size();
      budget.max_total_spans -= shown;
      budget.max_spans = std::min(options.max_spans, budget.max_total_spans);
      const auto spans = item["spans"].get<std::size_t>();
      out += fmt::format("<article class=\"trace{}\" data-trace=\"{}\">\n<h3>trace <code>{}</code></h3>\n",
                         failing ? " failing" : "", data.size(), html_escape(judged.set.traces[t].trace_id));
      out += fmt::format("<p class=\"meta\">{} spans, {}, {} with problems, judged by{}</p>\n", spans,
                         trace::format_duration_us(item["duration_us"].get<std::int64_t>()),
                         item["problems"].get<std::size_t>(), checks);
      out += fmt::format("<p class=\"meta\">evidence: <code>{}</code></p>\n", html_escape(judged.evidence_url));
      if (shown < spans) {
        out += fmt::format("<p class=\"cut\">… {} more spans not drawn (the first {} are)</p>\n", spans - shown, shown);
      }
      out += "<div class=\"tools\"><button type=\"button\" data-act=\"expand\">expand all</button> "
             "<button type=\"button\" data-act=\"collapse\">collapse all</button></div>\n"
             "<div class=\"tree waterfall\"><noscript>The tree and waterfall need "
             "JavaScript.</noscript></div>\n</article>\n";
      data.push_back(std::move(item));
    }
  }
  out += "</section>\n<script type=\"application/json\" id=\"ttaobs-traces\">" + script_json(data) + "</script>\n";
}

} // namespace

std::string html_escape(std::string_view text)
{
  return xml_escape(util::printable(text));
}

std::string render_html(const core::RunSummary& summary, const HtmlOptions& options)
{
  std::string out;
  // Only the report's own script may run (by its hash): even a name that slipped past escaping could not.
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'sha256-{}'; img-src data:\">\n",
      html_script_sha256());
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>ttaobs: {} ({})</title>\n", html_escape(summary.service), counts_line(summary.counts));
  out += fmt::format("<style>\n{}</style>\n</head>\n<body data-exit-code=\"{}\">\n", html_style(),
                     static_cast<int>(summary.exit_code));
  render_summary(out, summary);
  render_checks(out, summary);
  render_traces(out, summary, options);
  out += fmt::format("<script>{}</script>\n</body>\n</html>\n", html_script());
  return out;
}

} // namespace ttaobs::report
