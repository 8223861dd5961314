#include "otlp_encode.hpp"
#include "proto_reader.hpp"

#include <src/util/hex.hpp>

#include <protozero/pbf_writer.hpp>

#include <algorithm>

#include <type_traits>

// Field numbers from opentelemetry-proto (see otlp_proto.cpp); written with protozero's pbf_writer.
namespace ttaobs::sources {

namespace {

std::string hex_bytes(std::string_view hex)
{
  std::string bytes(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int high = std::max(0, util::hex_digit(hex[2 * i])); // the model's ids are hex; anything else is 0
    const int low = std::max(0, util::hex_digit(hex[2 * i + 1]));
    bytes[i] = static_cast<char>((high << 4) | low);
  }
  return bytes;
}

void write_attribute(protozero::pbf_writer& parent, protozero::pbf_tag_type tag, std::string_view key,
                     const OtlpValue& value)
{
  protozero::pbf_writer key_value(parent, tag);
  key_value.add_string(1, key.data(), key.size());
  protozero::pbf_writer any(key_value, 2);
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          any.add_string(1, v);
        } else if constexpr (std::is_same_v<V, bool>) {
          any.add_bool(2, v);
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          any.add_int64(3, v);
        } else {
          any.add_double(4, v);
        }
      },
      value);
}

void write_span(protozero::pbf_writer& scope_spans, const OtlpSpan& span)
{
  protozero::pbf_writer out(scope_spans, 2);
  out.add_bytes(1, hex_bytes(span.trace_id));
  out.add_bytes(2, hex_bytes(span.span_id));
  if (!span.parent_id.empty()) {
    out.add_bytes(4, hex_bytes(span.parent_id));
  }
  out.add_string(5, span.name);
  out.add_enum(6, static_cast<std::int32_t>(span.kind));
  out.add_fixed64(7, span.start_ns);
  out.add_fixed64(8, span.end_ns);
  for (const auto& attribute : span.attributes) {
    write_attribute(out, 9, attribute.key, attribute.value);
  }
  for (const auto& link : span.links) {
    protozero::pbf_writer out_link(out, 13);
    out_link.add_bytes(1, hex_bytes(span.trace_id));
    out_link.add_bytes(2, hex_bytes(link));
  }
  if (span.status != trace::SpanStatus::unset || !span.status_message.empty()) {
    protozero::pbf_writer status(out, 15);
    if (!span.status_message.empty()) {
      status.add_string(2, span.status_message);
    }
    status.add_enum(3, static_cast<std::int32_t>(span.status));
  }
}

} // namespace

std::string encode_otlp_traces(const std::vector<OtlpSpan>& spans, std::string_view scope)
{
  std::string buffer;
  protozero::pbf_writer request(buffer);
  for (std::size_t begin = 0; begin < spans.size();) {
    protozero::pbf_writer resource_spans(request, 1);
    {
      protozero::pbf_writer resource(resource_spans, 1);
      if (!spans[begin].service.empty()) {
        write_attribute(resource, 1, "service.name", spans[begin].service);
      }
    }
    protozero::pbf_writer scope_spans(resource_spans, 2);
    {
      protozero::pbf_writer instrumentation(scope_spans, 1);
      instrumentation.add_string(1, scope.data(), scope.size());
    }
    std::size_t end = begin;
    for (; end < spans.size() && spans[end].service == spans[begin].service; ++end) {
      write_span(scope_spans, spans[end]);
    }
    begin = end;
  }
  return buffer;
}

std::string encode_otlp_response(std::int64_t rejected, std::string_view error_message)
{
  std::string buffer;
  if (rejected == 0 && error_message.empty()) {
    return buffer;
  }
  protozero::pbf_writer response(buffer);
  protozero::pbf_writer partial(response, 1);
  if (rejected != 0) {
    partial.add_int64(1, rejected);
  }
  if (!error_message.empty()) {
    partial.add_string(2, error_message.data(), error_message.size());
  }
  return buffer;
}

Expected<OtlpPartialSuccess, std::string> parse_otlp_response(std::string_view body)
{
  proto::Context context(body, "ExportTraceServiceResponse", {});
  return proto::run<OtlpPartialSuccess>(context, [&](proto::Context& at) {
    OtlpPartialSuccess result;
    protozero::pbf_reader response(body.data(), body.size());
    while (at.next(response)) {
      if (response.tag() != 1) {
        response.skip();
        continue;
      }
      at.enter("partial_success");
      auto partial = at.message(response, "");
      while (at.next(partial)) {
        if (partial.tag() == 1) {
          result.rejected = static_cast<std::int64_t>(at.varint(partial, "rejected_spans"));
        } else if (partial.tag() == 2) {
          result.message.assign(at.bytes(partial, "error_message"));
        } else {
          partial.skip();
        }
      }
      at.leave();
    }
    return result;
  });
}

} // namespace ttaobs::sources
