// The rough edges a first user hits (issue 14), each reproduced through the built binary.
#include "support/run.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;
using ttaobs::test::slurp;

namespace {

// A fresh scratch path under the build tree.
std::string scratch(const std::string& name)
{
  static int counter = 0;
  const auto dir = fmt::format("{}/test-tmp/edges-{}-{}", TTAOBS_BINARY_DIR, ::getpid(), ++counter);
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

std::string write_file(const std::string& name, const std::string& content)
{
  const auto path = scratch(name);
  std::ofstream(path) << content;
  return path;
}

// A Jaeger v1 answer: a root, a child in error (error=true), a child in error by otel.status_code,
// a span that FOLLOWS_FROM the first child, and a child ending 947 µs after its parent.
constexpr const char* k_jaeger = R"({"data":[{"traceID":"t1","spans":[
 {"spanID":"r","operationName":"root","startTime":1000000,"duration":100000,"references":[]},
 {"spanID":"a","operationName":"pay","startTime":1000100,"duration":1000,
  "references":[{"refType":"CHILD_OF","traceID":"t1","spanID":"r"}],"tags":[{"key":"error","type":"bool","value":true}]},
 {"spanID":"b","operationName":"ship","startTime":1000200,"duration":1000,
  "references":[{"refType":"CHILD_OF","traceID":"t1","spanID":"r"}],"tags":[{"key":"otel.status_code","type":"string","value":"ERROR"}]},
 {"spanID":"c","operationName":"audit","startTime":1002000,"duration":1000,
  "references":[{"refType":"CHILD_OF","traceID":"t1","spanID":"r"},{"refType":"FOLLOWS_FROM","traceID":"t1","spanID":"a"}],
  "tags":[{"key":"error","type":"bool","value":false}]},
 {"spanID":"d","operationName":"late","startTime":1090000,"duration":10947,
  "references":[{"refType":"CHILD_OF","traceID":"t1","spanID":"r"}]}
]},{"traceID":"t2","spans":[{"spanID":"x","operationName":"older","startTime":500000,"duration":10}]}]})";

// OTLP JSON: a root and a child with status code 2 and a span link.
constexpr const char* k_otlp = R"({"resourceSpans":[{"scopeSpans":[{"spans":[
 {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"root",
  "startTimeUnixNano":"1000000000","endTimeUnixNano":"1100000000","status":{}},
 {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"c7ad6b7169203331","parentSpanId":"b7ad6b7169203331",
  "name":"child","startTimeUnixNano":"1010000000","endTimeUnixNano":"1020000000","status":{"code":2,"message":"boom"},
  "links":[{"traceId":"1af7651916cd43dd8448eb211c80319c","spanId":"d7ad6b7169203331"}]},
 {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"e7ad6b7169203331","parentSpanId":"b7ad6b7169203331",
  "name":"named","startTimeUnixNano":"1030000000","endTimeUnixNano":"1040000000","status":{"code":"STATUS_CODE_ERROR"}}
]}]}]})";

} // namespace

TEST_CASE("cli: --set with a check id of another suite says which suite to use")
{
  const auto r = run_ttaobs("validate --replay fixtures/replay/healthy --set trace/max-depth.min=3");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("'trace/max-depth' is in suite 'conformance'") != std::string::npos);
  CHECK(r.err.find("use --suite conformance") != std::string::npos);
  CHECK(run_ttaobs("validate --replay fixtures/replay/healthy --only trace/max-depth")
            .err.find("--only: check id 'trace/max-depth' is in suite 'conformance'") != std::string::npos);
  // the documented example is valid on the default suite
  CHECK(run_ttaobs("validate --help").out.find("trace/max-depth.min") == std::string::npos);
}

TEST_CASE("cli: boolean flags take =true/false/1/0/yes/no, and refuse anything else")
{
  const auto line = [](const std::string& out, const std::string& key) {
    const auto at = out.find(key + " ");
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  CHECK(line(run_ttaobs("config show --strict=false").out, "strict").find("false") != std::string::npos);
  CHECK(line(run_ttaobs("config show --strict=0").out, "strict").find("false") != std::string::npos);
  CHECK(line(run_ttaobs("config show --strict=no").out, "strict").find("false") != std::string::npos);
  CHECK(line(run_ttaobs("config show --strict").out, "strict").find("true") != std::string::npos);
  CHECK(line(run_ttaobs("config show --strict=yes").out, "strict").find("true") != std::string::npos);
  CHECK(line(run_ttaobs("config show --quiet=false").out, "quiet").find("false") != std::string::npos);
  CHECK(line(run_ttaobs("config show --no-color=0").out, "no-color").find("false") != std::string::npos);
  CHECK(line(run_ttaobs("config show --insecure-skip-verify=false").out, "insecure-skip-verify").find("false") !=
        std::string::npos);
  CHECK(line(run_ttaobs("config show --no-proxy=no").out, "no-proxy").find("false") != std::string::npos);
  for (const auto* flag : {"strict", "quiet", "no-color", "insecure-skip-verify", "no-proxy"}) {
    CAPTURE(flag);
    const auto r = run_ttaobs(fmt::format("config show --{}=maybe", flag));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(fmt::format("invalid {} 'maybe' (from --{})", flag, flag)) != std::string::npos);
  }
}

TEST_CASE("cli: lint-metrics --junit - keeps stdout for the XML, the text report goes to stderr")
{
  const auto exposition = write_file("m.txt", "# HELP a_total A.\n# TYPE a_total counter\na_total 1\nBadName 2\n");
  for (const auto* format : {"text", "json"}) {
    CAPTURE(format);
    const auto r = run_ttaobs(fmt::format("lint-metrics {} --format {} --junit -", exposition, format));
    CHECK(r.out.rfind("<?xml", 0) == 0);
    CHECK(r.out.find("BadName") != std::string::npos); // in the XML
    CHECK(r.out.find("\"schema\"") == std::string::npos);
    CHECK(r.err.find("BadName") != std::string::npos);
  }
}

TEST_CASE("cli: --junit and --json naming one file are refused before any request")
{
  const auto path = scratch("report.out");
  const auto link = scratch("link.out");
  std::filesystem::create_symlink(path, link);
  for (const auto& [junit, json] : {std::pair{path, path}, std::pair{path, link}}) {
    const auto r = run_ttaobs(
        fmt::format("validate --jaeger-url http://127.0.0.1:9/ --timeout 30 --junit {} --json {}", junit, json));
    CHECK(r.exit_code == 2);
    CAPTURE(r.err);
    CHECK(r.err.find("--junit") != std::string::npos);
    CHECK(r.err.find("--json") != std::string::npos);
    CHECK(r.err.find("name the same file") != std::string::npos);
    CHECK(r.out.empty()); // no check ran
    CHECK_FALSE(std::filesystem::exists(path));
  }
}

TEST_CASE("cli: validate --from-file that cannot be read is a usage error before any request")
{
  const auto r = run_ttaobs("validate --from-file /nonexistent.json --jaeger-url http://127.0.0.1:9/");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--from-file: cannot open /nonexistent.json") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("cli: a replay the invocation does not match is a usage error naming the request and the recording")
{
  const auto r = run_ttaobs("validate --replay fixtures/replay/healthy --service another-service");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--replay fixtures/replay/healthy") != std::string::npos);
  CHECK(r.err.find("service=another-service") != std::string::npos);
  CHECK(run_ttaobs("validate --replay fixtures/replay/healthy").exit_code == 0);
}

TEST_CASE("cli: a --replay that cannot serve the invocation is exit 2 in validate, trace and lint-metrics alike")
{
  // a request the recording does not hold: the invocation does not match it (was exit 1 in lint-metrics, 3 in trace)
  const auto lint =
      run_ttaobs("lint-metrics http://localhost:9464/other --format json --replay fixtures/replay/healthy");
  CHECK(lint.exit_code == 2);
  CHECK(lint.err.find(
            "ttaobs: --replay fixtures/replay/healthy: no recorded response for 'GET http://localhost:9464/other'") !=
        std::string::npos);
  CHECK(lint.out.find("\"exit_code\": 1") != std::string::npos); // the report keeps the verdict, as validate's do
  CHECK(run_ttaobs("lint-metrics http://localhost:9464/metrics --replay fixtures/replay/healthy").exit_code == 0);
  const auto trace = run_ttaobs("trace --service another-service --replay fixtures/replay/healthy");
  CHECK(trace.exit_code == 2);
  CHECK(trace.err.find("--replay fixtures/replay/healthy") != std::string::npos);
  CHECK(trace.err.find("service=another-service") != std::string::npos);
  // a directory that is no recording, whatever the input (was ignored for a file in lint-metrics)
  for (const auto* command :
       {"validate", "trace", "lint-metrics", "lint-metrics fixtures/exposition/edge-cases/empty-file.txt",
        "lint-metrics -", "trace --from-file fixtures/jaeger/jaeger__ui_01.json"}) {
    const auto r = run_ttaobs(std::string(command) + " --replay /nonexistent-replay");
    CHECK_MESSAGE(r.exit_code == 2, command);
    CHECK_MESSAGE(r.err.find("--replay: /nonexistent-replay/index.tsv: cannot read file") != std::string::npos,
                  command);
  }
}

TEST_CASE("cli: flags that would be ignored are usage errors")
{
  const auto file = write_file("t.json", k_jaeger);
  const auto tempo = run_ttaobs("validate --replay fixtures/replay/healthy --tempo-url http://127.0.0.1:9/");
  CHECK(tempo.exit_code == 2);
  CHECK(tempo.err.find("--tempo-url is not used by validate") != std::string::npos);
  const auto operation = run_ttaobs("trace --from-file " + file + " --operation pay");
  CHECK(operation.exit_code == 2);
  CHECK(operation.err.find("--operation") != std::string::npos);
  CHECK(operation.err.find("--from-file") != std::string::npos);
  const auto search = run_ttaobs("trace --tempo-url http://127.0.0.1:9/ --jaeger-url http://127.0.0.1:9/");
  CHECK(search.exit_code == 2);
  CHECK(search.err.find("--tempo-url needs --trace-id") != std::string::npos);
}

TEST_CASE("cli: trace marks spans in ERROR and shows FOLLOWS_FROM references and span links")
{
  const auto jaeger = write_file("j.json", k_jaeger);
  const auto tree = run_ttaobs("trace --from-file " + jaeger);
  REQUIRE(tree.exit_code == 0);
  CHECK(tree.out.find("pay 1ms ✗ ERROR") != std::string::npos);
  CHECK(tree.out.find("ship 1ms ✗ ERROR") != std::string::npos);
  CHECK(tree.out.find("audit 1ms ↪ follows from span a") != std::string::npos); // error=false is no error
  CHECK(tree.out.find("late 10.9ms\n") != std::string::npos);                   // 947 µs past its parent: within 1 ms
  const auto doc = nlohmann::json::parse(run_ttaobs("trace --format json --from-file " + jaeger).out);
  CHECK(doc["spans"][1]["error"] == true);
  CHECK(doc["spans"][1]["marks"] == nlohmann::json::array({"status ERROR"}));
  CHECK(doc["spans"][3]["links"] == nlohmann::json::array({"a"}));
  CHECK(doc["spans"][4]["marks"].empty());
  CHECK(run_ttaobs("trace --from-file " + jaeger + " --skew-tolerance-us 0")
            .out.find("late 10.9ms ⚠ ends 947µs after its parent") != std::string::npos);

  const auto otlp = write_file("o.json", k_otlp);
  const auto drawn = run_ttaobs("trace --from-file " + otlp);
  REQUIRE(drawn.exit_code == 0);
  CHECK(drawn.out.find("child 10ms ✗ ERROR ↪ follows from span d7ad6b7169203331") != std::string::npos);
  CHECK(drawn.out.find("named 10ms ✗ ERROR") != std::string::npos);
  CHECK(drawn.out.find("root 100ms (self 80ms)\n") != std::string::npos);
  const auto waterfall = run_ttaobs("trace --format waterfall --from-file " + otlp);
  CHECK(waterfall.out.find("✗ ERROR") != std::string::npos);
}

TEST_CASE("cli: trace --format json --limit N writes one JSON value")
{
  const auto file = write_file("t.json", k_jaeger);
  const auto r = run_ttaobs("trace --format json --limit 2 --from-file " + file);
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out); // throws on concatenated documents
  REQUIRE(doc.is_array());
  CHECK(doc.size() == 2);
  CHECK(doc[0]["schema"] == "ttaobs.trace/v1");
  CHECK(doc[1]["trace_id"] == "t2");
  CHECK(nlohmann::json::parse(run_ttaobs("trace --format json --from-file " + file).out).is_object());
}

TEST_CASE("cli: validate's TTAOBS_JUNIT is not lint-metrics' report; TTAOBS_LINT_JUNIT is")
{
  const auto exposition = write_file("m.txt", "# HELP a_total A.\n# TYPE a_total counter\na_total 1\n");
  const auto validate_report = scratch("validate.xml");
  std::ofstream(validate_report) << "validate's report";
  CHECK(run_ttaobs("lint-metrics " + exposition, "TTAOBS_JUNIT=" + validate_report + " ").exit_code == 0);
  CHECK(slurp(validate_report) == "validate's report");
  const auto lint_report = scratch("lint.xml");
  CHECK(run_ttaobs("lint-metrics " + exposition, "TTAOBS_LINT_JUNIT=" + lint_report + " ").exit_code == 0);
  CHECK(slurp(lint_report).rfind("<?xml", 0) == 0);
}

TEST_CASE("cli: did you mean, for subcommands, flags and config keys; the footer names the subcommand")
{
  const auto sub = run_ttaobs("valdate");
  CHECK(sub.exit_code == 2);
  CHECK(sub.err.find("did you mean 'validate'?") != std::string::npos);
  const auto flag = run_ttaobs("validate --strcit");
  CHECK(flag.exit_code == 2);
  CHECK(flag.err.find("did you mean '--strict'?") != std::string::npos);
  CHECK(flag.err.find("Run 'ttaobs validate --help'") != std::string::npos);
  const auto trace = run_ttaobs("trace --trace-idd 1");
  CHECK(trace.err.find("did you mean '--trace-id'?") != std::string::npos);
  CHECK(trace.err.find("Run 'ttaobs trace --help'") != std::string::npos);
  CHECK(run_ttaobs("lint-metrics --bogus").err.find("Run 'ttaobs lint-metrics --help'") != std::string::npos);
  CHECK(run_ttaobs("checks lst").err.find("did you mean 'list'?") != std::string::npos);
  const auto config = write_file("ttaobs.conf", "servce = x\n");
  const auto key = run_ttaobs("config show --config " + config);
  CHECK(key.exit_code == 2);
  CHECK(key.err.find("unknown key 'servce' (did you mean 'service'?)") != std::string::npos);
  const auto param = run_ttaobs("validate --replay fixtures/replay/healthy --set trace/span-count.mn=3");
  CHECK(param.exit_code == 2);
  CHECK(param.err.find("did you mean 'min'?") != std::string::npos);
}

TEST_CASE("cli: the summary line is singular for one")
{
  const auto r = run_ttaobs("validate --replay fixtures/replay/all-down");
  CHECK(r.out.find(", 1 warning, 10 errors") != std::string::npos);
  CHECK(r.out.find("1 warnings") == std::string::npos);
}

TEST_CASE("cli: --wait off a TTY prints one plain progress line per round on stderr")
{
  // (the recordings hold limit=1 trace searches; --wait asks for more history, so wait on the rest)
  const std::string waiting =
      "validate --replay fixtures/replay/prometheus-down --skip trace/span-count,trace/root-span,"
      "trace/sequential-span,trace/step-spans --wait 1 --interval 0.5";
  const auto r = run_ttaobs(waiting);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("ttaobs: round 1: ") != std::string::npos);
  CHECK(r.err.find("ttaobs: round 2: ") != std::string::npos);
  CHECK(r.err.find("checks settled, ") != std::string::npos);
  CHECK(r.err.find('\033') == std::string::npos);
  CHECK(r.err.find('\r') == std::string::npos);
  CHECK(run_ttaobs(waiting + " --quiet").err.empty());
}
