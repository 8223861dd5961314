#include <src/sources/exposition_scan.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;

TEST_CASE("sources::scan_exposition")
{
  const auto scan = sources::scan_exposition(test::replay_body("healthy", "9464/metrics"));
  CHECK(scan.samples_by_name.at("tta_requests_total") >= 4);
  CHECK(scan.samples_by_name.count("target_info") == 1);
  CHECK(scan.samples_by_name.count("tta_execution_duration_seconds_bucket") == 1);
  const auto tiny = sources::scan_exposition("# HELP a x\n# TYPE a counter\na_total 1\n\n  b{x=\"1\"} 2\r\n{c=\"\"} 3\n");
  CHECK(tiny.sample_lines == 2);
  CHECK(tiny.samples_by_name.at("a_total") == 1);
  CHECK(tiny.samples_by_name.at("b") == 1);
}

TEST_SUITE_END();
