#pragma once

#include <src/util/noncopyable.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ttaobs::test {

/// The credentials /guarded/ routes accept: bearer "good-token", or basic "user:good-pw".
inline constexpr const char* k_test_bearer_header = "\r\nAuthorization: Bearer good-token\r\n";
inline constexpr const char* k_test_basic_header = "\r\nAuthorization: Basic dXNlcjpnb29kLXB3\r\n"; ///< user:good-pw
/// The tenant /tenant/ routes accept.
inline constexpr const char* k_test_tenant_header = "\r\nX-Scope-OrgID: tenant-a\r\n";

/// A tiny HTTP/1.1 server on 127.0.0.1 with fixed routes, for testing the curl client against a
/// real socket: /ok, /500, /invalid-json, /redirect (→ /ok), /redirect-host (→ the same server as
/// http://localhost:PORT/ok, another origin), /redirect-same (→ http://127.0.0.1:PORT/ok), /redirect-loop, /slow (never
/// answers), /big (256 KiB), /gzip (a gzip-encoded exposition), /openmetrics (an OpenMetrics exposition with its
/// Content-Type), /hangup (closes without answering). /guarded/X answers 401 unless the request carries
/// k_test_bearer_header or k_test_basic_header, /tenant/X 403 unless it carries k_test_tenant_header; then X is served
/// (so /guarded/tenant/ok needs both).
/// A request's body (Content-Length) is read too. POST /echo answers "METHOD BYTES CONTENT-TYPE" of
/// the request; a pipeline for the probe: POST /v1/traces keeps the OTLP/JSON body and answers 200,
/// /drop/v1/traces answers 200 and keeps nothing (a black hole), /reject/v1/traces answers 503;
/// GET /api/v3/traces/ID answers, Jaeger api_v3 style, the kept bodies' resourceSpans of the
/// bodies naming ID, or 404 "No traces found".
class TestServer : util::NonCopyable
{
public:
  /// Listens on an ephemeral port and serves from a background thread.
  TestServer();
  /// Stops accepting, wakes slow handlers and joins every thread.
  ~TestServer();

  /// "http://127.0.0.1:PORT".
  std::string base_url() const;
  /// Request lines received, in order.
  std::vector<std::string> requests() const;
  /// Request lines and headers received, in order.
  std::vector<std::string> raw_requests() const;
  /// Request bodies received, in order ("" for none).
  std::vector<std::string> bodies() const;

private:
  void serve();
  void handle(int fd);
  std::string read_body(int fd, const std::string& request);
  std::string stored_trace(const std::string& id);

  int m_listen_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::vector<std::thread> m_workers;
  std::vector<std::string> m_requests;
  std::vector<std::string> m_raw_requests;
  std::vector<std::string> m_bodies;
  std::vector<std::string> m_kept_traces; ///< OTLP/JSON bodies POSTed to /v1/traces
};

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
int closed_port();

} // namespace ttaobs::test
