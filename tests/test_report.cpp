#include <src/report/report.hpp>
#include <src/report/sink.hpp>
#include <src/report/xml.hpp>
#include <src/metrics/numbers.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>
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
    {"trace/span-count", "trace", "≥ 5 spans", Status::pass, "15 spans in trace 0123456789abcdef… (expected ≥ 5)", {}, "http://localhost:16686/api/traces?service=observability-demo&limit=1", std::chrono::milliseconds(12)},
    {"trace/root-span", "trace", "root", Status::fail, "no span 'demo.workflow_execution' <root> & \"quotes\"", {"detail line"}, "http://localhost:16686/api/traces?service=observability-demo&limit=1", std::chrono::milliseconds(3)},
    {"metrics/requests-total", "metrics", "series", Status::error, std::string("GET http://x/: HTTP 500: bad\x01\x1b[31m\xff bytes"), {}, "http://x/", std::chrono::milliseconds(5000)},
    {"health/collector", "health", "collector", Status::warn, "no answer: connection refused (non-blocking)", {}, "http://localhost:13133/", std::chrono::milliseconds(1)},
    {"health/jaeger", "health", "jaeger", Status::skip, "skipped by --skip", {}, "", std::chrono::milliseconds(0)},
  };
  s.counts = core::count(s.checks);
  s.exit_code = core::exit_code_for(s.counts, strict);
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

TEST_CASE("report::counts_line")
{
  CHECK(report::counts_line({13, 0, 1, 0, 0}) == "13 passed, 0 failed, 1 warnings, 0 errors");
  CHECK(report::counts_line({1, 1, 1, 1, 2}) == "1 passed, 1 failed, 1 warnings, 1 errors, 2 skipped");
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

TEST_CASE("report::render_console names the URL of every check that did not pass")
{
  core::RunSummary s = sample_summary();
  s.checks = {
    {"metrics/exposition-lint", "metrics", "lint", Status::error, "no answer: connection refused", {},
     "http://127.0.0.1:9464/metrics", std::chrono::milliseconds(1)},
    {"health/exposition", "health", "exposition", Status::fail, "no answer: timed out after 2s", {},
     "http://127.0.0.1:9464/metrics", std::chrono::milliseconds(1)},
    {"health/jaeger", "health", "jaeger", Status::warn, "HTTP 503 (expected 200) (non-blocking)", {},
     "http://127.0.0.1:16686/", std::chrono::milliseconds(1)},
    {"metrics/requests-total", "metrics", "series", Status::error, "GET http://x/api: HTTP 500: bad", {}, "http://x/api",
     std::chrono::milliseconds(1)},
    {"health/prometheus", "health", "prometheus", Status::pass, "HTTP 200", {}, "http://127.0.0.1:9090/-/healthy",
     std::chrono::milliseconds(1)},
  };
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
  s.checks = {{"metrics/requests-total", "metrics", "series", Status::error,
               "GET http://x/: HTTP 500: bad\xff\xfe\xc3(\xed\xa0\x80 \x1b]0;owned\x07 \xc2\x9b" "31m \xe2\x80\xae" "cba",
               {"detail \x1b[2J\xff\xc0\xaf end", "tab\there"}, "http://x/", std::chrono::milliseconds(1)}};
  const auto text = report::render_console(s, {false, false});
  CHECK(metrics::valid_utf8(text));
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);     // C1 CSI
  CHECK(text.find("\xe2\x80\xae") == std::string::npos); // right-to-left override
  // One U+FFFD per byte that is not UTF-8, as xml_escape and the JSON report do.
  CHECK(text.find("bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD ]0;owned 31m cba\n")
        != std::string::npos);
  CHECK(text.find("detail  [2J\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end\n") != std::string::npos);
  CHECK(report::xml_escape("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("report::xml_escape")
{
  CHECK(report::xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
  CHECK(report::xml_escape(std::string("x\0y\x08z", 5)) == "xyz");
  CHECK(report::xml_escape("\xff") == "\xEF\xBF\xBD");
  CHECK(report::xml_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD"); // overlong
  CHECK(report::xml_escape("≥ ok") == "≥ ok");
  CHECK(report::xml_escape("line\nbreak") == "line&#10;break");
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
}

TEST_CASE("report::Sink")
{
  const auto dir = test::temp_dir("sink");
  SUBCASE("writes atomically and leaves no temporary file")
  {
    auto sink = report::Sink::open(dir + "/out.xml", "--junit");
    REQUIRE(sink);
    CHECK(test::slurp(dir + "/out.xml").empty());
    CHECK((*sink)->write("content").has_value());
    CHECK(test::slurp(dir + "/out.xml") == "content");
  }
  SUBCASE("bad paths fail at open, naming flag and path")
  {
    CHECK(report::Sink::open(dir + "/missing/x.xml", "--junit").error()
          == "--junit " + dir + "/missing/x.xml: cannot write there (No such file or directory)");
    CHECK(report::Sink::open(dir, "--json").error() == "--json " + dir + ": is a directory");
  }
  SUBCASE("an abandoned sink removes its temporary file")
  {
    {
      auto sink = report::Sink::open(dir + "/never.xml", "--junit");
      REQUIRE(sink);
    }
    CHECK(std::system(("test -z \"$(ls " + dir + ")\"").c_str()) == 0);
  }
}

TEST_SUITE_END();
