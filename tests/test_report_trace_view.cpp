#include <src/metrics/numbers.hpp>
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

trace::TraceSet load(const std::string& relative)
{
  return sources::load_trace_file(test::fixture_path(relative)).value();
}

} // namespace

TEST_CASE("report::render_waterfall golden")
{
  const auto set = load("jaeger/jaeger-ui__TraceGraph_testTrace.json");
  trace::TraceViewOptions view;
  view.width = 80;
  check_golden("waterfall-TraceGraph.txt", report::render_waterfall(set.traces[0], set.trees[0], view));
  view.color = true;
  CHECK(report::render_waterfall(set.traces[0], set.trees[0], view).find("\033[33m") != std::string::npos);
}

TEST_CASE("report::render_waterfall scales bars in columns: a 100 ms root is twice its 50 ms child")
{
  trace::Trace trace{"t", {}};
  trace.spans.push_back({"r", {}, "root", 0, 100'000, {}});
  trace.spans.push_back({"c", "r", "child", 0, 50'000, {}});
  const auto set = trace::make_trace_set({trace});
  trace::TraceViewOptions view;
  view.width = 100;
  const auto text = report::render_waterfall(set.traces[0], set.trees[0], view);
  const auto columns = [&](const std::string& name) {
    const auto line = text.substr(text.find(name), text.find('\n', text.find(name)) - text.find(name));
    std::size_t bars = 0;
    for (auto at = line.find("█"); at != std::string::npos; at = line.find("█", at + 1)) {
      ++bars;
    }
    return bars;
  };
  CHECK(columns("root") / 2 == columns("child")); // (rounded down)
  CHECK(columns("root") > 40);                    // the whole bar width, not a third of it
}

TEST_CASE("report views stay linear on 10⁵ orphans")
{
  trace::Trace t{"many", {}};
  for (std::size_t i = 0; i < 100000; ++i) {
    t.spans.push_back({fmt::format("{:x}", i + 1), "missing", "orphan", static_cast<std::int64_t>(i), 1, {}});
  }
  const auto tree = trace::build_span_tree(t);
  CHECK(tree.orphans.size() == 100000);
  const auto doc = nlohmann::json::parse(report::render_trace_json(t, tree)); // quadratic marking would hang here
  CHECK(doc["spans"][99999]["marks"][0] == "orphan: parent missing not in trace");
  trace::TraceViewOptions view;
  view.max_lines = 10;
  CHECK(report::render_waterfall(t, tree, view).find("… 99990 more spans") != std::string::npos);
}

namespace {

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

TEST_CASE("report views of a 10⁵-deep chain are linear in spans: deep levels fold")
{
  const auto chain = synthetic::chain(100000);
  const auto tree = trace::build_span_tree(chain);
  SUBCASE("waterfall")
  {
    const auto text = report::render_waterfall(chain, tree, {});
    CHECK(text.size() < 200 * chain.spans.size());
    CHECK(longest_line(text) < 400);
    CHECK(text.find("⋮ depth 13–100000: indentation folded") != std::string::npos);
    CHECK(text.find(std::string(24, ' ') + "[100000] level_99999") != std::string::npos);
  }
  SUBCASE("json")
  {
    const auto text = report::render_trace_json(chain, tree);
    CHECK(text.size() < 400 * chain.spans.size());
    const auto doc = nlohmann::json::parse(text);
    CHECK(doc["max_depth"] == 100000);
    CHECK(doc["spans"].size() == 100000);
    CHECK(doc["spans"][99999]["depth"] == 100000);
    CHECK(doc["spans"][99998]["children"][0] == 99999);
  }
}

TEST_CASE("report trace views: span names and ids never reach the terminal raw")
{
  trace::Trace t{"u",
                 {{"r",
                   "",
                   "root \x1b]0;owned\x07 \xff\xc0 \xc2\x9b"
                   "2J",
                   0,
                   10,
                   {}},
                  {"c\x1b",
                   "gone\x1b[1m",
                   "child \xe2\x80\xae"
                   "evil",
                   1,
                   5,
                   {}}}};
  const auto tree = trace::build_span_tree(t);
  trace::TraceViewOptions view;
  view.width = 80;
  for (const auto& text : {trace::render_tree(t, tree, view), report::render_waterfall(t, tree, view)}) {
    CHECK(metrics::valid_utf8(text));
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find("\xc2\x9b") == std::string::npos);
    CHECK(text.find("\xe2\x80\xae") == std::string::npos);
    CHECK(text.find("root ]0;owned \xEF\xBF\xBD\xEF\xBF\xBD 2J") != std::string::npos); // U+FFFD per bad byte
  }
  CHECK(trace::render_tree(t, tree, view).find("child evil 5µs ⚠ orphan: parent gone [1m not in trace") !=
        std::string::npos);
  const auto doc = nlohmann::json::parse(report::render_trace_json(t, tree)); // JSON escapes and replaces
  const auto name = doc["spans"][0]["name"].get<std::string>();
  CHECK(name.find("root \x1b]0;owned\x07 \xEF\xBF\xBD") == 0); // escaped as \u001b in the JSON text
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

TEST_SUITE_END();
