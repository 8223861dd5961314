// `ttaobs lint-metrics` through the built binary: exit codes, outputs, inputs (file, gzip, stdin,
// URL with content negotiation) and reports.
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

namespace {

constexpr const char* k_samples = "fixtures/exposition/samples/";

bool schema_valid(const std::string& path)
{
  return std::system(("xmllint --noout --schema " TTAOBS_SOURCE_DIR "/fixtures/junit-10.xsd " + path + " 2>/dev/null").c_str()) == 0;
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
  const auto r = run_ttaobs("lint-metrics fixtures/exposition/edge-cases/duplabel.txt");
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "ttaobs: lint-metrics: fixtures/exposition/edge-cases/duplabel.txt: line 1:9: duplicate label names "
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
  REQUIRE(std::system(fmt::format("gzip -c " TTAOBS_SOURCE_DIR "/{}node-exporter.txt > {}/n.txt.gz", k_samples, dir).c_str()) == 0);
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
  REQUIRE(std::system(("gzip -c " TTAOBS_SOURCE_DIR "/fixtures/exposition/openmetrics/simple_histogram/metrics > " + dir +
                       "/om.gz && gzip -c " TTAOBS_SOURCE_DIR "/fixtures/exposition/openmetrics/bad_no_eof/metrics > " +
                       dir + "/bad.gz").c_str()) == 0);
  CHECK(run_ttaobs("lint-metrics " + dir + "/om.gz").exit_code == 0);
  CHECK(run_ttaobs("lint-metrics --input-format openmetrics " + dir + "/bad.gz").exit_code == 1);

  {
    std::ofstream nul_file(dir + "/nul.txt", std::ios::binary);
    nul_file << std::string("ok 1\nbad{x=\"a\0b\"} 1\n", 19);
    std::ofstream big_file(dir + "/big.txt", std::ios::binary);
    big_file << "# HELP big x\n# TYPE big gauge\nbig{v=\"" << std::string(1'000'000, 'v') << "\"} 1\n";
  }
  const auto nul = run_ttaobs("lint-metrics " + dir + "/nul.txt");
  CHECK(nul.exit_code == 1);
  CHECK(nul.err == "ttaobs: lint-metrics: " + dir + R"(/nul.txt: line 2:9: NUL byte in the exposition (near "bad{x=\"a\x00b\"} 1"))" + "\n");

  const auto big = run_ttaobs("lint-metrics " + dir + "/big.txt");
  CHECK(big.exit_code == 1);
  CHECK(big.err.find("big.txt: line 3:1: line is longer than 65536 bytes (raise --max-line-bytes if it is real)") !=
        std::string::npos);
  CHECK(run_ttaobs("lint-metrics --max-line-bytes 2000000 " + dir + "/big.txt").exit_code == 0);
}

TEST_CASE("lint-metrics --format json and --junit describe the same findings")
{
  const auto dir = ttaobs::test::temp_dir("lint-reports");
  const auto r = run_ttaobs(fmt::format("lint-metrics {}node-exporter.txt --format json --junit {}/lint.xml", k_samples, dir));
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
  CHECK(xml.find("<testcase classname=\"ttaobs.lint-metrics\" name=\"node_memory_MemFree_bytes\">") != std::string::npos);

  const auto bad = run_ttaobs(fmt::format("lint-metrics fixtures/exposition/edge-cases/nonl.txt --format json --junit {}/bad.xml", dir));
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

TEST_CASE("lint-metrics over HTTP: Prometheus' Accept header, the Content-Type decides the dialect")
{
  ttaobs::test::TestServer server;
  const auto om = run_ttaobs("lint-metrics " + server.base_url() + "/openmetrics");
  CHECK(om.exit_code == 0);
  CHECK(om.out.empty());
  const auto raw = server.raw_requests();
  REQUIRE(raw.size() == 1);
  CHECK(raw[0].find("Accept: application/openmetrics-text;version=1.0.0,") != std::string::npos);

  // read as 0.0.4 text, the same body lacks HELP for the sample-named families
  const auto as_text = run_ttaobs("lint-metrics --input-format text " + server.base_url() + "/openmetrics");
  CHECK(as_text.exit_code == 3);

  const auto gz = run_ttaobs("lint-metrics " + server.base_url() + "/gzip");
  CHECK(gz.exit_code == 3);
  CHECK(gz.out == "tta_requests_total: no help text\n");

  const auto e500 = run_ttaobs("lint-metrics " + server.base_url() + "/500");
  CHECK(e500.exit_code == 1);
  CHECK(e500.err == "ttaobs: lint-metrics: GET " + server.base_url() + "/500: HTTP 500 (expected 200)\n");

  const auto refused = run_ttaobs(fmt::format("lint-metrics http://127.0.0.1:{}/metrics", ttaobs::test::closed_port()));
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("connection refused") != std::string::npos);
}

TEST_CASE("lint-metrics usage errors are exit 2")
{
  CHECK(run_ttaobs("lint-metrics x --format xml").exit_code == 2);
  CHECK(run_ttaobs("lint-metrics x --input-format yaml").exit_code == 2);
  CHECK(run_ttaobs("lint-metrics http://").exit_code == 2);
  CHECK(run_ttaobs("lint-metrics x --junit /no/such/dir/x.xml").exit_code == 2);
}

TEST_SUITE_END();
