#include <checks/exposition_modules.hpp>

#include "support/bind_entry.hpp"
#include "support/fixtures.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;
using core::Status;

namespace {

constexpr std::string_view k_openmetrics = R"(# TYPE http_server_duration_seconds histogram
# UNIT http_server_duration_seconds seconds
# HELP http_server_duration_seconds Request duration.
http_server_duration_seconds_bucket{method="GET",le="0.1"} 1
http_server_duration_seconds_bucket{method="GET",le="+Inf"} 2
http_server_duration_seconds_count{method="GET"} 2
http_server_duration_seconds_sum{method="GET"} 0.3
# TYPE checkout_orders counter
# HELP checkout_orders Orders.
checkout_orders_total{region="eu"} 3
checkout_orders_total 4
# EOF
)";

// The exposition evidence of a 200 answer with `body`, read as `validate` reads it.
sources::Payload scraped(std::string_view body, std::string content_type = "text/plain; version=0.0.4")
{
  const sources::EvidenceRequest scrape{sources::Source::exposition, sources::Endpoint::metrics, {}, 1, false};
  http::HttpResponse ok;
  ok.status = 200;
  ok.body = std::string(body);
  ok.headers.emplace_back("content-type", std::move(content_type));
  auto payload = sources::interpret(scrape, "http://m:1/metrics", Expected<http::HttpResponse, http::HttpError>(ok));
  REQUIRE(payload);
  return std::move(*payload);
}

sources::Payload openmetrics()
{
  return scraped(k_openmetrics, "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

core::CheckOutcome judge(std::string_view entry, const sources::Payload& payload)
{
  return test::bind_entry(entry).fn(payload, {});
}

} // namespace

TEST_CASE("exposition.family: present with its type, unit and labels on every sample")
{
  const auto demo = scraped(test::replay_body("healthy", "9464/metrics"));
  const auto requests = judge("{id: e/f, kind: exposition.family, name: tta_requests_total, type: counter, "
                              "labels: [primitive_type, status]}",
                              demo);
  CHECK(requests.status == Status::pass);
  CHECK(requests.message == "counter tta_requests_total; primitive_type, status on all 6 samples");
  CHECK(judge("{id: e/f, kind: exposition.family, name: tta_requests, type: counter}", demo).status == Status::pass);
  const auto wrong =
      judge("{id: e/f, kind: exposition.family, name: tta_requests_total, type: gauge, labels: [tenant]}", demo);
  CHECK(wrong.status == Status::fail);
  CHECK(wrong.message == "counter tta_requests_total (expected gauge); label tenant on 0 of 6 samples");
  CHECK(judge("{id: e/f, kind: exposition.family, name: nope_total}", demo)
            .message.find("no family nope_total in the exposition (") == 0);
  CHECK(judge("{id: e/f, kind: exposition.family, name: tta_requests_total, unit: seconds}", demo).message ==
        "counter tta_requests_total; no UNIT (expected seconds; only OpenMetrics declares one)");

  const auto om = openmetrics();
  const auto histogram =
      judge("{id: e/f, kind: exposition.family, name: http_server_duration_seconds, type: histogram, "
            "unit: seconds, labels: [method]}",
            om);
  CHECK(histogram.status == Status::pass);
  CHECK(histogram.message == "histogram http_server_duration_seconds; method on all 4 samples");
  CHECK(judge("{id: e/f, kind: exposition.family, name: http_server_duration_seconds, unit: bytes, labels: [le]}", om)
            .message ==
        "histogram http_server_duration_seconds; unit seconds (expected bytes); label le on 2 of 4 samples");
  const auto orders =
      judge("{id: e/f, kind: exposition.family, name: checkout_orders_total, type: counter, labels: [region]}", om);
  CHECK(orders.status == Status::fail);
  CHECK(orders.message == "counter checkout_orders; label region on 1 of 2 samples");

  const auto cut = scraped("# TYPE a gauge\na{x=\"1\"} 1\nb{ 2\n");
  const auto after = judge("{id: e/f, kind: exposition.family, name: a, labels: [x]}", cut);
  CHECK(after.status == Status::pass);
  REQUIRE(after.details.size() == 1);
  CHECK(after.details[0].find("the exposition stops parsing at line 3:") == 0);

  std::vector<std::string> problems;
  test::bind_entry("{id: e/f, kind: exposition.family, type: countr}", "j", &problems);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "s.yaml:3:5: check 'e/f' needs \"name\"");
  CHECK(problems[1] == "s.yaml:3:46: \"type\" of check 'e/f' must be one of counter, gauge, histogram, summary, "
                       "untyped, unknown, gaugehistogram, info, stateset, not \"countr\"");
}

TEST_CASE("exposition.samples: sample lines with a prefix, at least min")
{
  const auto demo = scraped(test::replay_body("healthy", "9464/metrics"));
  const auto some = judge("{id: e/s, kind: exposition.samples, prefix: tta_}", demo);
  CHECK(some.status == Status::pass);
  CHECK(some.message.find("HTTP 200, ") == 0);
  const auto many = judge("{id: e/s, kind: exposition.samples, prefix: tta_, min: 100000}", demo);
  CHECK(many.status == Status::fail);
  CHECK(many.message.find("(expected ≥ 100000)") != std::string::npos);
  CHECK(judge("{id: e/s, kind: exposition.samples, prefix: http_}", demo).status == Status::fail);
}

TEST_CASE("exposition.lint: clean passes, problems and parse errors fail (a warn entry warns)")
{
  const auto clean =
      judge("{id: e/l, kind: exposition.lint}", scraped("# HELP a_total A.\n# TYPE a_total counter\na_total 1\n"));
  CHECK(clean.status == Status::pass);
  CHECK(clean.message == "parses as prometheus-text: 1 families, 1 samples, no lint problems");
  const auto lint =
      judge("{id: e/l, kind: exposition.lint, show: 1}", scraped("# TYPE b counter\nb 1\n# TYPE c gauge\nc 2\n"));
  CHECK(lint.status == Status::fail);
  CHECK(lint.message.find("lint problems (promtool's rules) in 2 families") != std::string::npos);
  REQUIRE(lint.details.size() == 2);
  CHECK(lint.details[1].find("… and ") == 0);
  const auto broken = judge("{id: e/l, kind: exposition.lint}", scraped("a{ 1\n"));
  CHECK(broken.status == Status::fail);
  CHECK(broken.message.find("the exposition does not parse as prometheus-text: line 1:") == 0);
  CHECK(test::bind_entry("{id: e/l, kind: exposition.lint, severity: warn}").severity == core::Severity::warn);

  sources::ExpositionProbe down;
  down.probe = {true, 503, {}};
  CHECK(judge("{id: e/l, kind: exposition.lint}", down).message == "HTTP 503 (expected 200)");
}
