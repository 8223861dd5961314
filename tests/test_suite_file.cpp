#include <src/suite/file.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <string>

using namespace ttaobs;

namespace {

const yaml::EnvLookup k_env = [](std::string_view name) -> std::optional<std::string> {
  if (name == "JOB") {
    return "checkout-api";
  }
  return std::nullopt;
};

// Suites by reference: "base" is a built-in name, "dir/x.yaml" a path.
suite::SuiteSource source_of(std::map<std::string, std::string> files)
{
  return [files = std::move(files)](std::string_view reference,
                                    std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
    const auto found = files.find(std::string(reference));
    if (found == files.end()) {
      return unexpected(std::string("no such suite"));
    }
    return std::pair{found->second, found->first};
  };
}

std::vector<std::string> problems_of(std::string_view text, const suite::SuiteSource& source = source_of({}))
{
  const auto read = suite::read_suite(text, "my.yaml", source, k_env);
  REQUIRE_FALSE(read);
  std::vector<std::string> out;
  for (const auto& p : read.error()) {
    out.push_back(p.describe());
  }
  return out;
}

constexpr std::string_view k_base = R"(suite: base
description: the base
defaults:
  service: demo
  job: demo
checks:
  - id: trace/root
    kind: trace.spans
    select: {name: demo.root}
  - id: health/api
    kind: health.http
    url: http://localhost:8080/healthz
)";

} // namespace

TEST_CASE("suite file: common fields, defaults with origins, interpolation")
{
  const auto read = suite::read_suite(R"(suite: checkout
description: checkout's telemetry
defaults:
  service: checkout
  job: ${JOB}
checks:
  - id: metrics/requests
    kind: prometheus.query
    query: sum(rate(http_server_requests_total[5m]))
    severity: warn
    tags: [metrics, smoke]
  - id: metrics/tokens
    kind: prometheus.query
    query: llm_tokens_total
    optional: true
)",
                                      "my.yaml", source_of({}), k_env);
  REQUIRE(read);
  CHECK(read->name == "checkout");
  CHECK(read->description == "checkout's telemetry");
  REQUIRE(read->defaults.size() == 2);
  CHECK(read->defaults[1].key == "job");
  CHECK(read->defaults[1].value == "checkout-api");
  CHECK(read->defaults[1].origin.describe() == "my.yaml:5");
  REQUIRE(read->checks.size() == 2);
  const auto& check = read->checks[0];
  CHECK_FALSE(check.optional);
  CHECK(read->checks[1].optional);
  CHECK(check.id == "metrics/requests");
  CHECK(check.kind == "prometheus.query");
  CHECK(check.severity == suite::Severity::warn);
  CHECK(check.tags == std::vector<std::string>{"metrics", "smoke"});
  CHECK(check.node.find("query")->value == "sum(rate(http_server_requests_total[5m]))");
  CHECK(check.origin.describe() == "my.yaml:7");
  CHECK(read->chain == std::vector<std::string>{"my.yaml"});
}

TEST_CASE("suite file: extends puts the base first; same ids and defaults are replaced in place")
{
  const auto read = suite::read_suite(R"(suite: mine
extends: base
defaults: {service: checkout}
checks:
  - id: trace/root
    kind: trace.spans
    select: {name: checkout.request}
  - id: trace/db
    kind: trace.spans
    select: {name: db.query}
)",
                                      "my.yaml", source_of({{"base", std::string(k_base)}}), k_env);
  REQUIRE(read);
  CHECK(read->name == "mine");
  CHECK(read->description == "the base");
  CHECK(read->chain == std::vector<std::string>{"base", "my.yaml"});
  REQUIRE(read->checks.size() == 3);
  CHECK(read->checks[0].id == "trace/root");
  CHECK(read->checks[0].node.find("select")->find("name")->value == "checkout.request");
  CHECK(read->checks[0].origin.file == "my.yaml");
  CHECK(read->checks[1].id == "health/api");
  CHECK(read->checks[2].id == "trace/db");
  REQUIRE(read->defaults.size() == 2);
  CHECK(read->defaults[0].value == "checkout");
  CHECK(read->defaults[0].origin.describe() == "my.yaml:3");
  CHECK(read->defaults[1].origin.file == "base");
}

TEST_CASE("suite file: every problem is reported with its file and position")
{
  CHECK(problems_of("suite: [x\n") == std::vector<std::string>{"my.yaml:2:1: end of sequence flow not found"});
  CHECK(problems_of(R"(suite: s
chekcs: []
checks:
  - id: bad id
    kind: trace.spans
  - kind: trace.spans
  - id: a/b
    kind: trace.spans
    severity: fatal
    tags: [ok, "not ok"]
  - id: c/d
    kind: x
  - id: c/d
    kind: y
defaults:
  service: [a, b]
  job: ${UNSET}
)") == std::vector<std::string>{
           "my.yaml:2:1: unknown key \"chekcs\" in the suite (did you mean \"checks\"?)",
           "my.yaml:16:12: default \"service\" must be a single value, not a sequence",
           "my.yaml:17:8: ${UNSET} is not set (give a default with ${UNSET:-…})",
           "my.yaml:4:9: check id \"bad id\" must be \"area/name\" (letters, digits, '-', '_', '.')",
           "my.yaml:6:5: check 2 needs \"id\"",
           "my.yaml:9:15: \"severity\" of check 3 must be one of fail, warn, not \"fatal\"",
           "my.yaml:10:11: tag \"not ok\" must be letters, digits, '-', '_', '.'",
           "my.yaml:13:9: check id \"c/d\" appears twice",
       });
  CHECK(problems_of("checks: {}\n") ==
        std::vector<std::string>{"my.yaml:1:1: the suite needs \"suite\"",
                                 "my.yaml:1:9: \"checks\" must be a list of checks, not a mapping"});
  CHECK(problems_of("suite: s\nchecks:\n  - id: a/b\n    kind: trace.spans\n    optional: maybe\n") ==
        std::vector<std::string>{"my.yaml:5:15: \"optional\" of check 1 must be true or false, not \"maybe\""});
}

TEST_CASE("suite file: extends that is missing, cyclic or too deep is an error at the extends line")
{
  CHECK(problems_of("suite: s\nextends: nowhere\n") ==
        std::vector<std::string>{"my.yaml:2:10: extends \"nowhere\": no such suite"});
  const auto cycle = source_of({{"a", "suite: a\nextends: b\n"}, {"b", "suite: b\nextends: a\n"}});
  CHECK(problems_of("suite: s\nextends: a\n", cycle) ==
        std::vector<std::string>{"b:2:10: extends \"a\": a cycle (my.yaml → a → b → a)"});
  std::map<std::string, std::string> chain;
  for (int i = 0; i < 20; ++i) {
    chain[fmt::format("s{}", i)] = fmt::format("suite: s{}\nextends: s{}\n", i, i + 1);
  }
  const auto deep = problems_of("suite: top\nextends: s0\n", source_of(chain));
  REQUIRE(deep.size() == 1);
  CHECK(deep[0] == "s6:2:10: \"extends\" goes more than 8 suites deep");
}

TEST_CASE("suite file: after places a check right after an inherited or earlier one")
{
  const auto read = suite::read_suite(R"(suite: mine
extends: base
checks:
  - id: trace/db
    kind: trace.spans
    after: trace/root
  - id: trace/cache
    kind: trace.spans
    after: trace/db
  - id: health/api
    kind: health.http
    after: trace/root
  - id: metrics/last
    kind: prometheus.query
)",
                                      "my.yaml", source_of({{"base", std::string(k_base)}}), k_env);
  REQUIRE(read);
  std::vector<std::string> ids;
  for (const auto& check : read->checks) {
    ids.push_back(check.id);
  }
  // health/api is redefined in place, then moved: an inherited check may be placed too
  CHECK(ids == std::vector<std::string>{"trace/root", "health/api", "trace/db", "trace/cache", "metrics/last"});
  CHECK(read->checks[2].after == "trace/root");
  CHECK(problems_of(R"(suite: mine
extends: base
checks:
  - {id: trace/db, kind: trace.spans, after: trace/rot}
  - {id: trace/x, kind: trace.spans, after: trace/x}
  - {id: trace/y, kind: trace.spans, after: [a]}
)",
                    source_of({{"base", std::string(k_base)}})) ==
        std::vector<std::string>{"my.yaml:4:46: after \"trace/rot\": no inherited or earlier check has this id",
                                 "my.yaml:5:45: check \"trace/x\" cannot be placed after itself",
                                 "my.yaml:6:45: \"after\" of check 3 must be a string, not a sequence"});
}
