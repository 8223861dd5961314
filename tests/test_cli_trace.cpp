// `ttaobs trace` through the built binary: its drawings from every source, --trace-id, exit codes.
#include <src/sources/otlp.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;

namespace {

std::string replay(const std::string& scenario)
{
  return "--replay fixtures/replay/" + scenario;
}

} // namespace

TEST_CASE("cli trace: tree, waterfall and json from every source")
{
  const auto tree = run_ttaobs("trace " + replay("healthy-v3"));
  CHECK(tree.exit_code == 0);
  const auto recorded = ttaobs::sources::parse_otlp_traces(ttaobs::test::replay_body("healthy-v3", "/api/v3/traces?"));
  REQUIRE(recorded);
  const auto spans = recorded->traces[0].spans.size();
  CHECK(tree.out.find(fmt::format("· {} spans · depth 5 · 1 root\ndemo.workflow_execution ", spans)) !=
        std::string::npos);
  CHECK(tree.out.find("└─ primitive.sequential.execute") != std::string::npos);
  const auto waterfall = run_ttaobs("trace --jaeger-api v1 --format waterfall " + replay("healthy"));
  CHECK(waterfall.exit_code == 0);
  CHECK(waterfall.out.find("█") != std::string::npos);
  const auto json = run_ttaobs("trace --format json --from-file fixtures/jaeger/jaeger__otlp2jaeger-out.json");
  CHECK(json.exit_code == 0);
  CHECK(nlohmann::json::parse(json.out)["orphans"].size() == 2);
  const auto stdin_tree = ttaobs::test::run_ttaobs("trace --from-file - < fixtures/otlp/tempo-v2-derived.json");
  CHECK(stdin_tree.exit_code == 0);
  CHECK(stdin_tree.out.find("trace 83a9efd15c1c98a977e0711cc93ee28b · 2 spans") == 0);
}

TEST_CASE("cli trace --trace-id draws that trace or none")
{
  const auto dir = ttaobs::test::temp_dir("trace-by-id");
  const auto answer = [](const char* id) {
    return fmt::format(
        R"({{"data":[{{"traceID":"{}","spans":[{{"spanID":"a","operationName":"checkout.request","startTime":1,"duration":5}}]}}]}})",
        id);
  };
  std::ofstream(dir + "/other.json") << answer("00000000000000000badc0ffee000001");
  std::ofstream(dir + "/same.json") << answer("00000000000000004BF92F3577B34DA6"); // 64-bit id, padded, upper case
  std::ofstream(dir + "/index.tsv")
      << "GET http://localhost:16686/api/traces/4bf92f3577b34da6a3ce929d0e0e4736\t200\tother.json\n"
      << "GET http://localhost:16686/api/traces/4bf92f3577b34da6\t200\tsame.json\n";
  const auto wrong = run_ttaobs("trace --jaeger-api v1 --trace-id 4bf92f3577b34da6a3ce929d0e0e4736 --replay " + dir);
  CHECK(wrong.exit_code == 3);
  CHECK(wrong.out.empty()); // nothing drawn
  CHECK(wrong.err == "ttaobs: asked for trace 4bf92f3577b34da6a3ce929d0e0e4736, but the server answered with trace "
                     "00000000000000000badc0ffee000001\n");
  const auto same = run_ttaobs("trace --jaeger-api v1 --trace-id 4bf92f3577b34da6 --replay " + dir);
  CHECK(same.exit_code == 0);
  CHECK(same.out.rfind("trace 00000000000000004BF92F3577B34DA6 · 1 span", 0) == 0);
}

TEST_CASE("cli trace: exit codes")
{
  const auto missing = run_ttaobs("trace --service no-such-service " + replay("unknown-service-v3"));
  CHECK(missing.exit_code == 3);
  CHECK(missing.err == "ttaobs: no traces found for service 'no-such-service'\n");
  const auto down = run_ttaobs("trace " + replay("all-down"));
  CHECK(down.exit_code == 3);
  CHECK(down.err.find("connection refused") != std::string::npos);
  const auto bad_file = run_ttaobs("trace --from-file fixtures/jaeger/jaeger__anonymizer_trace_wrong_format.json");
  CHECK(bad_file.exit_code == 3);
  CHECK(bad_file.err == "ttaobs: fixtures/jaeger/jaeger__anonymizer_trace_wrong_format.json: $.spans: missing\n");
  CHECK(run_ttaobs("trace --format pie").exit_code == 2);
  CHECK(run_ttaobs("trace --trace-id x --from-file y").exit_code == 2);
  CHECK(run_ttaobs("trace --jaeger-api v4").exit_code == 2);
  CHECK(run_ttaobs("trace --replay /nonexistent-replay").exit_code == 2);
}

TEST_SUITE_END();
