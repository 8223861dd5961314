#include "test_server.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <cctype>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace ttaobs::test {

namespace {

int listen_loopback(int& port)
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    throw std::runtime_error("test server: cannot listen on 127.0.0.1");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

void send_all(int fd, const std::string& data)
{
  std::size_t sent = 0;
  while (sent < data.size()) {
    const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      return;
    }
    sent += static_cast<std::size_t>(n);
  }
}

std::string response(int status, const std::string& reason, const std::string& body, const std::string& extra = "")
{
  return fmt::format("HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n{}\r\n{}", status, reason,
                     body.size(), extra, body);
}

// /guarded/X needs the test credentials (else 401), /tenant/X the tenant header (else 403); past
// the guard, X is served as usual. Returns the refusal to send, or "" (and `path` becomes X).
std::string guard(const std::string& request, std::string& path)
{
  const auto has = [&](const char* line) { return request.find(line) != std::string::npos; };
  if (path.rfind("/guarded/", 0) == 0) {
    if (!has(k_test_bearer_header) && !has(k_test_basic_header)) {
      return response(401, "Unauthorized", "missing or bad credentials", "WWW-Authenticate: Basic realm=\"test\"\r\n");
    }
    path = path.substr(8);
  }
  if (path.rfind("/tenant/", 0) == 0) {
    if (!has(k_test_tenant_header)) {
      return response(403, "Forbidden", "no org id");
    }
    path = path.substr(7);
  }
  return {};
}

// The value of header `name` (lower case) in the request head, or "".
std::string header_value(const std::string& request, const std::string& name)
{
  std::string lower = request.substr(0, request.find("\r\n\r\n"));
  for (auto& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto at = lower.find("\r\n" + name + ":");
  if (at == std::string::npos) {
    return {};
  }
  const auto start = at + name.size() + 3;
  auto value = request.substr(start, request.find("\r\n", start) - start);
  return value.substr(value.find_first_not_of(' '));
}

} // namespace

// Reads the rest of a Content-Length body (what came with the head included).
std::string TestServer::read_body(int fd, const std::string& request)
{
  const auto head_end = request.find("\r\n\r\n") + 4;
  const auto length_text = header_value(request, "content-length");
  const std::size_t length = length_text.empty() ? 0 : std::stoul(length_text);
  std::string body = request.substr(head_end);
  char buffer[4096];
  while (body.size() < length) {
    const auto n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      break;
    }
    body.append(buffer, static_cast<std::size_t>(n));
  }
  return body;
}

// Jaeger api_v3's answer for trace `id`: the resourceSpans of every kept body naming it.
std::string TestServer::stored_trace(const std::string& id)
{
  auto spans = nlohmann::json::array();
  {
    std::lock_guard lock(m_mutex);
    for (const auto& body : m_kept_traces) {
      if (body.find(id) != std::string::npos) {
        auto doc = nlohmann::json::parse(body); // kept alive while its resourceSpans are moved out
        for (auto& item : doc["resourceSpans"]) {
          spans.push_back(std::move(item));
        }
      }
    }
  }
  if (spans.empty()) {
    return response(404, "Not Found", R"({"error":{"code":5,"message":"No traces found"}})");
  }
  const nlohmann::json answer = {{"result", {{"resourceSpans", spans}}}};
  return response(200, "OK", answer.dump(), "Content-Type: application/json\r\n");
}

int closed_port()
{
  int port = 0;
  ::close(listen_loopback(port));
  return port;
}

TestServer::TestServer()
{
  m_listen_fd = listen_loopback(m_port);
  m_thread = std::thread([this] { serve(); });
}

TestServer::~TestServer()
{
  m_stop = true;
  m_thread.join();
  for (auto& worker : m_workers) {
    worker.join();
  }
  ::close(m_listen_fd);
}

std::string TestServer::base_url() const
{
  return fmt::format("http://127.0.0.1:{}", m_port);
}

std::vector<std::string> TestServer::requests() const
{
  std::lock_guard lock(m_mutex);
  return m_requests;
}

std::vector<std::string> TestServer::bodies() const
{
  std::lock_guard lock(m_mutex);
  return m_bodies;
}

std::vector<std::string> TestServer::raw_requests() const
{
  std::lock_guard lock(m_mutex);
  return m_raw_requests;
}

void TestServer::serve()
{
  while (!m_stop) {
    pollfd pfd{m_listen_fd, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) {
      continue;
    }
    const int fd = ::accept(m_listen_fd, nullptr, nullptr);
    if (fd < 0) {
      continue;
    }
    std::lock_guard lock(m_mutex);
    m_workers.emplace_back([this, fd] { handle(fd); });
  }
}

void TestServer::handle(int fd)
{
  std::string request;
  char buffer[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    const auto n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      ::close(fd);
      return;
    }
    request.append(buffer, static_cast<std::size_t>(n));
  }
  const auto line = request.substr(0, request.find("\r\n"));
  const auto body = read_body(fd, request);
  {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(line);
    m_raw_requests.push_back(request.substr(0, request.find("\r\n\r\n")));
    m_bodies.push_back(body);
  }
  const auto target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
  auto path = target.substr(0, target.find('?'));
  if (const auto refusal = guard(request, path); !refusal.empty()) {
    send_all(fd, refusal);
  } else if (path == "/echo") {
    send_all(fd, response(200, "OK",
                          fmt::format("{} {} {}", line.substr(0, line.find(' ')), body.size(),
                                      header_value(request, "content-type"))));
  } else if (path == "/v1/traces" || path == "/drop/v1/traces") {
    if (path == "/v1/traces") {
      std::lock_guard lock(m_mutex);
      m_kept_traces.push_back(body);
    }
    send_all(fd, response(200, "OK", "{}", "Content-Type: application/json\r\n"));
  } else if (path == "/reject/v1/traces") {
    send_all(fd, response(503, "Service Unavailable", "queue full"));
  } else if (path.rfind("/api/v3/traces/", 0) == 0) {
    send_all(fd, stored_trace(path.substr(15)));
  } else if (path == "/ok") {
    send_all(fd, response(200, "OK", R"({"status":"success"})", "Content-Type: application/json\r\n"));
  } else if (path == "/500") {
    send_all(fd, response(500, "Internal Server Error", "boom\nsecond line"));
  } else if (path == "/invalid-json") {
    send_all(fd, response(200, "OK", "{not json", "Content-Type: application/json\r\n"));
  } else if (path == "/redirect") {
    send_all(fd, response(302, "Found", "", "Location: /ok\r\n"));
  } else if (path == "/redirect-host") { // the same server under another origin (localhost, not 127.0.0.1)
    send_all(fd, response(302, "Found", "", fmt::format("Location: http://localhost:{}/ok\r\n", m_port)));
  } else if (path == "/redirect-same") { // an absolute URL of the same origin
    send_all(fd, response(302, "Found", "", fmt::format("Location: http://127.0.0.1:{}/ok\r\n", m_port)));
  } else if (path == "/redirect-loop") {
    send_all(fd, response(302, "Found", "", "Location: /redirect-loop\r\n"));
  } else if (path == "/big") {
    send_all(fd, response(200, "OK", std::string(256 * 1024, 'x')));
  } else if (path == "/slow") {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!m_stop && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  } else if (path == "/gzip") {
    // python3: gzip.compress(b'# TYPE tta_requests_total counter\ntta_requests_total{status="success"} 42\n', mtime=0)
    static const char k_gzip[] = {
        '\x1f', '\x8b', '\x08', '\x00', '\x00', '\x00', '\x00', '\x00', '\x02', '\x03', '\x53', '\x56', '\x08',
        '\x89', '\x0c', '\x70', '\x55', '\x28', '\x29', '\x49', '\x8c', '\x2f', '\x4a', '\x2d', '\x2c', '\x4d',
        '\x2d', '\x2e', '\x29', '\x8e', '\x2f', '\xc9', '\x2f', '\x49', '\xcc', '\x51', '\x48', '\xce', '\x2f',
        '\xcd', '\x2b', '\x49', '\x2d', '\xe2', '\xc2', '\x94', '\xaa', '\x2e', '\x2e', '\x49', '\x2c', '\x29',
        '\x2d', '\xb6', '\x55', '\x2a', '\x2e', '\x4d', '\x4e', '\x4e', '\x2d', '\x2e', '\x56', '\xaa', '\x55',
        '\x30', '\x31', '\xe2', '\x02', '\x00', '\xc1', '\xb7', '\x64', '\x71', '\x4a', '\x00', '\x00', '\x00'};
    send_all(fd, response(200, "OK", std::string(k_gzip, sizeof(k_gzip)), "Content-Encoding: gzip\r\n"));
  } else if (path == "/openmetrics") {
    // Clean as OpenMetrics; read as 0.0.4 text it would lack HELP for tta_requests_total.
    send_all(fd, response(200, "OK",
                          "# TYPE tta_requests counter\n# HELP tta_requests Requests.\n"
                          "tta_requests_total{status=\"success\"} 42\n"
                          "tta_requests_created{status=\"success\"} 1.7e9\n# EOF\n",
                          "Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8\r\n"));
  } else if (path == "/hangup") {
    // close without a byte of response
  } else {
    send_all(fd, response(404, "Not Found", "no such route"));
  }
  ::close(fd);
}

} // namespace ttaobs::test
