// probe.latency and probe.throughput: reading their fields (every problem positioned) and judging
// PipelineProbe evidence: delivered within the bounds, bounds missed, refused, lost, unreachable.
#include <checks/probe_modules.hpp>

#include "support/bind_entry.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;
using core::Status;
using Micros = std::chrono::microseconds;
using Millis = std::chrono::milliseconds;

namespace {

sources::PipelineProbe delivered(std::vector<long> micros)
{
  sources::PipelineProbe probe;
  probe.otlp_url = "http://c:4318/v1/traces";
  probe.query_url = "http://j:16686/";
  for (const auto us : micros) {
    probe.latencies.emplace_back(us);
    probe.trace_ids.push_back("trace" + std::to_string(us));
  }
  probe.sent = probe.accepted = probe.delivered = static_cast<int>(micros.size());
  return probe;
}

sources::PipelineProbe lost(sources::ProbeLoss loss, std::string failure)
{
  auto probe = delivered({});
  probe.loss = loss;
  probe.failure = std::move(failure);
  return probe;
}

std::vector<std::string> problems_of(std::string_view entry)
{
  std::vector<std::string> problems;
  test::bind_entry(entry, "job", &problems);
  return problems;
}

} // namespace

TEST_CASE("probe.latency: fields, defaults and the evidence it asks for")
{
  const auto spec = test::bind_entry("{id: p/l, kind: probe.latency, count: 7, within: 3s, max_p95: 100ms}");
  CHECK(spec.evidence.source == sources::Source::pipeline_probe);
  CHECK(spec.evidence.plan.mode == sources::ProbePlan::Mode::latency);
  CHECK(spec.evidence.plan.count == 7);
  CHECK(spec.evidence.plan.within == Millis(3000));
  CHECK(spec.description == "7 canary spans become queryable, p95 ≤ 100 ms");
  const auto plain = test::bind_entry("{id: p/l, kind: probe.latency}");
  CHECK(plain.evidence.plan.count == 5);
  CHECK(plain.evidence.plan.within == Millis(10000));
}

TEST_CASE("probe.latency: judged on p50, p95 and max; a lost canary fails, an unreachable pipeline errors")
{
  const auto spec = test::bind_entry("{id: p/l, kind: probe.latency, max_p95: 100ms}");
  const auto fast = spec.fn(delivered({3000, 4000, 5000}), {});
  CHECK(fast.status == Status::pass);
  CHECK(fast.message == "3 canaries queryable: p50 4 ms, p95 5 ms, max 5 ms");
  REQUIRE(fast.measurement);
  CHECK(fast.measurement->measured == 5.0);
  CHECK(fast.measurement->expected == 100.0);
  CHECK(fast.details.size() == 4); // where, then one line per canary
  const auto slow = spec.fn(delivered({3000, 150000}), {});
  CHECK(slow.status == Status::fail);
  CHECK(slow.message == "p95 150 ms exceeds 100 ms — 2 canaries queryable: p50 3 ms, p95 150 ms, max 150 ms");

  const auto black_hole = lost(sources::ProbeLoss::never_queryable, "canary accepted by X but never queryable at J");
  CHECK(spec.fn(black_hole, {}).status == Status::fail);
  CHECK(spec.fn(black_hole, {}).message == "canary accepted by X but never queryable at J");
  CHECK(spec.fn(lost(sources::ProbeLoss::not_accepted, "canary not accepted: HTTP 503"), {}).status == Status::fail);
  const auto refused = spec.fn(lost(sources::ProbeLoss::unreachable, "canary not accepted: connection refused"), {});
  CHECK(refused.status == Status::error);
  CHECK(spec.fn(lost(sources::ProbeLoss::query_failed, "q"), {}).status == Status::error);
  CHECK(spec.fn(sources::Payload{sources::Probe{}}, {}).status == Status::error); // wrong evidence
}

TEST_CASE("probe.throughput: the share delivered and the latest lag")
{
  const auto spec =
      test::bind_entry("{id: p/t, kind: probe.throughput, rate: 10, duration: 1s, min_delivered: 90%, max_lag: 500ms}");
  CHECK(spec.evidence.plan.mode == sources::ProbePlan::Mode::throughput);
  CHECK(spec.evidence.plan.rate == 10);
  CHECK(spec.evidence.plan.duration == Millis(1000));
  auto all = delivered({1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000});
  all.plan = spec.evidence.plan;
  all.sending = Millis(1000);
  const auto ok = spec.fn(all, {});
  CHECK(ok.status == Status::pass);
  CHECK(ok.message == "delivered 10 of 10 spans (100.0%) sent at 10 spans/s; lag p50 5 ms, p95 10 ms, max 10 ms");

  auto some = all;
  some.delivered = 8;
  some.latencies.resize(8);
  some.loss = sources::ProbeLoss::never_queryable;
  some.failure = "2 of 10 spans accepted by X never queryable at J within 10s (trace t)";
  const auto short_of = spec.fn(some, {});
  CHECK(short_of.status == Status::fail);
  CHECK(short_of.message.starts_with("80.0% delivered, below 90% — delivered 8 of 10 spans"));
  CHECK(short_of.details.back() == some.failure);

  auto late = all;
  late.latencies.back() = Micros(900000);
  CHECK(spec.fn(late, {}).message.starts_with("max lag 900 ms exceeds 500 ms — "));

  auto refused = all;
  refused.delivered = 0;
  refused.loss = sources::ProbeLoss::unreachable;
  refused.failure = "spans not accepted: connection refused from X";
  CHECK(spec.fn(refused, {}).status == Status::error);
  CHECK(spec.fn(refused, {}).message == refused.failure);
}

TEST_CASE("probe.*: field problems are positioned")
{
  CHECK(problems_of("{id: p/t, kind: probe.throughput}").front().find("\"rate\"") != std::string::npos);
  CHECK(problems_of("{id: p/t, kind: probe.throughput, rate: 6000}").size() == 1);
  CHECK(problems_of("{id: p/t, kind: probe.throughput, rate: 5000, duration: 10s}")
            .front()
            .find("rate × duration must not exceed 20000 spans") != std::string::npos);
  CHECK(problems_of("{id: p/t, kind: probe.throughput, rate: 5, min_delivered: 120%}")
            .front()
            .find("\"min_delivered\" must be a percentage") != std::string::npos);
  CHECK(problems_of("{id: p/l, kind: probe.latency, count: 0}").size() == 1);
  CHECK(problems_of("{id: p/l, kind: probe.latency, max_p95: 0s}").front().find("\"max_p95\" must be more than 0") !=
        std::string::npos);
  CHECK(problems_of("{id: p/l, kind: probe.latency, max_p99: 1s}").front().find("max_p99") != std::string::npos);
}

TEST_CASE("parse_share: percentages and fractions")
{
  CHECK(checks::parse_share("100%") == 1.0);
  CHECK(checks::parse_share("99.5%") == doctest::Approx(0.995));
  CHECK(checks::parse_share("0.9") == doctest::Approx(0.9));
  CHECK_FALSE(checks::parse_share("101%"));
  CHECK_FALSE(checks::parse_share("most"));
}
