// Writes one trace with N spans to stdout, as a Jaeger v1 query-API answer ({"data":[trace]}) or
// as the Jaeger api_v3 answer of the same trace (OTLP/JSON in {"result":{"resourceSpans":…}}):
// a realistic workflow-shaped tree (fan-out 1-8, depth up to ~12), each span with four tags /
// attributes, as Jaeger v1.76 serialises them. Deterministic for a given seed; both formats hold
// the same spans (ids, parents, names, times).
// Usage: gen_jaeger_trace SPANS [SEED] [jaeger|otlp] > trace.json
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace {

constexpr const char* k_trace = "da01334c9cc1daafcfd46d124a827233";

void jaeger_span(long i, long parent, const char* name, long long start, long duration)
{
  std::printf("%s{\"traceID\":\"%s\",\"spanID\":\"%016lx\",\"flags\":1,\"operationName\":\"%s\",\"references\":[",
              i == 0 ? "" : ",", k_trace, static_cast<unsigned long>(i + 1), name);
  if (parent >= 0) {
    std::printf("{\"refType\":\"CHILD_OF\",\"traceID\":\"%s\",\"spanID\":\"%016lx\"}", k_trace,
                static_cast<unsigned long>(parent + 1));
  }
  std::printf(
      "],\"startTime\":%lld,\"duration\":%ld,\"tags\":[{\"key\":\"primitive.type\",\"type\":\"string\","
      "\"value\":\"MockPrimitive\"},{\"key\":\"otel.scope.name\",\"type\":\"string\",\"value\":\"tta.primitives\"},"
      "{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"internal\"},{\"key\":\"attempt\",\"type\":\"int64\","
      "\"value\":%ld}],\"logs\":[],\"processID\":\"p1\",\"warnings\":null}",
      start, duration, i % 5);
}

void otlp_span(long i, long parent, const char* name, long long start, long duration)
{
  std::printf("%s{\"traceId\":\"%s\",\"spanId\":\"%016lx\",", i == 0 ? "" : ",", k_trace,
              static_cast<unsigned long>(i + 1));
  if (parent >= 0) {
    std::printf("\"parentSpanId\":\"%016lx\",", static_cast<unsigned long>(parent + 1));
  }
  std::printf(
      "\"flags\":1,\"name\":\"%s\",\"kind\":1,\"startTimeUnixNano\":\"%lld000\",\"endTimeUnixNano\":\"%lld000\","
      "\"attributes\":[{\"key\":\"primitive.type\",\"value\":{\"stringValue\":\"MockPrimitive\"}},"
      "{\"key\":\"otel.scope.name\",\"value\":{\"stringValue\":\"tta.primitives\"}},"
      "{\"key\":\"span.kind\",\"value\":{\"stringValue\":\"internal\"}},"
      "{\"key\":\"attempt\",\"value\":{\"intValue\":\"%ld\"}}],\"status\":{}}",
      name, start, start + duration, i % 5);
}

} // namespace

int main(int argc, char** argv)
{
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_jaeger_trace SPANS [SEED] [jaeger|otlp] > trace.json\n");
    return 2;
  }
  const long n = std::atol(argv[1]);
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 42);
  const bool otlp = argc > 3 && std::strcmp(argv[3], "otlp") == 0;
  const char* names[] = {"demo.workflow_execution",      "primitive.sequential.execute",
                         "primitive.validation.execute", "primitive.cache.execute",
                         "primitive.llm_call.execute",   "primitive.parallel.branch",
                         "primitive.retry.attempt",      "db.query",
                         "http.client.request",          "queue.publish"};
  std::vector<long> depth(static_cast<std::size_t>(n), 1);
  std::vector<long long> start(static_cast<std::size_t>(n), 1795533305922000LL);
  if (otlp) {
    std::printf(
        "{\"result\":{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        "{\"stringValue\":\"observability-demo\"}},{\"key\":\"telemetry.sdk.language\",\"value\":{\"stringValue\":"
        "\"nodejs\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"tta.primitives\"},\"spans\":[");
  } else {
    std::printf("{\"data\":[{\"traceID\":\"%s\",\"spans\":[", k_trace);
  }
  std::vector<long> open{0}; // spans that can still take children
  for (long i = 0; i < n; ++i) {
    long parent = -1;
    if (i > 0) {
      // prefer recent spans, so the tree is deep where work nests and wide where it fans out
      const auto pick = open.size() - 1 - std::min<std::size_t>(open.size() - 1, rng() % 8);
      parent = open[pick];
      if (depth[static_cast<std::size_t>(parent)] >= 12 || rng() % 8 == 0) {
        open.erase(open.begin() + static_cast<long>(pick));
        if (open.empty()) {
          open.push_back(0);
        }
      }
      depth[static_cast<std::size_t>(i)] = depth[static_cast<std::size_t>(parent)] + 1;
      start[static_cast<std::size_t>(i)] = start[static_cast<std::size_t>(parent)] + static_cast<long long>(rng() % 50);
    }
    if (depth[static_cast<std::size_t>(i)] < 12) {
      open.push_back(i); // spans at the depth cap take no children
    }
    const long duration = 100000 / (depth[static_cast<std::size_t>(i)] + 1) + static_cast<long>(rng() % 97);
    const char* name = names[i == 0 ? 0 : 1 + rng() % 9];
    (otlp ? otlp_span : jaeger_span)(i, parent, name, start[static_cast<std::size_t>(i)], duration);
  }
  if (otlp) {
    std::printf("]}]}]}}\n");
  } else {
    std::printf(
        "],\"processes\":{\"p1\":{\"serviceName\":\"observability-demo\",\"tags\":[{\"key\":\"telemetry.sdk.language\","
        "\"type\":\"string\",\"value\":\"nodejs\"}]}},\"warnings\":null}],\"total\":0,\"limit\":0,\"offset\":0,"
        "\"errors\":null}\n");
  }
  return 0;
}
