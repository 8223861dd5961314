// Suite files through the built binary: `validate --suite FILE` for a service other than the demo
// (from recorded answers), `suite check` on every class of bad input, suite defaults as a config
// layer (`config show` origins), --only/--skip by tag, `extends: foundation` and `suite show`.
#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;

namespace {

constexpr const char* k_checkout = "fixtures/suites/checkout.yaml";
constexpr const char* k_failing = "fixtures/suites/checkout-failing.yaml";
constexpr const char* k_healthy = " --replay fixtures/replay/healthy";

// Writes `text` to DIR/NAME and returns the path.
std::string write(const std::string& dir, const std::string& name, const std::string& text)
{
  const auto path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

} // namespace

TEST_CASE("validate --suite FILE: a user's suite for a non-demo service passes from --replay")
{
  const auto r = run_ttaobs(fmt::format("validate --suite {}{} --json -", k_checkout, k_healthy));
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  CHECK(report["suite"] == "checkout");
  REQUIRE(report["checks"].size() == 3);
  CHECK(report["checks"][0]["id"] == "checkout/requests-by-type");
  CHECK(report["checks"][0]["status"] == "pass");
  CHECK(report["checks"][0]["description"] == "requests are counted for at least 4 primitive types");
  CHECK(report["checks"][1]["id"] == "checkout/successes");
  CHECK(report["checks"][1]["status"] == "pass");
  CHECK(report["checks"][2]["id"] == "cache/hits");
  CHECK(report["checks"][2]["status"] == "pass");
}

TEST_CASE("validate --suite FILE: a failing check of the user's is exit 1 in every report")
{
  const auto dir = ttaobs::test::temp_dir("suite-failing");
  const auto r =
      run_ttaobs(fmt::format("validate --suite {}{} --json {}/r.json --junit {}/r.xml", k_failing, k_healthy, dir, dir),
                 "NO_COLOR=1");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("checkout/one-series") != std::string::npos);
  const auto report = nlohmann::json::parse(ttaobs::test::slurp(dir + "/r.json"));
  CHECK(report["suite"] == "checkout-strict");
  REQUIRE(report["checks"].size() == 4); // the extended suite's three, then its own
  CHECK(report["checks"][3]["id"] == "checkout/one-series");
  CHECK(report["checks"][3]["status"] == "fail");
  const auto junit = ttaobs::test::slurp(dir + "/r.xml");
  CHECK(junit.find("checkout/one-series") != std::string::npos);
  CHECK(junit.find("<failure") != std::string::npos);
}

TEST_CASE("validate --only/--skip select by tag as well as by id")
{
  const auto only = run_ttaobs(fmt::format("validate --suite {}{} --only smoke --json -", k_failing, k_healthy));
  CHECK(only.exit_code == 0); // the failing check is tagged strict, not smoke
  const auto report = nlohmann::json::parse(only.out);
  CHECK(report["checks"][0]["status"] == "pass");
  CHECK(report["checks"][1]["status"] == "pass");
  CHECK(report["checks"][2]["status"] == "skip");
  CHECK(report["checks"][3]["status"] == "skip");
  CHECK(run_ttaobs(fmt::format("validate --suite {}{} --skip strict", k_failing, k_healthy)).exit_code == 0);
  CHECK(run_ttaobs(fmt::format("validate --suite {}{} --only cache,checkout/one-series", k_failing, k_healthy))
            .exit_code == 1);
  const auto typo = run_ttaobs(fmt::format("validate --suite {}{} --only smok", k_failing, k_healthy));
  CHECK(typo.exit_code == 2);
  CHECK(typo.err == "ttaobs: --only: unknown check id 'smok' (did you mean 'smoke'?)\n");
  const auto nothing = run_ttaobs(fmt::format("validate --suite {}{} --skip zzzzzzzz", k_failing, k_healthy));
  CHECK(nothing.err ==
        "ttaobs: --skip: unknown check id 'zzzzzzzz' (no check has that id or tag; see 'ttaobs checks list')\n");
}

TEST_CASE("suite defaults are a config layer: flags > env > suite file > config file > defaults")
{
  const auto dir = ttaobs::test::temp_dir("suite-config");
  const auto conf = write(dir, "t.conf", "service = from-config\njob = from-config\ntimeout = 9\ninterval = 3\n");
  const auto r = run_ttaobs(fmt::format("config show --suite {} --config {}", k_checkout, conf));
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(fmt::format("service         = checkout                             ({}:6)", k_checkout)) !=
        std::string::npos);
  CHECK(r.out.find(fmt::format("job             = checkout-api                         ({}:7)", k_checkout)) !=
        std::string::npos);
  CHECK(r.out.find(fmt::format("timeout         = 2.5                                  ({}:8)", k_checkout)) !=
        std::string::npos);
  CHECK(r.out.find(fmt::format("interval        = 3                                    ({}:4)", conf)) !=
        std::string::npos);
  const auto env = run_ttaobs(fmt::format("config show --suite {} --service from-flag", k_checkout),
                              "TTAOBS_JOB=from-env CHECKOUT_JOB=interpolated");
  CHECK(env.out.find("service         = from-flag                            (--service)") != std::string::npos);
  CHECK(env.out.find("job             = from-env                             (TTAOBS_JOB)") != std::string::npos);
  const auto interpolated = run_ttaobs(fmt::format("config show --suite {}", k_checkout), "CHECKOUT_JOB=interpolated");
  CHECK(interpolated.out.find(fmt::format("job             = interpolated                         ({}:7)",
                                          k_checkout)) != std::string::npos);
}

TEST_CASE("checks list --suite FILE lists the file's checks")
{
  const auto r = run_ttaobs(fmt::format("checks list --suite {}", k_failing));
  CHECK(r.exit_code == 0);
  CHECK(r.out == "checkout/requests-by-type  requests are counted for at least 4 primitive types\n"
                 "checkout/successes         PromQL tta_requests_total meets its expectations\n"
                 "cache/hits                 PromQL tta_cache_hits_total meets its expectations\n"
                 "checkout/one-series        requests fit in one series\n");
}

TEST_CASE("suite check: a clean file is one line and exit 0, without any request")
{
  const auto r = run_ttaobs(fmt::format("suite check {} {}", k_checkout, k_failing));
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        fmt::format("{}: 3 checks, suite checkout\n{}: 4 checks, suite checkout-strict\n", k_checkout, k_failing));
  CHECK(r.err.empty());
}

TEST_CASE("suite check: every class of problem, positioned FILE:LINE:COL, exit 2")
{
  const auto dir = ttaobs::test::temp_dir("suite-check");
  const std::string head = "suite: s\nchecks:\n  - id: a/b\n    kind: prometheus.query\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"syntax.yaml", "suite: s\nchecks: [\n"},
      {"type.yaml", head + "    query: {text: up}\n"},
      {"unknown-key.yaml", head + "    query: up\n    expect: {serie: {min: 1}}\n"},
      {"unknown-kind.yaml", "suite: s\nchecks:\n  - id: a/b\n    kind: prometheus.qeury\n    query: up\n"},
      {"bad-value.yaml", head + "    query: up\n    expect: {every: \"about 3\"}\n"},
      {"missing.yaml", head + "    expect: {series: {min: 1}}\n"},
      {"bad-default.yaml", "suite: s\ndefaults:\n  sevice: x\n  timeout: soon\nchecks: []\n"},
      {"deep.yaml", "suite: s\nchecks:\n" + std::string(100, '[') + std::string(100, ']') + "\n"},
      {"laughs.yaml", "suite: s\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"},
      {"regex-duration.yaml",
       "suite: s\nchecks:\n  - id: t/a\n    kind: trace.spans\n    select: {name: {regex: \"a(b\"}}\n"
       "  - id: t/b\n    kind: trace.spans\n    select: {name: x}\n    duration: {max: soon}\n"},
      {"no-base.yaml", "suite: s\nextends: fundation\n"},
      {"cycle-a.yaml", "suite: a\nextends: cycle-b.yaml\n"},
      {"cycle-b.yaml", "suite: b\nextends: cycle-a.yaml\n"},
  };
  for (const auto& [name, text] : cases) {
    write(dir, name, text);
  }
  write(dir, "big.yaml", "suite: s\n# " + std::string(10 * 1024 * 1024, 'x') + "\n");
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"syntax.yaml", {"syntax.yaml:3:1: end of sequence flow not found"}},
      {"type.yaml", {"type.yaml:5:12: \"query\" of check 'a/b' must be a string, not a mapping"}},
      {"unknown-key.yaml", {"unknown-key.yaml:6:14: unknown key \"serie\" in \"expect\" (did you mean \"series\"?)"}},
      {"unknown-kind.yaml",
       {"unknown-kind.yaml:4:11: unknown check kind \"prometheus.qeury\" (did you mean \"prometheus.query\"?)"}},
      {"bad-value.yaml",
       {"bad-value.yaml:6:21: \"every\": \"about 3\" is not a comparison such as \">= 0.95\", \"< 500\" or \"== 1\""}},
      {"missing.yaml", {"missing.yaml:3:5: check 'a/b' needs \"query\""}},
      {"bad-default.yaml",
       {"bad-default.yaml:3:11: unknown default \"sevice\" (did you mean \"service\"?)",
        "bad-default.yaml:4:12: invalid timeout 'soon' (from defaults): expected seconds (5, 0.5) or a duration "
        "(500ms, 30s, 2m)"}},
      {"regex-duration.yaml",
       {"regex-duration.yaml:5:28: \"regex\" of \"name\" of \"select\": invalid regular expression: missing ): a(b",
        "regex-duration.yaml:9:21: \"max\" of \"duration\" must be a duration such as 500ms, 2s or 1m, not \"soon\""}},
      {"no-base.yaml", {"no-base.yaml:2:10: extends \"fundation\": no built-in suite 'fundation'"}},
      {"deep.yaml", {"deep.yaml:3:64: nested deeper than 64 levels"}},
      {"laughs.yaml",
       {"laughs.yaml:6:36: more than 100000 nodes once aliases are expanded (a \"billion laughs\" document?)"}},
      {"cycle-a.yaml",
       {fmt::format("cycle-b.yaml:2:10: extends \"cycle-a.yaml\": a cycle ({0}/cycle-a.yaml → {0}/cycle-b.yaml → "
                    "{0}/cycle-a.yaml)",
                    dir)}},
      {"big.yaml", {"big.yaml: more than 1048576 bytes (a suite file is at most 1024 KiB)"}},
  };
  for (const auto& item : expected) {
    const std::string& name = item.first;
    const std::vector<std::string>& lines = item.second;
    CAPTURE(name);
    const auto r = run_ttaobs(fmt::format("suite check {}/{}", dir, name));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    std::string want;
    for (const auto& line : lines) {
      want += dir + "/" + line + "\n";
    }
    CHECK(r.err == want);
  }
}

TEST_CASE("a suite file extends a built-in suite and adds its own checks")
{
  const auto dir = ttaobs::test::temp_dir("suite-extends");
  const auto mine =
      write(dir, "mine.yaml",
            "suite: mine\nextends: foundation\nchecks:\n  - id: checkout/extra\n    kind: prometheus.query\n"
            "    tags: [mine]\n    query: tta_requests_total\n    expect: {series: {min: 1}}\n");
  const auto check = run_ttaobs("suite check " + mine);
  CHECK(check.exit_code == 0);
  CHECK(check.out == mine + ": 15 checks, suite mine\n");
  const auto r = run_ttaobs(fmt::format("validate --suite {}{} --json -", mine, k_healthy));
  CHECK(r.exit_code == 0);
  const auto report = nlohmann::json::parse(r.out);
  REQUIRE(report["checks"].size() == 15);
  CHECK(report["checks"][0]["id"] == "trace/span-count");
  CHECK(report["checks"][14]["id"] == "checkout/extra");
  CHECK(run_ttaobs(fmt::format("validate --suite {}{} --only mine", mine, k_healthy)).exit_code == 0);
}

TEST_CASE("suite show prints a built-in suite's embedded YAML")
{
  for (const auto* name : {"foundation", "conformance"}) {
    CAPTURE(name);
    const auto r = run_ttaobs(fmt::format("suite show {}", name));
    CHECK(r.exit_code == 0);
    CHECK(r.out == ttaobs::test::slurp(fmt::format("{}/checks/suites/{}.yaml", TTAOBS_SOURCE_DIR, name)));
  }
  const auto unknown = run_ttaobs("suite show nope");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err == "ttaobs: suite show: unknown suite 'nope' (built in: foundation, conformance)\n");
}

TEST_CASE("validate --suite FILE: problems are printed before any request, exit 2")
{
  const auto dir = ttaobs::test::temp_dir("suite-validate");
  const auto bad = write(dir, "bad.yaml", "suite: s\nchecks:\n  - id: a/b\n    kind: prometheus.qeury\n");
  // no --replay: a request would go to localhost and fail differently
  const auto r = run_ttaobs(fmt::format("validate --suite {} --prometheus-url http://127.0.0.1:1", bad));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == bad + ":4:11: unknown check kind \"prometheus.qeury\" (did you mean \"prometheus.query\"?)\n");
  const auto missing = run_ttaobs("validate --suite no/such.yaml");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "no/such.yaml: cannot open no/such.yaml: No such file or directory\n");
  const auto unknown_name = run_ttaobs("validate --suite nope");
  CHECK(unknown_name.err == "ttaobs: --suite: unknown suite 'nope' (built in: foundation, conformance)\n");
}

TEST_SUITE_END();

TEST_CASE("the README's example suite for a non-demo service passes suite check")
{
  std::ifstream in(TTAOBS_SOURCE_DIR "/README.md", std::ios::binary);
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string open = "```yaml\n# checkout.yaml\n";
  const auto start = readme.find(open);
  REQUIRE_MESSAGE(start != std::string::npos, "README.md lost its example suite");
  const auto end = readme.find("```", start + open.size());
  REQUIRE(end != std::string::npos);
  const auto dir = ttaobs::test::temp_dir("suite-readme");
  const auto path = write(dir, "checkout.yaml", readme.substr(start + 8, end - start - 8));
  const auto r = run_ttaobs("suite check " + path);
  CHECK(r.exit_code == 0);
  CHECK(r.out == path + ": 8 checks, suite checkout\n");
}
