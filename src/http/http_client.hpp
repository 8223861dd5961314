#pragma once

#include <src/util/expected.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::http {

struct HttpResponse;

/// Receives a 200 response's body piece by piece (`head` has the status and headers); returning
/// false ends the transfer early, which is not an error.
using BodySink = std::function<bool(std::string_view piece, const HttpResponse& head)>;

/// How an endpoint's TLS is verified and which client certificate it gets; empty = libcurl's defaults.
struct TlsSettings
{
  std::string ca_file;               ///< trust this CA bundle (a file) or hashed directory instead of the system's
  std::string client_cert;           ///< PEM client certificate (mTLS)
  std::string client_key;            ///< PEM private key of client_cert ("" = inside client_cert)
  std::string server_name;           ///< verify (and send SNI/Host for) this name instead of the URL's host
  bool insecure_skip_verify = false; ///< no certificate or host name verification at all
};

/// What one endpoint needs besides its URL: extra headers, credentials, TLS and proxy settings.
/// Values may be secrets: they go on the wire only, never into a message, log or recording.
struct EndpointAccess
{
  std::vector<std::pair<std::string, std::string>> headers;      ///< extra headers, tenant (X-Scope-OrgID) included
  std::string bearer_token;                                      ///< "Authorization: Bearer" when not empty
  std::optional<std::pair<std::string, std::string>> basic_auth; ///< user, password
  TlsSettings tls;                                               ///< TLS verification and client certificate
  std::optional<std::string> proxy; ///< unset: the *_PROXY environment; "": no proxy; else this proxy URL
};

/// True when a header named `name` carries a secret: Authorization, Cookie, or a name holding
/// auth, token, key, secret, passw, session, credential or signature (case-insensitive).
bool is_secret_header(std::string_view name);

/// The time a request is allowed unless configured otherwise (config's `timeout` default).
inline constexpr std::chrono::milliseconds k_default_timeout{5000};

/// What goes out on the wire: a GET, or a POST with a body (the pipeline probe's OTLP export).
struct HttpRequest
{
  std::string method = "GET";
  std::string url;                                          ///< absolute http(s) URL
  std::string body;                                         ///< the request body, sent when not empty
  std::string content_type;                                 ///< its Content-Type ("" = none sent)
  std::vector<std::pair<std::string, std::string>> headers; ///< extra request headers
  std::chrono::milliseconds timeout = k_default_timeout;    ///< total time allowed, connect included
  bool follow_redirects = false;                            ///< follow 3xx (at most 5 hops)
  std::size_t max_body = 64 * 1024 * 1024;                  ///< larger bodies fail with too_large
  std::vector<std::string> volatile_params;                 ///< query params (e.g. a time window) that
                                                            ///< record/replay leave out of the match
  BodySink body_sink;                                       ///< when set, a 200 body streams to it and
                                                            ///< HttpResponse::body stays empty
  EndpointAccess access; ///< the endpoint's headers, credentials, TLS and proxy; never part of a
                         ///< record/replay match, never written down
};

/// A response of any status: a 500 is a response, not an error; sources decide what it means.
struct HttpResponse
{
  long status = 0;                                          ///< HTTP status code
  std::vector<std::pair<std::string, std::string>> headers; ///< response headers, names lower-cased
  std::string body;                                         ///< the (decoded) body
  std::string effective_url;                                ///< the URL after redirects

  /// The first header named `name` (lower case), or "".
  std::string header(std::string_view name) const;
};

/// Why no response could be had; decided only in src/http/.
struct HttpError
{
  /// The failure classes the rest of the tool reasons about.
  enum class Kind { connect, timeout, tls, too_large, bad_url, protocol, not_recorded, interrupted };
  Kind kind = Kind::connect;
  std::string url;            ///< the URL that failed
  std::string message;        ///< one-line cause, e.g. "connection refused"
  std::string method = "GET"; ///< the request's method

  /// "METHOD URL: message" in one line.
  std::string describe() const;
};

/// For a 401 or 403 from `endpoint` ("prometheus"): "HTTP 401 — check the credentials for
/// --prometheus-url (--prometheus-bearer-token, ...)"; "" for any other status.
std::string auth_hint(long status, std::string_view endpoint);

/// The name of `kind`, e.g. "timeout".
std::string_view to_string(HttpError::Kind kind);

/// FNV-1a, 64 bits: names recorded bodies and tells request bodies apart (no dependency).
std::uint64_t fnv1a64(std::string_view text);

/// The key record/replay match `request` by: util::canonical_request of its method and URL
/// (volatile parameters left out), plus " body:HASH" (16 hex digits, fnv1a64 of the body) when it
/// has a body, so two POSTs to one URL with different bodies are different exchanges and every
/// GET keeps the key older recordings hold. Null when the URL does not parse.
std::optional<std::string> replay_key(const HttpRequest& request);

/// The one I/O seam of the tool: a real (curl) and a replaying implementation exist.
class HttpClient
{
public:
  virtual ~HttpClient() = default;
  /// Sends `request`; thread-safe, may be called concurrently.
  virtual Expected<HttpResponse, HttpError> send(const HttpRequest& request) = 0;
};

} // namespace ttaobs::http
