#pragma once

// `ttaobs receive --forward URL`: every request the receiver accepted goes on, unchanged (body
// still compressed, same path and content type), to an upstream OTLP/HTTP endpoint, from one
// background thread so that a slow upstream never slows the receiver's answers.

#include <src/http/http_client.hpp>
#include <src/http/server.hpp>
#include <src/util/url.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace ttaobs::sources {

/// What forwarding did so far.
struct ForwardStats
{
  std::uint64_t forwarded = 0; ///< requests the upstream answered 2xx
  std::uint64_t failed = 0;    ///< requests it refused or could not be reached for
  std::uint64_t dropped = 0;   ///< requests not sent: the queue was full, or the grace time was up
  std::string last_error;      ///< the last failure, one line, URL redacted ("" for none)
};

/// Forwards accepted OTLP requests to `upstream` (a base URL: the request's path, e.g. /v1/traces,
/// is appended) through `client`, in arrival order, holding at most `max_queued_bytes` of bodies.
class OtlpForwarder
{
public:
  /// Starts the sending thread; each request is bounded by `timeout`.
  OtlpForwarder(http::HttpClient& client, util::Url upstream, std::chrono::milliseconds timeout,
                std::size_t max_queued_bytes = std::size_t{256} << 20);
  /// Stops without waiting for the queue (finish() first to drain it).
  ~OtlpForwarder();
  OtlpForwarder(const OtlpForwarder&) = delete;
  OtlpForwarder& operator=(const OtlpForwarder&) = delete;

  /// Queues a copy of `request` (counted as dropped when the queue is full).
  void enqueue(const http::ServerRequest& request);
  /// Sends what is queued for at most `grace`, then stops; what is left counts as dropped.
  void finish(std::chrono::milliseconds grace);
  /// The counts so far.
  ForwardStats stats() const;

private:
  void run();
  void send(const http::ServerRequest& request);

  http::HttpClient& m_client;
  util::Url m_upstream;
  std::chrono::milliseconds m_timeout;
  std::size_t m_max_bytes;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<http::ServerRequest> m_queue;
  std::size_t m_queued_bytes = 0;
  bool m_stopping = false;
  std::chrono::steady_clock::time_point m_give_up = std::chrono::steady_clock::time_point::max();
  ForwardStats m_stats;
  std::thread m_thread;
};

} // namespace ttaobs::sources
