#include <checks/checks.hpp>
#include <checks/registry.hpp>
#include <src/core/suite.hpp>
#include <src/sources/otlp.hpp>
#include <src/sources/trace_file.hpp>

#include "support/fixtures.hpp"
#include "support/synthetic.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("checks");

using namespace ttaobs;
using core::Status;
using test::traces_of;
namespace synthetic = ttaobs::test::synthetic;

namespace {

sources::Payload one(trace::Trace trace)
{
  return trace::make_trace_set({std::move(trace)});
}

sources::Payload file(const std::string& relative)
{
  auto set = sources::load_trace_file(test::fixture_path(relative));
  if (!set) {
    throw std::runtime_error(set.error());
  }
  return std::move(set).value();
}

core::CheckParams with_min(double min)
{
  core::CheckParams p;
  p.min = min;
  return p;
}

} // namespace

TEST_CASE("checks::trace_max_depth")
{
  const auto healthy = checks::trace_max_depth(traces_of("healthy"), with_min(4));
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.find("depth 5 in trace") == 0);
  CHECK(healthy.message.find("demo.workflow_execution → primitive.sequential.execute → ") != std::string::npos);
  const auto flat = checks::trace_max_depth(traces_of("broken-propagation"), with_min(4));
  CHECK(flat.status == Status::fail);
  CHECK(flat.message.find("depth 1 in trace") == 0);
  CHECK_FALSE(flat.details.empty()); // the offending (whole) trace is drawn under the message
  CHECK(checks::trace_max_depth(one(synthetic::chain(100000)), with_min(100000)).status == Status::pass);
}

TEST_CASE("checks::trace_link_integrity")
{
  CHECK(checks::trace_link_integrity(traces_of("healthy"), with_min(1.0)).status == Status::pass);
  const auto orphaned = checks::trace_link_integrity(one(synthetic::orphaned()), with_min(1.0));
  CHECK(orphaned.status == Status::fail);
  CHECK(orphaned.message.find("50.0% of parent links resolve (1/2)") == 0);
  CHECK(orphaned.message.find("orphans: lost") != std::string::npos);
  CHECK(checks::trace_link_integrity(one(synthetic::orphaned()), with_min(0.5)).status == Status::pass);
  const auto two_roots =
      checks::trace_link_integrity(file("jaeger/jaeger-ui__TraceGraph_testTrace.json"), with_min(1.0));
  CHECK(two_roots.status == Status::fail);
  CHECK(two_roots.message.find("; 2 roots: op1, op3") != std::string::npos);
  const auto cycle = checks::trace_link_integrity(one(synthetic::cyclic()), with_min(0));
  CHECK(cycle.status == Status::fail);
  CHECK(cycle.message.find("3 spans in reference cycles") != std::string::npos);
  const auto real_orphans = checks::trace_link_integrity(file("jaeger/jaeger__otlp2jaeger-out.json"), with_min(1.0));
  CHECK(real_orphans.message.find("0.0% of parent links resolve (0/2)") == 0);
}

TEST_CASE("checks::trace_duration_containment")
{
  core::CheckParams p;
  p.tolerance_us = 1000;
  CHECK(checks::trace_duration_containment(traces_of("healthy"), p).status == Status::pass);
  const auto skewed = checks::trace_duration_containment(one(synthetic::skewed(500, 2500)), p);
  CHECK(skewed.status == Status::fail);
  CHECK(skewed.message.find("1 span outside its parent (tolerance 1ms)") == 0);
  CHECK(skewed.message.find("'late' ends 2.5ms after 'parent'") != std::string::npos);
  p.tolerance_us = 0;
  const auto strict = checks::trace_duration_containment(one(synthetic::skewed(500, 2500)), p);
  CHECK(strict.message.find("2 spans outside their parent") == 0);
  CHECK(strict.message.find("'early' starts 500µs before 'parent'") != std::string::npos);
  SUBCASE("jaeger-ui's spanLongerAsParent fixture")
  {
    const auto r = checks::trace_duration_containment(file("jaeger/jaeger-ui__spanLongerAsParent.json"), p);
    CHECK(r.status == Status::fail);
    CHECK(r.details.size() > 1); // the offending subtree
  }
}

TEST_CASE("checks::trace_single_root")
{
  core::CheckParams p;
  p.span = "demo.workflow_execution";
  CHECK(checks::trace_single_root(traces_of("healthy"), p).status == Status::pass);
  CHECK(checks::trace_single_root(traces_of("wrapped-root"), p).message.find("the root is 'POST /workflows/run'") == 0);
  const auto none = checks::trace_single_root(file("jaeger/jaeger__otlp2jaeger-out.json"), p);
  CHECK(none.message.find("0 roots (expected exactly one, 'demo.workflow_execution')") == 0);
  CHECK(checks::trace_single_root(file("jaeger/jaeger-ui__TraceGraph_testTrace.json"), p).message.find("2 roots") == 0);
}

TEST_CASE("checks::over_traces quantifiers")
{
  // newest first: a shallow trace that started after two healthy ones
  const auto healthy = std::get<trace::TraceSet>(traces_of("healthy")).traces[0];
  auto shallow = synthetic::orphaned();
  shallow.trace_id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  for (auto& span : shallow.spans) {
    span.start_us += healthy.spans[0].start_us + 60000000; // a minute later
  }
  auto set = trace::make_trace_set({healthy, shallow, healthy});
  REQUIRE(set.traces[0].trace_id == shallow.trace_id);
  const sources::Payload evidence = set;
  auto p = with_min(4);
  p.quantifier = "latest";
  CHECK(checks::trace_max_depth(evidence, p).status == Status::fail);
  p.quantifier = "all";
  const auto all = checks::trace_max_depth(evidence, p);
  CHECK(all.status == Status::fail);
  CHECK(all.message.find("2/3 traces pass (expected all); worst: trace aaaaaaaaaaaaaaaa…: depth 2") == 0);
  CHECK(all.details[0].find("aaaaaaaaaaaaaaaa…: depth 2") == 0);
  p.quantifier = "any";
  CHECK(checks::trace_max_depth(evidence, p).status == Status::pass);
  p.quantifier = "0.6";
  CHECK(checks::trace_max_depth(evidence, p).status == Status::pass);
  CHECK(checks::trace_max_depth(evidence, p).message.find("2/3 traces pass (expected ≥ 60%)") == 0);
  p.quantifier = "0.7";
  CHECK(checks::trace_max_depth(evidence, p).status == Status::fail);
  p.quantifier = "all";
  const auto fine = checks::trace_max_depth(trace::make_trace_set({healthy, healthy}), p);
  CHECK(fine.status == Status::pass);
  CHECK(fine.message.find("2/2 traces pass (expected all); latest: depth 5") == 0);
}

TEST_SUITE_END();

TEST_CASE("checks carry the number they judged (measured, expected, comparator, unit)")
{
  const auto measured = [](const core::CheckOutcome& out) {
    REQUIRE(out.measurement);
    return *out.measurement;
  };
  SUBCASE("counts against a minimum")
  {
    const auto count = measured(checks::trace_span_count(traces_of("broken-propagation"), with_min(5)));
    CHECK(count.measured == 1);
    CHECK(count.expected == 5);
    CHECK(count.comparator == ">=");
    CHECK(count.unit == "spans");
    CHECK_FALSE(count.met());
    const auto depth = measured(checks::trace_max_depth(traces_of("healthy"), with_min(3)));
    CHECK(depth.measured == 5);
    CHECK(depth.unit == "levels");
    CHECK(depth.met());
  }
  SUBCASE("violations against none allowed")
  {
    core::CheckParams p;
    const auto skewed = measured(checks::trace_duration_containment(one(synthetic::skewed(500, 2500)), p));
    CHECK(skewed.measured == 2);
    CHECK(skewed.expected == 0);
    CHECK(skewed.comparator == "<=");
    p.tolerance_us = 1000;
    CHECK(measured(checks::trace_duration_containment(traces_of("healthy"), p)).measured == 0);
  }
  SUBCASE("a fraction")
  {
    const auto links = measured(checks::trace_link_integrity(file("jaeger/jaeger__otlp2jaeger-out.json"), with_min(1)));
    CHECK(links.unit == "ratio");
    CHECK(links.expected == 1);
    CHECK(links.measured <= 1);
  }
  SUBCASE("over several traces: traces passed against traces needed")
  {
    const auto healthy = std::get<trace::TraceSet>(traces_of("healthy")).traces[0];
    auto shallow = synthetic::orphaned();
    shallow.trace_id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const sources::Payload evidence = trace::make_trace_set({healthy, shallow, healthy});
    auto p = with_min(4);
    p.quantifier = "0.7";
    const auto m = measured(checks::trace_max_depth(evidence, p));
    CHECK(m.measured == 2);
    CHECK(m.expected == 3); // ⌈0.7 × 3⌉
    CHECK(m.unit == "traces");
    p.quantifier = "any";
    CHECK(measured(checks::trace_max_depth(evidence, p)).expected == 1);
  }
  SUBCASE("absent where nothing was counted")
  {
    CHECK_FALSE(checks::trace_span_count(traces_of("unknown-service"), with_min(5)).measurement);
    core::CheckParams p;
    p.span = "demo.workflow_execution";
    CHECK_FALSE(checks::trace_root_span(traces_of("healthy"), p).measurement);
    CHECK_FALSE(checks::trace_span_count(sources::Probe{}, with_min(5)).measurement);
  }
}
