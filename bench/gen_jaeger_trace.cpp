// Writes one Jaeger v1 query-API answer ({"data":[trace]}) with N spans to stdout: a realistic
// workflow-shaped tree (fan-out 1-8, depth up to ~12), each span with tags, a log and a process,
// as Jaeger v1.76 serialises them. Deterministic for a given seed.
// Usage: gen_jaeger_trace SPANS [SEED] > trace.json
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

int main(int argc, char** argv)
{
  if (argc < 2) {
    std::fprintf(stderr, "usage: gen_jaeger_trace SPANS [SEED] > trace.json\n");
    return 2;
  }
  const long n = std::atol(argv[1]);
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 42);
  const char* names[] = {"demo.workflow_execution", "primitive.sequential.execute", "primitive.validation.execute",
                         "primitive.cache.execute", "primitive.llm_call.execute", "primitive.parallel.branch",
                         "primitive.retry.attempt", "db.query", "http.client.request", "queue.publish"};
  std::vector<long> depth(static_cast<std::size_t>(n), 1);
  std::vector<long long> start(static_cast<std::size_t>(n), 1795533305922000LL);
  std::printf("{\"data\":[{\"traceID\":\"da01334c9cc1daafcfd46d124a827233\",\"spans\":[");
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
    std::printf("%s{\"traceID\":\"da01334c9cc1daafcfd46d124a827233\",\"spanID\":\"%016lx\",\"flags\":1,"
                "\"operationName\":\"%s\",\"references\":[",
                i == 0 ? "" : ",", static_cast<unsigned long>(i + 1), names[i == 0 ? 0 : 1 + rng() % 9]);
    if (parent >= 0) {
      std::printf("{\"refType\":\"CHILD_OF\",\"traceID\":\"da01334c9cc1daafcfd46d124a827233\",\"spanID\":\"%016lx\"}",
                  static_cast<unsigned long>(parent + 1));
    }
    std::printf("],\"startTime\":%lld,\"duration\":%ld,\"tags\":[{\"key\":\"primitive.type\",\"type\":\"string\","
                "\"value\":\"MockPrimitive\"},{\"key\":\"otel.scope.name\",\"type\":\"string\",\"value\":\"tta.primitives\"},"
                "{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"internal\"},{\"key\":\"attempt\",\"type\":\"int64\","
                "\"value\":%ld}],\"logs\":[],\"processID\":\"p1\",\"warnings\":null}",
                start[static_cast<std::size_t>(i)], duration, i % 5);
  }
  std::printf("],\"processes\":{\"p1\":{\"serviceName\":\"observability-demo\",\"tags\":[{\"key\":\"telemetry.sdk.language\","
              "\"type\":\"string\",\"value\":\"nodejs\"}]}},\"warnings\":null}],\"total\":0,\"limit\":0,\"offset\":0,"
              "\"errors\":null}\n");
  return 0;
}
