#include <checks/cross_modules.hpp>

#include "support/bind_entry.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;
using core::Status;
using sources::Resolution;

namespace {

// The evidence of the real checkout scrape (fixtures/cross): 3 exemplars, 2 distinct ids.
sources::ExemplarEvidence checkout(Resolution counter, Resolution bucket)
{
  sources::ExemplarEvidence e;
  e.trace_store = "http://jaeger:16686";
  e.label = "trace_id";
  e.exemplars = 3;
  e.distinct_ids = 2;
  e.families = {"checkout_requests", "checkout_request_duration_seconds"};
  e.sampled = {{"02a73e46d0c5d4b858ce20a0ecc3a9bd", "checkout_requests", counter},
               {"e3c137554f38b98f053a341202f13a3c", "checkout_request_duration_seconds", bucket}};
  return e;
}

core::CheckOutcome run(std::string_view entry, const sources::ExemplarEvidence& evidence)
{
  const auto spec = test::bind_entry(entry);
  REQUIRE(spec.fn);
  return spec.fn(sources::Payload{evidence}, spec.params);
}

} // namespace

TEST_CASE("cross.exemplars: passes when every sampled exemplar trace id resolves")
{
  const auto pass = run("{id: x/e, kind: cross.exemplars}", checkout(Resolution::found, Resolution::found));
  CHECK(pass.status == Status::pass);
  CHECK(pass.message == "all 2 sampled exemplar trace ids resolve in the trace store");
  REQUIRE_FALSE(pass.details.empty());
  CHECK(pass.details[0] == "3 exemplars in 2 families (checkout_requests, checkout_request_duration_seconds), 2 "
                           "distinct trace ids; 2 looked up in http://jaeger:16686");
  REQUIRE(pass.measurement);
  CHECK(pass.measurement->measured == 2);
}

TEST_CASE("cross.exemplars: fails naming the ids that do not resolve and their families")
{
  const auto fail = run("{id: x/e, kind: cross.exemplars}", checkout(Resolution::found, Resolution::not_found));
  CHECK(fail.status == Status::fail);
  CHECK(fail.message == "1 of 2 sampled exemplar trace ids do not resolve in the trace store");
  REQUIRE(fail.details.size() == 2);
  CHECK(
      fail.details[1] ==
      "trace e3c137554f38b98f053a341202f13a3c (exemplar of checkout_request_duration_seconds): not in the trace store");
  const auto invalid = run("{id: x/e, kind: cross.exemplars}", checkout(Resolution::invalid, Resolution::found));
  CHECK(invalid.status == Status::fail);
  CHECK(invalid.details[1].ends_with("not a trace id (16 or 32 hex digits, not all zeros)"));
}

TEST_CASE("cross.exemplars: min is the share that must resolve")
{
  const auto evidence = checkout(Resolution::found, Resolution::not_found);
  const auto half = run("{id: x/e, kind: cross.exemplars, min: 50%}", evidence);
  CHECK(half.status == Status::pass);
  CHECK(half.message == "1 of 2 sampled exemplar trace ids do not resolve in the trace store (≥ 50% must resolve)");
  CHECK(run("{id: x/e, kind: cross.exemplars, min: 0.9}", evidence).status == Status::fail);
}

TEST_CASE("cross.exemplars: no exemplars is its own verdict, fail or skip by when_none")
{
  sources::ExemplarEvidence none;
  none.label = "trace_id";
  const auto fail = run("{id: x/e, kind: cross.exemplars}", none);
  CHECK(fail.status == Status::fail);
  CHECK(fail.message == "no exemplars in the exposition: nothing links its metrics to traces");
  CHECK(fail.details.empty());
  none.format = metrics::Format::prometheus_text;
  const auto skip = run("{id: x/e, kind: cross.exemplars, when_none: skip}", none);
  CHECK(skip.status == Status::skip);
  REQUIRE(skip.details.size() == 1);
  CHECK(skip.details[0].starts_with("the endpoint answered in Prometheus text 0.0.4, which cannot carry exemplars"));
  none.exemplars = 4; // exemplars, but not under the label: not "none", a configuration problem
  none.without_label = 4;
  const auto other = run("{id: x/e, kind: cross.exemplars, when_none: skip}", none);
  CHECK(other.status == Status::fail);
  CHECK(other.message ==
        "4 exemplars in the exposition, none with label trace_id (set `label` to the one that holds the trace id)");
}

TEST_CASE("cross.exemplars: the request asks for the label and the sample size; wrong evidence errors")
{
  const auto spec = test::bind_entry("{id: x/e, kind: cross.exemplars, sample: 3, label: traceID}");
  CHECK(spec.evidence.source == sources::Source::exemplar_traces);
  CHECK(spec.evidence.endpoint == sources::Endpoint::metrics);
  CHECK(spec.evidence.limit == 3);
  CHECK(spec.evidence.query == "traceID");
  CHECK(spec.description == "exemplar trace ids in the exposition resolve in the trace store (all of ≤ 3 sampled)");
  CHECK(spec.fn(sources::Payload{sources::Probe{}}, {}).status == Status::error);
}

TEST_CASE("cross.exemplars: field problems are positioned")
{
  std::vector<std::string> problems;
  test::bind_entry("{id: x/e, kind: cross.exemplars, sample: 0, min: 120%, when_none: pass}", "job", &problems);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].find("\"sample\"") != std::string::npos);
  CHECK(problems[1].find("\"min\" must be a share such as 90% or 0.9 (0 to 1), not \"120%\"") != std::string::npos);
  CHECK(problems[2].find("when_none") != std::string::npos);
  problems.clear();
  test::bind_entry("{id: x/e, kind: cross.exemplars, labl: x}", "job", &problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("did you mean") != std::string::npos);
}
