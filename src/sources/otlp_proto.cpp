#include "otlp_proto.hpp"
#include "otlp_collector.hpp"
#include "proto_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

// Field numbers from opentelemetry-proto (collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
// resource/v1/resource.proto, common/v1/common.proto); decoded with protozero, no generated code.
namespace ttaobs::sources {

namespace {

using proto::Context;

// Scratch space reused from span to span.
struct Scratch
{
  std::string trace_id;
  std::string id;
  PendingAttributes attributes;
};

// A bytes id of `size` bytes (or none) as hex into `out`.
void read_id(protozero::pbf_reader& message, Context& context, std::string_view field, std::size_t size,
             std::string& out)
{
  const auto bytes = context.bytes(message, field);
  if (!bytes.empty() && bytes.size() != size) {
    context.fail(field, fmt::format("expected a {}-byte id, found {} bytes", size, bytes.size()));
  }
  proto::to_hex(bytes, out);
}

std::int64_t read_nanos(protozero::pbf_reader& message, Context& context, std::string_view field)
{
  const auto nanos = context.fixed64(message, field);
  if (nanos > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    context.fail(field, fmt::format("{} ns is past the year 2262", nanos));
  }
  return static_cast<std::int64_t>(nanos);
}

// Span.Link: its span id (when it has one) becomes a link of `span`.
void read_link(protozero::pbf_reader link, Context& context, trace::Span& span, std::string& id)
{
  std::string trace_id;
  id.clear();
  while (context.next(link)) {
    if (link.tag() == 1) {
      read_id(link, context, "trace_id", 16, trace_id);
    } else if (link.tag() == 2) {
      read_id(link, context, "span_id", 8, id);
    } else {
      link.skip();
    }
  }
  if (!id.empty()) {
    span.links.emplace_back(id);
  }
}

// Status: code 2 is an error (also sets `error`), 1 ok.
void read_status(protozero::pbf_reader status, Context& context, trace::Span& span)
{
  while (context.next(status)) {
    if (status.tag() != 3) {
      status.skip();
      continue;
    }
    const auto code = context.varint(status, "code");
    span.error = code == 2;
    span.set_status(code == 2   ? trace::SpanStatus::error
                    : code == 1 ? trace::SpanStatus::ok
                                : trace::SpanStatus::unset);
  }
}

// A field of Span that is a nested message: attributes, links or status.
void read_span_part(protozero::pbf_reader& message, Context& context, trace::Span& span, Scratch& scratch,
                    std::size_t (&counts)[2])
{
  if (message.tag() == 9) {
    proto::read_attribute(message, context, counts[0]++, scratch.attributes);
    return;
  }
  context.enter(message.tag() == 13 ? "links" : "status", message.tag() == 13 ? counts[1]++ : Context::k_single);
  if (message.tag() == 13) {
    read_link(context.message(message, ""), context, span, scratch.id);
  } else {
    read_status(context.message(message, ""), context, span);
  }
  context.leave();
}

void read_span(protozero::pbf_reader message, Context& context, trace::Span& span, Scratch& scratch)
{
  scratch.attributes.clear();
  scratch.trace_id.clear();
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::size_t counts[2] = {0, 0}; // attributes, links
  while (context.next(message)) {
    switch (message.tag()) {
    case 1:
      read_id(message, context, "trace_id", 16, scratch.trace_id);
      break;
    case 2:
      read_id(message, context, "span_id", 8, scratch.id);
      span.span_id = scratch.id;
      break;
    case 4:
      read_id(message, context, "parent_span_id", 8, scratch.id);
      span.parent_id = scratch.id;
      break;
    case 5:
      span.name.assign(context.bytes(message, "name"));
      break;
    case 6: {
      const auto kind = context.varint(message, "kind");
      if (kind <= static_cast<std::uint64_t>(trace::SpanKind::consumer)) {
        span.set_kind(static_cast<trace::SpanKind>(kind));
      }
      break;
    }
    case 7:
      start = read_nanos(message, context, "start_time_unix_nano");
      break;
    case 8:
      end = read_nanos(message, context, "end_time_unix_nano");
      break;
    case 9:
    case 13:
    case 15:
      read_span_part(message, context, span, scratch, counts);
      break;
    default:
      message.skip();
    }
  }
  if (scratch.trace_id.empty() || span.span_id.empty()) {
    context.fail(scratch.trace_id.empty() ? "trace_id" : "span_id", "missing");
  }
  span.start_us = start / 1000;
  span.duration_us = std::max<std::int64_t>(0, end - start) / 1000; // both are ≥ 0: no overflow
}

// ScopeSpans: its spans, each added to `out`.
void read_scope_spans(protozero::pbf_reader message, Context& context, std::uint32_t resource, SpanCollector& out,
                      Scratch& scratch)
{
  for (std::size_t index = 0; context.next(message);) {
    if (message.tag() != 2) {
      message.skip();
      continue;
    }
    context.enter("spans", index++);
    trace::Span span;
    read_span(context.message(message, ""), context, span, scratch);
    out.add(scratch.trace_id, resource, std::move(span), scratch.attributes);
    context.leave();
  }
}

// Resource: its service.name, if any.
void read_resource(protozero::pbf_reader message, Context& context, std::uint32_t resource, SpanCollector& out)
{
  PendingAttributes attributes;
  for (std::size_t index = 0; context.next(message);) {
    if (message.tag() == 1) {
      proto::read_attribute(message, context, index++, attributes);
    } else {
      message.skip();
    }
  }
  const auto name = attributes.find("service.name");
  if (name) {
    out.name_resource(resource, std::string(*name));
  }
}

void read_resource_spans(protozero::pbf_reader message, Context& context, SpanCollector& out, Scratch& scratch)
{
  const auto resource = out.begin_resource();
  for (std::size_t scopes = 0; context.next(message);) {
    if (message.tag() == 1) {
      context.enter("resource");
      read_resource(context.message(message, ""), context, resource, out);
      context.leave();
    } else if (message.tag() == 2) {
      context.enter("scope_spans", scopes++);
      read_scope_spans(context.message(message, ""), context, resource, out, scratch);
      context.leave();
    } else {
      message.skip();
    }
  }
}

// The whole request into `out`; the spans read.
std::size_t read_request(std::string_view body, Context& context, SpanCollector& out)
{
  Scratch scratch;
  protozero::pbf_reader request(body.data(), body.size());
  const auto before = out.span_count();
  for (std::size_t index = 0; context.next(request);) {
    if (request.tag() != 1) {
      request.skip();
      continue;
    }
    context.enter("resource_spans", index++);
    read_resource_spans(context.message(request, ""), context, out, scratch);
    context.leave();
  }
  return out.span_count() - before;
}

constexpr std::string_view k_root = "ExportTraceServiceRequest";

} // namespace

Expected<std::vector<trace::Trace>, std::string> read_otlp_traces_proto(std::string_view body,
                                                                        const json::JsonLimits& limits)
{
  SpanCollector collected;
  Context context(body, k_root, limits);
  auto read = proto::run<std::size_t>(context, [&](Context& at) { return read_request(body, at, collected); });
  if (!read) {
    return unexpected(std::move(read).error());
  }
  return collected.take();
}

Expected<trace::TraceSet, std::string> parse_otlp_traces_proto(std::string_view body, const json::JsonLimits& limits)
{
  auto traces = read_otlp_traces_proto(body, limits);
  if (!traces) {
    return unexpected(std::move(traces).error());
  }
  return trace::make_trace_set(std::move(*traces));
}

} // namespace ttaobs::sources
