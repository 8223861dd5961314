// The exit-code contract and report files, tested through the built binary (promtool TestExitCodes).
#include <src/core/exit_code.hpp>
#include <src/util/strings.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;
using ttaobs::test::slurp;

namespace {

std::string replay(const std::string& scenario)
{
  return "--replay fixtures/replay/" + scenario;
}

bool schema_valid(const std::string& path)
{
  const auto cmd = "xmllint --noout --schema fixtures/junit-10.xsd " + path + " 2>/dev/null";
  return std::system(("cd " TTAOBS_SOURCE_DIR " && " + cmd).c_str()) == 0;
}

} // namespace

TEST_CASE("cli exit 0: every check passed")
{
  const auto r = run_ttaobs("validate " + replay("healthy"));
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("14 passed, 0 failed, 0 warnings, 0 errors") != std::string::npos);
  CHECK(r.out.find("Trace hierarchy\n") != std::string::npos);
  CHECK(r.out.find("Service health\n") != std::string::npos);
  CHECK(r.out.find('\033') == std::string::npos); // not a TTY: no colour
  CHECK(r.err.empty());
}

TEST_CASE("cli exit 1: the telemetry is wrong")
{
  const auto broken = run_ttaobs("validate " + replay("broken-propagation"));
  CHECK(broken.exit_code == 1);
  CHECK(broken.out.find("FAIL   trace/root-span") != std::string::npos);
  CHECK(run_ttaobs("validate " + replay("sparse-labels")).exit_code == 1);
  SUBCASE("a failure outranks could-not-look")
  {
    const auto down = run_ttaobs("validate " + replay("prometheus-down"));
    CHECK(down.exit_code == 1);
    CHECK(down.out.find("ERROR  metrics/requests-total") != std::string::npos);
    CHECK(down.out.find("GET http://localhost:9090/api/v1/query?query=tta_requests_total: connection refused") !=
          std::string::npos);
  }
  SUBCASE("unreachable endpoints: 13 not passing plus the collector warning")
  {
    const auto all_down = run_ttaobs("validate " + replay("all-down"));
    CHECK(all_down.exit_code == 1);
    CHECK(all_down.out.find("0 passed, 3 failed, 1 warning, 10 errors") != std::string::npos);
  }
}

TEST_CASE("cli exit 3: nothing failed but some check could not be evaluated")
{
  const auto malformed = run_ttaobs("validate " + replay("jaeger-malformed"));
  CHECK(malformed.exit_code == 3);
  CHECK(malformed.out.find("malformed JSON at byte") != std::string::npos);
  CHECK(run_ttaobs("validate " + replay("jaeger-timeout")).exit_code == 3);
}

TEST_CASE("cli --strict turns warnings into failures")
{
  const auto dir = ttaobs::test::temp_dir("strict");
  // healthy answers, but the collector health URL points at a recorded refusal
  std::system(("cp -r " TTAOBS_SOURCE_DIR "/fixtures/replay/healthy/. " + dir).c_str());
  std::ofstream(dir + "/index.tsv", std::ios::app) << "GET http://localhost:1/\trefused\t-\n";
  const auto lenient = run_ttaobs("validate --replay " + dir + " --collector-url http://localhost:1/");
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.out.find("13 passed, 0 failed, 1 warning, 0 errors") != std::string::npos);
  CHECK(run_ttaobs("validate --strict --replay " + dir + " --collector-url http://localhost:1/").exit_code == 1);
  CHECK(run_ttaobs("validate --replay " + dir + " --collector-url http://localhost:1/", "TTAOBS_STRICT=1").exit_code ==
        1);
}

TEST_CASE("cli exit 2: usage and configuration errors, before any request")
{
  const auto dir = ttaobs::test::temp_dir("usage");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"validate --bogus", "ttaobs: The following argument was not expected: --bogus"},
      {"validate --timeout abc",
       "ttaobs: invalid timeout 'abc' (from --timeout): expected seconds (5, 0.5) or a duration (500ms, 30s, 2m)"},
      {"validate --jaeger-url localhost:16686", "ttaobs: invalid jaeger-url 'localhost:16686' (from --jaeger-url): "
                                                "missing scheme (expected http:// or https://)"},
      {"validate --junit /nonexistent-dir/r.xml",
       "ttaobs: --junit /nonexistent-dir/r.xml: cannot write there (No such file or directory)"},
      {"validate --only trace/rootspan",
       "ttaobs: --only: unknown check id 'trace/rootspan' (did you mean 'trace/root-span'?)"},
      {"validate --suite nope", "ttaobs: --suite: unknown suite 'nope' (built in: foundation, conformance)"},
      {"validate --config /nonexistent.conf", "ttaobs: config file /nonexistent.conf: cannot be read"},
      {"validate --replay /nonexistent-replay", "ttaobs: --replay: /nonexistent-replay/index.tsv: cannot read file"},
      {"", "ttaobs: A subcommand is required"},
  };
  for (const auto& item : cases) {
    const std::string& args = item.first;
    const std::string& message = item.second;
    CAPTURE(args);
    const auto r = run_ttaobs(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind(message + "\n", 0) == 0);
    CHECK(r.out.empty());
  }
  SUBCASE("nothing is fetched: --record never even creates its directory")
  {
    for (const auto* bad : {"--junit /nonexistent-dir/r.xml", "--only nope", "--timeout -1", "--wait x"}) {
      CAPTURE(bad);
      const auto rec = dir + "/rec";
      CHECK(run_ttaobs(std::string("validate --record ") + rec + " " + bad).exit_code == 2);
      CHECK(slurp(rec + "/index.tsv").empty());
    }
  }
  const auto env = run_ttaobs("validate", "TTAOBS_PROMETHEUS_URL=ftp://x");
  CHECK(env.exit_code == 2);
  CHECK(env.err == "ttaobs: invalid prometheus-url 'ftp://x' (from TTAOBS_PROMETHEUS_URL): unsupported scheme 'ftp' "
                   "(expected http or https)\n");
}

TEST_CASE("cli reports: JUnit and JSON written even when nothing could be reached")
{
  const auto dir = ttaobs::test::temp_dir("reports");
  const auto r = run_ttaobs("validate " + replay("all-down") + " --junit " + dir + "/r.xml --json " + dir + "/r.json");
  CHECK(r.exit_code == 1);
  CHECK(schema_valid(dir + "/r.xml"));
  const auto xml = slurp(dir + "/r.xml");
  CHECK(xml.find("<testsuites name=\"ttaobs foundation\" tests=\"14\" failures=\"3\" errors=\"10\"") !=
        std::string::npos);
  const auto doc = nlohmann::json::parse(slurp(dir + "/r.json"));
  CHECK(doc["summary"]["errors"] == 10);
  CHECK(doc["summary"]["exit_code"] == 1);
  CHECK(doc["checks"].size() == 14);
  for (const auto& scenario : {"healthy", "broken-propagation", "sparse-labels", "jaeger-malformed"}) {
    CAPTURE(scenario);
    const auto path = dir + "/" + scenario + ".xml";
    run_ttaobs("validate " + replay(scenario) + " --junit " + path);
    CHECK(schema_valid(path));
  }
}

TEST_CASE("cli '-' writes a report to stdout and moves the console to stderr")
{
  const auto r = run_ttaobs("validate " + replay("healthy") + " --json -");
  CHECK(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["summary"]["passed"] == 14);
  CHECK(r.err.find("14 passed") != std::string::npos);
  const auto junit = run_ttaobs("validate " + replay("healthy") + " --junit -");
  CHECK(junit.out.rfind("<?xml", 0) == 0);
}

TEST_CASE("cli precedence: flags > environment > config file > defaults")
{
  const auto dir = ttaobs::test::temp_dir("precedence");
  std::ofstream(dir + "/t.conf") << "service = from-file\ntimeout = 3\n";
  const auto from_file = run_ttaobs("config show --config " + dir + "/t.conf");
  CHECK(from_file.exit_code == 0);
  CHECK(from_file.out.find("service         = from-file") != std::string::npos);
  CHECK(from_file.out.find("(" + dir + "/t.conf:1)") != std::string::npos);
  const auto from_env = run_ttaobs("config show --config " + dir + "/t.conf", "TTAOBS_SERVICE=from-env");
  CHECK(from_env.out.find("service         = from-env") != std::string::npos);
  CHECK(from_env.out.find("timeout         = 3 ") != std::string::npos);
  const auto from_flag =
      run_ttaobs("config show --service from-flag --config " + dir + "/t.conf", "TTAOBS_SERVICE=from-env");
  CHECK(from_flag.out.find("service         = from-flag") != std::string::npos);
  const auto config_env = run_ttaobs("config show", "TTAOBS_CONFIG=" + dir + "/t.conf");
  CHECK(config_env.out.find("service         = from-file") != std::string::npos);
}

TEST_CASE("cli help, version and checks list")
{
  const auto version = run_ttaobs("--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("ttaobs " TTAOBS_VERSION "\n", 0) == 0); // scripts read the first line
  CHECK(version.out.find("\nrevision:") != std::string::npos);
  CHECK(version.out.find("\nlibcurl:       libcurl/") != std::string::npos);
  CHECK(run_ttaobs("version").out == version.out);
  const auto help = run_ttaobs("validate --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--jaeger-url") != std::string::npos);
  CHECK(help.out.find("Exit codes:") != std::string::npos);
  const auto list = run_ttaobs("checks list");
  CHECK(list.exit_code == 0);
  CHECK(list.out.rfind("trace/span-count ", 0) == 0);
}

TEST_CASE("cli the README check tables are generated from the registry")
{
  const auto readme = slurp(TTAOBS_SOURCE_DIR "/README.md");
  const auto table = run_ttaobs("checks list --format markdown").out;
  CHECK_MESSAGE(readme.find(table) != std::string::npos,
                "README.md's check table differs from 'ttaobs checks list --format markdown'");
  // every conformance row (a superset of foundation) appears in the README as listed
  const auto conformance = run_ttaobs("checks list --suite conformance --format markdown").out;
  for (const auto row : ttaobs::util::split(conformance, '\n')) {
    if (ttaobs::util::starts_with(row, "| `")) {
      CHECK_MESSAGE(readme.find(std::string(row) + "\n") != std::string::npos,
                    "README lacks row: " << std::string(row));
    }
  }
}

TEST_CASE("cli the README exit-code table is exit_code.hpp's, and its codes are the enums'")
{
  const auto readme = slurp(TTAOBS_SOURCE_DIR "/README.md");
  const auto head =
      std::string("| code | `validate`, `probe` | `trace` | `lint-metrics` | `receive` |\n|---|---|---|---|---|\n");
  std::string table = head;
  for (const auto& row : ttaobs::core::k_exit_code_table) {
    table +=
        fmt::format("| {} | {} | {} | {} | {} |\n", row.code, row.validate, row.trace, row.lint_metrics, row.receive);
  }
  CHECK_MESSAGE(readme.find(table) != std::string::npos,
                "README.md's exit-code table differs from core::k_exit_code_table:\n"
                    << table);
  CHECK(readme.find(head) == readme.rfind(head)); // one table
  using ttaobs::core::ExitCode;
  using ttaobs::core::LintExitCode;
  using ttaobs::core::ReceiveExitCode;
  using ttaobs::core::to_int;
  const auto code_of = [](std::size_t i) { return std::string(ttaobs::core::k_exit_code_table[i].code); };
  for (const auto& [code, lint] :
       {std::pair{ExitCode::ok, LintExitCode::clean}, std::pair{ExitCode::failed, LintExitCode::invalid},
        std::pair{ExitCode::usage, LintExitCode::usage}, std::pair{ExitCode::could_not_look, LintExitCode::problems}}) {
    CHECK(to_int(code) == to_int(lint)); // one number, one row
    CHECK(code_of(static_cast<std::size_t>(to_int(code))) == std::to_string(to_int(code)));
  }
  CHECK(static_cast<int>(ReceiveExitCode::written) == to_int(ExitCode::ok));
  CHECK(static_cast<int>(ReceiveExitCode::not_forwarded) == to_int(ExitCode::failed));
  CHECK(static_cast<int>(ReceiveExitCode::usage) == to_int(ExitCode::usage));
  CHECK(code_of(4) ==
        fmt::format("{} / {}", ttaobs::core::k_interrupted_base + 2, ttaobs::core::k_interrupted_base + 15));
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("cli");

TEST_CASE("cli SIGINT/SIGTERM: requests stop, complete reports replace stale ones, exit 130/143")
{
  ttaobs::test::TestServer server; // its /slow never answers
  const auto dir = ttaobs::test::temp_dir("interrupted");
  for (const auto& [signal, code] : {std::pair{"INT", 130}, std::pair{"TERM", 143}}) {
    const std::string name = signal; // (clang 14 cannot capture a structured binding in CAPTURE)
    CAPTURE(name);
    const auto json = dir + "/r.json";
    const auto junit = dir + "/r.xml";
    std::ofstream(json) << R"({"stale":"a green report from an earlier run"})";
    std::ofstream(junit) << "<stale/>";
    const auto r = run_ttaobs(fmt::format("validate --timeout 60 --metrics-url {0}/slow --collector-url {0}/slow "
                                          "--jaeger-url http://127.0.0.1:{1} --prometheus-url http://127.0.0.1:{1} "
                                          "--json {2} --junit {3}",
                                          server.base_url(), ttaobs::test::closed_port(), json, junit),
                              // 3 s: long enough for an ASan build on a loaded machine to be mid-run
                              fmt::format("timeout --preserve-status -s {} 3", signal));
    CHECK(r.exit_code == code);
    CHECK(r.err.find(fmt::format("ttaobs: interrupted by SIG{}: the reports hold the checks so far", signal)) !=
          std::string::npos);
    const auto report = nlohmann::json::parse(slurp(json)); // complete and well-formed, not the stale one
    REQUIRE(report.contains("checks"));
    bool aborted = false;
    for (const auto& check : report["checks"]) {
      if (check["id"] == "health/metrics-endpoint") {
        CHECK(check["status"] == "error");
        CHECK(check["message"] == fmt::format("interrupted by SIG{} before this check settled", signal));
        // the request itself was aborted, not left to its 60 s timeout
        aborted = check["details"].dump().find(fmt::format("interrupted by SIG{}", signal)) != std::string::npos;
      }
    }
    CHECK(aborted);
    CHECK(schema_valid(junit));
    CHECK(std::system(("ls " + dir + " | grep -q tmp").c_str()) != 0); // no temporary file left behind
  }
}

TEST_CASE("cli validate --suite conformance and --traces")
{
  const auto healthy = run_ttaobs("validate --suite conformance " + replay("healthy-v3"));
  CHECK(healthy.exit_code == 0);
  CHECK(healthy.out.find("22 passed, 0 failed") != std::string::npos);
  const auto wrapped = run_ttaobs("validate --suite conformance --jaeger-api v1 " + replay("wrapped-root"));
  CHECK(wrapped.exit_code == 1);
  CHECK(wrapped.out.find("FAIL   trace/single-root") != std::string::npos);
  CHECK(wrapped.out.find("└─ demo.workflow_execution") != std::string::npos); // subtree under the failure
  const auto from_file =
      run_ttaobs("validate --suite conformance --from-file fixtures/jaeger/jaeger-ui__TraceGraph_testTrace.json "
                 "--only trace/max-depth,trace/single-root --set trace/single-root.span=op1");
  CHECK(from_file.exit_code == 1);
  CHECK(from_file.out.find("PASS   trace/max-depth                  depth 4 in trace trace-123") != std::string::npos);
  CHECK(from_file.out.find("FAIL   trace/single-root                2 roots (expected exactly one, 'op1')") !=
        std::string::npos);
  CHECK(from_file.out.find("still arriving") == std::string::npos);
  CHECK(run_ttaobs("validate --from-file - --wait 5").exit_code == 2);
  CHECK(run_ttaobs("validate --traces 0").exit_code == 2);
  CHECK(run_ttaobs("validate --quantifier most").exit_code == 2);
  CHECK(run_ttaobs("validate --set trace/max-depth.min=x").exit_code == 2);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("cli");

namespace {

// Runs ttaobs on a pseudo-terminal (util-linux `script`), returning everything it drew.
std::string run_on_tty(const std::string& args, const std::string& env = "")
{
  const auto dir = ttaobs::test::temp_dir("tty");
  const auto command = "cd " TTAOBS_SOURCE_DIR " && " + env + " script -qec '" TTAOBS_EXE " " + args +
                       "' /dev/null > " + dir + "/screen.txt 2>&1 </dev/null";
  std::system(command.c_str());
  return slurp(dir + "/screen.txt");
}

} // namespace

TEST_CASE("cli on a TTY: colour and a progress line; NO_COLOR and --no-color turn colour off")
{
  // (the recordings hold limit=1 trace searches; --wait asks for more history, so wait on the rest)
  const std::string waiting =
      "validate --replay fixtures/replay/prometheus-down --skip trace/span-count,trace/root-span,"
      "trace/sequential-span,trace/step-spans --wait 1 --interval 0.2";
  const auto screen = run_on_tty(waiting, "env -u NO_COLOR TERM=xterm");
  CHECK(screen.find("\033[32mPASS ") != std::string::npos);
  CHECK(screen.find("\r\033[Kttaobs: round 2: 7/14 checks settled") != std::string::npos); // the status line
  CHECK(screen.find("3 passed, 1 failed, 0 warnings, 6 errors, 4 skipped") != std::string::npos);
  // the console's colour and trace's follow one rule: NO_COLOR or TERM=dumb turn both off
  const auto trace = "trace --from-file fixtures/jaeger/jaeger-ui__spanLongerAsParent.json";
  CHECK(run_on_tty(trace, "env -u NO_COLOR TERM=xterm").find("\033[") != std::string::npos);
  CHECK(run_on_tty(trace, "env -u NO_COLOR TERM=dumb").find("\033[") == std::string::npos);
  CHECK(run_on_tty("validate --replay fixtures/replay/all-down", "env -u NO_COLOR TERM=dumb").find("\033[") ==
        std::string::npos);
  CHECK(run_on_tty("validate --replay fixtures/replay/healthy --jaeger-api v1", "env NO_COLOR=1 TERM=xterm")
            .find("\033[32m") == std::string::npos);
  CHECK(run_on_tty("validate --no-color --replay fixtures/replay/healthy --jaeger-api v1", "env -u NO_COLOR TERM=xterm")
            .find("\033[32m") == std::string::npos);
  SUBCASE("off a TTY, the report and one plain progress line per round on stderr")
  {
    const auto piped = run_ttaobs(waiting);
    CHECK(piped.exit_code == 1);
    CHECK(piped.err.find("ttaobs: round 1: 7/14 checks settled, ") != std::string::npos);
    CHECK(piped.err.find('\033') == std::string::npos);
    CHECK(piped.out.find("ttaobs: round") == std::string::npos);
    CHECK(piped.out.find(" rounds)\n") != std::string::npos);
  }
}

TEST_SUITE_END();
