// checks/registry: the suite tables (ids, groups, descriptions, functions) and finding a suite.
#include <checks/registry.hpp>
#include <src/core/suite.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

TEST_SUITE_BEGIN("checks");

using namespace ttaobs;

TEST_CASE("checks::registry table")
{
  const auto& suite = *checks::find_suite("foundation");
  CHECK_FALSE(suite.checks.empty());
  std::set<std::string> ids;
  const std::set<std::string> groups = {"trace", "metrics", "labels", "health"};
  for (const auto& check : suite.checks) {
    CAPTURE(check.id);
    CHECK(ids.insert(check.id).second);
    CHECK(groups.count(check.group()) == 1);
    CHECK(check.id.find('/') != std::string::npos);
    CHECK((check.fn != nullptr));
    CHECK_FALSE(check.description.empty());
    CHECK(core::group_title(check.group()) != check.group());
  }
  CHECK(checks::find_suite("nope") == nullptr);
}

TEST_CASE("checks::suites: conformance is the foundation suite plus more, in the same order")
{
  const auto& all = checks::suites();
  REQUIRE(all.size() >= 2);
  CHECK(all[0].name == "foundation");
  CHECK(checks::find_suite("foundation") == &all[0]);
  const auto& foundation = *checks::find_suite("foundation");
  const auto* conformance = checks::find_suite("conformance");
  REQUIRE(conformance != nullptr);
  CHECK(conformance->checks.size() > foundation.checks.size());
  // every foundation id appears in conformance, in the foundation's order
  auto at = conformance->checks.begin();
  for (const auto& check : foundation.checks) {
    CAPTURE(check.id);
    at = std::find_if(at, conformance->checks.end(), [&](const core::CheckSpec& c) { return c.id == check.id; });
    REQUIRE(at != conformance->checks.end());
  }
  std::set<std::string> ids;
  for (const auto& check : conformance->checks) {
    CAPTURE(check.id);
    CHECK(ids.insert(check.id).second);
    CHECK((check.fn != nullptr));
    CHECK_FALSE(check.description.empty());
  }
}

TEST_SUITE_END();
