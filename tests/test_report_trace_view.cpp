#include <src/report/trace_view.hpp>
#include <src/sources/trace_file.hpp>

#include "support/fixtures.hpp"
#include "support/synthetic.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

TEST_SUITE_BEGIN("report");

using namespace ttaobs;
namespace synthetic = ttaobs::test::synthetic;

namespace {

void check_golden(const std::string& name, const std::string& actual)
{
  const auto path = test::fixture_path("../tests/golden/" + name);
  if (std::getenv("TTAOBS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
  }
  CHECK(actual == test::read_fixture("../tests/golden/" + name));
}

sources::TraceSet load(const std::string& relative)
{
  return sources::load_trace_file(test::fixture_path(relative)).value();
}

} // namespace

TEST_CASE("report::render_tree golden")
{
  const auto set = load("jaeger/jaeger-ui__TraceGraph_testTrace.json");
  check_golden("tree-TraceGraph.txt", report::render_tree(set.traces[0], set.trees[0], {}));
  const auto healthy = std::get<sources::TraceSet>(test::traces_of("healthy"));
  report::TraceViewOptions view;
  view.skew_tolerance_us = 1000;
  check_golden("tree-healthy.txt", report::render_tree(healthy.traces[0], healthy.trees[0], view));
  SUBCASE("bounded output says how much was left out")
  {
    report::TraceViewOptions bounded;
    bounded.max_lines = 3;
    const auto text = report::render_tree(healthy.traces[0], healthy.trees[0], bounded);
    CHECK(text.find(fmt::format("… {} more spans\n", healthy.traces[0].spans.size() - 3)) != std::string::npos);
  }
  SUBCASE("a 10⁵-deep chain renders without recursion")
  {
    const auto chain = synthetic::chain(100000);
    const auto tree = sources::build_span_tree(chain);
    report::TraceViewOptions bounded;
    bounded.max_lines = 5;
    CHECK(report::render_tree(chain, tree, bounded).find("… 99995 more spans") != std::string::npos);
  }
  SUBCASE("marks")
  {
    const auto cyclic = synthetic::cyclic();
    const auto text = report::render_tree(cyclic, sources::build_span_tree(cyclic), {});
    CHECK(text.find("x 1µs ⚠ in a reference cycle") != std::string::npos);
    const auto orphaned = synthetic::orphaned();
    CHECK(report::render_tree(orphaned, sources::build_span_tree(orphaned), {}).find("lost 50µs (self 40µs) ⚠ orphan: parent zz not in trace")
          != std::string::npos);
  }
}

TEST_CASE("report::render_waterfall golden")
{
  const auto set = load("jaeger/jaeger-ui__TraceGraph_testTrace.json");
  report::TraceViewOptions view;
  view.width = 80;
  check_golden("waterfall-TraceGraph.txt", report::render_waterfall(set.traces[0], set.trees[0], view));
  view.color = true;
  CHECK(report::render_waterfall(set.traces[0], set.trees[0], view).find("\033[33m") != std::string::npos);
}

TEST_CASE("report views stay linear on 10⁵ orphans")
{
  sources::Trace t{"many", {}};
  for (std::size_t i = 0; i < 100000; ++i) {
    t.spans.push_back({fmt::format("{:x}", i + 1), "missing", "orphan", static_cast<std::int64_t>(i), 1, {}});
  }
  const auto tree = sources::build_span_tree(t);
  CHECK(tree.orphans.size() == 100000);
  const auto doc = nlohmann::json::parse(report::render_trace_json(t, tree)); // quadratic marking would hang here
  CHECK(doc["spans"][99999]["marks"][0] == "orphan: parent missing not in trace");
  report::TraceViewOptions view;
  view.max_lines = 10;
  CHECK(report::render_waterfall(t, tree, view).find("… 99990 more spans") != std::string::npos);
}

TEST_CASE("report::render_trace_json")
{
  const auto set = load("jaeger/jaeger__otlp2jaeger-out.json");
  const auto doc = nlohmann::json::parse(report::render_trace_json(set.traces[0], set.trees[0]));
  CHECK(doc["schema"] == "ttaobs.trace/v1");
  CHECK(doc["span_count"] == 2);
  CHECK(doc["orphans"].size() == 2);
  CHECK(doc["duplicates"].size() == 1);
  CHECK(doc["spans"][0]["marks"][0] == "orphan: parent 909541b92cf05311 not in trace");
}

TEST_CASE("report::format_duration_us")
{
  CHECK(report::format_duration_us(850) == "850µs");
  CHECK(report::format_duration_us(1234) == "1.23ms");
  CHECK(report::format_duration_us(2500000) == "2.5s");
}

TEST_SUITE_END();
