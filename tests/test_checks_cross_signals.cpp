#include <checks/cross_modules.hpp>
#include <src/sources/jaeger.hpp>

#include "support/bind_entry.hpp"
#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace ttaobs;
using core::Status;

namespace {

// Three traces of the real checkout app (fixtures/cross), each with one checkout.request span.
trace::TraceSet checkout_traces()
{
  auto parsed = sources::parse_jaeger_traces(test::read_fixture("cross/jaeger-v1-checkout.json"));
  REQUIRE(parsed);
  return std::move(*parsed);
}

sources::QueryResult target_info()
{
  auto parsed = sources::parse_prometheus_query(test::read_fixture("cross/target-info.json"));
  REQUIRE(parsed);
  return std::move(*parsed);
}

sources::IdentityEvidence identity(std::string service = "checkout")
{
  return {std::move(service), "target_info{job=\"checkout\"}", checkout_traces(), target_info()};
}

sources::SpanCounterEvidence counted(std::string increase, std::size_t limit = 100)
{
  sources::SpanCounterEvidence e;
  e.service = "checkout";
  e.operation = "checkout.request";
  e.query = "sum(increase(checkout_requests_total[60000ms]))";
  e.window_start_us = 0;
  e.window_end_us = std::numeric_limits<std::int64_t>::max();
  e.trace_limit = limit;
  e.traces = checkout_traces();
  e.increase.result_type = "vector";
  if (!increase.empty()) {
    e.increase.series.push_back({{}, std::move(increase)});
  }
  return e;
}

template <typename Evidence> core::CheckOutcome run(std::string_view entry, Evidence evidence)
{
  const auto spec = test::bind_entry(entry, "checkout");
  REQUIRE(spec.fn);
  return spec.fn(sources::Payload{std::move(evidence)}, spec.params);
}

constexpr std::string_view k_counter =
    "{id: x/c, kind: cross.span_counter, span: checkout.request, counter: checkout_requests_total}";

} // namespace

TEST_CASE("cross.service_identity: passes when target_info names the service the spans name")
{
  const auto pass = run("{id: x/i, kind: cross.service_identity}", identity());
  CHECK(pass.status == Status::pass);
  CHECK(pass.message == "spans and target_info agree: service.name=checkout (18 spans, 1 target_info series of job "
                        "checkout)");
  CHECK(run("{id: x/i, kind: cross.service_identity, compare_job: true}", identity()).status == Status::pass);
}

TEST_CASE("cross.service_identity: fails naming the mismatch")
{
  auto evidence = identity();
  evidence.target_info.series[0].labels["service_name"] = "checkout-api";
  const auto fail = run("{id: x/i, kind: cross.service_identity}", evidence);
  CHECK(fail.status == Status::fail);
  CHECK(fail.message == "spans say service.name=checkout, target_info{job=\"checkout\", instance=\"127.0.0.1:33050\"} "
                        "says service_name=checkout-api");

  auto renamed_job = identity();
  renamed_job.target_info.series[0].labels["job"] = "shop/checkout-svc";
  CHECK(run("{id: x/i, kind: cross.service_identity}", renamed_job).status == Status::pass); // only with compare_job
  const auto job = run("{id: x/i, kind: cross.service_identity, compare_job: true}", renamed_job);
  CHECK(job.status == Status::fail);
  CHECK(job.message.find("is scraped as job shop/checkout-svc") != std::string::npos);

  auto no_label = identity(); // OTel's mapping: without service_name, the job names the service
  no_label.target_info.series[0].labels.erase("service_name");
  CHECK(run("{id: x/i, kind: cross.service_identity}", no_label).status == Status::pass);
  no_label.target_info.series[0].labels["job"] = "payments";
  CHECK(run("{id: x/i, kind: cross.service_identity}", no_label).message ==
        "spans say service.name=checkout, target_info{job=\"payments\", instance=\"127.0.0.1:33050\"} has no "
        "service_name label and its job names payments");
}

TEST_CASE("cross.service_identity: service.namespace and service.instance.id agree when both sides give them")
{
  constexpr std::string_view instance = "e556ee51-3d13-47db-afde-dba2edb3bdc5"; // the fixture's SDK instance
  auto evidence = identity();
  evidence.resources = {{"", std::string(instance)}};
  evidence.target_info.series[0].labels["service_instance_id"] = std::string(instance);
  CHECK(run("{id: x/i, kind: cross.service_identity}", evidence).status == Status::pass);
  evidence.target_info.series[0].labels["service_instance_id"] = "another-instance";
  const auto fail = run("{id: x/i, kind: cross.service_identity}", evidence);
  CHECK(fail.status == Status::fail);
  CHECK(fail.message ==
        "spans say service.instance.id=e556ee51-3d13-47db-afde-dba2edb3bdc5, target_info{job=\"checkout\", "
        "instance=\"127.0.0.1:33050\"} says service_instance_id=another-instance");
  evidence.resources.clear(); // the spans give none: nothing to compare
  CHECK(run("{id: x/i, kind: cross.service_identity}", evidence).status == Status::pass);
  evidence.resources = {{"shop", ""}};
  evidence.target_info.series[0].labels["service_namespace"] = "web";
  evidence.target_info.series[0].labels["service_name"] = "checkout-api";
  const auto both = run("{id: x/i, kind: cross.service_identity}", evidence);
  CHECK(both.status == Status::fail);
  CHECK(both.message.starts_with("spans say service.name=checkout, "));
  REQUIRE(both.details.size() == 1);
  CHECK(both.details[0].starts_with("spans say service.namespace=shop, target_info{"));
  CHECK(both.details[0].ends_with("says service_namespace=web"));
  REQUIRE(both.measurement);
  CHECK(both.measurement->measured == 2);
}

TEST_CASE("cross.service_identity: no spans of the service, or no target_info, fail clearly")
{
  const auto spans = run("{id: x/i, kind: cross.service_identity}", identity("checkout-api"));
  CHECK(spans.status == Status::fail);
  CHECK(spans.message == "no spans of service.name=checkout-api in the trace store (3 traces read): the service's "
                         "spans may carry another service.name");
  auto none = identity();
  none.target_info.series.clear();
  const auto info = run("{id: x/i, kind: cross.service_identity}", none);
  CHECK(info.status == Status::fail);
  CHECK(info.message.starts_with("no target_info series of job checkout in Prometheus"));
}

TEST_CASE("cross.service_identity: the request queries the job's target_info; job defaults to the configured one")
{
  const auto spec = test::bind_entry("{id: x/i, kind: cross.service_identity, traces: 7}", "check\"out");
  CHECK(spec.evidence.source == sources::Source::service_identity);
  CHECK(spec.evidence.query == "target_info{job=\"check\\\"out\"}");
  CHECK(spec.evidence.limit == 7);
  CHECK(test::bind_entry("{id: x/i, kind: cross.service_identity, job: api}", "x").evidence.query ==
        "target_info{job=\"api\"}");
}

TEST_CASE("cross.span_counter: passes within the tolerance, fails outside it")
{
  const auto pass = run(k_counter, counted("3.3"));
  CHECK(pass.status == Status::pass);
  CHECK(pass.message == "3 checkout.request spans vs an increase of 3.3 of checkout_requests_total over the last 60s: "
                        "they differ by 9.1% (within 10%)");
  const auto fail = run(k_counter, counted("6"));
  CHECK(fail.status == Status::fail);
  CHECK(fail.message == "3 checkout.request spans vs an increase of 6.0 of checkout_requests_total over the last 60s: "
                        "they differ by 50.0% (more than 10%)");
  REQUIRE(fail.measurement);
  CHECK(fail.measurement->measured == 50);
  CHECK(run(std::string(k_counter).insert(k_counter.size() - 1, ", tolerance: 50%"), counted("6")).status ==
        Status::pass);
}

TEST_CASE("cross.span_counter: nothing to compare, no counter, or a full search are not passes")
{
  auto quiet = counted("0");
  quiet.traces.traces.clear();
  CHECK(run(k_counter, quiet).status == Status::fail);
  CHECK(run(k_counter, quiet).message.starts_with("no checkout.request spans and no increase"));
  const auto absent = run(k_counter, counted(""));
  CHECK(absent.status == Status::fail);
  CHECK(absent.message.starts_with("checkout_requests_total has no samples over the last 60s in Prometheus"));
  const auto full = run(k_counter, counted("3", 3));
  CHECK(full.status == Status::error);
  CHECK(full.message.starts_with("the trace search returned its limit of 3 traces"));
  auto outside = counted("3"); // spans before the window are not counted
  outside.window_start_us = std::numeric_limits<std::int64_t>::max() - 1;
  CHECK(run(k_counter, outside).message.starts_with("0 checkout.request spans vs an increase of 3.0"));
}

TEST_CASE("cross.span_counter: the request and its field problems")
{
  const auto spec = test::bind_entry("{id: x/c, kind: cross.span_counter, span: checkout.request, counter: "
                                     "'c_total{route=\"/x\"}', window: 2m, max_traces: 50}");
  CHECK(spec.evidence.source == sources::Source::span_counter);
  CHECK(spec.evidence.query == "sum(increase(c_total{job=\"tta-primitives\", route=\"/x\"}[120000ms]))");
  CHECK(test::bind_entry("{id: x/c, kind: cross.span_counter, span: s, counter: c_total, job: api}").evidence.query ==
        "sum(increase(c_total{job=\"api\"}[60000ms]))");
  CHECK(
      test::bind_entry("{id: x/c, kind: cross.span_counter, span: s, counter: 'c_total{ }', job: ''}").evidence.query ==
      "sum(increase(c_total{ }[60000ms]))");
  CHECK(test::bind_entry("{id: x/c, kind: cross.span_counter, span: s, counter: 'c_total{}'}", "a\"b").evidence.query ==
        "sum(increase(c_total{job=\"a\\\"b\"}[60000ms]))");
  CHECK(spec.evidence.operation == "checkout.request");
  CHECK(spec.evidence.window == std::chrono::minutes(2));
  CHECK(spec.evidence.limit == 50);
  std::vector<std::string> problems;
  test::bind_entry("{id: x/c, kind: cross.span_counter, span: a, counter: b, window: 0.5s, tolerance: ten}", "j",
                   &problems);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].find("\"tolerance\" must be a share") != std::string::npos);
  CHECK(problems[1].find("\"window\" must be from 1s to 24h") != std::string::npos);
  problems.clear();
  test::bind_entry("{id: x/c, kind: cross.span_counter, span: a}", "j", &problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("counter") != std::string::npos);
}
