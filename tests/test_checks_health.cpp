#include <checks/checks.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("checks");

using namespace ttaobs;
using core::Status;

TEST_CASE("checks::health_http")
{
  core::CheckParams blocking;
  core::CheckParams warn_only;
  warn_only.warn_only = true;
  CHECK(checks::health_http(sources::Probe{true, 200, {}}, blocking).status == Status::pass);
  const auto down = checks::health_http(sources::Probe{false, 0, "connection refused"}, blocking);
  CHECK(down.status == Status::fail);
  CHECK(down.message == "no answer: connection refused");
  CHECK(checks::health_http(sources::Probe{true, 503, {}}, blocking).message == "HTTP 503 (expected 200)");
  SUBCASE("non-blocking health warns, never fails")
  {
    const auto r = checks::health_http(sources::Probe{true, 503, {}}, warn_only);
    CHECK(r.status == Status::warn);
    CHECK(r.message == "HTTP 503 (expected 200) (non-blocking)");
    CHECK(checks::health_http(sources::Probe{false, 0, "timed out after 5s"}, warn_only).status == Status::warn);
  }
}

TEST_CASE("checks::health_exposition")
{
  core::CheckParams p;
  p.prefix = "tta_";
  p.min = 1;
  const auto healthy = test::answered_200(sources::scan_exposition(test::replay_body("healthy", "9464/metrics")));
  const auto ok = checks::health_exposition(healthy, p);
  CHECK(ok.status == Status::pass);
  CHECK(ok.message.rfind("HTTP 200, ", 0) == 0);
  const auto other = test::answered_200(sources::scan_exposition("# TYPE up gauge\nup 1\n"));
  const auto none = checks::health_exposition(other, p);
  CHECK(none.status == Status::fail);
  CHECK(none.message == "HTTP 200, 0 tta_* sample lines in 0 names of 1 sample lines (expected ≥ 1)");
  CHECK(checks::health_exposition(sources::ExpositionProbe{{true, 404, {}}, {}}, p).message ==
        "HTTP 404 (expected 200)");
  CHECK(checks::health_exposition(sources::ExpositionProbe{{false, 0, "connection refused"}, {}}, p).status ==
        Status::fail);
}

TEST_SUITE_END();

TEST_CASE("health checks carry the status or the sample lines they judged")
{
  core::CheckParams blocking;
  const auto down = checks::health_http(sources::Probe{true, 503, {}}, blocking);
  REQUIRE(down.measurement);
  CHECK(down.measurement->measured == 503);
  CHECK(down.measurement->expected == 200);
  CHECK(down.measurement->comparator == "==");
  CHECK_FALSE(checks::health_http(sources::Probe{false, 0, "connection refused"}, blocking).measurement);
  core::CheckParams p;
  p.prefix = "tta_";
  p.min = 1;
  const auto none =
      checks::health_exposition(test::answered_200(sources::scan_exposition("# TYPE up gauge\nup 1\n")), p);
  REQUIRE(none.measurement);
  CHECK(none.measurement->measured == 0);
  CHECK(none.measurement->unit == "sample lines");
}
