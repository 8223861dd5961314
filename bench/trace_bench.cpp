// Times one pass over a Jaeger trace file and reports wall time and peak RSS, for
// bench/trace_scale.sh. Modes:
//   full   parse with ttaobs' parser, build the span tree, run every trace check
//   parse     simdjson DOM parse of the same bytes and nothing else (the "fast parser" yardstick)
//   ondemand  simdjson On-Demand pass that visits every span and reads its id (a lighter yardstick)
// Usage: trace_bench full|parse|ondemand FILE
#include <checks/checks.hpp>
#include <src/sources/trace_file.hpp>

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>

namespace {

double peak_rss_mib()
{
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

} // namespace

int main(int argc, char** argv)
{
  if (argc != 3) {
    std::fprintf(stderr, "usage: trace_bench full|parse|ondemand FILE\n");
    return 2;
  }
  const std::string mode = argv[1];
  const auto started = std::chrono::steady_clock::now();
  std::size_t spans = 0;
  std::size_t depth = 0;
  if (mode == "parse") {
    simdjson::dom::parser parser;
    simdjson::padded_string json;
    if (simdjson::padded_string::load(argv[2]).get(json) != simdjson::SUCCESS) {
      std::fprintf(stderr, "cannot read %s\n", argv[2]);
      return 1;
    }
    simdjson::dom::element doc;
    if (parser.parse(json).get(doc) != simdjson::SUCCESS) {
      std::fprintf(stderr, "parse error\n");
      return 1;
    }
    spans = simdjson::dom::array(doc["data"].at(0)["spans"]).size();
  } else if (mode == "ondemand") {
    simdjson::ondemand::parser parser;
    simdjson::padded_string json;
    if (simdjson::padded_string::load(argv[2]).get(json) != simdjson::SUCCESS) {
      std::fprintf(stderr, "cannot read %s\n", argv[2]);
      return 1;
    }
    auto doc = parser.iterate(json);
    for (auto trace : doc["data"].get_array()) {
      for (auto span : trace["spans"].get_array()) {
        std::string_view id = span["spanID"].get_string();
        spans += id.empty() ? 0 : 1;
      }
    }
  } else {
    auto set = ttaobs::sources::load_trace_file(argv[2]); // what ttaobs trace --from-file does
    if (!set) {
      std::fprintf(stderr, "%s\n", set.error().c_str());
      return 1;
    }
    spans = set->traces[0].spans.size();
    depth = set->trees[0].max_depth;
    const ttaobs::sources::Payload payload = std::move(set).value();
    ttaobs::core::CheckParams p;
    p.span = "demo.workflow_execution";
    p.ancestor = p.span;
    p.prefix = "primitive.sequential.step_";
    p.min = 4;
    p.tolerance_us = 1000;
    using namespace ttaobs::checks;
    for (const auto fn : {trace_span_count, trace_root_span, trace_descendant_span, trace_span_series, trace_max_depth,
                          trace_link_integrity, trace_duration_containment, trace_single_root}) {
      (void)fn(payload, p);
    }
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%s spans=%zu depth=%zu seconds=%.3f peak_rss_mib=%.1f\n", mode.c_str(), spans, depth, seconds,
              peak_rss_mib());
  return 0;
}
