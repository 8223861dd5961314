#include <checks/checks.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("checks");

using namespace ttaobs;
using core::Status;
using test::traces_of;

namespace {

core::CheckParams span_count(double min)
{
  core::CheckParams p;
  p.min = min;
  return p;
}

core::CheckParams named(std::string span, std::string ancestor = {})
{
  core::CheckParams p;
  p.span = std::move(span);
  p.ancestor = std::move(ancestor);
  return p;
}

// A trace from a compact spec: "id:name:parent" per span.
sources::Payload trace_of(std::vector<std::tuple<std::string, std::string, std::string>> spans)
{
  trace::Trace t;
  t.trace_id = "0123456789abcdef0123456789abcdef";
  std::int64_t start = 1000;
  for (auto& [id, name, parent] : spans) {
    t.spans.push_back({id, parent, name, start++, 10, {}});
  }
  return trace::make_trace_set({t});
}

} // namespace

TEST_CASE("checks::trace_span_count")
{
  const auto healthy = checks::trace_span_count(traces_of("healthy"), span_count(5));
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.find("(expected ≥ 5)") != std::string::npos);
  const auto flat = checks::trace_span_count(traces_of("broken-propagation"), span_count(5));
  CHECK(flat.status == Status::fail);
  CHECK(flat.message.rfind("1 span in trace ", 0) == 0);
  const auto none = checks::trace_span_count(traces_of("unknown-service"), span_count(5));
  CHECK(none.status == Status::fail);
  CHECK(none.message == "no traces found for the service (expected a trace with ≥ 5 spans)");
  CHECK(checks::trace_span_count(sources::Probe{}, span_count(5)).status == Status::error);
}

TEST_CASE("checks::trace_root_span")
{
  const auto root = named("demo.workflow_execution");
  CHECK(checks::trace_root_span(traces_of("healthy"), root).status == Status::pass);
  SUBCASE("flat trace from broken propagation")
  {
    const auto r = checks::trace_root_span(traces_of("broken-propagation"), root);
    CHECK(r.status == Status::fail);
    CHECK(r.message.find("no span 'demo.workflow_execution'") != std::string::npos);
    CHECK(r.message.find("context propagation may be broken") != std::string::npos);
  }
  SUBCASE("root name exists but has a parent")
  {
    const auto r = checks::trace_root_span(traces_of("wrapped-root"), root);
    CHECK(r.status == Status::fail);
    CHECK(r.message.find("exists but is not a root: its parent is 'POST /workflows/run'") != std::string::npos);
  }
  SUBCASE("parent missing from the trace")
  {
    const auto r = checks::trace_root_span(trace_of({{"a", "demo.workflow_execution", "zz"}}), root);
    CHECK(r.status == Status::fail);
    CHECK(r.message.find("its parent is span zz which is not in the trace") != std::string::npos);
  }
  SUBCASE("a second, rooted copy passes")
  {
    const auto r = checks::trace_root_span(
        trace_of({{"a", "demo.workflow_execution", "b"}, {"b", "x", ""}, {"c", "demo.workflow_execution", ""}}), root);
    CHECK(r.status == Status::pass);
  }
  CHECK(checks::trace_root_span(traces_of("unknown-service"), root).status == Status::fail);
}

TEST_CASE("checks::trace_descendant_span")
{
  const auto params = named("primitive.sequential.execute", "demo.workflow_execution");
  CHECK(checks::trace_descendant_span(traces_of("healthy"), params).status == Status::pass);
  CHECK(checks::trace_descendant_span(traces_of("wrapped-root"), params).status == Status::pass);
  const auto flat = checks::trace_descendant_span(traces_of("broken-propagation"), params);
  CHECK(flat.status == Status::fail);
  CHECK(flat.message.rfind("no span 'primitive.sequential.execute' in trace", 0) == 0);
  SUBCASE("present but detached")
  {
    const auto r = checks::trace_descendant_span(
        trace_of({{"r", "demo.workflow_execution", ""}, {"s", "primitive.sequential.execute", "m"}}), params);
    CHECK(r.status == Status::fail);
    CHECK(r.message.find("ancestry ends at 'primitive.sequential.execute' whose parent m is missing") !=
          std::string::npos);
  }
  SUBCASE("reference cycles terminate")
  {
    const auto r =
        checks::trace_descendant_span(trace_of({{"a", "primitive.sequential.execute", "b"}, {"b", "x", "a"}}), params);
    CHECK(r.status == Status::fail);
  }
}

TEST_CASE("checks::trace_span_series")
{
  core::CheckParams p;
  p.prefix = "primitive.sequential.step_";
  p.min = 2;
  const auto healthy = checks::trace_span_series(traces_of("healthy"), p);
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.find("primitive.sequential.step_0") != std::string::npos);
  CHECK(checks::trace_span_series(traces_of("broken-propagation"), p).status == Status::fail);
  const auto odd = checks::trace_span_series(trace_of({{"a", "primitive.sequential.step_1", ""},
                                                       {"b", "primitive.sequential.step_", ""},
                                                       {"c", "primitive.sequential.step_x", ""},
                                                       {"d", "primitive.sequential.step_12", ""}}),
                                             p);
  CHECK(odd.status == Status::pass);
  CHECK(odd.message.rfind("2 spans named", 0) == 0);
}

TEST_SUITE_END();
