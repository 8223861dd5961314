// `ttaobs lint-metrics` through the built binary: exit codes, outputs, inputs (file, gzip, stdin)
// and reports. A URL as input is in test_cli_lint_metrics_http.cpp.
#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;

namespace {

constexpr const char* k_samples = "fixtures/exposition/samples/";

bool schema_valid(const std::string& path)
{
  return std::system(("xmllint --noout --schema " TTAOBS_SOURCE_DIR "/fixtures/junit-10.xsd " + path + " 2>/dev/null")
                         .c_str()) == 0;
}

// Runs ttaobs with `args` while a writer holds `fifo` open without writing a byte; the writer
// lets go after 10 s at the latest, so that a read without a deadline ends (wrongly) rather than
// hangs the suite.
ttaobs::test::RunResult run_with_silent_writer(const std::string& fifo, const std::string& args)
{
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::thread writer([&] {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int fd = -1;
    std::unique_lock lock(mutex);
    while (!done && std::chrono::steady_clock::now() < until) {
      if (fd < 0) {
        fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK); // succeeds once a reader is there
      }
      finished.wait_for(lock, std::chrono::milliseconds(20));
    }
    if (fd < 0) {
      fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    }
    ::close(fd);
  });
  auto result = ttaobs::test::run_ttaobs(args);
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  finished.notify_all();
  writer.join();
  return result;
}

} // namespace

TEST_CASE("lint-metrics exit 0: a clean exposition prints nothing")
{
  const auto r = run_ttaobs(fmt::format("lint-metrics {}otel-js-9464.txt", k_samples));
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
}

TEST_CASE("lint-metrics exit 3: 'metric: problem' lines, sorted as promtool sorts them")
{
  const auto r = run_ttaobs(fmt::format("lint-metrics {}node-exporter.txt", k_samples));
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("node_entropy_available_bits: use base unit \"bytes\" instead of \"bits\"\n") == 0);
  CHECK(r.out.find("node_memory_MemFree_bytes: metric names should be written in 'snake_case' not 'camelCase'\n") !=
        std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 68); // promtool 2.42 reports 68 problems too
}

TEST_CASE("lint-metrics exit 1: a parse error is one line naming file, line and column")
{
  const auto r = run_ttaobs("lint-metrics fixtures/exposition/edge-cases/label-name-twice.txt");
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "ttaobs: lint-metrics: fixtures/exposition/edge-cases/label-name-twice.txt: line 1:9: duplicate label names "
        "for metric \"a\" (near \"a{x=\\\"1\\\",x=\\\"2\\\"} 1\")\n");

  const auto missing = run_ttaobs("lint-metrics no/such/file.txt");
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "ttaobs: lint-metrics: cannot open no/such/file.txt: No such file or directory\n");
}

TEST_CASE("lint-metrics reads stdin, gzip files and OpenMetrics files")
{
  const auto piped = run_ttaobs(fmt::format("lint-metrics - < {}node-exporter.txt", k_samples));
  CHECK(piped.exit_code == 3);
  CHECK(std::count(piped.out.begin(), piped.out.end(), '\n') == 68);

  const auto dir = ttaobs::test::temp_dir("lint-gzip");
  REQUIRE(std::system(
              fmt::format("gzip -c " TTAOBS_SOURCE_DIR "/{}node-exporter.txt > {}/n.txt.gz", k_samples, dir).c_str()) ==
          0);
  const auto gz = run_ttaobs("lint-metrics " + dir + "/n.txt.gz");
  CHECK(gz.exit_code == 3);
  CHECK(gz.out == piped.out);

  // an OpenMetrics file is recognised by its final "# EOF"
  const auto om = run_ttaobs("lint-metrics fixtures/exposition/openmetrics/simple_histogram/metrics");
  CHECK(om.exit_code == 0);
  const auto bad_om = run_ttaobs("lint-metrics fixtures/exposition/openmetrics/bad_histograms_9/metrics");
  CHECK(bad_om.exit_code == 1);
  CHECK(bad_om.err.find("line 3:1: buckets are not in increasing \"le\" order") != std::string::npos);
}

TEST_CASE("lint-metrics: gzip'd OpenMetrics, NUL bytes, a 1 MB label value")
{
  const auto dir = ttaobs::test::temp_dir("lint-bad-bytes");
  REQUIRE(
      std::system(("gzip -c " TTAOBS_SOURCE_DIR "/fixtures/exposition/openmetrics/simple_histogram/metrics > " + dir +
                   "/om.gz && gzip -c " TTAOBS_SOURCE_DIR "/fixtures/exposition/openmetrics/bad_no_eof/metrics > " +
                   dir + "/bad.gz")
                      .c_str()) == 0);
  CHECK(run_ttaobs("lint-metrics " + dir + "/om.gz").exit_code == 0);
  CHECK(run_ttaobs("lint-metrics --input-format openmetrics " + dir + "/bad.gz").exit_code == 1);

  {
    std::ofstream nul_file(dir + "/nul.txt", std::ios::binary);
    nul_file << std::string("ok 1\nbad{x=\"a\0b\"} 1\n", 20);
    std::ofstream big_file(dir + "/big.txt", std::ios::binary);
    big_file << "# HELP big x\n# TYPE big gauge\nbig{v=\"" << std::string(1'000'000, 'v') << "\"} 1\n";
  }
  // promtool 2.42 takes a NUL in a label value (it is valid UTF-8): so does ttaobs, in both dialects
  const auto nul = run_ttaobs("lint-metrics " + dir + "/nul.txt");
  CHECK(nul.exit_code == 3);
  CHECK(nul.out == "bad: no help text\nok: no help text\n");
  CHECK(nul.err.empty());

  const auto big = run_ttaobs("lint-metrics " + dir + "/big.txt");
  CHECK(big.exit_code == 1);
  CHECK(big.err.find("big.txt: line 3:1: line is longer than 65536 bytes (raise --max-line-bytes if it is real)") !=
        std::string::npos);
  CHECK(run_ttaobs("lint-metrics --max-line-bytes 2000000 " + dir + "/big.txt").exit_code == 0);
}

TEST_CASE("lint-metrics --format json and --junit describe the same findings")
{
  const auto dir = ttaobs::test::temp_dir("lint-reports");
  const auto r =
      run_ttaobs(fmt::format("lint-metrics {}node-exporter.txt --format json --junit {}/lint.xml", k_samples, dir));
  CHECK(r.exit_code == 3);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["schema"] == "ttaobs.lint-metrics/v1");
  CHECK(doc["status"] == "problems");
  CHECK(doc["exit_code"] == 3);
  CHECK(doc["format"] == "prometheus-text");
  CHECK(doc["problems"].size() == 68);
  CHECK(doc["problems"][0]["metric"] == "node_entropy_available_bits");
  CHECK(doc["problems"][0]["rule"] == "units");
  CHECK(doc["parse_error"].is_null());
  const auto xml = ttaobs::test::slurp(dir + "/lint.xml");
  CHECK(schema_valid(dir + "/lint.xml"));
  CHECK(xml.find("<testcase classname=\"ttaobs.lint-metrics\" name=\"node_memory_MemFree_bytes\">") !=
        std::string::npos);

  const auto bad = run_ttaobs(fmt::format(
      "lint-metrics fixtures/exposition/edge-cases/no-final-newline.txt --format json --junit {}/bad.xml", dir));
  CHECK(bad.exit_code == 1);
  const auto bad_doc = nlohmann::json::parse(bad.out);
  CHECK(bad_doc["status"] == "parse-error");
  CHECK(bad_doc["parse_error"]["line"] == 1);
  CHECK(schema_valid(dir + "/bad.xml"));
  CHECK(ttaobs::test::slurp(dir + "/bad.xml").find("<error type=\"parse\"") != std::string::npos);
}

TEST_CASE("lint-metrics --extended adds the extra rules and the cardinality report")
{
  // The OpenTelemetry JS exporter writes "# UNIT … s" for *_seconds families into 0.0.4 text:
  // promtool ignores the comment; OpenMetrics would refuse the mismatch; --extended reports it.
  const auto r = run_ttaobs(fmt::format("lint-metrics {}otel-js-9464.txt --extended --top 2", k_samples));
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("tta_execution_duration_seconds: # UNIT says \"s\" but the name does not end in \"_s\" (for this "
                   "name: \"# UNIT tta_execution_duration_seconds seconds\")\n") == 0);
  CHECK(r.out.find("\nCardinality: 91 series in 7 families; top 2 by series:\n") != std::string::npos);
  CHECK(r.out.find("tta_execution_duration_seconds (histogram)") != std::string::npos);
  CHECK(run_ttaobs(fmt::format("lint-metrics {}otel-js-9464.txt", k_samples)).exit_code == 0);
}

TEST_CASE("lint-metrics: a FIFO or stdin that never writes is an error after --timeout, not a hang")
{
  const auto dir = ttaobs::test::temp_dir("lint-fifo");
  const auto fifo = dir + "/in.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto named = run_with_silent_writer(fifo, "lint-metrics --timeout 0.2 " + fifo);
  CHECK(named.exit_code == 1);
  CHECK(named.err == "ttaobs: lint-metrics: " + fifo + ": no data within 0.2s\n");

  const auto piped = run_with_silent_writer(fifo, "lint-metrics - --timeout 0.2 --format json < " + fifo);
  CHECK(piped.exit_code == 1);
  CHECK(piped.err == "ttaobs: lint-metrics: stdin: no data within 0.2s\n");
  REQUIRE(nlohmann::json::accept(piped.out));
  CHECK(nlohmann::json::parse(piped.out)["error"] == "stdin: no data within 0.2s");

  // a FIFO that does write is read to its end
  std::thread writer([&] { std::ofstream(fifo) << "# HELP a x\n# TYPE a gauge\na 1\n"; });
  const auto fed = ttaobs::test::run_ttaobs("lint-metrics --timeout 10 " + fifo);
  writer.join();
  CHECK(fed.exit_code == 0);
  CHECK(fed.err.empty());
}

TEST_CASE("lint-metrics writes complete JSON and JUnit reports when the input cannot be read")
{
  const auto dir = ttaobs::test::temp_dir("lint-unreadable");
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {dir + "/missing.txt", "cannot open " + dir + "/missing.txt: No such file or directory"},
      {dir, "cannot read " + dir + ": Is a directory"},
      {fmt::format("http://127.0.0.1:{}/metrics", ttaobs::test::closed_port()), "connection refused"},
  };
  for (const auto& [input, why] : inputs) {
    const std::string shown = input; // (clang 14 cannot capture a structured binding in CAPTURE)
    CAPTURE(shown);
    const auto xml = dir + "/r.xml";
    std::filesystem::remove(xml);
    const auto r = run_ttaobs(fmt::format("lint-metrics {} --format json --junit {}", input, xml));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(why) != std::string::npos);
    REQUIRE(nlohmann::json::accept(r.out));
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["status"] == "unreadable");
    CHECK(doc["exit_code"] == 1);
    CHECK(doc["source"] == input);
    CHECK(doc["error"].get<std::string>().find(why) != std::string::npos);
    CHECK(doc["parse_error"].is_null());
    CHECK(schema_valid(xml));
    const auto junit = ttaobs::test::slurp(xml);
    CHECK(junit.find("errors=\"1\"") != std::string::npos);
    CHECK(junit.find("<error type=\"unreadable\" message=\"") != std::string::npos);
  }
  // the text report too: the reason on stderr, a JUnit file all the same
  const auto text = run_ttaobs(fmt::format("lint-metrics {}/missing.txt --junit {}/t.xml", dir, dir));
  CHECK(text.exit_code == 1);
  CHECK(text.err == "ttaobs: lint-metrics: cannot open " + dir + "/missing.txt: No such file or directory\n");
  CHECK(schema_valid(dir + "/t.xml"));
}

TEST_CASE("lint-metrics --junit through a symlink to our stdout writes there and keeps the link")
{
  const auto dir = ttaobs::test::temp_dir("lint-junit-link");
  std::filesystem::create_symlink("/proc/self/fd/1", dir + "/l");
  const auto r = run_ttaobs(fmt::format("lint-metrics {}otel-js-9464.txt --junit {}/l", k_samples, dir));
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ttaobs lint-metrics\"") == 0);
  CHECK(std::filesystem::is_symlink(dir + "/l"));
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("lint-metrics usage errors are exit 2")
{
  CHECK(run_ttaobs("lint-metrics x --format xml").exit_code == 2);
  CHECK(run_ttaobs("lint-metrics x --input-format yaml").exit_code == 2);
  CHECK(run_ttaobs("lint-metrics http://").exit_code == 2);
  CHECK(run_ttaobs("lint-metrics x --junit /no/such/dir/x.xml").exit_code == 2);
}

TEST_SUITE_END();
