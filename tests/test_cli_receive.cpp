#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <string>

using ttaobs::test::run_ttaobs;

namespace {

// A command that POSTs the healthy demo trace (Jaeger api_v3's answer, its OTLP TracesData taken
// out with jq) to where ttaobs pointed it, as an exporter would.
std::string send_demo_trace(const std::string& type = "application/json")
{
  const auto body = ttaobs::test::fixture_path(
      "replay/healthy-v3/"
      "e2b354de5e05fb88-16686-api-v3-traces-query.num_traces-1-query.service_name-observability-demo.body");
  return "sh -c 'jq -c .result " + body + " | curl -sS -o /dev/null -w \"%{http_code}\\n\" -H \"Content-Type: " + type +
         "\" --data-binary @- \"$OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces\"'";
}

// `validate --receive -- COMMAND` judging the suite `yaml`, written to a fresh directory `name`.
ttaobs::test::RunResult validate_received(const std::string& name, const std::string& yaml, const std::string& command)
{
  const auto dir = ttaobs::test::temp_dir(name);
  std::ofstream(dir + "/suite.yaml", std::ios::binary) << yaml;
  return run_ttaobs("validate --suite " + dir + "/suite.yaml --receive -- " + command);
}

} // namespace

TEST_CASE("cli validate --receive: the suite's trace checks judge what the command sent; no backend is asked")
{
  const auto r =
      run_ttaobs("validate --suite foundation --jaeger-url http://127.0.0.1:9 --receive -- " + send_demo_trace());
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("PASS   receive/spans-arrived") != std::string::npos);
  CHECK(r.out.find("PASS   trace/root-span") != std::string::npos);
  CHECK(r.out.find("SKIP   metrics/requests-total           this run has no Prometheus (--receive)") !=
        std::string::npos);
  CHECK(r.out.find("SKIP   health/jaeger                    this run has no Jaeger (--receive)") != std::string::npos);
  CHECK(r.out.find("5 passed, 0 failed, 0 warnings, 0 errors, 10 skipped") != std::string::npos);
  CHECK(r.out.find("200\n") != std::string::npos); // what the command's curl was answered
  CHECK(r.err.find("ttaobs: receiving OTLP/HTTP on http://127.0.0.1:") == 0);
  CHECK(r.err.find("exited 0; ttaobs exits 0") != std::string::npos);
}

TEST_CASE("cli validate --receive: exposition checks judge the OTLP metrics that arrived, named as Prometheus would")
{
  const std::string suite = R"(suite: pushed
checks:
  - id: metrics/requests
    kind: exposition.family
    name: checkout_requests
    type: counter
    labels: [http_route]
  - id: metrics/absent
    kind: exposition.family
    name: checkout_refunds_total
  - id: metrics/lint
    kind: exposition.lint
)";
  const auto metrics = ttaobs::test::fixture_path("otlp/python-sdk-metrics.pb");
  const auto send_metrics = "curl -sS -o /dev/null -H \"Content-Type: application/x-protobuf\" --data-binary @" +
                            metrics + " \"$OTEL_EXPORTER_OTLP_ENDPOINT/v1/metrics\"";
  // the demo trace, then the Python SDK's metrics (one command: sh -c '…; …')
  auto command = send_demo_trace();
  command.insert(command.size() - 1, "; " + send_metrics);
  const auto r = validate_received("cli-receive-metrics", suite, command);
  CAPTURE(r.out);
  CAPTURE(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("PASS   metrics/requests") != std::string::npos);
  CHECK(r.out.find("counter checkout_requests_total; http_route on all 2 samples") != std::string::npos);
  CHECK(r.out.find("FAIL   metrics/absent") != std::string::npos);
  CHECK(r.out.find("no family checkout_refunds_total among the 4 metric families received over OTLP") !=
        std::string::npos);
  CHECK(r.out.find("SKIP   metrics/lint") != std::string::npos); // no exposition text to lint
  CHECK(r.out.find("this run has no metrics endpoint to scrape (--receive)") != std::string::npos);
}

TEST_CASE("cli validate --receive: with no OTLP metrics, the exposition checks are skipped, saying why")
{
  const auto r = validate_received("cli-receive-no-metrics", R"(suite: pushed
checks:
  - id: metrics/requests
    kind: exposition.family
    name: checkout_requests_total
)",
                                   send_demo_trace());
  CAPTURE(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("SKIP   metrics/requests") != std::string::npos);
  CHECK(r.out.find("no OTLP metrics received and no metrics endpoint to scrape (--receive)") != std::string::npos);
}

TEST_CASE("cli validate --receive: a wrong content type is refused with 415 and nothing arrives: exit 1")
{
  const auto r = run_ttaobs("validate --suite foundation --receive -- " + send_demo_trace("text/plain"));
  CAPTURE(r.out);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("415\n") != std::string::npos);
  CHECK(r.out.find("FAIL   receive/spans-arrived            no spans arrived at http://127.0.0.1:") !=
        std::string::npos);
  CHECK(r.out.find("1 requests refused; the last: HTTP 415: unsupported Content-Type 'text/plain'") !=
        std::string::npos);
}

TEST_CASE("cli validate --receive: the command's exit code is shown; ttaobs' verdict decides its own")
{
  const auto r = run_ttaobs("validate --suite foundation --json - --receive -- sh -c 'exit 5'");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("\"command\": \"'sh -c exit 5' exited 5\"") != std::string::npos);
  CHECK(r.err.find("'sh -c exit 5' exited 5; ttaobs exits 1") != std::string::npos);
}

TEST_CASE("cli validate --receive: bad flags, addresses and commands are one-line usage errors (exit 2)")
{
  const auto no_command = run_ttaobs("validate --receive");
  CHECK(no_command.exit_code == 2);
  CHECK(no_command.err == "ttaobs: --receive needs the command to run after --, e.g. ttaobs validate --receive -- "
                          "node app.js\n");
  const auto bad_address = run_ttaobs("validate --receive example.com:80 -- true");
  CHECK(bad_address.exit_code == 2);
  CHECK(bad_address.err ==
        "ttaobs: invalid listen address 'example.com:80': the host must be an IP address or localhost\n");
  const auto missing = run_ttaobs("validate --receive -- ttaobs-no-such-command --flag");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "ttaobs: cannot start 'ttaobs-no-such-command': No such file or directory\n");
  const auto without = run_ttaobs("validate -- true");
  CHECK(without.exit_code == 2);
  CHECK(without.err.find("a command is only run with --receive") != std::string::npos);
  const auto both = run_ttaobs("validate --from-file x.json --receive -- true");
  CHECK(both.exit_code == 2);
  CHECK(both.err == "ttaobs: --receive and --from-file both say where the traces come from: give one\n");
  const auto other = run_ttaobs("version -- true");
  CHECK(other.exit_code == 2);
  CHECK(other.err == "ttaobs: 'ttaobs version' runs no command: nothing may follow --\n");
}

TEST_CASE("cli receive: says where it listens, receives until --duration, writes what arrived")
{
  const auto dir = ttaobs::test::temp_dir("cli-receive");
  const auto body = ttaobs::test::fixture_path(
      "replay/healthy-v3/"
      "e2b354de5e05fb88-16686-api-v3-traces-query.num_traces-1-query.service_name-observability-demo.body");
  // receive in the background; once it says where, POST the demo trace to it twice (the second time
  // as an exporter retrying a request whose answer it missed); then wait for it to end
  const auto post = "jq -c .result " + body +
                    " | curl -sS -o /dev/null -w '%{http_code}\\n' -H 'Content-Type: application/json' "
                    "--data-binary @- $url/v1/traces >>" +
                    dir + "/code.txt; ";
  const auto r = run_ttaobs("receive --listen 127.0.0.1:0 --duration 3s --out " + dir + "/got.json > " + dir +
                            "/where.txt 2>" + dir + "/err.txt & for i in $(seq 50); do grep -q listening " + dir +
                            "/where.txt && break; sleep 0.1; done; url=$(sed 's/^listening on //' " + dir +
                            "/where.txt); " + post + post + "wait $!");
  const auto err = ttaobs::test::slurp(dir + "/err.txt");
  CAPTURE(err);
  CHECK(r.exit_code == 0);
  CHECK(ttaobs::test::slurp(dir + "/code.txt") == "200\n200\n");
  CHECK(ttaobs::test::slurp(dir + "/where.txt").find("listening on http://127.0.0.1:") == 0);
  CHECK(err.find("ttaobs: received 14 spans in 1 traces (2 trace and 0 metric requests, 0 metrics with 0 data "
                 "points, 0 refused, 14 repeated spans dropped); wrote ") == 0);
  const auto judged = run_ttaobs("validate --suite foundation --only trace/span-count,trace/root-span --from-file " +
                                 dir + "/got.json");
  CAPTURE(judged.out);
  CHECK(judged.exit_code == 0);
}

TEST_CASE("cli receive --forward: a second receiver upstream gets every request unchanged")
{
  const auto dir = ttaobs::test::temp_dir("cli-receive-forward");
  const auto body = ttaobs::test::fixture_path(
      "replay/healthy-v3/"
      "e2b354de5e05fb88-16686-api-v3-traces-query.num_traces-1-query.service_name-observability-demo.body");
  // upstream receiver (6 s), then the forwarding one (3 s) pointed at it; POST the demo trace gzipped
  const auto wait_for = [&](const std::string& file) {
    return "for i in $(seq 50); do grep -q listening " + dir + "/" + file + " && break; sleep 0.1; done; ";
  };
  const auto r =
      run_ttaobs("receive --listen 127.0.0.1:0 --duration 6s --out " + dir + "/up.json > " + dir + "/up.txt 2>" + dir +
                 "/up.err & up=$!; " + wait_for("up.txt") + "upurl=$(sed 's/^listening on //' " + dir + "/up.txt); " +
                 std::string(TTAOBS_EXE) + " receive --listen 127.0.0.1:0 --duration 3s --forward $upurl --out " + dir +
                 "/got.json > " + dir + "/where.txt 2>" + dir + "/err.txt & down=$!; " + wait_for("where.txt") +
                 "url=$(sed 's/^listening on //' " + dir + "/where.txt); jq -c .result " + body +
                 " | gzip | curl -sS -o /dev/null -w '%{http_code}\\n' -H 'Content-Type: application/json' "
                 "-H 'Content-Encoding: gzip' --data-binary @- $url/v1/traces >" +
                 dir + "/code.txt; wait $down; echo down=$? > " + dir + "/down.rc; wait $up");
  const auto err = ttaobs::test::slurp(dir + "/err.txt");
  CAPTURE(err);
  CAPTURE(ttaobs::test::slurp(dir + "/up.err"));
  CHECK(r.exit_code == 0);
  CHECK(ttaobs::test::slurp(dir + "/code.txt") == "200\n");
  CHECK(ttaobs::test::slurp(dir + "/down.rc") == "down=0\n");
  CHECK(err.find("ttaobs: forwarded 1 requests to http://127.0.0.1:") == 0);
  CHECK(ttaobs::test::slurp(dir + "/up.err").find("ttaobs: received 14 spans in 1 traces (1 trace") == 0);
  CHECK(ttaobs::test::slurp(dir + "/up.json") == ttaobs::test::slurp(dir + "/got.json"));
}

TEST_CASE("cli receive --forward: an unreachable upstream is counted on stderr and exits 1; a bad URL is usage")
{
  const auto dir = ttaobs::test::temp_dir("cli-receive-forward-down");
  const auto r = run_ttaobs(
      "receive --listen 127.0.0.1:0 --duration 2s --forward http://127.0.0.1:1 --out " + dir + "/got.json > " + dir +
      "/where.txt 2>" + dir + "/err.txt & for i in $(seq 50); do grep -q listening " + dir +
      "/where.txt && break; sleep 0.1; done; url=$(sed 's/^listening on //' " + dir +
      "/where.txt); echo '{\"resourceSpans\":[]}' | curl -sS -o /dev/null -H 'Content-Type: application/json' "
      "--data-binary @- $url/v1/traces; wait $!");
  const auto err = ttaobs::test::slurp(dir + "/err.txt");
  CAPTURE(err);
  CHECK(r.exit_code == 1);
  CHECK(err.find("ttaobs: forwarded 0 requests to http://127.0.0.1:1") == 0);
  CHECK(err.find("1 failed, 0 dropped (last: POST http://127.0.0.1:1/v1/traces: ") != std::string::npos);
  const auto bad = run_ttaobs("receive --out " + dir + "/x.json --forward ftp://collector");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("ttaobs: --forward: ") == 0);
}

TEST_CASE("cli receive: usage errors are one line, exit 2")
{
  CHECK(run_ttaobs("receive --out x.json --listen 1.2.3:4").err.find("ttaobs: invalid listen address '1.2.3:4'") == 0);
  const auto duration = run_ttaobs("receive --out x.json --duration soon");
  CHECK(duration.exit_code == 2);
  CHECK(duration.err == "ttaobs: --duration: 'soon' is not a duration (30s, 2m, 1.5h)\n");
  CHECK(run_ttaobs("receive").exit_code == 2);
  const auto out = run_ttaobs("receive --out /nonexistent-dir/x.json --duration 1s");
  CHECK(out.exit_code == 2);
  CHECK(out.err.find("--out") != std::string::npos);
}
