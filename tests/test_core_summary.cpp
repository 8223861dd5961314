#include <src/core/summary.hpp>

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("core");

using namespace ttaobs;
using core::Status;

TEST_CASE("core::exit_code_for precedence")
{
  using core::ExitCode;
  CHECK(core::exit_code_for({14, 0, 0, 0, 0}, false) == ExitCode::ok);
  CHECK(core::exit_code_for({13, 0, 1, 0, 0}, false) == ExitCode::ok);
  CHECK(core::exit_code_for({13, 0, 1, 0, 0}, true) == ExitCode::failed);
  CHECK(core::exit_code_for({10, 1, 0, 3, 0}, false) == ExitCode::failed);
  CHECK(core::exit_code_for({11, 0, 0, 3, 0}, false) == ExitCode::could_not_look);
  CHECK(core::exit_code_for({0, 0, 0, 0, 14}, false) == ExitCode::ok);
}

namespace {

core::RunSummary summarised(bool strict)
{
  using std::chrono::milliseconds;
  core::RunSummary s;
  s.strict = strict;
  s.checks = {
      {"trace/a", "trace", "", Status::pass, "", {}, "", milliseconds(12)},
      {"health/w", "health", "", Status::warn, "", {}, "", milliseconds(1)},
      {"trace/f", "trace", "", Status::fail, "", {}, "", milliseconds(3)},
      {"metrics/e", "metrics", "", Status::error, "", {}, "", milliseconds(5)},
      {"health/s", "health", "", Status::skip, "", {}, "", milliseconds(0)},
  };
  core::summarise(s);
  return s;
}

} // namespace

TEST_CASE("core::summarise groups the checks in order of first appearance, each with its counts and time")
{
  const auto s = summarised(false);
  REQUIRE(s.groups.size() == 3);
  CHECK(s.groups[0].group == "trace");
  CHECK(s.groups[0].checks == std::vector<std::size_t>{0, 2});
  CHECK(s.groups[0].counts.passed == 1);
  CHECK(s.groups[0].counts.failed == 1);
  CHECK(s.groups[0].time == std::chrono::milliseconds(15));
  CHECK(s.groups[1].group == "health");
  CHECK(s.groups[1].checks == std::vector<std::size_t>{1, 4});
  CHECK(s.groups[2].group == "metrics");
  CHECK(s.groups[2].counts.errors == 1);
  CHECK(s.checks_time == std::chrono::milliseconds(21));
  CHECK(s.counts.total() == 5);
  CHECK(s.exit_code == core::ExitCode::failed);
}

TEST_CASE("core::summarise applies --strict once: a warning fails the run only under it")
{
  const auto lenient = summarised(false);
  CHECK_FALSE(lenient.checks[1].strict_failure);
  CHECK(lenient.counts.failing() == 1);
  CHECK(lenient.counts.tolerated_warnings() == 1);
  CHECK(lenient.groups[1].counts.failing() == 0);
  CHECK(lenient.groups[1].counts.tolerated_warnings() == 1);
  const auto strict = summarised(true);
  CHECK(strict.checks[1].strict_failure);
  CHECK_FALSE(strict.checks[0].strict_failure);
  CHECK(strict.counts.failing() == 2);
  CHECK(strict.counts.tolerated_warnings() == 0);
  CHECK(strict.groups[1].counts.failing() == 1);
  CHECK(strict.groups[1].counts.tolerated_warnings() == 0);
  CHECK(core::count(strict.checks, true).strict_failures == 1);
  CHECK(core::count(strict.checks).strict_failures == 0);
}

TEST_SUITE_END();
