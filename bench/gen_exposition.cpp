// Writes a large Prometheus 0.0.4 exposition to stdout for bench/lint_scale.sh.
// Usage: gen_exposition BYTES clean|lint-heavy
//   clean       families with HELP/TYPE, counters, gauges and histograms with realistic labels:
//               promtool finds nothing
//   lint-heavy  the same shapes with camelCase labels, non-base units, missing HELP and
//               counters without _total: promtool reports a problem on nearly every line
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv)
{
  if (argc != 3) {
    std::fprintf(stderr, "usage: gen_exposition BYTES clean|lint-heavy\n");
    return 2;
  }
  const unsigned long long target = std::strtoull(argv[1], nullptr, 10);
  const bool heavy = std::string(argv[2]) == "lint-heavy";
  const char* methods[] = {"GET", "POST", "PUT", "DELETE"};
  const char* codes[] = {"200", "201", "400", "404", "500"};
  const char* buckets[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"};
  const char* label = heavy ? "statusCode" : "code";
  unsigned long long written = 0;
  char line[512];
  auto emit = [&](int n) {
    std::fwrite(line, 1, static_cast<std::size_t>(n), stdout);
    written += static_cast<unsigned long long>(n);
  };
  for (unsigned family = 0; written < target; ++family) {
    const unsigned kind = family % 3;
    if (kind == 0) {
      const char* name = heavy ? "requests" : "requests_total";
      if (!heavy) {
        emit(std::snprintf(line, sizeof line, "# HELP svc%u_http_%s Requests served.\n", family, name));
      }
      emit(std::snprintf(line, sizeof line, "# TYPE svc%u_http_%s counter\n", family, name));
      for (unsigned i = 0; i < 400 && written < target; ++i) {
        emit(std::snprintf(
            line, sizeof line,
            "svc%u_http_%s{method=\"%s\",%s=\"%s\",path=\"/api/v1/items/%u\",instance=\"10.0.%u.%u:8080\"} %u\n",
            family, name, methods[i % 4], label, codes[i % 5], i, i / 250, i % 250, i * 7919u % 100000u));
      }
    } else if (kind == 1) {
      const char* name = heavy ? "memory_kilobytes" : "memory_bytes";
      emit(std::snprintf(line, sizeof line, "# HELP svc%u_%s Resident memory.\n# TYPE svc%u_%s gauge\n", family, name,
                         family, name));
      for (unsigned i = 0; i < 400 && written < target; ++i) {
        emit(std::snprintf(line, sizeof line, "svc%u_%s{pod=\"svc-%u-%05u\",%s=\"%s\",zone=\"eu-west-%u\"} %.3f\n",
                           family, name, family, i, heavy ? "nodeName" : "node", codes[i % 5], i % 3, i * 1048.576));
      }
    } else {
      const char* name = heavy ? "latency_milliseconds" : "request_duration_seconds";
      if (!heavy) {
        emit(std::snprintf(line, sizeof line, "# HELP svc%u_%s Request latency.\n", family, name));
      }
      emit(std::snprintf(line, sizeof line, "# TYPE svc%u_%s histogram\n", family, name));
      for (unsigned series = 0; series < 36 && written < target; ++series) {
        unsigned cumulative = 0;
        for (unsigned b = 0; b < 11; ++b) {
          cumulative += (series + b) % 7;
          emit(std::snprintf(line, sizeof line, "svc%u_%s_bucket{method=\"%s\",%s=\"%s\",le=\"%s\"} %u\n", family, name,
                             methods[series % 4], label, codes[series % 5], buckets[b], cumulative));
        }
        emit(std::snprintf(line, sizeof line, "svc%u_%s_sum{method=\"%s\",%s=\"%s\"} %.4f\n", family, name,
                           methods[series % 4], label, codes[series % 5], cumulative * 0.137));
        emit(std::snprintf(line, sizeof line, "svc%u_%s_count{method=\"%s\",%s=\"%s\"} %u\n", family, name,
                           methods[series % 4], label, codes[series % 5], cumulative));
      }
    }
  }
  return 0;
}
