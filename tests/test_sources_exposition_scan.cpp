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
  const auto tiny =
      sources::scan_exposition("# HELP a x\n# TYPE a counter\na_total 1\n\n  b{x=\"1\"} 2\r\n{c=\"\"} 3\n");
  CHECK(tiny.sample_lines == 2);
  CHECK(tiny.samples_by_name.at("a_total") == 1);
  CHECK(tiny.samples_by_name.at("b") == 1);
}

namespace {

struct Counting final : metrics::ExpositionSink
{
  std::size_t samples = 0;
  void on_sample(const metrics::Sample&, const metrics::Family&) override { ++samples; }
};

} // namespace

TEST_CASE("sources::ShapeRecorder: each family's type, unit and label names, samples passed on")
{
  Counting next;
  sources::ShapeRecorder recorder(next);
  metrics::ExpositionParser parser(metrics::Format::openmetrics, recorder);
  CHECK(parser.feed(
      "# TYPE d_seconds histogram\n# UNIT d_seconds seconds\n"
      "d_seconds_bucket{m=\"GET\",le=\"+Inf\"} 2\nd_seconds_count{m=\"GET\"} 2\nd_seconds_sum{m=\"GET\"} 1\n"
      "# TYPE quiet gauge\n# TYPE c counter\nc_total 1\n# EOF\n"));
  CHECK(parser.finish());
  sources::ExpositionScan scan;
  recorder.finish(parser, scan);
  CHECK(next.samples == 4);
  REQUIRE(scan.families.size() == 3);
  const auto& d = scan.families.at("d_seconds");
  CHECK(d.type == "histogram");
  CHECK(d.unit == "seconds");
  CHECK(d.samples == 3);
  CHECK(d.labels == std::vector<std::pair<std::string, std::size_t>>{{"m", 3}, {"le", 1}});
  CHECK(scan.families.at("quiet").samples == 0);
  CHECK(scan.families.at("quiet").typed);
  CHECK(scan.families.at("c").type == "counter");
  CHECK_FALSE(scan.families.at("c").unit);
}

TEST_CASE("sources::ShapeRecorder: label names per family are bounded")
{
  Counting next;
  sources::ShapeRecorder recorder(next);
  metrics::ExpositionParser parser(metrics::Format::prometheus_text, recorder);
  for (std::size_t i = 0; i < sources::FamilyShape::k_max_labels + 5; ++i) {
    CHECK(parser.feed("wide{l" + std::to_string(i) + "=\"x\"} 1\n"));
  }
  CHECK(parser.finish());
  sources::ExpositionScan scan;
  recorder.finish(parser, scan);
  const auto& wide = scan.families.at("wide");
  CHECK(wide.labels.size() == sources::FamilyShape::k_max_labels);
  CHECK(wide.labels_capped);
  CHECK(wide.type == "untyped");
  CHECK(wide.samples == sources::FamilyShape::k_max_labels + 5);
}

TEST_SUITE_END();
