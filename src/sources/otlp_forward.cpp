#include "otlp_forward.hpp"

#include <fmt/format.h>

namespace ttaobs::sources {

OtlpForwarder::OtlpForwarder(http::HttpClient& client, util::Url upstream, std::chrono::milliseconds timeout,
                             std::size_t max_queued_bytes)
  : m_client(client), m_upstream(std::move(upstream)), m_timeout(timeout), m_max_bytes(max_queued_bytes),
    m_thread([this] { run(); })
{
}

OtlpForwarder::~OtlpForwarder()
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_give_up = std::chrono::steady_clock::now();
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void OtlpForwarder::enqueue(const http::ServerRequest& request)
{
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || m_queued_bytes + request.body.size() > m_max_bytes) {
      ++m_stats.dropped;
      return;
    }
    m_queued_bytes += request.body.size();
    m_queue.push_back(request);
  }
  m_wake.notify_one();
}

void OtlpForwarder::finish(std::chrono::milliseconds grace)
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_give_up = std::chrono::steady_clock::now() + grace;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

ForwardStats OtlpForwarder::stats() const
{
  std::lock_guard lock(m_mutex);
  return m_stats;
}

void OtlpForwarder::run()
{
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
    if (m_queue.empty() || std::chrono::steady_clock::now() >= m_give_up) {
      m_stats.dropped += m_queue.size();
      m_queue.clear();
      m_queued_bytes = 0;
      return;
    }
    auto request = std::move(m_queue.front());
    m_queue.pop_front();
    m_queued_bytes -= request.body.size();
    lock.unlock();
    send(request);
    lock.lock();
  }
}

void OtlpForwarder::send(const http::ServerRequest& request)
{
  http::HttpRequest out;
  out.method = "POST";
  out.url = util::with_path_and_query(m_upstream, request.path, {}); // the base's path prefix and query kept
  out.body = request.body;
  out.content_type = std::string(request.header("content-type"));
  if (const auto encoding = request.header("content-encoding"); !encoding.empty()) {
    out.headers.emplace_back("Content-Encoding", std::string(encoding));
  }
  out.timeout = m_timeout;
  const auto answer = m_client.send(out);
  std::lock_guard lock(m_mutex);
  if (answer && answer->status >= 200 && answer->status < 300) {
    ++m_stats.forwarded;
    return;
  }
  ++m_stats.failed;
  m_stats.last_error = answer ? fmt::format("POST {}: HTTP {}", util::redact_url(out.url), answer->status)
                              : util::redact_urls(answer.error().describe());
}

} // namespace ttaobs::sources
