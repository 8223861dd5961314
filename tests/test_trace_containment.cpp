#include <src/trace/containment.hpp>

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("trace");

using namespace ttaobs;

TEST_CASE("trace::format_duration_us")
{
  CHECK(trace::format_duration_us(850) == "850µs");
  CHECK(trace::format_duration_us(1234) == "1.23ms");
  CHECK(trace::format_duration_us(2500000) == "2.5s");
}

TEST_CASE("trace::containment_problem: how a child sticks out of its parent beyond the tolerance")
{
  // root [0, 100ms]; early starts 3ms before it, late ends 2ms after it, inside and slack stay within
  trace::Trace t{"c",
                 {{"r", "", "root", 10'000, 100'000, {}},
                  {"e", "r", "early", 7'000, 10'000, {}},
                  {"l", "r", "late", 100'000, 12'000, {}},
                  {"i", "r", "inside", 20'000, 5'000, {}},
                  {"s", "r", "slack", 9'500, 1'000, {}}}};
  const auto tree = trace::build_span_tree(t);
  const auto tolerance = trace::k_containment_tolerance_us;
  CHECK(trace::containment_problem(t, tree, 0, tolerance).empty()); // a root has no parent
  CHECK(trace::containment_problem(t, tree, 1, tolerance) == "starts 3ms before");
  CHECK(trace::containment_problem(t, tree, 2, tolerance) == "ends 2ms after");
  CHECK(trace::containment_problem(t, tree, 3, tolerance).empty());
  CHECK(trace::containment_problem(t, tree, 4, tolerance).empty()); // 0.5 ms early: within 1 ms
  CHECK(trace::containment_problem(t, tree, 4, 0) == "starts 500µs before");
}

TEST_SUITE_END();
