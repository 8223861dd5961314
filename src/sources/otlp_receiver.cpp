#include "otlp_receiver.hpp"

#include <src/sources/otlp.hpp>
#include <src/sources/otlp_http.hpp>
#include <src/sources/otlp_proto.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace ttaobs::sources {

namespace {

constexpr std::string_view k_traces = "/v1/traces";
constexpr std::string_view k_metrics = "/v1/metrics";
constexpr int k_invalid_argument = 3; // google.rpc.Code
constexpr int k_unavailable = 14;
constexpr int k_resource_exhausted = 8;

bool known_path(std::string_view path)
{
  return path == k_traces || path == k_metrics;
}

// The traces of an OTLP/HTTP body in `encoding` (no trees: the collector builds them once, at the end).
Expected<std::vector<trace::Trace>, std::string> decode_traces(OtlpEncoding encoding, std::string_view body)
{
  return encoding == OtlpEncoding::json ? read_otlp_traces(body) : read_otlp_traces_proto(body);
}

http::ServerResponse plain(int status, std::string text, std::vector<std::pair<std::string, std::string>> headers = {})
{
  return {status, "text/plain", std::move(text) + "\n", std::move(headers)};
}

} // namespace

OtlpReceiver::OtlpReceiver(ReceiverLimits limits) : m_limits(limits) {}

std::optional<http::ServerResponse> OtlpReceiver::check_head(const http::ServerRequest& head) const
{
  if (!known_path(head.path)) {
    return plain(404, fmt::format("no such path: OTLP/HTTP is POST {} or {}", k_traces, k_metrics));
  }
  if (head.method != "POST") {
    return plain(405, fmt::format("{} takes POST only", head.path), {{"Allow", "POST"}});
  }
  const auto type = head.header("content-type");
  if (otlp_encoding(type) == OtlpEncoding::unsupported) {
    return plain(415, fmt::format("unsupported Content-Type '{}': send application/x-protobuf or application/json",
                                  type.substr(0, 80)));
  }
  const auto coding = head.header("content-encoding");
  if (!coding.empty() && coding != "gzip" && coding != "identity") {
    return plain(415, fmt::format("unsupported Content-Encoding '{}': send gzip or none", coding.substr(0, 40)));
  }
  return std::nullopt;
}

void OtlpReceiver::note_refusal(const http::ServerResponse& answer)
{
  std::lock_guard lock(m_mutex);
  ++m_stats.refused;
  m_stats.last_refusal = fmt::format("HTTP {}: {}", answer.status, util::one_line(util::trim(answer.body), 160));
}

http::ServerResponse OtlpReceiver::refuse(int status, int grpc_code, const std::string& content_type,
                                          const std::string& why)
{
  {
    std::lock_guard lock(m_mutex);
    ++m_stats.refused;
    m_stats.last_refusal = fmt::format("HTTP {}: {}", status, why);
  }
  const auto encoding = otlp_encoding(content_type);
  http::ServerResponse answer{status, std::string(media_type(encoding)), status_message(encoding, grpc_code, why), {}};
  if (status == 429 || status == 503) {
    answer.headers.emplace_back("Retry-After", "1");
  }
  return answer;
}

http::ServerResponse OtlpReceiver::handle(const http::ServerRequest& request)
{
  if (auto early = check_head(request)) {
    note_refusal(*early);
    return std::move(*early);
  }
  const std::string type(request.header("content-type"));
  if (request.body.size() > m_limits.max_body) {
    return refuse(413, k_resource_exhausted, type, fmt::format("body larger than {} bytes", m_limits.max_body));
  }
  std::string inflated;
  const bool gzip = request.header("content-encoding") == "gzip";
  if (gzip) {
    bool too_large = false;
    auto out = inflate_bounded(request.body, m_limits.max_inflated, too_large);
    if (!out) {
      return refuse(too_large ? 413 : 400, too_large ? k_resource_exhausted : k_invalid_argument, type, out.error());
    }
    inflated = std::move(*out);
  }
  const std::string& body = gzip ? inflated : request.body;
  auto answer = request.path == k_traces ? handle_traces(request, body) : handle_metrics(request, body);
  if (answer.status == 200 && m_on_accepted) {
    m_on_accepted(request);
  }
  return answer;
}

http::ServerResponse OtlpReceiver::handle_traces(const http::ServerRequest& request, const std::string& body)
{
  const std::string type(request.header("content-type"));
  const auto encoding = otlp_encoding(type);
  auto decoded = decode_traces(encoding, body);
  if (!decoded) {
    return refuse(400, k_invalid_argument, type, "undecodable ExportTraceServiceRequest: " + decoded.error());
  }
  std::vector<trace::Trace> kept;
  std::uint64_t rejected = 0;
  {
    std::lock_guard lock(m_mutex);
    std::size_t room = m_limits.max_spans - std::min(m_limits.max_spans, m_traces.span_count());
    std::size_t retried = 0; // spans held already: a retry at the bound adds nothing, so is not refused
    for (auto& trace : *decoded) {
      retried += m_traces.drop_known(trace);
      if (trace.spans.size() <= room) {
        room -= trace.spans.size();
        kept.push_back(std::move(trace));
      } else {
        rejected += trace.spans.size();
      }
    }
    if (kept.empty() && rejected > 0) {
      m_stats.duplicate_spans += retried;
      m_stats.rejected_spans += rejected;
    } else {
      m_stats.duplicate_spans += retried + m_traces.add(std::move(kept));
      m_stats.spans = m_traces.span_count();
      m_stats.rejected_spans += rejected;
      ++m_stats.trace_requests;
    }
  }
  const auto full = fmt::format("ttaobs holds its bound of {} spans", m_limits.max_spans);
  if (rejected > 0 && kept.empty()) {
    return refuse(503, k_unavailable, type, full);
  }
  const auto message = rejected > 0 ? fmt::format("{}: {} spans of this request refused", full, rejected) : "";
  return {200,
          std::string(media_type(encoding)),
          export_response(encoding, static_cast<std::int64_t>(rejected), message, "rejectedSpans"),
          {}};
}

http::ServerResponse OtlpReceiver::handle_metrics(const http::ServerRequest& request, const std::string& body)
{
  const std::string type(request.header("content-type"));
  const auto encoding = otlp_encoding(type);
  auto summary = encoding == OtlpEncoding::json ? parse_otlp_metrics_json(body) : parse_otlp_metrics_proto(body);
  if (!summary) {
    return refuse(400, k_invalid_argument, type, "undecodable ExportMetricsServiceRequest: " + summary.error());
  }
  std::size_t rejected = 0;
  {
    std::lock_guard lock(m_mutex);
    ++m_stats.metric_requests;
    m_stats.metric_bytes += body.size();
    rejected = m_metrics.merge(*summary, m_limits.max_metrics);
    m_stats.metrics = m_metrics.metrics.size();
    m_stats.data_points += summary->data_points() - rejected; // not a walk over every metric held
    m_stats.rejected_points += rejected;
  }
  const auto message = rejected > 0
                           ? fmt::format("ttaobs holds its bound of {} metrics: {} data points of new metrics refused",
                                         m_limits.max_metrics, rejected)
                           : std::string();
  return {200,
          std::string(media_type(encoding)),
          export_response(encoding, static_cast<std::int64_t>(rejected), message, "rejectedDataPoints"),
          {}};
}

http::ServerHandler OtlpReceiver::server_handler()
{
  return {[this](const http::ServerRequest& head) {
            auto early = check_head(head);
            if (early) {
              note_refusal(*early);
            }
            return early;
          },
          [this](const http::ServerRequest& request) { return handle(request); }};
}

void OtlpReceiver::on_accepted(std::function<void(const http::ServerRequest&)> callback)
{
  std::lock_guard lock(m_mutex);
  m_on_accepted = std::move(callback);
}

MetricsSummary OtlpReceiver::metrics() const
{
  std::lock_guard lock(m_mutex);
  return m_metrics;
}

ReceiverStats OtlpReceiver::stats() const
{
  std::lock_guard lock(m_mutex);
  return m_stats;
}

trace::TraceSet OtlpReceiver::take_traces()
{
  std::lock_guard lock(m_mutex);
  m_stats.spans = 0;
  return m_traces.take();
}

} // namespace ttaobs::sources
