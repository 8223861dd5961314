#include <src/trace/merge.hpp>

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("trace");

using namespace ttaobs;

namespace {

trace::Trace one(const std::string& trace_id, const char* span, const char* parent, const std::string& service,
                 const char* value)
{
  trace::Trace t;
  t.trace_id = trace_id;
  t.services = {"other", service};
  trace::Span s;
  s.span_id = span;
  s.parent_id = parent;
  s.name = span;
  s.service = 1;
  const auto begin = t.attributes.end();
  t.attributes.add("k", value);
  s.attributes = t.attributes.close_run(begin);
  t.spans.push_back(s);
  return t;
}

} // namespace

TEST_CASE("TraceCollector merges a trace's batches: services and attributes carried over, one tree")
{
  trace::TraceCollector collector;
  std::vector<trace::Trace> first;
  first.push_back(one("t1", "a", "", "front", "1"));
  first.push_back(one("t2", "x", "", "solo", "9"));
  collector.add(std::move(first));
  std::vector<trace::Trace> second;
  second.push_back(one("t1", "b", "a", "back", "2"));
  collector.add(std::move(second));
  CHECK(collector.span_count() == 3);
  CHECK(collector.trace_count() == 2);
  const auto set = collector.take();
  REQUIRE(set.traces.size() == 2);
  const auto& t1 = set.traces[0].trace_id == "t1" ? set.traces[0] : set.traces[1];
  const auto& tree = set.traces[0].trace_id == "t1" ? set.trees[0] : set.trees[1];
  REQUIRE(t1.spans.size() == 2);
  CHECK(t1.service_of(t1.spans[0]) == "front");
  CHECK(t1.service_of(t1.spans[1]) == "back");
  CHECK(t1.attribute(t1.spans[0], "k") == "1");
  CHECK(t1.attribute(t1.spans[1], "k") == "2");
  CHECK(tree.roots.size() == 1);
  CHECK(t1.services.size() == 3); // "other" once, then front and back
  CHECK(collector.span_count() == 0);
}
