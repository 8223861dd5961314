#pragma once

#include <src/http/server.hpp>
#include <src/sources/otlp_metrics.hpp>
#include <src/trace/merge.hpp>
#include <src/trace/model.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace ttaobs::sources {

/// How much the receiver takes in.
struct ReceiverLimits
{
  std::size_t max_body = 16u << 20;     ///< a body (as sent) larger than this is refused with 413
  std::size_t max_inflated = 64u << 20; ///< a gzip body inflating past this is refused with 413
  std::size_t max_spans = 2'000'000;    ///< spans retained; past it requests get 503 (or a partial success)
  std::size_t max_metrics = 100'000;    ///< distinct metrics summarised; new ones past it are refused (partial success)
};

/// What has arrived so far.
struct ReceiverStats
{
  std::uint64_t trace_requests = 0;  ///< POST /v1/traces accepted (200)
  std::uint64_t metric_requests = 0; ///< POST /v1/metrics accepted (200)
  std::uint64_t refused = 0;         ///< answered 4xx or 5xx
  std::uint64_t spans = 0;           ///< spans retained
  std::uint64_t rejected_spans = 0;  ///< spans refused past max_spans
  std::uint64_t duplicate_spans = 0; ///< spans received again (an exporter's retry), dropped
  std::uint64_t metric_bytes = 0;    ///< decoded bytes of the accepted metric requests
  std::uint64_t metrics = 0;         ///< distinct metrics summarised
  std::uint64_t data_points = 0;     ///< their data points
  std::uint64_t rejected_points = 0; ///< data points of new metrics refused past max_metrics
  std::string last_refusal;          ///< why the last refused request was refused ("" for none)
};

/// An OTLP/HTTP receiver (https://opentelemetry.io/docs/specs/otlp/#otlphttp) without sockets:
/// `handle` turns one request into its answer and keeps the spans, so tests, the fuzzer and the
/// server (src/http/server.hpp) drive the same function. Thread-safe.
class OtlpReceiver
{
public:
  /// A receiver holding at most `limits`.
  explicit OtlpReceiver(ReceiverLimits limits = {});

  /// The answer a request gets from its head alone (wrong path 404, method 405, content type 415,
  /// content encoding 415), or nullopt when its body is to be read.
  std::optional<http::ServerResponse> check_head(const http::ServerRequest& head) const;
  /// The answer to a complete request (check_head's included); accepted spans are kept.
  http::ServerResponse handle(const http::ServerRequest& request);
  /// The handler a Server serves this receiver with.
  http::ServerHandler server_handler();

  /// Called with every accepted request as it came (body still compressed), e.g. to forward it.
  void on_accepted(std::function<void(const http::ServerRequest&)> callback);

  /// The counts so far.
  ReceiverStats stats() const;
  /// What the /v1/metrics requests sent (protobuf or JSON): each metric's identity, shape and data points.
  MetricsSummary metrics() const;
  /// Every span received, merged per trace into one TraceSet (trees built once); the receiver is empty afterwards.
  trace::TraceSet take_traces();

private:
  http::ServerResponse handle_traces(const http::ServerRequest& request, const std::string& body);
  http::ServerResponse handle_metrics(const http::ServerRequest& request, const std::string& body);
  void note_refusal(const http::ServerResponse& answer);
  http::ServerResponse refuse(int status, int grpc_code, const std::string& content_type, const std::string& why);

  ReceiverLimits m_limits;
  mutable std::mutex m_mutex;
  trace::TraceCollector m_traces;
  MetricsSummary m_metrics;
  ReceiverStats m_stats;
  std::function<void(const http::ServerRequest&)> m_on_accepted;
};

} // namespace ttaobs::sources
