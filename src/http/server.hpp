#pragma once

#include <src/util/expected.hpp>
#include <src/util/noncopyable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::http {

/// One request as the server hands it over: the head (method, path, headers) and, once read, the body.
struct ServerRequest
{
  std::string method;                                       ///< "POST"
  std::string path;                                         ///< "/v1/traces" (no query string)
  std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased
  std::string body;                                         ///< the raw body as sent (still compressed)

  /// The first header named `name` (lower case), or "".
  std::string_view header(std::string_view name) const;
};

/// What the server answers.
struct ServerResponse
{
  int status = 200;                                         ///< HTTP status
  std::string content_type;                                 ///< Content-Type, "" for none
  std::string body;                                         ///< sent as is
  std::vector<std::pair<std::string, std::string>> headers; ///< extra headers (Retry-After, Allow)
};

/// What the application does with requests: `on_head` may answer from the head alone, before any of
/// the body is read (a wrong path or content type); `on_request` answers a complete request. Both
/// may be called from several server threads at once.
struct ServerHandler
{
  std::function<std::optional<ServerResponse>(const ServerRequest& head)> on_head; ///< may be empty
  std::function<ServerResponse(const ServerRequest& request)> on_request;          ///< required
};

/// The server's bounds: every one of them keeps a hostile or broken client from costing more.
struct ServerLimits
{
  std::size_t max_body = 16u << 20; ///< larger bodies get 413: at once by Content-Length; a chunked one when it ends
                                    ///< (the rest read and dropped; past 2 GiB the connection is closed)
  unsigned max_connections = 256;   ///< open connections at once; more are refused
  unsigned per_ip_connections = 0;  ///< open connections per client address (0: no own bound)
  std::chrono::seconds idle_timeout{10};     ///< a connection silent this long is closed (slowloris)
  std::size_t connection_memory = 64u << 10; ///< per-connection buffer: bounds the request line and headers
};

/// "HOST:PORT" split and checked: an IPv4 or bracketed IPv6 literal or "localhost", a port 0-65535
/// (0: any free port). "" and ":PORT" mean 127.0.0.1.
struct ListenAddress
{
  std::string host; ///< "127.0.0.1", "::1"
  int port = 0;     ///< 0: chosen by the kernel

  /// Parses `text`; the error is one line naming what is wrong.
  static Expected<ListenAddress, std::string> parse(std::string_view text);
};

/// A small HTTP/1.1 server (libmicrohttpd: connection, per-IP and header-size bounds, idle
/// timeouts), serving one `ServerHandler` until stopped. Each connection is served by a thread of
/// its own (at most max_connections of them), so that clients sending at once use every core: a
/// polling pool hands every connection of a burst to whichever thread accepts first.
class Server : util::NonCopyable
{
public:
  /// Listens on `address` and serves from background threads; the error names the address and cause.
  static Expected<std::unique_ptr<Server>, std::string> start(const ListenAddress& address, ServerLimits limits,
                                                              ServerHandler handler);
  /// Stops (see stop).
  ~Server();

  /// "127.0.0.1:PORT" or "[::1]:PORT", the port the kernel chose when asked for 0.
  std::string address() const;
  /// The port listened on.
  int port() const;
  /// Stops accepting, closes every connection and joins the threads; requests being answered finish first.
  void stop();

  struct Impl; ///< libmicrohttpd's daemon and callbacks (server.cpp)

private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace ttaobs::http
