#include <src/report/github.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

TEST_SUITE_BEGIN("report");

using namespace ttaobs;
using core::Status;

namespace {

core::RunSummary summary(bool strict = false)
{
  core::RunSummary s;
  s.version = "0.1.0";
  s.suite = "foundation";
  s.service = "checkout";
  s.duration = std::chrono::milliseconds(1500);
  s.strict = strict;
  s.checks = {
      {"trace/span-count",
       "trace",
       "≥ 5 spans",
       Status::pass,
       "15 spans (expected ≥ 5)",
       {},
       "http://j/api/traces",
       std::chrono::milliseconds(3),
       core::at_least(15, 5, "spans")},
      {"trace/root-span",
       "trace",
       "root",
       Status::fail,
       "no root 'a|b' <script>alert(1)</script>",
       {"trace 0123 (3 spans)", "└─ demo.step ``` not a fence"},
       "http://j/api/traces",
       std::chrono::milliseconds(1)},
      {"metrics/present",
       "metrics",
       "series",
       Status::error,
       "GET http://p/: 100% down,\r\nreally",
       {},
       "http://p/",
       std::chrono::milliseconds(1)},
      {"health/collector",
       "health",
       "collector",
       Status::warn,
       "no answer (non-blocking)",
       {},
       "http://c/",
       std::chrono::milliseconds(1)},
      {"health/jaeger", "health", "jaeger", Status::skip, "skipped by --skip", {}, "", std::chrono::milliseconds(0)},
  };
  core::summarise(s);
  return s;
}

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

} // namespace

TEST_CASE("github escapes follow the workflow-command rules")
{
  CHECK(report::github_escape_data("100%\r\nok: a,b") == "100%25%0D%0Aok: a,b");
  CHECK(report::github_escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A");
}

TEST_CASE("render_github_annotations: one command per failing, errored or warning check")
{
  const auto lines = lines_of(report::render_github_annotations(summary()));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "::error title=ttaobs trace/root-span::no root 'a|b' <script>alert(1)</script>%0Atrace 0123 "
                    "(3 spans)%0A└─ demo.step ``` not a fence%0Aevidence: http://j/api/traces");
  CHECK(lines[1] == "::error title=ttaobs metrics/present::GET http://p/: 100%25 down, really%0Aevidence: http://p/");
  CHECK(lines[2] == "::warning title=ttaobs health/collector::no answer (non-blocking)%0Aevidence: http://c/");
  SUBCASE("under --strict a warning is an error, as the exit code says")
  {
    CHECK(lines_of(report::render_github_annotations(summary(true)))[2].rfind("::error title=ttaobs health/collector::",
                                                                              0) == 0);
  }
  SUBCASE("nothing when every check passed")
  {
    auto s = summary();
    s.checks.resize(1);
    CHECK(report::render_github_annotations(s).empty());
  }
}

TEST_CASE("render_github_summary: verdict, table with emoji and measured values, details in code blocks")
{
  const auto md = report::render_github_summary(summary());
  CHECK(md.rfind("## ❌ ttaobs validate: foundation suite, service `checkout`\n\n", 0) == 0);
  // (the counts line is report::counts_line's, whose plurals another change may fix)
  const bool counted =
      md.find("**1 passed, 1 failed, 1 warning, 1 error, 1 skipped** · exit code 1 · 1.50 s\n") != std::string::npos ||
      md.find("**1 passed, 1 failed, 1 warnings, 1 errors, 1 skipped** · exit code 1 · 1.50 s\n") != std::string::npos;
  CHECK(counted);
  CHECK(md.find("| | Check | Measured | Message |\n|---|---|---|---|\n") != std::string::npos);
  CHECK(md.find("| ✅ | `trace/span-count` | 15 spans (≥ 5) | 15 spans (expected ≥ 5) |\n") != std::string::npos);
  // Server text cannot break the table or inject HTML.
  CHECK(md.find("| ❌ | `trace/root-span` |  | no root 'a\\|b' &lt;script&gt;alert(1)&lt;/script&gt; |\n") !=
        std::string::npos);
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("| ⚠️ | `health/collector` |") != std::string::npos);
  CHECK(md.find("| ⏭️ | `health/jaeger` |") != std::string::npos);
  // The failing trace check's subtree, in a fence longer than any backtick run inside it.
  CHECK(md.find("### ❌ `trace/root-span`: fail\n") != std::string::npos);
  CHECK(md.find(
            "\n````text\ntrace 0123 (3 spans)\n└─ demo.step ``` not a fence\nevidence: http://j/api/traces\n````\n") !=
        std::string::npos);
  CHECK(md.find("### ⏭️") == std::string::npos); // skipped checks get no section
}

TEST_CASE("append_step_summary appends, and names the file it cannot write")
{
  const auto dir = test::temp_dir("github-summary");
  const auto path = dir + "/summary.md";
  std::ofstream(path) << "# earlier step\n";
  CHECK_FALSE(report::append_step_summary(path, "one"));
  CHECK_FALSE(report::append_step_summary(path, "two"));
  CHECK(test::slurp(path) == "# earlier step\none\ntwo\n");
  const auto error = report::append_step_summary(dir + "/missing/dir/x.md", "x");
  REQUIRE(error);
  CHECK(error->find("GITHUB_STEP_SUMMARY " + dir + "/missing/dir/x.md: cannot append there") == 0);
}

TEST_CASE("validate under GITHUB_ACTIONS=true: annotations and the step summary (through the binary)")
{
  const auto dir = test::temp_dir("github-cli");
  const auto summary_file = dir + "/summary.md";
  const auto env = "GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=" + summary_file + " ";
  const auto r = test::run_ttaobs("validate --replay fixtures/replay/broken-propagation", env);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("\n::error title=ttaobs trace/span-count::1 span in trace ") != std::string::npos);
  const auto md = test::slurp(summary_file);
  CHECK(md.rfind("## ❌ ttaobs validate: foundation suite, service `observability-demo`", 0) == 0);
  CHECK(md.find("### ❌ `trace/root-span`: fail") != std::string::npos);
  SUBCASE("with a report on stdout the annotations go to stderr, and stdout stays one JSON document")
  {
    const auto json = test::run_ttaobs("validate --replay fixtures/replay/broken-propagation --json -", env);
    CHECK(json.out.find("::error") == std::string::npos);
    CHECK(json.out.front() == '{');
    CHECK(json.err.find("::error title=ttaobs trace/span-count::") != std::string::npos);
  }
  SUBCASE("nothing GitHub-specific without GITHUB_ACTIONS=true")
  {
    const auto plain = test::run_ttaobs("validate --replay fixtures/replay/broken-propagation",
                                        "GITHUB_STEP_SUMMARY=" + dir + "/other.md ");
    CHECK(plain.out.find("::error") == std::string::npos);
    CHECK(test::slurp(dir + "/other.md").empty());
  }
  SUBCASE("a summary file that cannot be written is reported; the verdict's exit code stands")
  {
    const auto bad = test::run_ttaobs("validate --replay fixtures/replay/healthy",
                                      "GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY=" + dir + "/no/such/dir.md ");
    CHECK(bad.exit_code == 0);
    CHECK(bad.err.find("ttaobs: GITHUB_STEP_SUMMARY " + dir + "/no/such/dir.md: cannot append there") !=
          std::string::npos);
  }
}
