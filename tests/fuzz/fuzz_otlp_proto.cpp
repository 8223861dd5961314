// libFuzzer target: the OTLP/protobuf decoders (traces, also under a shallow AnyValue bound and
// twice into one TraceCollector, as a retried request arrives; metrics; the Export*ServiceResponse), then the JSON
// writer over whatever decoded, read back by the OTLP/JSON parser. Same entry points as production.
#include <src/sources/otlp.hpp>
#include <src/sources/otlp_encode.hpp>
#include <src/sources/otlp_json_write.hpp>
#include <src/sources/otlp_metrics.hpp>
#include <src/sources/otlp_proto.hpp>
#include <src/trace/merge.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const ttaobs::json::JsonLimits shallow{4};
  (void)ttaobs::sources::parse_otlp_traces_proto(body, shallow);
  (void)ttaobs::sources::parse_otlp_metrics_proto(body);
  (void)ttaobs::sources::parse_otlp_metrics_proto(body, shallow);
  (void)ttaobs::sources::parse_otlp_response(body);
  if (auto traces = ttaobs::sources::read_otlp_traces_proto(body)) {
    auto again = *traces;
    ttaobs::trace::TraceCollector collector;
    (void)collector.add(std::move(*traces));
    const auto before = collector.span_count();
    if (collector.add(std::move(again)) != before || collector.span_count() != before) {
      std::abort(); // the same request twice (an exporter's retry) adds nothing the second time
    }
  }
  const auto set = ttaobs::sources::parse_otlp_traces_proto(body);
  if (set) {
    const auto json = ttaobs::sources::write_otlp_json(*set);
    const auto back = ttaobs::sources::parse_otlp_traces(json);
    if (!back || back->traces.size() != set->traces.size()) {
      std::abort(); // what the writer writes, the reader reads
    }
  }
  return 0;
}
