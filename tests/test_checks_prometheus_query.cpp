#include <checks/prometheus_query.hpp>

#include <doctest/doctest.h>

#include <cmath>

#include <string>

using namespace ttaobs;
using core::Status;

namespace {

const yaml::EnvLookup k_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

// The success rate by primitive type, as the seed's suite asks for it.
sources::QueryResult rates(std::initializer_list<std::pair<const char*, const char*>> values)
{
  sources::QueryResult result{"vector", {}};
  for (const auto& [type, value] : values) {
    result.series.push_back({{{"primitive_type", type}}, value});
  }
  return result;
}

checks::QueryExpectation expectation(std::string_view yaml_text, std::vector<std::string>* problems = nullptr)
{
  const auto doc = yaml::parse(yaml_text);
  REQUIRE(doc);
  std::vector<yaml::Error> errors;
  yaml::MapReader check(*doc, "check 'm/q'", k_env, errors);
  auto read = checks::read_query_expectation(check, k_env, errors);
  check.finish();
  if (problems != nullptr) {
    for (const auto& e : errors) {
      problems->push_back(e.describe("s.yaml"));
    }
    return {};
  }
  REQUIRE(errors.empty());
  REQUIRE(read);
  return *read;
}

} // namespace

TEST_CASE("prometheus.query: comparisons")
{
  CHECK(checks::parse_comparison(">= 0.95")->holds(0.95));
  CHECK_FALSE(checks::parse_comparison("> 0.95")->holds(0.95));
  CHECK(checks::parse_comparison("<500")->holds(499));
  CHECK(checks::parse_comparison("== 1")->holds(1));
  CHECK(checks::parse_comparison("!= 0")->holds(2));
  CHECK(checks::parse_comparison(">= 0.95")->text == "≥ 0.95");
  CHECK_FALSE(checks::parse_comparison(">= 1")->holds(std::nan("")));
  CHECK_FALSE(checks::parse_comparison("!= 1")->holds(std::nan("")));
  CHECK(checks::parse_comparison("0.95").error() ==
        "\"0.95\" is not a comparison such as \">= 0.95\", \"< 500\" or \"== 1\"");
  CHECK_FALSE(checks::parse_comparison(">= lots"));
  CHECK_FALSE(checks::parse_comparison(">= inf"));
}

TEST_CASE("prometheus.query: non-empty by default; every, any and scalar values")
{
  const auto plain = expectation("query: up\n");
  CHECK(checks::judge_query(rates({{"a", "1"}}), plain).status == Status::pass);
  const auto empty = checks::judge_query(rates({}), plain);
  CHECK(empty.status == Status::fail);
  CHECK(empty.message == "0 series (expected ≥ 1)");

  const auto every = expectation("query: q\nexpect: {every: '>= 0.95'}\n");
  CHECK(checks::judge_query(rates({{"a", "0.99"}, {"b", "1"}}), every).status == Status::pass);
  const auto low = checks::judge_query(rates({{"a", "0.99"}, {"b", "0.5"}, {"c", "NaN"}}), every);
  CHECK(low.status == Status::fail);
  CHECK(low.message == "3 series (expected ≥ 1); 1 of 3 values ≥ 0.95 (e.g. {primitive_type=\"b\"} 0.5)");
  CHECK(low.details.size() == 3);

  const auto any = expectation("query: q\nexpect: {any: '> 0'}\n");
  CHECK(checks::judge_query(rates({{"a", "0"}, {"b", "3"}}), any).status == Status::pass);
  CHECK(checks::judge_query(rates({{"a", "0"}}), any).message ==
        "1 series (expected ≥ 1); 0 of 1 values > 0 (expected ≥ 1)");

  const auto scalar = expectation("query: q\nexpect: {scalar: '<= 0.5'}\n");
  CHECK(checks::judge_query(rates({{"a", "0.25"}}), scalar).status == Status::pass);
  CHECK(checks::judge_query(rates({{"a", "0.75"}}), scalar).message ==
        "1 series (expected ≥ 1); value 0.75 (expected ≤ 0.5)");
  CHECK(checks::judge_query(rates({{"a", "1"}, {"b", "1"}}), scalar).status == Status::fail);
}

TEST_CASE("prometheus.query: series ranges, cardinality, distinct, present and absent label values")
{
  const auto bounded = expectation("query: '{__name__=~\"tta_.*\"}'\nexpect: {series: {min: 1, max: 2}}\n");
  const auto over = checks::judge_query(rates({{"a", "1"}, {"b", "1"}, {"c", "1"}}), bounded);
  CHECK(over.status == Status::fail);
  CHECK(over.message == "3 series (expected 1–2)");
  REQUIRE(over.measurement);
  CHECK(over.measurement->comparator == "<=");

  const auto distinct = expectation("query: q\nexpect: {distinct: {label: primitive_type, min: 2}}\n");
  CHECK(checks::judge_query(rates({{"a", "1"}, {"b", "1"}}), distinct).status == Status::pass);
  CHECK(checks::judge_query(rates({{"a", "1"}, {"a", "2"}}), distinct).message ==
        "2 series (expected ≥ 1); 1 distinct primitive_type value (expected ≥ 2): a");

  const auto present = expectation("query: q\nexpect: {present: {label: primitive_type, value: b}}\n");
  CHECK(checks::judge_query(rates({{"a", "1"}, {"b", "1"}}), present).status == Status::pass);
  CHECK(checks::judge_query(rates({{"a", "1"}}), present).status == Status::fail);

  const auto absent = expectation("query: q\nexpect: {absent: {label: primitive_type, value: b}}\n");
  CHECK(absent.min_series == 0);
  CHECK(checks::judge_query(rates({}), absent).status == Status::pass);
  CHECK(checks::judge_query(rates({{"b", "1"}}), absent).message ==
        "1 series (expected ≥ 0); 1 series with primitive_type=\"b\" (expected none)");
}

TEST_CASE("prometheus.query: parameter problems are positioned")
{
  std::vector<std::string> problems;
  expectation("expect:\n  every: 0.95\n  series: {min: 5, max: 2}\n  distinct: {label: x}\n  presnt: 1\n", &problems);
  CHECK(problems ==
        std::vector<std::string>{
            "s.yaml:1:1: check 'm/q' needs \"query\"",
            "s.yaml:2:10: \"every\": \"0.95\" is not a comparison such as \">= 0.95\", \"< 500\" or \"== 1\"",
            "s.yaml:4:13: \"expect.distinct\" needs \"min\"",
            "s.yaml:3:11: \"expect.series\": max 2 is below min 5",
            "s.yaml:5:3: unknown key \"presnt\" in \"expect\" (did you mean \"present\"?)",
        });
}
