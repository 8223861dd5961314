// OTLP decode rate and retained memory (issue 15): batches of 512 spans with 10 attributes each,
// decoded as OTLP/protobuf (parse_otlp_traces_proto) and as the same data in OTLP/JSON
// (parse_otlp_traces); then BATCHES batches kept in one TraceCollector, as the receiver keeps
// them, and the resident memory per retained span. Usage: otlp_decode [BATCHES] [SECONDS]
#include <src/sources/otlp.hpp>
#include <src/sources/otlp_encode.hpp>
#include <src/sources/otlp_json_write.hpp>
#include <src/sources/otlp_proto.hpp>
#include <src/trace/merge.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace ttaobs;
constexpr int k_spans = 512;

// Batch `number`: 16 traces of 32 spans (a root and its children), 10 string attributes per span,
// 8 of few values (as methods, routes and statuses are) and 2 unique per span (request and user ids).
std::vector<sources::OtlpSpan> batch(int number)
{
  std::vector<sources::OtlpSpan> spans(k_spans);
  for (int i = 0; i < k_spans; ++i) {
    auto& span = spans[i];
    const int trace = i / 32;
    span.service = i % 32 < 16 ? "frontend" : "backend";
    span.trace_id = fmt::format("{:016x}{:016x}", number + 1, trace + 1);
    span.span_id = fmt::format("{:08x}{:08x}", number + 1, i + 1);
    span.parent_id = i % 32 == 0 ? "" : fmt::format("{:08x}{:08x}", number + 1, trace * 32 + 1);
    span.name = fmt::format("GET /api/v1/items/{}", i % 8);
    span.kind = i % 32 == 0 ? trace::SpanKind::server : trace::SpanKind::client;
    span.start_ns = 1'700'000'000'000'000'000ull + static_cast<std::uint64_t>(number) * 1'000'000'000ull + i * 1000ull;
    span.end_ns = span.start_ns + 250'000;
    for (int a = 0; a < 8; ++a) {
      span.attributes.push_back({fmt::format("app.attribute_{}", a), fmt::format("value-{}", (i + a) % 4)});
    }
    span.attributes.push_back({"app.request_id", fmt::format("req-{}-{}", number, i)});
    span.attributes.push_back({"enduser.id", fmt::format("user-{:06}", (number * k_spans + i) % 100000)});
  }
  return spans;
}

template <typename Decode> double rate(const std::string& body, double seconds, Decode&& decode)
{
  const auto start = std::chrono::steady_clock::now();
  long runs = 0;
  double elapsed = 0;
  while (elapsed < seconds) {
    if (!decode(body)) {
      std::fprintf(stderr, "decode failed\n");
      std::exit(1);
    }
    ++runs;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return static_cast<double>(runs) / elapsed; // batches per second
}

long rss_bytes()
{
  long pages = 0;
  long resident = 0;
  std::ifstream("/proc/self/statm") >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

} // namespace

int main(int argc, char** argv)
{
  const int batches = argc > 1 ? std::atoi(argv[1]) : 2000;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  const auto proto = sources::encode_otlp_traces(batch(0));
  const auto json = sources::write_otlp_json(sources::parse_otlp_traces_proto(proto).value());
  const auto proto_rate =
      rate(proto, seconds, [](const std::string& b) { return sources::parse_otlp_traces_proto(b).has_value(); });
  const auto json_rate =
      rate(json, seconds, [](const std::string& b) { return sources::parse_otlp_traces(b).has_value(); });
  fmt::print("batch: {} spans, 10 attributes each; protobuf {} bytes, OTLP/JSON {} bytes\n", k_spans, proto.size(),
             json.size());
  fmt::print("protobuf  parse_otlp_traces_proto: {:>10.0f} spans/s {:>7.1f} MB/s\n", proto_rate * k_spans,
             proto_rate * static_cast<double>(proto.size()) / 1e6);
  fmt::print("OTLP/JSON parse_otlp_traces:       {:>10.0f} spans/s {:>7.1f} MB/s\n", json_rate * k_spans,
             json_rate * static_cast<double>(json.size()) / 1e6);
  fmt::print("protobuf / JSON: {:.2f}x spans/s\n", proto_rate / json_rate);

  trace::TraceCollector collector;
  const auto before = rss_bytes();
  double elapsed = 0;
  for (int i = 0; i < batches; ++i) {
    const auto body = sources::encode_otlp_traces(batch(i)); // made and freed per request, as a receiver's body
    const auto start = std::chrono::steady_clock::now();
    auto traces = sources::read_otlp_traces_proto(body);
    if (!traces) {
      return 1;
    }
    collector.add(std::move(*traces));
    elapsed += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const auto spans = static_cast<double>(collector.span_count());
  const auto retained = static_cast<double>(rss_bytes() - before);
  fmt::print("kept {} spans in one TraceCollector (read_otlp_traces_proto + add, as the receiver does): "
             "{:.0f} spans/s, {:.0f} bytes RSS per span\n",
             collector.span_count(), spans / elapsed, retained / spans);
  const auto set = collector.take();
  fmt::print("as a TraceSet with its span trees: {:.0f} bytes RSS per span\n",
             static_cast<double>(rss_bytes() - before) / spans);
  return set.traces.empty() ? 1 : 0;
}
