#include <src/metrics/numbers.hpp>
#include <src/report/lint_report.hpp>
#include <src/report/report.hpp>
#include <src/report/xml.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

TEST_SUITE_BEGIN("report");

using namespace ttaobs;
using core::Status;

namespace {

// A fixed summary covering every status, hostile strings included.
core::RunSummary sample_summary(bool strict = false)
{
  core::RunSummary s;
  s.version = "0.1.0";
  s.suite = "foundation";
  s.service = "observability-demo";
  s.endpoints = {{"jaeger", "http://localhost:16686/"}, {"prometheus", "http://localhost:9090/"}};
  s.started_at = "2026-11-25T12:00:00Z";
  s.hostname = "ci-runner";
  s.duration = std::chrono::milliseconds(1234);
  s.rounds = 1;
  s.strict = strict;
  s.checks = {
      {"trace/span-count",
       "trace",
       "≥ 5 spans",
       Status::pass,
       "15 spans in trace 0123456789abcdef… (expected ≥ 5)",
       {},
       "http://localhost:16686/api/traces?service=observability-demo&limit=1",
       std::chrono::milliseconds(12),
       core::at_least(15, 5, "spans")},
      {"trace/root-span",
       "trace",
       "root",
       Status::fail,
       "no span 'demo.workflow_execution' <root> & \"quotes\"",
       {"detail line"},
       "http://localhost:16686/api/traces?service=observability-demo&limit=1",
       std::chrono::milliseconds(3)},
      {"metrics/requests-total",
       "metrics",
       "series",
       Status::error,
       std::string("GET http://x/: HTTP 500: bad\x01\x1b[31m\xff bytes"),
       {},
       "http://x/",
       std::chrono::milliseconds(5000)},
      {"health/collector",
       "health",
       "collector",
       Status::warn,
       "no answer: connection refused (non-blocking)",
       {},
       "http://localhost:13133/",
       std::chrono::milliseconds(1)},
      {"health/jaeger", "health", "jaeger", Status::skip, "skipped by --skip", {}, "", std::chrono::milliseconds(0)},
  };
  core::summarise(s);
  return s;
}

void check_golden(const std::string& name, const std::string& actual)
{
  const auto path = test::fixture_path("../tests/golden/" + name);
  if (std::getenv("TTAOBS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
  }
  CHECK(actual == test::read_fixture("../tests/golden/" + name));
}

} // namespace

TEST_CASE("report::render_console golden")
{
  check_golden("console.txt", report::render_console(sample_summary(), {false, false}));
  check_golden("console-quiet.txt", report::render_console(sample_summary(), {false, true}));
  const auto colored = report::render_console(sample_summary(), {true, false});
  CHECK(colored.find("\033[31mFAIL ") != std::string::npos);
  CHECK(report::render_console(sample_summary(), {false, false}).find('\033') == std::string::npos);
}

TEST_CASE("report::render_console shows each group once, where it first appears")
{
  core::RunSummary s = sample_summary();
  // an extending suite adds a trace check after the inherited metrics and health ones
  s.checks.push_back({"trace/depth", "trace", "depth", Status::pass, "depth 5", {}, "", std::chrono::milliseconds(1)});
  core::summarise(s);
  const auto out = report::render_console(s, {false, false});
  const auto title = core::group_title("trace");
  CHECK(out.find(title) != std::string::npos);
  CHECK(out.find(title, out.find(title) + 1) == std::string::npos);
  CHECK(out.find("trace/depth") < out.find("metrics/requests-total"));
  CHECK(out.find("trace/root-span") < out.find("trace/depth"));
}

TEST_CASE("report::counts_line")
{
  CHECK(report::counts_line({13, 0, 1, 0, 0}) == "13 passed, 0 failed, 1 warning, 0 errors");
  CHECK(report::counts_line({1, 1, 1, 1, 2}) == "1 passed, 1 failed, 1 warning, 1 error, 2 skipped");
}

TEST_CASE("report::render_junit golden and schema-valid")
{
  const auto xml = report::render_junit(sample_summary());
  check_golden("junit.xml", xml);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find('\x1b') == std::string::npos);
  const auto dir = test::temp_dir("junit");
  for (const bool strict : {false, true}) {
    const auto path = dir + (strict ? "/strict.xml" : "/plain.xml");
    std::ofstream(path) << report::render_junit(sample_summary(strict));
    const auto cmd = "xmllint --noout --schema " + test::fixture_path("junit-10.xsd") + " " + path + " 2>/dev/null";
    CHECK(std::system(cmd.c_str()) == 0);
  }
  SUBCASE("a warning is a failure in JUnit only under --strict")
  {
    CHECK(report::render_junit(sample_summary(true)).find("<failure type=\"warn\"") != std::string::npos);
    CHECK(report::render_junit(sample_summary(false)).find("<system-out>WARN: ") != std::string::npos);
  }
}

namespace {

// The value of attribute `name` in the first element of `xml` that starts with `open` (from `from`).
std::string attribute(const std::string& xml, const std::string& open, const std::string& name, std::size_t from = 0)
{
  const auto element = xml.find(open, from);
  REQUIRE(element != std::string::npos);
  const auto at = xml.find(" " + name + "=\"", element);
  REQUIRE(at != std::string::npos);
  const auto begin = at + name.size() + 3;
  return xml.substr(begin, xml.find('"', begin) - begin);
}

} // namespace

TEST_CASE("report::render_junit: warnings show as <skipped WARN>, passes carry their measured value")
{
  const auto xml = report::render_junit(sample_summary(false));
  // GitLab, Jenkins and junit2html count and show <skipped> with its text; <system-out> alone was invisible.
  CHECK(xml.find("<skipped message=\"WARN: no answer: connection refused (non-blocking)\">") != std::string::npos);
  CHECK(attribute(xml, "<testsuite name=\"Service health", "skipped") == "2"); // the warning and the --skip
  CHECK(xml.find("<property name=\"warning.health/collector\" value=\"no answer: connection refused "
                 "(non-blocking)\"/>") != std::string::npos);
  CHECK(xml.find("<property name=\"measured.trace/span-count\" value=\"15 spans (expected &gt;= 5)\"/>") !=
        std::string::npos);
  CHECK(xml.find("<system-out>15 spans in trace 0123456789abcdef… (expected ≥ 5)&#10;measured: 15 spans (expected "
                 "&gt;= 5)</system-out>") != std::string::npos);
  // Under --strict the warning is a failure and not also skipped.
  const auto strict = report::render_junit(sample_summary(true));
  CHECK(strict.find("<skipped message=\"WARN:") == std::string::npos);
  CHECK(attribute(strict, "<testsuite name=\"Service health", "skipped") == "1");
}

TEST_CASE("report::render_junit: every time adds up (suite = its cases, root = its suites)")
{
  const auto xml = report::render_junit(sample_summary());
  double suites = 0;
  for (auto at = xml.find("<testsuite "); at != std::string::npos; at = xml.find("<testsuite ", at + 1)) {
    const auto end = xml.find("</testsuite>", at);
    double cases = 0;
    for (auto c = xml.find("<testcase ", at); c < end; c = xml.find("<testcase ", c + 1)) {
      cases += std::stod(attribute(xml, "<testcase ", "time", c));
    }
    const auto suite = std::stod(attribute(xml, "<testsuite ", "time", at));
    CHECK(suite == doctest::Approx(cases));
    suites += suite;
  }
  CHECK(std::stod(attribute(xml, "<testsuites ", "time")) == doctest::Approx(suites));
  CHECK(attribute(xml, "<testsuites ", "time") == "5.016"); // 12 + 3 + 5000 + 1 + 0 ms
  CHECK(xml.find("<property name=\"run.wall_time\" value=\"1.234\"/>") != std::string::npos);
}

TEST_CASE("report::render_lint_junit: a failure's message lists the problems, not their number")
{
  metrics::LintReport lint;
  lint.source = "metrics.txt";
  lint.problems = {{"http_requests", "counter metrics should have \"_total\" suffix", "counter-suffix", 3, 1},
                   {"http_requests", "no help text", "help", 0, 2},
                   {"node_bits", "use base unit \"bytes\" instead of \"bits\"", "units", 0, 1}};
  lint.problem_count = 4;
  const auto xml = report::render_lint_junit(lint);
  CHECK(xml.find("message=\"counter metrics should have &quot;_total&quot; suffix; no help text (×2)\"") !=
        std::string::npos);
  CHECK(xml.find("message=\"use base unit &quot;bytes&quot; instead of &quot;bits&quot;\"") != std::string::npos);
  CHECK(xml.find("problem\"") == std::string::npos); // no bare "1 problem"
  SUBCASE("bounded: past 400 characters the rest is counted")
  {
    lint.problems.clear();
    for (int i = 0; i < 100; ++i) {
      lint.problems.push_back({"m", fmt::format("problem number {:03}", i), "help", 0, 1});
    }
    const auto many = report::render_lint_junit(lint);
    const auto at = many.find("message=\"");
    const auto message = many.substr(at, many.find('"', at + 9) - at);
    CHECK(message.size() < 450);
    CHECK(message.find("; … and ") != std::string::npos);
  }
}

TEST_CASE("report::render_console names the URL of every check that did not pass")
{
  core::RunSummary s = sample_summary();
  s.checks = {
      {"metrics/exposition-lint",
       "metrics",
       "lint",
       Status::error,
       "no answer: connection refused",
       {},
       "http://127.0.0.1:9464/metrics",
       std::chrono::milliseconds(1)},
      {"health/exposition",
       "health",
       "exposition",
       Status::fail,
       "no answer: timed out after 2s",
       {},
       "http://127.0.0.1:9464/metrics",
       std::chrono::milliseconds(1)},
      {"health/jaeger",
       "health",
       "jaeger",
       Status::warn,
       "HTTP 503 (expected 200) (non-blocking)",
       {},
       "http://127.0.0.1:16686/",
       std::chrono::milliseconds(1)},
      {"metrics/requests-total",
       "metrics",
       "series",
       Status::error,
       "GET http://x/api: HTTP 500: bad",
       {},
       "http://x/api",
       std::chrono::milliseconds(1)},
      {"health/prometheus",
       "health",
       "prometheus",
       Status::pass,
       "HTTP 200",
       {},
       "http://127.0.0.1:9090/-/healthy",
       std::chrono::milliseconds(1)},
  };
  core::summarise(s);
  const auto text = report::render_console(s, {false, false});
  CHECK(text.find("no answer: connection refused (http://127.0.0.1:9464/metrics)\n") != std::string::npos);
  CHECK(text.find("no answer: timed out after 2s (http://127.0.0.1:9464/metrics)\n") != std::string::npos);
  CHECK(text.find("HTTP 503 (expected 200) (non-blocking) (http://127.0.0.1:16686/)\n") != std::string::npos);
  CHECK(text.find("GET http://x/api: HTTP 500: bad\n") != std::string::npos); // already named: not twice
  CHECK(text.find("HTTP 200\n") != std::string::npos);                        // a pass says no more
}

TEST_CASE("report::render_console: server text never reaches the terminal raw")
{
  core::RunSummary s = sample_summary();
  s.checks = {{"metrics/requests-total",
               "metrics",
               "series",
               Status::error,
               "GET http://x/: HTTP 500: bad\xff\xfe\xc3(\xed\xa0\x80 \x1b]0;owned\x07 \xc2\x9b"
               "31m \xe2\x80\xae"
               "cba",
               {"detail \x1b[2J\xff\xc0\xaf end", "tab\there"},
               "http://x/",
               std::chrono::milliseconds(1)}};
  core::summarise(s);
  const auto text = report::render_console(s, {false, false});
  CHECK(metrics::valid_utf8(text));
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);     // C1 CSI
  CHECK(text.find("\xe2\x80\xae") == std::string::npos); // right-to-left override
  // One U+FFFD per byte that is not UTF-8, as xml_escape and the JSON report do.
  CHECK(text.find("bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD ]0;owned 31m cba\n") !=
        std::string::npos);
  CHECK(text.find("detail  [2J\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end\n") != std::string::npos);
  CHECK(report::xml_escape("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("report::render_json golden and schema")
{
  const auto text = report::render_json(sample_summary());
  check_golden("report.json", text);
  const auto doc = nlohmann::json::parse(text);
  CHECK(doc["schema"] == "ttaobs.validate/v1");
  CHECK(doc["summary"]["failed"] == 1);
  CHECK(doc["summary"]["exit_code"] == 1);
  CHECK(doc["checks"].size() == 5);
  CHECK(doc["checks"][2]["status"] == "error");
  CHECK(doc["checks"][2]["duration_ms"] == 5000);
  SUBCASE("measured values are numbers, absent where nothing was counted")
  {
    CHECK(doc["checks"][0]["measured"].is_number_integer());
    CHECK(doc["checks"][0]["measured"] == 15);
    CHECK(doc["checks"][0]["expected"] == 5);
    CHECK(doc["checks"][0]["comparator"] == ">=");
    CHECK(doc["checks"][0]["unit"] == "spans");
    CHECK_FALSE(doc["checks"][1].contains("measured"));
    auto s = sample_summary();
    s.checks[0].measurement = core::at_least(0.875, 0.9, "ratio");
    const auto fraction = nlohmann::json::parse(report::render_json(s));
    CHECK(fraction["checks"][0]["measured"] == 0.875);
    CHECK(fraction["checks"][0]["expected"] == 0.9);
  }
}

TEST_SUITE_END();
