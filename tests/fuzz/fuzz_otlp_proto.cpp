// libFuzzer target: the OTLP/protobuf decoders (traces, also under a shallow AnyValue bound and
// twice into one TraceCollector, as a retried request arrives; metrics; the Export*ServiceResponse), then the JSON
// writer over whatever decoded, read back by the OTLP/JSON parser. Same entry points as production.
// The input is also read as one KeyValue: the attribute fast path must agree with the general walk.
#include <src/sources/otlp.hpp>
#include <src/sources/otlp_encode.hpp>
#include <src/sources/otlp_json_write.hpp>
#include <src/sources/otlp_metrics.hpp>
#include <src/sources/otlp_proto.hpp>
#include <src/sources/proto_reader.hpp>
#include <src/trace/merge.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

// Whatever read_string_attribute accepts, read_key_value reads the same (or drops, for an empty key).
void check_attribute_fast_path(std::string_view body)
{
  std::string_view fast_key;
  std::string_view fast_value;
  if (!ttaobs::sources::proto::read_string_attribute(body, fast_key, fast_value)) {
    return;
  }
  namespace proto = ttaobs::sources::proto;
  proto::Context context(body, "KeyValue", ttaobs::json::JsonLimits{});
  std::string key;
  std::string value;
  const auto kept = proto::run<bool>(context, [&](proto::Context& at) {
    return proto::read_key_value(protozero::pbf_reader(body.data(), body.size()), at, key, value);
  });
  if (!kept || *kept != !fast_key.empty() || (*kept && (key != fast_key || value != fast_value))) {
    std::abort();
  }
}

} // namespace

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
  check_attribute_fast_path(body);
  return 0;
}
