#include <src/http/server.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

TEST_SUITE_BEGIN("http");

using namespace ttaobs;

namespace {

// A raw loopback client: sends `request`, reads until the server closes or `wait` passes.
class RawClient
{
public:
  explicit RawClient(int port)
  {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(static_cast<std::uint16_t>(port));
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&at), sizeof at) == 0;
  }
  ~RawClient() { ::close(m_fd); }
  bool connected() const { return m_connected; }
  void send(std::string_view bytes) { (void)!::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  // What arrives until the peer closes (true) or `wait` passes (false).
  bool read_until_closed(std::string& out, std::chrono::milliseconds wait)
  {
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) {
        continue;
      }
      char buffer[4096];
      const auto got = ::recv(m_fd, buffer, sizeof buffer, 0);
      if (got <= 0) {
        return true;
      }
      out.append(buffer, static_cast<std::size_t>(got));
    }
    return false;
  }

private:
  int m_fd = -1;
  bool m_connected = false;
};

std::unique_ptr<http::Server> echo_server(http::ServerLimits limits = {})
{
  http::ServerHandler handler;
  handler.on_head = [](const http::ServerRequest& head) -> std::optional<http::ServerResponse> {
    if (head.path == "/early") {
      return http::ServerResponse{404, "text/plain", "no\n", {}};
    }
    return std::nullopt;
  };
  handler.on_request = [](const http::ServerRequest& request) {
    return http::ServerResponse{
        200,
        "text/plain",
        fmt::format("{} {} {} {}", request.method, request.path, request.header("x-thing"), request.body.size()),
        {{"X-Echo", "yes"}}};
  };
  auto server = http::Server::start(*http::ListenAddress::parse("127.0.0.1:0"), limits, std::move(handler));
  REQUIRE(server);
  return std::move(*server);
}

} // namespace

TEST_CASE("ListenAddress::parse")
{
  CHECK(http::ListenAddress::parse("127.0.0.1:4318")->port == 4318);
  CHECK(http::ListenAddress::parse("")->host == "127.0.0.1");
  CHECK(http::ListenAddress::parse(":0")->host == "127.0.0.1");
  CHECK(http::ListenAddress::parse("localhost:9")->host == "127.0.0.1");
  CHECK(http::ListenAddress::parse("[::1]:4318")->host == "::1");
  CHECK(http::ListenAddress::parse("0.0.0.0:1")->host == "0.0.0.0");
  CHECK(http::ListenAddress::parse("127.0.0.1:65536").error().find("0 to 65535") != std::string::npos);
  CHECK(http::ListenAddress::parse("127.0.0.1:x").error().find("0 to 65535") != std::string::npos);
  CHECK(http::ListenAddress::parse("example.com:80").error().find("IP address or localhost") != std::string::npos);
  CHECK(http::ListenAddress::parse("::1:80").error().find("brackets") != std::string::npos);
  CHECK(http::ListenAddress::parse("[::1").error().find("[IPv6]:PORT") != std::string::npos);
}

TEST_CASE("Server answers complete requests, heads early, bodies past the bound with 413")
{
  auto server = echo_server(http::ServerLimits{1000, 16, 0, std::chrono::seconds(1), 64u << 10});
  REQUIRE(server->port() > 0);
  CHECK(server->address() == fmt::format("127.0.0.1:{}", server->port()));
  SUBCASE("a POST with a body and a header")
  {
    RawClient client(server->port());
    REQUIRE(client.connected());
    client.send(
        "POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Thing: abc\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    std::string got;
    CHECK(client.read_until_closed(got, std::chrono::seconds(5)));
    CHECK(got.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(got.find("X-Echo: yes") != std::string::npos);
    CHECK(got.find("POST /v1/traces abc 5") != std::string::npos);
  }
  SUBCASE("on_head answers before any body is read")
  {
    RawClient client(server->port());
    client.send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
    std::string got;
    CHECK(client.read_until_closed(got, std::chrono::seconds(5)));
    CHECK(got.rfind("HTTP/1.1 404", 0) == 0);
  }
  SUBCASE("a declared Content-Length past the bound: 413 without reading it")
  {
    RawClient client(server->port());
    client.send("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n");
    std::string got;
    CHECK(client.read_until_closed(got, std::chrono::seconds(5)));
    CHECK(got.rfind("HTTP/1.1 413", 0) == 0);
  }
  SUBCASE("a chunked body growing past the bound: dropped as it streams, 413 when it ends")
  {
    RawClient client(server->port());
    client.send("POST /v1/traces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 20; ++i) {
      client.send("64\r\n" + std::string(100, 'a') + "\r\n");
    }
    client.send("0\r\n\r\n");
    std::string got;
    CHECK(client.read_until_closed(got, std::chrono::seconds(5)));
    CHECK(got.rfind("HTTP/1.1 413", 0) == 0);
  }
  SUBCASE("a client that stops sending mid-head is disconnected after the idle timeout")
  {
    RawClient client(server->port());
    client.send("POST /v1/traces HTTP/1.1\r\nHost: x\r\n");
    std::string got;
    CHECK(client.read_until_closed(got, std::chrono::seconds(6)));
    CHECK(got.empty());
  }
  server->stop();
  RawClient after(server->port());
  CHECK(!after.connected());
}

TEST_CASE("Server: an address in use is a one-line error")
{
  auto first = echo_server();
  auto second =
      http::Server::start(*http::ListenAddress::parse(fmt::format("127.0.0.1:{}", first->port())), {},
                          http::ServerHandler{{}, [](const http::ServerRequest&) { return http::ServerResponse{}; }});
  REQUIRE(!second);
  CHECK(second.error() ==
        fmt::format("cannot listen on 127.0.0.1:{} (address in use, not local, or not permitted)", first->port()));
}

TEST_CASE("Server answers connections at the same time: a handler waiting for another request does not block it")
{
  // Each handler waits (up to 3 s) until all three requests are being handled. A server answering
  // from a pool of fewer threads (or one thread per burst) never has the three inside at once.
  std::atomic<int> inside{0};
  http::ServerHandler handler;
  handler.on_request = [&inside](const http::ServerRequest&) {
    ++inside;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (inside.load() < 3 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return http::ServerResponse{200, "text/plain", inside.load() >= 3 ? "together" : "alone", {}};
  };
  auto server = http::Server::start(*http::ListenAddress::parse("127.0.0.1:0"), {}, std::move(handler));
  REQUIRE(server);
  const auto port = (*server)->port();
  std::string answers[3];
  std::thread clients[3];
  for (int i = 0; i < 3; ++i) {
    clients[i] = std::thread([port, &answer = answers[i]] {
      RawClient client(port);
      client.send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
      client.read_until_closed(answer, std::chrono::seconds(10));
    });
  }
  for (auto& client : clients) {
    client.join();
  }
  for (const auto& answer : answers) {
    CHECK(answer.find("200") != std::string::npos);
    CHECK(answer.find("together") != std::string::npos);
  }
}
