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

TEST_CASE("TraceCollector drops a span that arrives again (an exporter's retry), keeps a different one with its id")
{
  trace::TraceCollector collector;
  auto batch = [] {
    std::vector<trace::Trace> traces;
    traces.push_back(one("t1", "a", "", "front", "1"));
    return traces;
  };
  CHECK(collector.add(batch()) == 0);
  CHECK(collector.add(batch()) == 1); // the same request again: nothing new
  CHECK(collector.add(batch()) == 1);
  std::vector<trace::Trace> clash;
  clash.push_back(one("t1", "a", "", "front", "1"));
  clash.back().spans[0].start_us = 42; // same id, another span: an id clash the checks must see
  CHECK(collector.add(std::move(clash)) == 0);
  CHECK(collector.duplicates() == 2);
  CHECK(collector.span_count() == 2);
  const auto set = collector.take();
  REQUIRE(set.traces.size() == 1);
  CHECK(set.traces[0].spans.size() == 2);
  CHECK(collector.duplicates() == 2); // counted for the whole run
}

TEST_CASE("TraceCollector::drop_known takes out the spans held already, before they count against a bound")
{
  trace::TraceCollector collector;
  std::vector<trace::Trace> first;
  first.push_back(one("t1", "a", "", "front", "1"));
  collector.add(std::move(first));

  auto unknown_trace = one("t2", "a", "", "front", "1");
  CHECK(collector.drop_known(unknown_trace) == 0); // another trace: nothing held
  CHECK(unknown_trace.spans.size() == 1);

  auto retry = one("t1", "a", "", "front", "1");
  retry.spans.push_back(retry.spans[0]);
  retry.spans.back().span_id = "b"; // one span held, one new
  CHECK(collector.drop_known(retry) == 1);
  REQUIRE(retry.spans.size() == 1);
  CHECK(retry.spans[0].span_id == "b");
  CHECK(collector.duplicates() == 1);
  std::vector<trace::Trace> rest;
  rest.push_back(std::move(retry));
  CHECK(collector.add(std::move(rest)) == 0);
  CHECK(collector.span_count() == 2);
}
