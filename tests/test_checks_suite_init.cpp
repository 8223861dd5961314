#include <checks/module.hpp>
#include <checks/suite_init.hpp>

#include <src/cli/sources_settings.hpp>
#include <src/config/config.hpp>
#include <src/core/runner.hpp>
#include <src/http/replay_client.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;

namespace {

const yaml::EnvLookup k_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

// The families of fixtures/replay/`scenario`'s exposition, as `suite init` collects them.
std::vector<checks::SeenFamily> families_of(std::string_view scenario)
{
  checks::FamilyCollector collector;
  metrics::ExpositionParser parser(metrics::Format::prometheus_text, collector);
  REQUIRE(parser.feed(test::replay_body(scenario, ":9464/metrics")));
  REQUIRE(parser.finish());
  return collector.families(parser);
}

checks::InitEvidence evidence_of(std::string_view scenario)
{
  checks::InitEvidence evidence;
  evidence.service = "observability-demo";
  evidence.traces = std::get<trace::TraceSet>(test::traces_of(scenario));
  evidence.traces_from = "Jaeger http://localhost:16686";
  evidence.families = families_of(scenario);
  evidence.metrics_from = "http://localhost:9464/metrics";
  return evidence;
}

// Reads `text` as a suite and binds every check into `suite`; the problems, described.
std::vector<std::string> problems(const std::string& text, std::size_t& bound, core::Suite* suite = nullptr)
{
  const auto none = [](std::string_view,
                       std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
    return unexpected(std::string("none"));
  };
  const auto file = suite::read_suite(text, "init.yaml", none, k_env);
  std::vector<std::string> out;
  if (!file) {
    for (const auto& p : file.error()) {
      out.push_back(p.describe());
    }
    return out;
  }
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{k_env, errors, "tta-primitives"};
  for (const auto& entry : file->checks) {
    auto spec = checks::bind_check(entry, context);
    bound += spec ? 1 : 0;
    if (spec && suite != nullptr) {
      suite->checks.push_back(std::move(*spec));
    }
  }
  for (const auto& e : errors) {
    out.push_back(e.describe("init.yaml"));
  }
  return out;
}

} // namespace

TEST_CASE("checks::generate_suite: the healthy replay gives a suite whose every check binds")
{
  const auto text = checks::generate_suite(evidence_of("healthy"));
  CAPTURE(text);
  std::size_t bound = 0;
  CHECK(problems(text, bound).empty());
  std::size_t entries = 0;
  for (auto at = text.find("\n  - id: "); at != std::string::npos; at = text.find("\n  - id: ", at + 1)) {
    ++entries;
  }
  CHECK(bound == entries);
  CHECK(bound >= 8); // a check per metric family at least
  CHECK(text.find("suite: \"observability-demo\"\n") != std::string::npos);
  CHECK(text.find("  service: \"observability-demo\"\n") != std::string::npos);
  CHECK(text.find("tta_requests_total") != std::string::npos);
  CHECK(text.find("demo.workflow_execution") != std::string::npos);
  CHECK(text.find("seen in 1 of 1 trace") != std::string::npos);
}

TEST_CASE("checks::generate_suite: the suite made of the healthy replay passes when run on it")
{
  const auto text = checks::generate_suite(evidence_of("healthy"));
  core::Suite suite{"observability-demo", "", {}};
  std::size_t bound = 0;
  REQUIRE(problems(text, bound, &suite).empty());
  const auto config = config::resolve({"flags", {{"jaeger-api", "v1"}}, {}}, {"env", {}, {}}, {"file", {}, {}}).value();
  auto client = http::ReplayClient::open(test::fixture_path("replay/healthy"));
  REQUIRE(client);
  util::FakeClock clock;
  const auto summary = core::Runner(**client, clock, config, cli::sources_settings(config)).run(suite);
  REQUIRE(summary.checks.size() == bound);
  for (const auto& check : summary.checks) {
    CAPTURE(check.id);
    CAPTURE(check.message);
    CHECK(check.status == core::Status::pass);
  }
  CHECK(summary.exit_code == core::ExitCode::ok);
}

TEST_CASE("checks::generate_suite: the same evidence gives the same text, whatever the order it came in")
{
  auto evidence = evidence_of("healthy");
  const auto first = checks::generate_suite(evidence);
  std::reverse(evidence.families.begin(), evidence.families.end());
  std::reverse(evidence.traces.traces[0].spans.begin(), evidence.traces.traces[0].spans.end());
  evidence.traces = trace::make_trace_set(std::move(evidence.traces.traces));
  CHECK(checks::generate_suite(evidence) == first);
}

TEST_CASE("checks::generate_suite: names that YAML or ${VAR} would read otherwise are quoted back as written")
{
  checks::InitEvidence evidence;
  evidence.service = "we\"ird $HOME: #svc";
  evidence.families = {{"odd_total", "counter", "odd_total", 2, {"a"}, {"b"}},
                       {"odd$total", "gauge", "odd$total", 1, {}, {}}};
  evidence.metrics_from = "a file";
  const auto text = checks::generate_suite(evidence);
  CAPTURE(text);
  std::size_t bound = 0;
  CHECK(problems(text, bound).empty());
  CHECK(bound == 2);
  CHECK(text.find("suite: \"we\\\"ird $$HOME: #svc\"") != std::string::npos);
  CHECK(text.find("on some samples only: b") != std::string::npos);
}

TEST_CASE("checks::generate_suite: nothing seen is still a suite that reads")
{
  checks::InitEvidence evidence;
  evidence.service = "checkout";
  std::size_t bound = 0;
  CHECK(problems(checks::generate_suite(evidence), bound).empty());
  CHECK(bound == 0);
}

TEST_CASE("checks::FamilyCollector: label names on every sample, and those on some only")
{
  checks::FamilyCollector collector;
  metrics::ExpositionParser parser(metrics::Format::prometheus_text, collector);
  REQUIRE(parser.feed("# TYPE h histogram\nh_bucket{le=\"1\",x=\"a\"} 1\nh_bucket{le=\"+Inf\",x=\"a\"} 1\n"
                      "h_sum{x=\"a\"} 1\nh_count{x=\"a\"} 1\n# TYPE a gauge\na 1\n# TYPE z counter\n"));
  REQUIRE(parser.finish());
  const auto families = collector.families(parser);
  REQUIRE(families.size() == 2); // z has no samples
  CHECK(families[0].name == "a");
  CHECK(families[0].labels.empty());
  CHECK(families[1].name == "h");
  CHECK(families[1].type == "histogram");
  CHECK(families[1].first_sample == "h_bucket");
  CHECK(families[1].labels == std::vector<std::string>{"x"});
  CHECK(families[1].sometimes == std::vector<std::string>{"le"});
}
