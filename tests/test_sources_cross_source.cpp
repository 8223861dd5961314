#include <src/sources/evidence.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <set>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Resolution;
using sources::Source;

namespace {

using Outcome = Expected<http::HttpResponse, http::HttpError>;

// The real checkout app's scrape (fixtures/cross): two exemplar trace ids in two families.
constexpr std::string_view k_counter_id = "02a73e46d0c5d4b858ce20a0ecc3a9bd";
constexpr std::string_view k_bucket_id = "e3c137554f38b98f053a341202f13a3c";

http::HttpResponse response(long status, std::string body, std::string content_type = "application/json")
{
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("content-type", std::move(content_type));
  return r;
}

// Answers by `answer(url)`, streams 200 bodies to a body sink as curl does, remembers every URL.
struct Scripted final : http::HttpClient
{
  std::function<Outcome(const std::string&)> answer;
  std::vector<std::string> asked;
  Outcome send(const http::HttpRequest& request) override
  {
    asked.push_back(request.url);
    auto outcome = answer(request.url);
    if (outcome && outcome->status == 200 && request.body_sink) {
      request.body_sink(outcome->body, *outcome);
      outcome->body.clear();
    }
    return outcome;
  }
};

// A metrics endpoint serving the checkout scrape, and a Jaeger (api_v3) that knows `known`.
Scripted stack(std::set<std::string> known, std::string exposition = test::read_fixture("cross/checkout-exemplars.om"),
               std::string content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8")
{
  Scripted client;
  client.answer = [=](const std::string& url) -> Outcome {
    if (url.find("/metrics") != std::string::npos) {
      return response(200, exposition, content_type);
    }
    const auto id = url.substr(url.rfind('/') + 1);
    return known.count(id) > 0 ? response(200, test::read_fixture("cross/jaeger-v3-by-id.json"))
                               : response(404, test::read_fixture("cross/jaeger-v3-no-traces.json"));
  };
  return client;
}

const sources::Settings& settings()
{
  static const auto s =
      test::settings_of({{"metrics-url", "http://app:9464/metrics"}, {"jaeger-url", "http://j:16686"}});
  return s;
}

EvidenceRequest exemplars(int sample)
{
  return {Source::exemplar_traces, Endpoint::metrics, "trace_id", sample};
}

sources::ExemplarEvidence fetch_exemplars(Scripted& client, int sample, const sources::Settings& s = settings())
{
  auto evidence = sources::fetch(client, exemplars(sample), s);
  REQUIRE_MESSAGE(evidence.payload, (evidence.payload ? "" : evidence.payload.error()));
  const auto* out = std::get_if<sources::ExemplarEvidence>(&*evidence.payload);
  REQUIRE(out != nullptr);
  return *out;
}

} // namespace

TEST_CASE("sources: exemplar_traces scrapes the exposition and looks each sampled id up by id in api_v3")
{
  auto client = stack({std::string(k_counter_id), std::string(k_bucket_id)});
  const auto got = fetch_exemplars(client, 10);
  CHECK(got.exemplars == 3);
  CHECK(got.without_label == 0);
  CHECK(got.distinct_ids == 2);
  CHECK(got.families == std::vector<std::string>{"checkout_requests", "checkout_request_duration_seconds"});
  REQUIRE(got.sampled.size() == 2);
  CHECK(got.sampled[0].trace_id == k_counter_id);
  CHECK(got.sampled[0].family == "checkout_requests");
  CHECK(got.sampled[1].trace_id == k_bucket_id);
  CHECK(got.sampled[1].family == "checkout_request_duration_seconds");
  CHECK(got.sampled[0].resolution == Resolution::found);
  CHECK(got.sampled[1].resolution == Resolution::found);
  CHECK(got.trace_store == "http://j:16686/");
  REQUIRE(client.asked.size() == 3); // one scrape, one lookup per distinct id
  CHECK(client.asked[0] == "http://app:9464/metrics");
  CHECK(client.asked[1] == fmt::format("http://j:16686/api/v3/traces/{}", k_counter_id));
}

TEST_CASE("sources: exemplar_traces: an id the store does not know is not_found; the sample is bounded")
{
  auto client = stack({std::string(k_bucket_id)});
  const auto got = fetch_exemplars(client, 1);
  REQUIRE(got.sampled.size() == 1); // sample: 1 looks one id up, however many there are
  CHECK(got.sampled[0].resolution == Resolution::not_found);
  CHECK(client.asked.size() == 2);
}

TEST_CASE("sources: exemplar_traces: ids that are not trace ids are not looked up; other labels are counted")
{
  const std::string exposition = "# TYPE a counter\n"
                                 "a_total 1 # {trace_id=\"not-hex\"} 1\n"
                                 "# TYPE b counter\n"
                                 "b_total 1 # {traceID=\"0af7651916cd43dd8448eb211c80319c\"} 1\n"
                                 "# TYPE c counter\n"
                                 "c_total 1 # {trace_id=\"00000000000000000000000000000000\"} 1\n"
                                 "# EOF\n";
  auto client = stack({}, exposition);
  const auto got = fetch_exemplars(client, 10);
  CHECK(got.exemplars == 3);
  CHECK(got.without_label == 1);
  REQUIRE(got.sampled.size() == 2);
  CHECK(got.sampled[0].resolution == Resolution::invalid);
  CHECK(got.sampled[1].resolution == Resolution::invalid);
  CHECK(client.asked.size() == 1); // the scrape only
}

TEST_CASE("sources: exemplar_traces: a text 0.0.4 answer has no exemplars, and says which dialect it was")
{
  auto client = stack({}, "# TYPE a counter\na_total 1\n", "text/plain; version=0.0.4");
  const auto got = fetch_exemplars(client, 10);
  CHECK(got.exemplars == 0);
  CHECK(got.format == metrics::Format::prometheus_text);
  CHECK(got.sampled.empty());
}

TEST_CASE("sources: exemplar_traces errors name the URL: no scrape, a bad exposition, no trace store")
{
  Scripted down;
  down.answer = [](const std::string& url) -> Outcome {
    return unexpected(http::HttpError{http::HttpError::Kind::connect, url, "connection refused"});
  };
  const auto scrape = sources::fetch(down, exemplars(10), settings());
  REQUIRE_FALSE(scrape.payload);
  CHECK(scrape.payload.error() == "GET http://app:9464/metrics: connection refused");

  auto bad = stack({}, "# TYPE a counter\na_total{ 1\n# EOF\n");
  const auto parse = sources::fetch(bad, exemplars(10), settings());
  REQUIRE_FALSE(parse.payload);
  CHECK(parse.payload.error().starts_with("GET http://app:9464/metrics: the exposition does not parse: line 2:"));

  auto no_store = stack({});
  no_store.answer = [inner = no_store.answer](const std::string& url) -> Outcome {
    return url.find("/metrics") != std::string::npos
               ? inner(url)
               : Outcome(unexpected(http::HttpError{http::HttpError::Kind::timeout, url, "timed out"}));
  };
  const auto store = sources::fetch(no_store, exemplars(10), settings());
  REQUIRE_FALSE(store.payload);
  CHECK(store.payload.error() == fmt::format("looking up exemplar trace {}: GET http://j:16686/api/v3/traces/{}: "
                                             "timed out",
                                             k_counter_id, k_counter_id));
  CHECK(no_store.asked.size() == 2); // stops at the first store that does not answer
}

TEST_CASE("sources: exemplar_traces looks ids up in --from-file traces instead of the trace store")
{
  auto client = stack({});
  auto s = settings();
  s.traces.file = test::fixture_path("cross/jaeger-v3-by-id.json");
  const auto got = fetch_exemplars(client, 10, s);
  REQUIRE(got.sampled.size() == 2);
  CHECK(got.sampled[0].resolution == Resolution::found); // the file holds this trace
  CHECK(got.sampled[1].resolution == Resolution::not_found);
  CHECK(client.asked.size() == 1);
  CHECK(got.trace_store == s.traces.file);
}

TEST_CASE("sources: service_identity joins a trace search of the service and the target_info query")
{
  Scripted client;
  client.answer = [](const std::string& url) -> Outcome {
    return url.find("/api/v1/query") != std::string::npos
               ? response(200, test::read_fixture("cross/target-info.json"))
               : response(200, test::read_fixture("cross/jaeger-v1-checkout.json"));
  };
  const auto s =
      test::settings_of({{"service", "checkout"}, {"jaeger-api", "v1"}, {"prometheus-url", "http://p:9090"}});
  const auto evidence =
      sources::fetch(client, {Source::service_identity, Endpoint::prometheus, "target_info{job=\"checkout\"}", 3}, s);
  REQUIRE(evidence.payload);
  const auto* got = std::get_if<sources::IdentityEvidence>(&*evidence.payload);
  REQUIRE(got != nullptr);
  CHECK(got->service == "checkout");
  CHECK(got->traces.traces.size() == 3);
  REQUIRE(got->target_info.series.size() == 1);
  CHECK(got->target_info.series[0].labels.at("service_name") == "checkout");
  // the Jaeger v1 processes' tags give the resource's identity (one SDK instance for all three)
  CHECK(got->resources == std::vector<sources::ResourceIdentity>{{"", "e556ee51-3d13-47db-afde-dba2edb3bdc5"}});
  REQUIRE(client.asked.size() == 2);
  CHECK(client.asked[0].find("/api/traces?service=checkout&limit=3") != std::string::npos);
  CHECK(client.asked[1] == "http://p:9090/api/v1/query?query=target_info%7Bjob%3D%22checkout%22%7D");
}

TEST_CASE("sources: service_identity reads the resources of an api_v3 (OTLP/JSON) answer too")
{
  Scripted client;
  client.answer = [](const std::string& url) -> Outcome {
    return url.find("/api/v1/query") != std::string::npos
               ? response(200, test::read_fixture("cross/target-info.json"))
               : response(200, test::read_fixture("cross/jaeger-v3-by-id.json"));
  };
  const auto s = test::settings_of({{"service", "checkout"}, {"jaeger-api", "v3"}});
  const auto evidence =
      sources::fetch(client, {Source::service_identity, Endpoint::prometheus, "target_info{job=\"checkout\"}", 3}, s);
  REQUIRE(evidence.payload);
  const auto* got = std::get_if<sources::IdentityEvidence>(&*evidence.payload);
  REQUIRE(got != nullptr);
  CHECK(got->resources == std::vector<sources::ResourceIdentity>{{"", "e556ee51-3d13-47db-afde-dba2edb3bdc5"}});
  const auto other = test::settings_of({{"service", "payments"}, {"jaeger-api", "v3"}});
  const auto none = sources::fetch(
      client, {Source::service_identity, Endpoint::prometheus, "target_info{job=\"checkout\"}", 3}, other);
  REQUIRE(none.payload);
  CHECK(std::get<sources::IdentityEvidence>(*none.payload).resources.empty()); // another service's resource
}

TEST_CASE("sources: service_identity: odd process fields are skipped, never thrown over")
{
  Scripted client;
  client.answer = [](const std::string& url) -> Outcome {
    return url.find("/api/v1/query") != std::string::npos
               ? response(200, test::read_fixture("cross/target-info.json"))
               : response(200, R"({"data":[{"traceID":"ab","spans":[{"traceID":"ab","spanID":"01","operationName":"x",)"
                               R"("startTime":1,"duration":1,"processID":"p1"}],"processes":{"p1":{"serviceName":5,)"
                               R"("tags":[{"key":"service.instance.id","value":7},"junk",{"key":1}]},"p2":"nope"}}]})");
  };
  const auto s = test::settings_of({{"service", "checkout"}, {"jaeger-api", "v1"}});
  const auto evidence =
      sources::fetch(client, {Source::service_identity, Endpoint::prometheus, "target_info{job=\"checkout\"}", 3}, s);
  REQUIRE(evidence.payload);
  CHECK(std::get<sources::IdentityEvidence>(*evidence.payload).resources.empty());
}

TEST_CASE("sources: span_counter searches the operation over the window and sends the increase query")
{
  Scripted client;
  client.answer = [](const std::string& url) -> Outcome {
    return url.find("/api/v1/query") != std::string::npos
               ? response(
                     200,
                     R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"3"]}]}})")
               : response(200, test::read_fixture("cross/jaeger-v1-checkout.json"));
  };
  const auto s = test::settings_of({{"service", "checkout"}, {"jaeger-api", "v1"}});
  EvidenceRequest request{Source::span_counter, Endpoint::prometheus, "sum(increase(x_total[60000ms]))", 50};
  request.operation = "checkout.request";
  request.window = std::chrono::seconds(60);
  const auto evidence = sources::fetch(client, request, s);
  REQUIRE(evidence.payload);
  const auto* got = std::get_if<sources::SpanCounterEvidence>(&*evidence.payload);
  REQUIRE(got != nullptr);
  CHECK(got->operation == "checkout.request");
  CHECK(got->trace_limit == 50);
  CHECK(got->window_end_us - got->window_start_us == 60'000'000);
  CHECK(got->increase.series.at(0).value == "3");
  REQUIRE(client.asked.size() == 2);
  CHECK(client.asked[0].find("operation=checkout.request&limit=50") != std::string::npos);
  CHECK(request.key() != EvidenceRequest{Source::span_counter, Endpoint::prometheus, "other", 50}.key());
}
