#include <src/sources/trace_file.hpp>
#include <src/trace/render.hpp>

#include "support/fixtures.hpp"
#include "support/synthetic.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

TEST_SUITE_BEGIN("trace");

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

trace::TraceSet load(const std::string& relative)
{
  return sources::load_trace_file(test::fixture_path(relative)).value();
}

std::size_t longest_line(const std::string& text)
{
  std::size_t longest = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto end = std::min(text.find('\n', at), text.size());
    longest = std::max(longest, end - at);
    at = end + 1;
  }
  return longest;
}

} // namespace

TEST_CASE("trace::render_tree golden")
{
  const auto set = load("jaeger/jaeger-ui__TraceGraph_testTrace.json");
  check_golden("tree-TraceGraph.txt", trace::render_tree(set.traces[0], set.trees[0], {}));
  const auto healthy = std::get<trace::TraceSet>(test::traces_of("healthy"));
  trace::TraceViewOptions view;
  view.skew_tolerance_us = 1000;
  check_golden("tree-healthy.txt", trace::render_tree(healthy.traces[0], healthy.trees[0], view));
  SUBCASE("bounded output says how much was left out")
  {
    trace::TraceViewOptions bounded;
    bounded.max_lines = 3;
    const auto text = trace::render_tree(healthy.traces[0], healthy.trees[0], bounded);
    CHECK(text.find(fmt::format("… {} more spans\n", healthy.traces[0].spans.size() - 3)) != std::string::npos);
  }
  SUBCASE("a 10⁵-deep chain renders without recursion")
  {
    const auto chain = synthetic::chain(100000);
    const auto tree = trace::build_span_tree(chain);
    trace::TraceViewOptions bounded;
    bounded.max_lines = 5;
    CHECK(trace::render_tree(chain, tree, bounded).find("… 99995 more spans") != std::string::npos);
  }
  SUBCASE("marks")
  {
    const auto cyclic = synthetic::cyclic();
    const auto text = trace::render_tree(cyclic, trace::build_span_tree(cyclic), {});
    CHECK(text.find("x 1µs ⚠ in a reference cycle") != std::string::npos);
    const auto orphaned = synthetic::orphaned();
    CHECK(trace::render_tree(orphaned, trace::build_span_tree(orphaned), {})
              .find("lost 50µs (self 40µs) ⚠ orphan: parent zz not in trace") != std::string::npos);
  }
}

TEST_CASE("trace::render_tree of a 10⁵-deep chain is linear in spans: deep levels fold")
{
  const auto chain = synthetic::chain(100000);
  const auto tree = trace::build_span_tree(chain);
  const auto text = trace::render_tree(chain, tree, {});
  CHECK(text.size() < 200 * chain.spans.size());
  CHECK(longest_line(text) < 400);
  CHECK(text.find("⋮ depth 33–100000: indentation folded, each line starts with its depth\n") != std::string::npos);
  CHECK(text.find("\n" + std::string(30 * 3, ' ') + "└─ level_31 ") != std::string::npos); // last indented level
  CHECK(text.find("\n" + std::string(31 * 3, ' ') + "[33] └─ level_32 ") != std::string::npos);
  CHECK(text.find("\n" + std::string(31 * 3, ' ') + "[100000] └─ level_99999 2µs\n") != std::string::npos);
}

TEST_CASE("trace::render_tree folds branches below the fold depth and keeps their guides")
{
  // root ─ a ─ b ─ c ─ d, and b ─ e; a ─ f: folded past 2 levels of indentation
  trace::Trace t{"f",
                 {{"r", "", "root", 0, 100, {}},
                  {"a", "r", "a", 1, 90, {}},
                  {"b", "a", "b", 2, 80, {}},
                  {"c", "b", "c", 3, 20, {}},
                  {"d", "c", "d", 4, 10, {}},
                  {"e", "b", "e", 30, 10, {}},
                  {"f", "a", "f", 85, 1, {}},
                  {"g", "r", "g", 99, 1, {}}}};
  trace::TraceViewOptions view;
  view.fold_depth = 2;
  const auto text = trace::render_tree(t, trace::build_span_tree(t), view);
  CHECK(text == "root 100µs (self 9µs)\n"
                "├─ a 90µs (self 9µs)\n"
                "│  ⋮ depth 3–5: indentation folded, each line starts with its depth\n"
                "│  [3] ├─ b 80µs (self 50µs)\n"
                "│  [4] ├─ c 20µs (self 10µs)\n"
                "│  [5] └─ d 10µs\n"
                "│  [4] └─ e 10µs\n"
                "│  [3] └─ f 1µs\n"
                "└─ g 1µs\n");
  view.fold_depth = 32;
  CHECK(trace::render_tree(t, trace::build_span_tree(t), view).find("│  │  └─ e 10µs\n") != std::string::npos);
}

TEST_SUITE_END();
