#include "server.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace ttaobs::http {

std::string_view ServerRequest::header(std::string_view name) const
{
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

Expected<ListenAddress, std::string> ListenAddress::parse(std::string_view text)
{
  const auto bad = [&](std::string_view why) {
    return unexpected(fmt::format("invalid listen address '{}': {}", util::one_line(text, 80), why));
  };
  ListenAddress out{"127.0.0.1", 0};
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || (close + 1 < text.size() && text[close + 1] != ':')) {
      return bad("expected [IPv6]:PORT");
    }
    host = text.substr(1, close - 1);
    port = close + 1 < text.size() ? text.substr(close + 2) : std::string_view();
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon) {
      return bad("an IPv6 address goes in brackets, e.g. [::1]:4318");
    }
    host = colon == std::string_view::npos ? text : text.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  }
  if (!port.empty()) {
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
    if (ec != std::errc() || end != port.data() + port.size() || out.port < 0 || out.port > 65535) {
      return bad("the port must be a number from 0 to 65535");
    }
  }
  if (host == "localhost") {
    host = "127.0.0.1";
  }
  if (!host.empty()) {
    out.host = std::string(host);
    unsigned char scratch[sizeof(in6_addr)];
    if (inet_pton(AF_INET, out.host.c_str(), scratch) != 1 && inet_pton(AF_INET6, out.host.c_str(), scratch) != 1) {
      return bad("the host must be an IP address or localhost");
    }
  }
  return out;
}

namespace {

// One request in flight: its head, then its body as it arrives.
struct Pending
{
  ServerRequest request;
  bool answered = false;   // a response was queued from the head (413 by Content-Length, or on_head's)
  bool too_large = false;  // the streamed body passed the bound: the rest is dropped, then 413
  std::size_t drained = 0; // bytes dropped so far
};

constexpr std::size_t k_max_drained = std::size_t{2} << 30; // then the connection is closed
constexpr std::size_t k_max_reserved = 256u << 10;          // body bytes reserved from Content-Length

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value)
{
  auto* request = static_cast<ServerRequest*>(cls);
  std::string name = key != nullptr ? key : "";
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  request->headers.emplace_back(std::move(name), value != nullptr ? value : "");
  return MHD_YES;
}

MHD_Result send(MHD_Connection* connection, const ServerResponse& answer, bool close)
{
  auto* response =
      MHD_create_response_from_buffer(answer.body.size(), const_cast<char*>(answer.body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) {
    return MHD_NO;
  }
  if (!answer.content_type.empty()) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, answer.content_type.c_str());
  }
  for (const auto& [name, value] : answer.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  if (close) { // the rest of the body is never read: the connection cannot carry another request
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
  }
  const auto queued = MHD_queue_response(connection, static_cast<unsigned>(answer.status), response);
  MHD_destroy_response(response);
  return queued;
}

ServerResponse too_large(std::size_t limit)
{
  return {413, "text/plain", fmt::format("request body larger than {} bytes\n", limit), {}};
}

} // namespace

struct Server::Impl
{
  ServerLimits limits;
  ServerHandler handler;
  MHD_Daemon* daemon = nullptr;
  std::string host;
  int port = 0;

  // The first call sees the head only; then the body arrives in pieces; a last call with no data ends it.
  MHD_Result on_access(MHD_Connection* connection, const char* url, const char* method, const char* data,
                       std::size_t* size, void** state)
  {
    auto* pending = static_cast<Pending*>(*state);
    if (pending == nullptr) {
      pending = new Pending(); // freed by on_completed
      *state = pending;
      pending->request.method = method != nullptr ? method : "";
      pending->request.path = url != nullptr ? url : "";
      MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, &pending->request);
      return on_head(connection, *pending);
    }
    if (*size != 0) {
      const std::size_t piece = *size;
      *size = 0;
      if (pending->answered) {
        return MHD_YES; // already answered from the head: what is left is dropped
      }
      if (pending->too_large || pending->request.body.size() + piece > limits.max_body) {
        // libmicrohttpd answers only once the body has ended: drop the rest (memory stays bounded)
        // and answer 413 then; a stream that goes on past k_max_drained is cut off instead
        pending->too_large = true;
        pending->drained += piece;
        std::string().swap(pending->request.body);
        return pending->drained > k_max_drained ? MHD_NO : MHD_YES;
      }
      pending->request.body.append(data, piece);
      return MHD_YES;
    }
    if (pending->answered) {
      return MHD_YES;
    }
    pending->answered = true;
    return pending->too_large ? send(connection, too_large(limits.max_body), true)
                              : send(connection, handler.on_request(pending->request), false);
  }

  MHD_Result on_head(MHD_Connection* connection, Pending& pending)
  {
    const auto length = pending.request.header("content-length");
    std::size_t declared = 0;
    const auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), declared);
    if (!length.empty() && (ec != std::errc() || declared > limits.max_body)) {
      pending.answered = true;
      return send(connection, too_large(limits.max_body), true);
    }
    // room for a typical batch at once (not for what a client merely declares: that is bounded)
    pending.request.body.reserve(std::min(declared, k_max_reserved));
    if (handler.on_head) {
      if (auto early = handler.on_head(pending.request)) {
        pending.answered = true;
        return send(connection, *early, true);
      }
    }
    return MHD_YES;
  }
};

namespace {

MHD_Result access_callback(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                           const char* data, std::size_t* size, void** state)
{
  try {
    return static_cast<Server::Impl*>(cls)->on_access(connection, url, method, data, size, state);
  } catch (const std::exception&) { // out of memory in a handler: this connection ends, the server stays
    return MHD_NO;
  }
}

void completed_callback(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode)
{
  delete static_cast<Pending*>(*state);
  *state = nullptr;
}

void quiet_logger(void*, const char*, va_list) {}

// The socket address MHD binds, IPv4 or IPv6.
struct Bind
{
  sockaddr_storage storage{};
  bool v6 = false;
};

Bind bind_of(const ListenAddress& address)
{
  Bind out;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out.storage);
  if (inet_pton(AF_INET, address.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(address.port));
    return out;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
  inet_pton(AF_INET6, address.host.c_str(), &v6->sin6_addr);
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(static_cast<std::uint16_t>(address.port));
  out.v6 = true;
  return out;
}

} // namespace

Expected<std::unique_ptr<Server>, std::string> Server::start(const ListenAddress& address, ServerLimits limits,
                                                             ServerHandler handler)
{
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->handler = std::move(handler);
  impl->host = address.host;
  auto bind = bind_of(address);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
  if (bind.v6) {
    flags |= MHD_USE_IPv6;
  }
  impl->daemon =
      MHD_start_daemon(flags, static_cast<std::uint16_t>(address.port), nullptr, nullptr, access_callback, impl.get(),
                       MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&bind.storage), MHD_OPTION_CONNECTION_LIMIT,
                       static_cast<unsigned>(limits.max_connections), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                       static_cast<unsigned>(limits.per_ip_connections), MHD_OPTION_CONNECTION_TIMEOUT,
                       static_cast<unsigned>(limits.idle_timeout.count()), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                       static_cast<std::size_t>(limits.connection_memory), MHD_OPTION_NOTIFY_COMPLETED,
                       completed_callback, nullptr, MHD_OPTION_EXTERNAL_LOGGER, quiet_logger, nullptr, MHD_OPTION_END);
  if (impl->daemon == nullptr) {
    return unexpected(fmt::format("cannot listen on {}:{} (address in use, not local, or not permitted)",
                                  bind.v6 ? "[" + address.host + "]" : address.host, address.port));
  }
  const auto* info = MHD_get_daemon_info(impl->daemon, MHD_DAEMON_INFO_BIND_PORT);
  impl->port = info != nullptr ? info->port : address.port;
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Server::~Server()
{
  stop();
}

std::string Server::address() const
{
  const bool v6 = m_impl->host.find(':') != std::string::npos;
  return v6 ? fmt::format("[{}]:{}", m_impl->host, m_impl->port) : fmt::format("{}:{}", m_impl->host, m_impl->port);
}

int Server::port() const
{
  return m_impl->port;
}

void Server::stop()
{
  if (m_impl && m_impl->daemon != nullptr) {
    MHD_stop_daemon(m_impl->daemon);
    m_impl->daemon = nullptr;
  }
}

} // namespace ttaobs::http
