#include <checks/registry.hpp>
#include <src/core/suite.hpp>

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("core");

using namespace ttaobs;
using core::Status;

namespace {

const core::Suite& foundation()
{
  return *checks::find_suite("foundation");
}

} // namespace

TEST_CASE("core::customise applies --traces and --set")
{
  const auto& suite = *checks::find_suite("conformance");
  CHECK(suite.checks.size() > foundation().checks.size());
  const auto custom = core::customise(suite, {"trace/max-depth.min=7", "trace/single-root.span=POST /x"}, 5, "0.8");
  REQUIRE(custom);
  for (const auto& check : custom->checks) {
    if (check.evidence.source == sources::Source::jaeger_traces) {
      CHECK(check.evidence.limit == 5);
      CHECK(check.params.quantifier == "0.8");
    }
    if (check.id == "trace/max-depth") {
      CHECK(check.params.min == 7);
    }
    if (check.id == "trace/single-root") {
      CHECK(check.params.span == "POST /x");
    }
  }
  CHECK(core::customise(suite, {}, 1, "all")->checks[0].params.quantifier == "latest");
  CHECK(core::customise(suite, {"trace/max-depth.min"}, 1, "all").error() ==
        "--set trace/max-depth.min: expected ID.KEY=VALUE, e.g. trace/span-count.min=3");
  CHECK(core::customise(suite, {"trace/max-dept.min=3"}, 1, "all").error() ==
        "--set: unknown check id 'trace/max-dept' (did you mean 'trace/max-depth'?)");
  CHECK(core::customise(suite, {"trace/max-depth.mni=3"}, 1, "all").error() ==
        "--set trace/max-depth.mni=3: unknown parameter 'mni' (did you mean 'min'? min, tolerance_us, span, ancestor, "
        "prefix, label, value)");
  CHECK(core::customise(suite, {"trace/max-depth.min=-3"}, 1, "all").error() ==
        "--set trace/max-depth.min=-3: expected a non-negative number, got '-3'");
}

TEST_CASE("core::customise follows --job")
{
  const auto suite = core::customise(*checks::find_suite("conformance"), {}, 1, "all", "pay\"ments").value();
  for (const auto& check : suite.checks) {
    if (check.id == "metrics/scrape-up") {
      CHECK(check.evidence.query == "up{job=\"pay\\\"ments\"}");
      CHECK(check.params.value == "pay\"ments");
    }
  }
}

TEST_CASE("core::closest_id and core::validate_ids suggest the id meant")
{
  const auto& suite = foundation();
  CHECK(core::closest_id(suite, "labels/status-succes") == "labels/status-success");
  CHECK(core::closest_id(suite, "zzzzzzzz").empty());
  CHECK(core::validate_ids(suite, {"trace/root"}, "--only").error() ==
        "--only: unknown check id 'trace/root' (did you mean 'trace/root-span'?)");
  CHECK(core::closest_id(suite, "health/coll") == "health/collector"); // a truncated id is a prefix
  CHECK(core::validate_ids(suite, {"labels/status-success", "health/jaeger"}, "--skip").value());
  CHECK(core::validate_ids(suite, {"zzzzzzzz"}, "--skip").error() ==
        "--skip: unknown check id 'zzzzzzzz' (see 'ttaobs checks list')");
}

TEST_CASE("core::selected_by and core::validate_selection take tags as well as ids")
{
  core::Suite suite{"s", "", {}};
  suite.checks.push_back({.id = "checkout/requests", .tags = {"smoke", "metrics"}});
  suite.checks.push_back({.id = "cache/hits", .tags = {"cache"}});
  CHECK(core::selected_by(suite.checks[0], {"smoke"}));
  CHECK(core::selected_by(suite.checks[0], {"checkout/requests"}));
  CHECK_FALSE(core::selected_by(suite.checks[1], {"smoke", "checkout/requests"}));
  CHECK(core::validate_selection(suite, {"smoke", "cache/hits", "cache"}, "--only").value());
  CHECK(core::validate_selection(suite, {"metric"}, "--only").error() ==
        "--only: unknown check id 'metric' (did you mean 'metrics'?)");
  CHECK(core::validate_selection(suite, {"cache/hit"}, "--skip").error() ==
        "--skip: unknown check id 'cache/hit' (did you mean 'cache/hits'?)");
  CHECK(core::validate_selection(suite, {"zzzzzzzz"}, "--skip").error() ==
        "--skip: unknown check id 'zzzzzzzz' (no check has that id or tag; see 'ttaobs checks list')");
}

TEST_CASE("core::customise leaves the suite it was given untouched")
{
  const auto& suite = *checks::find_suite("conformance");
  const auto before = suite.checks.front().evidence.key();
  const auto custom = core::customise(suite, {}, 3, "any", "other-job");
  REQUIRE(custom);
  CHECK(custom->name == suite.name);
  CHECK(custom->checks.size() == suite.checks.size());
  CHECK(suite.checks.front().evidence.key() == before);
}

TEST_CASE("core::to_string, CheckSpec::group, group_title, outcome and wrong_evidence")
{
  CHECK(core::to_string(Status::pass) == "pass");
  CHECK(core::to_string(Status::fail) == "fail");
  CHECK(core::to_string(Status::warn) == "warn");
  CHECK(core::to_string(Status::error) == "error");
  CHECK(core::to_string(Status::skip) == "skip");
  core::CheckSpec spec;
  spec.id = "trace/max-depth";
  CHECK(spec.group() == "trace");
  CHECK(core::group_title("trace") == "Trace hierarchy");
  CHECK(core::group_title("metrics") == "Prometheus metrics");
  CHECK(core::group_title("labels") == "Metric labels");
  CHECK(core::group_title("health") == "Service health");
  CHECK(core::group_title("other") == "other");
  const auto made = core::outcome(Status::warn, "m", {"d"});
  CHECK(made.status == Status::warn);
  CHECK(made.message == "m");
  CHECK(made.details == std::vector<std::string>{"d"});
  const auto wrong = core::wrong_evidence("trace");
  CHECK(wrong.status == Status::error);
  CHECK(wrong.message == "internal: check expected trace evidence");
}

TEST_SUITE_END();
