#pragma once

#include <src/http/http_client.hpp>

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace ttaobs::http {

/// `--verbose`: passes every request on to `inner` and writes one line per request to `out`:
/// method, redacted URL, status or error, body bytes and latency. Never a header, body or secret.
class VerboseClient : public HttpClient
{
public:
  /// Receives each finished line (no trailing newline); called under a lock, one line at a time.
  using LineSink = std::function<void(std::string_view line)>;

  /// Logs the requests sent through `inner` (which must outlive this) to `out`.
  VerboseClient(HttpClient& inner, LineSink out);

  /// Sends through `inner`, then logs the outcome; the answer is returned unchanged.
  Expected<HttpResponse, HttpError> send(const HttpRequest& request) override;

private:
  HttpClient& m_inner;
  LineSink m_out;
  std::mutex m_mutex;
};

/// The line VerboseClient writes: "http: GET https://host/api?q=*** → 200, 1234 bytes, 12 ms"; a request
/// with a body says its size, "http: POST https://host/v1/traces (512 bytes sent) → 200, …" (never headers).
std::string verbose_line(std::string_view method, std::string_view url, const Expected<HttpResponse, HttpError>& answer,
                         std::size_t bytes, std::chrono::milliseconds latency, std::size_t sent = 0);

} // namespace ttaobs::http
