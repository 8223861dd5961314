#include <checks/checks.hpp>
#include <src/trace/model.hpp>
#include <src/trace/span_tree.hpp>

#include "support/fixtures.hpp"
#include "support/synthetic.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using trace::SpanTree;
namespace synthetic = ttaobs::test::synthetic;

TEST_CASE("trace::build_span_tree on a real workflow trace")
{
  const auto set = std::get<trace::TraceSet>(test::traces_of("healthy"));
  const auto& trace = set.traces[0];
  const auto& tree = set.trees[0];
  REQUIRE(tree.roots.size() == 1);
  CHECK(trace.spans[tree.roots[0]].name == "demo.workflow_execution");
  CHECK(tree.orphans.empty());
  CHECK(tree.duplicates.empty());
  CHECK(tree.in_cycle.empty());
  CHECK(tree.max_depth == 5);
  const auto path = trace::path_to(trace, tree, tree.deepest);
  REQUIRE(path.size() == 5);
  CHECK(path[0] == "demo.workflow_execution");
  CHECK(path[1] == "primitive.sequential.execute");
  // children come ordered by start time
  const auto root_children = tree.children(tree.roots[0]);
  REQUIRE(root_children.size() == 1);
  const auto steps = tree.children(root_children[0]);
  CHECK(steps.size() == 4);
  for (std::size_t k = 1; k < steps.size(); ++k) {
    CHECK(trace.spans[steps[k - 1]].start_us <= trace.spans[steps[k]].start_us);
  }
}

TEST_CASE("trace::build_span_tree broken shapes")
{
  SUBCASE("orphan: parent id outside the trace")
  {
    const auto t = synthetic::orphaned();
    const auto tree = trace::build_span_tree(t);
    CHECK(tree.roots == std::vector<std::size_t>{0});
    CHECK(tree.orphans == std::vector<std::size_t>{1});
    CHECK(tree.depth[1] == 1); // the top of its own fragment
    CHECK(tree.depth[2] == 2);
    CHECK(tree.max_depth == 2);
  }
  SUBCASE("reference cycle")
  {
    const auto t = synthetic::cyclic();
    const auto tree = trace::build_span_tree(t);
    CHECK(tree.roots == std::vector<std::size_t>{0});
    CHECK(tree.in_cycle == std::vector<std::size_t>{1, 2, 3});
    CHECK(tree.depth[1] == SpanTree::k_none);
    CHECK(trace::path_to(t, tree, 1).size() <= t.spans.size() + 1); // bounded walk
  }
  SUBCASE("a span that is its own parent is a cycle of one, not an orphan; duplicates are reported")
  {
    trace::Trace t{"d",
                   {{"a", "", "root", 0, 10, {}},
                    {"b", "b", "self", 1, 1, {}},
                    {"a", "a", "dup", 2, 1, {}},
                    {"c", "b", "under-self", 1, 1, {}}}};
    const auto tree = trace::build_span_tree(t);
    CHECK(tree.orphans.empty());
    CHECK(tree.in_cycle == std::vector<std::size_t>{1, 3}); // and what hangs off it
    CHECK(tree.depth[1] == SpanTree::k_none);
    CHECK(tree.parent[1] == 1);
    CHECK(tree.duplicates == std::vector<std::size_t>{2});
    CHECK(tree.parent[2] == 0);                                     // its parent id names the first 'a'
    CHECK(trace::path_to(t, tree, 3).size() <= t.spans.size() + 1); // bounded walk
    const auto verdict = checks::trace_link_integrity(trace::make_trace_set({t}), {});
    CHECK(verdict.status == core::Status::fail);
    CHECK(verdict.message.find("2 spans in reference cycles") != std::string::npos);
    CHECK(verdict.message.find("orphan") == std::string::npos);
  }
  SUBCASE("a lone self-parented span is a cycle with no root")
  {
    trace::Trace t{"s", {{"a", "a", "self", 0, 5, {}}}};
    const auto tree = trace::build_span_tree(t);
    CHECK(tree.roots.empty());
    CHECK(tree.orphans.empty());
    CHECK(tree.in_cycle == std::vector<std::size_t>{0});
    CHECK(tree.self_time_us[0] == 5); // it is not its own child's time
  }
  SUBCASE("Jaeger's own fixture: orphans and a duplicate id")
  {
    const auto set = std::get<trace::TraceSet>(
        sources::Payload(trace::make_trace_set({std::get<trace::TraceSet>(test::traces_of("healthy")).traces[0]})));
    CHECK(set.trees.size() == 1);
  }
  SUBCASE("empty trace")
  {
    const auto tree = trace::build_span_tree(trace::Trace{});
    CHECK(tree.max_depth == 0);
    CHECK(tree.deepest == SpanTree::k_none);
  }
}

TEST_CASE("trace::build_span_tree scale: deep and wide without recursion")
{
  const auto deep = synthetic::chain(100000);
  const auto deep_tree = trace::build_span_tree(deep);
  CHECK(deep_tree.max_depth == 100000);
  CHECK(deep_tree.deepest == 99999);
  CHECK(deep_tree.in_cycle.empty());
  const auto broad = synthetic::wide(1000000); // 10⁶ siblings
  const auto broad_tree = trace::build_span_tree(broad);
  CHECK(broad_tree.max_depth == 2);
  const auto kids = broad_tree.children(0);
  REQUIRE(kids.size() == 999999);
  CHECK(kids.front() == 999999); // started first
  CHECK(kids.back() == 1);
}

TEST_CASE("trace::build_span_tree self time")
{
  // parent [0,100); children [10,30) and [20,50) overlap → covered 40; [60,70) → 10; one outside [150,160)
  trace::Trace t{"s",
                 {{"p", "", "parent", 0, 100, {}},
                  {"a", "p", "a", 10, 20, {}},
                  {"b", "p", "b", 20, 30, {}},
                  {"c", "p", "c", 60, 10, {}},
                  {"d", "p", "d", 150, 10, {}}}};
  const auto tree = trace::build_span_tree(t);
  CHECK(tree.self_time_us[0] == 50);
  CHECK(tree.self_time_us[1] == 20);
}

TEST_SUITE_END();
