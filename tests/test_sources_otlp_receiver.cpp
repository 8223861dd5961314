#include <src/sources/otlp_encode.hpp>
#include <src/sources/otlp_http.hpp>
#include <src/sources/otlp_receiver.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <string>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;

namespace {

// An ExportTraceServiceRequest in OTLP/JSON: `spans` spans of trace `trace` (32 hex digits), the first a root.
std::string json_request(int spans, const std::string& trace = std::string(31, '0') + "1", int first = 1)
{
  nlohmann::json list = nlohmann::json::array();
  for (int i = first; i < first + spans; ++i) {
    nlohmann::json span = {{"traceId", trace},
                           {"spanId", fmt::format("{:016x}", i)},
                           {"name", fmt::format("op{}", i)},
                           {"startTimeUnixNano", "1700000000000000000"},
                           {"endTimeUnixNano", "1700000000001000000"},
                           {"attributes", {{{"key", "k"}, {"value", {{"stringValue", fmt::format("v{}", i)}}}}}}};
    if (i != 1) {
      span["parentSpanId"] = fmt::format("{:016x}", 1);
    }
    list.push_back(span);
  }
  nlohmann::json resource = {{"attributes", {{{"key", "service.name"}, {"value", {{"stringValue", "checkout"}}}}}}};
  return nlohmann::json{{"resourceSpans", {{{"resource", resource}, {"scopeSpans", {{{"spans", list}}}}}}}}.dump();
}

http::ServerRequest post(std::string path, std::string type, std::string body)
{
  http::ServerRequest request;
  request.method = "POST";
  request.path = std::move(path);
  request.headers = {{"content-type", std::move(type)}};
  request.body = std::move(body);
  return request;
}

std::string gzip(std::string_view text)
{
  z_stream stream{};
  deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

} // namespace

TEST_CASE("OtlpReceiver: OTLP/JSON traces are kept and answered with an ExportTraceServiceResponse")
{
  sources::OtlpReceiver receiver;
  const auto answer = receiver.handle(post("/v1/traces", "application/json", json_request(3)));
  CHECK(answer.status == 200);
  CHECK(answer.content_type == "application/json");
  CHECK(answer.body == "{}");
  CHECK(receiver.stats().spans == 3);
  CHECK(receiver.stats().trace_requests == 1);
  SUBCASE("a later batch of the same trace joins it: one trace, one tree")
  {
    CHECK(receiver
              .handle(
                  post("/v1/traces", "application/json; charset=utf-8", json_request(2, std::string(31, '0') + "1", 4)))
              .status == 200);
    const auto set = receiver.take_traces();
    REQUIRE(set.traces.size() == 1);
    CHECK(set.traces[0].spans.size() == 5);
    CHECK(set.trees[0].roots.size() == 1);
    CHECK(set.traces[0].service_of(set.traces[0].spans[4]) == "checkout");
    CHECK(set.traces[0].attribute(set.traces[0].spans[4], "k") == "v5");
    CHECK(receiver.stats().spans == 0);
  }
  SUBCASE("the same request again (an exporter retrying after a lost answer): 200, its spans counted once")
  {
    CHECK(receiver.handle(post("/v1/traces", "application/json", json_request(3))).status == 200);
    CHECK(receiver.stats().spans == 3);
    CHECK(receiver.stats().duplicate_spans == 3);
    CHECK(receiver.stats().trace_requests == 2);
    CHECK(receiver.take_traces().traces.at(0).spans.size() == 3);
  }
}

TEST_CASE("OtlpReceiver: OTLP/protobuf is decoded and answered in protobuf; a truncated body is 400")
{
  std::vector<sources::OtlpSpan> spans(3);
  for (int i = 0; i < 3; ++i) {
    spans[i].service = "checkout";
    spans[i].trace_id = std::string(31, '0') + "7";
    spans[i].span_id = fmt::format("{:016x}", i + 1);
    spans[i].parent_id = i == 0 ? "" : fmt::format("{:016x}", 1);
    spans[i].name = fmt::format("op{}", i);
    spans[i].start_ns = 1'700'000'000'000'000'000;
    spans[i].end_ns = spans[i].start_ns + 1000;
  }
  const auto body = sources::encode_otlp_traces(spans);
  sources::OtlpReceiver receiver(sources::ReceiverLimits{1 << 20, 1 << 20, 5});
  const auto answer = receiver.handle(post("/v1/traces", "application/x-protobuf", body));
  CHECK(answer.status == 200);
  CHECK(answer.content_type == "application/x-protobuf");
  CHECK(answer.body.empty()); // ExportTraceServiceResponse{}: full success
  CHECK(receiver.stats().spans == 3);

  const auto truncated = receiver.handle(post("/v1/traces", "application/x-protobuf", body.substr(0, body.size() - 5)));
  CHECK(truncated.status == 400);
  CHECK(truncated.content_type == "application/x-protobuf");
  CHECK(truncated.body.rfind("\x08\x03\x12", 0) == 0); // google.rpc.Status{code: INVALID_ARGUMENT, message}

  // of two more traces (3 spans, 1 span) only the second fits the bound of 5: a partial success, read back
  spans.push_back(spans[0]);
  for (auto& span : spans) {
    span.trace_id = std::string(31, '0') + (&span == &spans.back() ? "9" : "8");
  }
  const auto partial =
      receiver.handle(post("/v1/traces", "application/x-protobuf", sources::encode_otlp_traces(spans)));
  CHECK(partial.status == 200);
  const auto said = sources::parse_otlp_response(partial.body);
  REQUIRE(said);
  CHECK(said->rejected == 3);
  CHECK(said->message.find("bound of 5 spans") != std::string::npos);
  CHECK(receiver.stats().spans == 4);
}

TEST_CASE("OtlpReceiver: status codes of the OTLP/HTTP specification")
{
  sources::OtlpReceiver receiver;
  SUBCASE("an undecodable body is 400 with a google.rpc.Status in the request's encoding")
  {
    const auto answer = receiver.handle(post("/v1/traces", "application/json", "{\"resourceSpans\": [tru"));
    CHECK(answer.status == 400);
    const auto status = nlohmann::json::parse(answer.body);
    CHECK(status["code"] == 3);
    CHECK(status["message"].get<std::string>().find("undecodable") != std::string::npos);
    CHECK(receiver.stats().refused == 1);
    CHECK(receiver.stats().last_refusal.find("HTTP 400") == 0);
  }
  SUBCASE("a wrong content type is 415, decided from the head alone")
  {
    const auto head = post("/v1/traces", "text/plain", "");
    REQUIRE(receiver.check_head(head));
    CHECK(receiver.check_head(head)->status == 415);
    CHECK(receiver.handle(post("/v1/traces", "", json_request(1))).status == 415);
    auto deflated = post("/v1/traces", "application/json", json_request(1));
    deflated.headers.emplace_back("content-encoding", "br");
    CHECK(receiver.handle(deflated).status == 415);
  }
  SUBCASE("other paths are 404, other methods 405 with Allow")
  {
    CHECK(receiver.handle(post("/v1/logs", "application/json", "{}")).status == 404);
    CHECK(receiver.handle(post("/", "application/json", "{}")).status == 404);
    auto get = post("/v1/traces", "application/json", "");
    get.method = "GET";
    const auto answer = receiver.handle(get);
    CHECK(answer.status == 405);
    REQUIRE(answer.headers.size() == 1);
    CHECK(answer.headers[0] == std::pair<std::string, std::string>{"Allow", "POST"});
  }
  SUBCASE("a body past the bound is 413")
  {
    sources::OtlpReceiver small(sources::ReceiverLimits{100, 1000, 10});
    CHECK(small.handle(post("/v1/traces", "application/json", json_request(3))).status == 413);
  }
  CHECK(receiver.stats().spans == 0);
}

TEST_CASE("OtlpReceiver: gzip bodies are inflated within a bound (a gzip bomb costs at most the bound)")
{
  sources::OtlpReceiver receiver(sources::ReceiverLimits{1 << 20, 1 << 20, 1000});
  auto zipped = post("/v1/traces", "application/json", gzip(json_request(4)));
  zipped.headers.emplace_back("content-encoding", "gzip");
  CHECK(receiver.handle(zipped).status == 200);
  CHECK(receiver.stats().spans == 4);

  auto bomb = post("/v1/traces", "application/json", gzip(std::string(64u << 20, ' ')));
  bomb.headers.emplace_back("content-encoding", "gzip");
  CHECK(bomb.body.size() < 200'000);
  const auto answer = receiver.handle(bomb);
  CHECK(answer.status == 413);
  CHECK(answer.body.find("inflates to more than 1048576 bytes") != std::string::npos);

  auto corrupt = post("/v1/traces", "application/json", gzip(json_request(4)).substr(0, 40));
  corrupt.headers.emplace_back("content-encoding", "gzip");
  CHECK(receiver.handle(corrupt).status == 400);
  CHECK(receiver.stats().spans == 4);
}

TEST_CASE("OtlpReceiver: past the retained-span bound, a partial success, then 503 with Retry-After")
{
  sources::OtlpReceiver receiver(sources::ReceiverLimits{1 << 20, 1 << 20, 5});
  CHECK(receiver.handle(post("/v1/traces", "application/json", json_request(3))).status == 200);
  // two traces of 2: the first fits, the second is refused and counted
  std::string two = json_request(2, std::string(31, '0') + "2");
  auto both = nlohmann::json::parse(two);
  both["resourceSpans"].push_back(
      nlohmann::json::parse(json_request(2, std::string(31, '0') + "3"))["resourceSpans"][0]);
  const auto partial = receiver.handle(post("/v1/traces", "application/json", both.dump()));
  CHECK(partial.status == 200);
  const auto body = nlohmann::json::parse(partial.body);
  CHECK(body["partialSuccess"]["rejectedSpans"] == "2");
  CHECK(body["partialSuccess"]["errorMessage"].get<std::string>().find("bound of 5 spans") != std::string::npos);
  CHECK(receiver.stats().spans == 5);
  CHECK(receiver.stats().rejected_spans == 2);

  const auto full =
      receiver.handle(post("/v1/traces", "application/json", json_request(1, std::string(31, '0') + "4")));
  CHECK(full.status == 503);
  REQUIRE(full.headers.size() == 1);
  CHECK(full.headers[0].first == "Retry-After");
  CHECK(receiver.stats().spans == 5);
  CHECK(receiver.stats().rejected_spans == 3);

  // at the bound, a retry of a request held adds nothing, so it is not refused
  CHECK(receiver.handle(post("/v1/traces", "application/json", json_request(3))).status == 200);
  CHECK(receiver.stats().duplicate_spans == 3);
  CHECK(receiver.stats().rejected_spans == 3);
  // a retry with one new span: the held three are dropped, the new one refused
  const auto mixed = receiver.handle(post("/v1/traces", "application/json", json_request(4)));
  CHECK(mixed.status == 503);
  CHECK(receiver.stats().duplicate_spans == 6);
  CHECK(receiver.stats().rejected_spans == 4);
  CHECK(receiver.stats().spans == 5);
}

TEST_CASE("OtlpReceiver: /v1/metrics (JSON or protobuf) is summarised; accepted requests reach on_accepted")
{
  sources::OtlpReceiver receiver;
  std::vector<std::string> seen;
  receiver.on_accepted([&](const http::ServerRequest& request) { seen.push_back(request.path); });
  CHECK(receiver.handle(post("/v1/metrics", "application/json", R"({"resourceMetrics":[]})")).status == 200);
  CHECK(receiver.handle(post("/v1/traces", "application/json", "nope")).status == 400);
  CHECK(receiver.handle(post("/v1/traces", "application/json", json_request(1))).status == 200);
  CHECK(receiver.handle(post("/v1/metrics", "application/json", R"({"resourceMetrics":7})")).status == 400);
  CHECK(receiver.stats().last_refusal.find("resourceMetrics: expected an array") != std::string::npos);
  const auto pushed = R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[
    {"name":"jobs","unit":"1","sum":{"isMonotonic":true,"dataPoints":[{"attributes":[{"key":"queue"}]},{}]}}]}]}]})";
  CHECK(receiver.handle(post("/v1/metrics", "application/json", pushed)).status == 200);
  CHECK(receiver.stats().metric_requests == 2);
  CHECK(receiver.stats().metrics == 1);
  CHECK(receiver.stats().data_points == 2);
  const auto metrics = receiver.metrics();
  REQUIRE(metrics.metrics.size() == 1);
  CHECK(metrics.metrics[0].monotonic);
  CHECK(metrics.metrics[0].attribute_keys == std::vector<std::pair<std::string, std::size_t>>{{"queue", 1}});
  CHECK(seen == std::vector<std::string>{"/v1/metrics", "/v1/traces", "/v1/metrics"});
}

TEST_CASE(
    "OtlpReceiver: past the bound of distinct metrics, new ones are refused (partial success), known ones still merge")
{
  sources::OtlpReceiver receiver(sources::ReceiverLimits{1 << 20, 1 << 20, 1000, 1});
  const auto metric = [](const char* name, int points) {
    std::string list;
    for (int i = 0; i < points; ++i) {
      list += std::string(i == 0 ? "" : ",") + R"({"attributes":[{"key":"k"}]})";
    }
    return fmt::format(
        R"({{"resourceMetrics":[{{"scopeMetrics":[{{"metrics":[{{"name":"{}","gauge":{{"dataPoints":[{}]}}}}]}}]}}]}})",
        name, list);
  };
  CHECK(receiver.handle(post("/v1/metrics", "application/json", metric("first", 2))).body == "{}");
  const auto refused = receiver.handle(post("/v1/metrics", "application/json", metric("second", 3)));
  CHECK(refused.status == 200);
  const auto body = nlohmann::json::parse(refused.body);
  CHECK(body["partialSuccess"]["rejectedDataPoints"] == "3");
  CHECK(body["partialSuccess"]["errorMessage"].get<std::string>().find("bound of 1 metrics") != std::string::npos);
  CHECK(receiver.handle(post("/v1/metrics", "application/json", metric("first", 1))).body == "{}");
  CHECK(receiver.stats().metrics == 1);
  CHECK(receiver.stats().data_points == 3);
  CHECK(receiver.stats().rejected_points == 3);
}

TEST_CASE("otlp_http: media types, response and status encodings")
{
  CHECK(sources::otlp_encoding("application/x-protobuf") == sources::OtlpEncoding::protobuf);
  CHECK(sources::otlp_encoding(" Application/JSON ; charset=utf-8") == sources::OtlpEncoding::json);
  CHECK(sources::otlp_encoding("application/jsonx") == sources::OtlpEncoding::unsupported);
  CHECK(sources::otlp_encoding("") == sources::OtlpEncoding::unsupported);
  // ExportTraceServiceResponse{partial_success{rejected_spans: 2, error_message: "x"}}
  CHECK(sources::export_response(sources::OtlpEncoding::protobuf, 2, "x", "rejectedSpans") ==
        std::string("\x0a\x05\x08\x02\x12\x01x", 7));
  CHECK(sources::export_response(sources::OtlpEncoding::protobuf, 0, "", "rejectedSpans").empty());
  // google.rpc.Status{code: 3, message: "bad"}
  CHECK(sources::status_message(sources::OtlpEncoding::protobuf, 3, "bad") == std::string("\x08\x03\x12\x03"
                                                                                          "bad",
                                                                                          7));
  bool too_large = true;
  CHECK(!sources::inflate_bounded("not gzip at all", 100, too_large));
  CHECK(!too_large);
}
