#include <checks/checks.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("checks");

using namespace ttaobs;
using core::Status;
using test::query_of;

TEST_CASE("checks::metrics_present")
{
  core::CheckParams p;
  p.noun = "bucket series";
  p.min = 1;
  const auto buckets = checks::metrics_present(query_of("healthy", "tta_execution_duration_seconds_bucket"), p);
  CHECK(buckets.status == Status::pass);
  CHECK(buckets.message.find(" bucket series (expected ≥ 1)") != std::string::npos);
  const auto empty = checks::metrics_present(sources::QueryResult{"vector", {}}, p);
  CHECK(empty.status == Status::fail);
  CHECK(empty.message == "0 bucket series (expected ≥ 1): the metric is not in Prometheus");
  p.min = 1000;
  CHECK(checks::metrics_present(query_of("healthy", "tta_requests_total"), p).status == Status::fail);
  CHECK(checks::metrics_present(sources::TraceSet{}, p).status == Status::error);
}

TEST_CASE("checks::labels_diversity")
{
  core::CheckParams p;
  p.label = "primitive_type";
  p.min = 4;
  const auto healthy = checks::labels_diversity(query_of("healthy", "tta_requests_total"), p);
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.find("CachePrimitive, MockPrimitive, ParallelPrimitive, RetryPrimitive") != std::string::npos);
  const auto sparse = checks::labels_diversity(query_of("sparse-labels", "tta_requests_total"), p);
  CHECK(sparse.status == Status::fail);
  CHECK(sparse.message == "1 distinct primitive_type value (expected ≥ 4): MockPrimitive");
  p.label = "nope";
  const auto missing = checks::labels_diversity(query_of("healthy", "tta_requests_total"), p);
  CHECK(missing.status == Status::fail);
  CHECK(missing.message.find("no series carries the label 'nope'") != std::string::npos);
}

TEST_CASE("checks::labels_value_present")
{
  core::CheckParams p;
  p.label = "status";
  p.value = "success";
  const auto healthy = checks::labels_value_present(query_of("healthy", "tta_requests_total"), p);
  CHECK(healthy.status == Status::pass);
  CHECK(healthy.message.rfind("status=\"success\" in ", 0) == 0);
  const auto sparse = checks::labels_value_present(query_of("sparse-labels", "tta_requests_total"), p);
  CHECK(sparse.status == Status::fail);
  CHECK(sparse.message == "no series with status=\"success\" among 1 series (values seen: error)");
  const auto empty = checks::labels_value_present(sources::QueryResult{"vector", {}}, p);
  CHECK(empty.message == "no series with status=\"success\" among 0 series (values seen: none)");
}

TEST_SUITE_END();
