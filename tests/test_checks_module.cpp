#include <checks/module.hpp>
#include <src/cli/sources_settings.hpp>
#include <src/config/config.hpp>
#include <src/core/runner.hpp>
#include <src/http/replay_client.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;
using core::Status;

namespace {

const yaml::EnvLookup k_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

suite::SuiteFile read(std::string_view text)
{
  const auto none = [](std::string_view,
                       std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
    return unexpected(std::string("none"));
  };
  auto file = suite::read_suite(text, "my.yaml", none, k_env);
  REQUIRE(file);
  return std::move(*file);
}

std::vector<std::string> bind_problems(std::string_view text)
{
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{k_env, errors, "checkout"};
  for (const auto& entry : read(text).checks) {
    CHECK_FALSE(checks::bind_check(entry, context));
  }
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(e.describe("my.yaml"));
  }
  return out;
}

} // namespace

TEST_CASE("checks::modules: one row per kind, each with a summary and a reader")
{
  REQUIRE_FALSE(checks::modules().empty());
  for (const auto& module : checks::modules()) {
    CAPTURE(module.kind);
    CHECK(checks::find_module(module.kind) == &module);
    CHECK_FALSE(module.summary.empty());
    CHECK((module.read != nullptr));
    CHECK(module.kind.find('.') != std::string_view::npos);
  }
  CHECK(checks::find_module("no.such") == nullptr);
}

TEST_CASE("checks::bind_check: unknown kinds, module field problems and unknown keys are positioned")
{
  CHECK(bind_problems("suite: s\nchecks:\n  - {id: a/b, kind: prometheus.qeury, query: up}\n") ==
        std::vector<std::string>{
            "my.yaml:3:21: unknown check kind \"prometheus.qeury\" (did you mean \"prometheus.query\"?)"});
  CHECK(bind_problems("suite: s\nchecks:\n  - id: a/b\n    kind: prometheus.query\n    qurey: up\n") ==
        std::vector<std::string>{"my.yaml:3:5: check 'a/b' needs \"query\"",
                                 "my.yaml:5:5: unknown key \"qurey\" in check 'a/b' (did you mean \"query\"?)"});
}

TEST_CASE("checks::bind_check: a user's prometheus.query checks run through the runner, severity warn warns")
{
  const auto file = read(R"(suite: mine
checks:
  - id: metrics/requests-by-type
    kind: prometheus.query
    query: tta_requests_total
    expect: {distinct: {label: primitive_type, min: 4}, present: {label: status, value: success}}
    tags: [metrics]
  - id: metrics/impossible
    kind: prometheus.query
    description: more request types than the demo has
    severity: warn
    query: tta_requests_total
    expect: {distinct: {label: primitive_type, min: 50}}
)");
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{k_env, errors, "tta-primitives"};
  core::Suite suite{file.name, file.description, {}};
  for (const auto& entry : file.checks) {
    auto spec = checks::bind_check(entry, context);
    REQUIRE(spec);
    suite.checks.push_back(std::move(*spec));
  }
  REQUIRE(errors.empty());
  CHECK(suite.checks[0].description == "PromQL tta_requests_total meets its expectations");
  CHECK(suite.checks[0].tags == std::vector<std::string>{"metrics"});
  CHECK(suite.checks[1].description == "more request types than the demo has");

  const auto config = config::resolve({"flags", {{"jaeger-api", "v1"}}, {}}, {"env", {}, {}}, {"file", {}, {}}).value();
  auto client = http::ReplayClient::open(test::fixture_path("replay/healthy"));
  REQUIRE(client);
  util::FakeClock clock;
  const auto summary = core::Runner(**client, clock, config, cli::sources_settings(config)).run(suite);
  REQUIRE(summary.checks.size() == 2);
  CHECK(summary.checks[0].status == Status::pass);
  CHECK(summary.checks[0].message.find("distinct primitive_type values (expected ≥ 4)") != std::string::npos);
  CHECK(summary.checks[1].status == Status::warn);
  CHECK(summary.checks[1].message.find("(expected ≥ 50)") != std::string::npos);
  CHECK(summary.exit_code == core::ExitCode::ok);
  CHECK((*client)->requests().size() == 1); // one distinct request for both checks
}
