// `ttaobs lint-metrics URL` through the built binary: content negotiation, redirects, and the
// --timeout bound on reading and inflating. Files, stdin and reports are in test_cli_lint_metrics.cpp.
#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <arpa/inet.h>
#include <atomic>
#include <map>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;

namespace {

// A loopback server answering each path with a fixed raw HTTP response, one connection at a time
// (for what TestServer's routes lack: a redirect to an exposition, gzip bombs).
class RawServer
{
public:
  explicit RawServer(std::map<std::string, std::string> responses) : m_responses(std::move(responses))
  {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    REQUIRE(::listen(m_fd, 16) == 0);
    ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~RawServer()
  {
    m_stop = true;
    m_thread.join();
    ::close(m_fd);
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string base_url() const { return fmt::format("http://127.0.0.1:{}", m_port); }

private:
  void serve()
  {
    while (!m_stop) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      const int client = ::accept(m_fd, nullptr, nullptr);
      std::string head;
      char buffer[4096];
      while (head.find("\r\n\r\n") == std::string::npos) {
        const auto n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) {
          break;
        }
        head.append(buffer, static_cast<std::size_t>(n));
      }
      const auto path = head.substr(4, head.find(' ', 4) - 4);
      const auto it = m_responses.find(path);
      const std::string answer =
          it != m_responses.end() ? it->second : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
      for (std::size_t sent = 0; sent < answer.size() && !m_stop;) {
        const auto n = ::send(client, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
          break; // the client gave up
        }
        sent += static_cast<std::size_t>(n);
      }
      ::close(client);
    }
  }

  std::map<std::string, std::string> m_responses;
  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

std::string http_response(const std::string& status, const std::string& headers, const std::string& body)
{
  return fmt::format("HTTP/1.1 {}\r\n{}Content-Length: {}\r\nConnection: close\r\n\r\n{}", status, headers, body.size(),
                     body);
}

// `copies` times `line`, gzip'd: a small body that inflates to a large exposition.
std::string gzip_repeated(const std::string& line, std::size_t copies)
{
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string block;
  for (std::size_t i = 0; i < 16384; ++i) {
    block += line;
  }
  std::string out;
  char buffer[65536];
  for (std::size_t done = 0; done < copies; done += 16384) {
    z.next_in = reinterpret_cast<Bytef*>(block.data());
    z.avail_in = static_cast<uInt>(block.size());
    const int flush = done + 16384 >= copies ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

} // namespace

TEST_CASE("lint-metrics over HTTP: Prometheus' Accept header, the Content-Type decides the dialect")
{
  ttaobs::test::TestServer server;
  const auto om = run_ttaobs("lint-metrics " + server.base_url() + "/openmetrics");
  CHECK(om.exit_code == 0);
  CHECK(om.out.empty());
  const auto raw = server.raw_requests();
  REQUIRE(raw.size() == 1);
  CHECK(raw[0].find("Accept: application/openmetrics-text;version=1.0.0,") != std::string::npos);

  // read as 0.0.4 text, the same body lacks HELP for the sample-named families
  const auto as_text = run_ttaobs("lint-metrics --input-format text " + server.base_url() + "/openmetrics");
  CHECK(as_text.exit_code == 3);

  const auto gz = run_ttaobs("lint-metrics " + server.base_url() + "/gzip");
  CHECK(gz.exit_code == 3);
  CHECK(gz.out == "tta_requests_total: no help text\n");

  const auto e500 = run_ttaobs("lint-metrics " + server.base_url() + "/500");
  CHECK(e500.exit_code == 1);
  CHECK(e500.err == "ttaobs: lint-metrics: GET " + server.base_url() + "/500: HTTP 500 (expected 200)\n");

  const auto refused = run_ttaobs(fmt::format("lint-metrics http://127.0.0.1:{}/metrics", ttaobs::test::closed_port()));
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("connection refused") != std::string::npos);
}

TEST_CASE("lint-metrics URL: --timeout bounds reading, inflating and parsing a gzip bomb")
{
  // 4 MB inflating to ~1 GiB of valid lines, as a gzip'd body and as a Content-Encoding
  const auto bomb = gzip_repeated("a 1\n", std::size_t{256} << 20);
  RawServer server(
      {{"/raw", http_response("200 OK", "Content-Type: text/plain; version=0.0.4\r\n", bomb)},
       {"/encoded", http_response("200 OK", "Content-Type: text/plain\r\nContent-Encoding: gzip\r\n", bomb)}});
  for (const std::string path : {"/raw", "/encoded"}) {
    CAPTURE(path);
    const auto r = run_ttaobs(fmt::format("lint-metrics --timeout 0.3 --format json {}{}", server.base_url(), path));
    CHECK(r.exit_code == 1);
    CHECK(r.err == fmt::format("ttaobs: lint-metrics: GET {}{}: timed out after 0.3s reading and linting the body\n",
                               server.base_url(), path));
    REQUIRE(nlohmann::json::accept(r.out));
    CHECK(nlohmann::json::parse(r.out)["status"] == "unreadable");
  }
}

TEST_CASE("validate and lint-metrics agree on a metrics URL that redirects to a healthy exposition")
{
  const std::string exposition = "# HELP tta_requests_total Requests.\n# TYPE tta_requests_total counter\n"
                                 "tta_requests_total 3\n";
  RawServer server({{"/old", http_response("302 Found", "Location: /metrics\r\n", "")},
                    {"/metrics", http_response("200 OK", "Content-Type: text/plain; version=0.0.4\r\n", exposition)}});
  const auto url = server.base_url() + "/old";
  const auto lint = run_ttaobs("lint-metrics " + url);
  CHECK(lint.exit_code == 0);
  const auto closed = fmt::format("http://127.0.0.1:{}", ttaobs::test::closed_port());
  const auto validate = run_ttaobs(fmt::format("validate --metrics-url {} --jaeger-url {} --prometheus-url {} "
                                               "--collector-url {} --json -",
                                               url, closed, closed, closed));
  REQUIRE(nlohmann::json::accept(validate.out));
  const auto doc = nlohmann::json::parse(validate.out);
  bool seen = false;
  for (const auto& check : doc["checks"]) {
    if (check["id"] == "health/metrics-endpoint") {
      seen = true;
      CHECK(check["status"] == "pass");
      CHECK(check["message"].get<std::string>().find("HTTP 200, 1 tta_* sample line") == 0);
    }
  }
  CHECK(seen);
}

TEST_SUITE_END();
