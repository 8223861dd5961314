// The only translation unit that includes <curl/curl.h>.
#include "curl_client.hpp"

#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

namespace ttaobs::http {

namespace {

struct Transfer
{
  HttpResponse response;
  std::size_t max_body = 0;
  std::size_t received = 0;
  bool too_large = false;
  const BodySink* sink = nullptr; // the request's, when it streams
  CURL* handle = nullptr;
  bool sink_done = false; // the sink asked to stop: an early end, not a failure
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  transfer.received += n;
  if (transfer.received > transfer.max_body) {
    transfer.too_large = true;
    return 0; // aborts the transfer with CURLE_WRITE_ERROR
  }
  if (transfer.sink != nullptr) {
    curl_easy_getinfo(transfer.handle, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    if (transfer.response.status == 200) {
      if (!(*transfer.sink)(std::string_view(data, n), transfer.response)) {
        transfer.sink_done = true;
        return 0;
      }
      return n;
    }
  }
  transfer.response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
  auto& headers = static_cast<Transfer*>(user)->response.headers;
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  if (util::starts_with(line, "HTTP/")) {
    headers.clear(); // a new response (after a redirect or 100-continue) starts
    return n;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(util::trim(line.substr(0, colon)));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    headers.emplace_back(std::move(name), std::string(util::trim(line.substr(colon + 1))));
  }
  return n;
}

// Classifies a libcurl failure where it is born (ccache's failure_from_httplib_error).
HttpError classify(CURLcode code, const HttpRequest& request, const Transfer& transfer, const char* detail,
                   long os_errno)
{
  using Kind = HttpError::Kind;
  const std::string why = detail != nullptr && detail[0] != '\0' ? util::one_line(detail) : curl_easy_strerror(code);
  switch (code) {
  case CURLE_COULDNT_CONNECT:
    if (os_errno == ECONNREFUSED) {
      return {Kind::connect, request.url, "connection refused"};
    }
    if (os_errno == EHOSTUNREACH || os_errno == ENETUNREACH) {
      return {Kind::connect, request.url, fmt::format("{}", std::strerror(static_cast<int>(os_errno)))};
    }
    return {Kind::connect, request.url, fmt::format("could not connect ({})", why)};
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    return {Kind::connect, request.url, fmt::format("could not resolve host ({})", why)};
  case CURLE_OPERATION_TIMEDOUT:
    return {Kind::timeout, request.url,
            fmt::format("timed out after {:.3g}s", static_cast<double>(request.timeout.count()) / 1000.0)};
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
    return {Kind::tls, request.url, fmt::format("TLS failure ({})", why)};
  case CURLE_RECV_ERROR:
  case CURLE_SEND_ERROR:
    if (why.find("SSL") != std::string::npos || why.find("TLS") != std::string::npos) {
      // e.g. the server's "bad certificate" alert: it wants a client certificate (mTLS)
      return {Kind::tls, request.url, fmt::format("TLS failure ({}; a client certificate may be required)", why)};
    }
    return {Kind::protocol, request.url, why};
  case CURLE_FILESIZE_EXCEEDED:
    return {Kind::too_large, request.url, fmt::format("response body exceeds {} bytes", request.max_body)};
  case CURLE_WRITE_ERROR:
    if (transfer.too_large) {
      return {Kind::too_large, request.url, fmt::format("response body exceeds {} bytes", request.max_body)};
    }
    return {Kind::protocol, request.url, why};
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL:
    return {Kind::bad_url, request.url, why};
  case CURLE_ABORTED_BY_CALLBACK:
    return {Kind::interrupted, request.url, fmt::format("interrupted by {}", util::signal_name(util::interrupted()))};
  case CURLE_GOT_NOTHING:
    return {Kind::protocol, request.url, "empty reply from server"};
  case CURLE_TOO_MANY_REDIRECTS:
    return {Kind::protocol, request.url, "too many redirects"};
  default:
    return {Kind::protocol, request.url, why};
  }
}

// Aborts a transfer as soon as SIGINT/SIGTERM asked the run to stop.
int on_progress(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
  return util::interrupted() != 0 ? 1 : 0;
}

struct EasyDeleter
{
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter
{
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// TLS: a CA file or directory, a client certificate and key, no verification at all when asked
// (loudly reported by the CLI), and a server name override: the URL's host becomes that name (so
// SNI, certificate verification and Host use it) while CURLOPT_CONNECT_TO still connects to the
// URL's own host and port. Returns the URL to send to.
std::string apply_tls(CURL* h, const HttpRequest& request, std::unique_ptr<curl_slist, SlistDeleter>& connect_to)
{
  const auto& tls = request.access.tls;
  if (!tls.ca_file.empty()) {
    std::error_code ec;
    const bool dir = std::filesystem::is_directory(tls.ca_file, ec);
    curl_easy_setopt(h, dir ? CURLOPT_CAPATH : CURLOPT_CAINFO, tls.ca_file.c_str());
  }
  if (!tls.client_cert.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT, tls.client_cert.c_str());
  }
  if (!tls.client_key.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLKEY, tls.client_key.c_str());
  }
  if (tls.insecure_skip_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (tls.server_name.empty()) {
    return request.url;
  }
  auto url = util::parse_url(request.url);
  if (!url || url->host == tls.server_name) {
    return request.url;
  }
  const auto bracket = [](const std::string& host) {
    return host.find(':') != std::string::npos ? fmt::format("[{}]", host) : host;
  };
  const auto entry = fmt::format("{}:{}:{}:{}", tls.server_name, url->port, bracket(url->host), url->port);
  connect_to.reset(curl_slist_append(nullptr, entry.c_str()));
  curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to.get());
  url->host = tls.server_name;
  return url->str();
}

// Credentials and proxy: basic auth and bearer tokens through libcurl's own options (which it
// does not repeat to another host on a redirect), the proxy only when the endpoint overrides the
// *_PROXY environment libcurl reads by itself ("" turns every proxy off).
void apply_access(CURL* h, const EndpointAccess& access)
{
  if (access.basic_auth) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, access.basic_auth->first.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, access.basic_auth->second.c_str());
  } else if (!access.bearer_token.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BEARER));
    curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, access.bearer_token.c_str());
  }
  if (access.proxy) {
    curl_easy_setopt(h, CURLOPT_PROXY, access.proxy->c_str());
    if (access.proxy->empty()) {
      curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    }
  }
}

} // namespace

CurlClient::CurlClient()
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {

// The request's header list: its own headers, the endpoint's, and for a POST the body's type
// (and no "Expect: 100-continue" round trip, a second's wait on servers that ignore it).
std::unique_ptr<curl_slist, SlistDeleter> header_list(const HttpRequest& request)
{
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  const auto add_header = [&](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  for (const auto* list : {&request.headers, &request.access.headers}) {
    for (const auto& [name, value] : *list) {
      add_header(fmt::format("{}: {}", name, value));
    }
  }
  if (!request.body.empty()) {
    add_header("Expect:");
    if (!request.content_type.empty()) {
      add_header("Content-Type: " + request.content_type);
    }
  }
  return headers;
}

// The options every exchange sets: method, body, bounds, protocols, and the callbacks into `transfer`.
void apply_transfer(CURL* h, const HttpRequest& request, Transfer& transfer, char* detail)
{
  const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));
  if (!request.body.empty()) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data()); // not copied: `request` outlives the transfer
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // required for timeouts in threads
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // redirects are followed hop by hop: see send()
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); // gzip/deflate/br as built, decoded for us
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "ttaobs/" TTAOBS_VERSION);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

// One exchange; never follows a redirect itself. A 3xx answer's target, when there is one, is
// left in `location`.
Expected<HttpResponse, HttpError> send_once(const HttpRequest& request, std::string& location)
{
  std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  if (!handle) {
    return unexpected(HttpError{HttpError::Kind::protocol, request.url, "could not create a curl handle"});
  }
  CURL* h = handle.get();
  Transfer transfer;
  transfer.max_body = request.max_body;
  transfer.sink = request.body_sink ? &request.body_sink : nullptr;
  transfer.handle = h;
  char detail[CURL_ERROR_SIZE] = {};

  const auto headers = header_list(request);
  std::unique_ptr<curl_slist, SlistDeleter> connect_to;
  const auto url = apply_tls(h, request, connect_to);
  apply_access(h, request.access);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  apply_transfer(h, request, transfer, detail);
  if (headers) {
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  }

  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && transfer.sink_done)) {
    long os_errno = 0;
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    auto error = classify(code, request, transfer, detail, os_errno);
    error.method = request.method;
    return unexpected(std::move(error));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  char* effective = nullptr;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
  transfer.response.effective_url = effective != nullptr ? effective : request.url;
  char* next = nullptr;
  curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &next);
  location = next != nullptr ? next : "";
  return std::move(transfer.response);
}

// The origin ("scheme://host:port") of `url`, "" when it does not parse.
std::string origin_of(const std::string& url)
{
  const auto parsed = util::parse_url(url);
  return parsed ? parsed->origin() : std::string();
}

// libcurl resolves a relative Location against the effective URL, basic-auth user and password
// included (https://user:pw@host/next): they must not travel on in a URL, or into any message.
std::string without_userinfo(std::string url)
{
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return url;
  }
  const auto authority = scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", authority);
  const auto at = url.rfind('@', authority_end == std::string::npos ? url.size() : authority_end);
  if (at != std::string::npos && at >= authority) {
    url.erase(authority, at + 1 - authority);
  }
  return url;
}

// With a server-name override the server answers for that name (https://prom.test:9090/graph):
// the next hop goes back to the address the URL named, where CONNECT_TO maps the name again.
std::string server_name_to_address(const std::string& location, const HttpRequest& request)
{
  const auto& name = request.access.tls.server_name;
  const auto original = util::parse_url(request.url);
  auto next = util::parse_url(location);
  if (name.empty() || !original || !next || next->host != name || next->port != original->port) {
    return location;
  }
  next->host = original->host;
  return next->str();
}

} // namespace

Expected<HttpResponse, HttpError> CurlClient::send(const HttpRequest& request)
{
  std::string location;
  if (!request.follow_redirects) {
    return send_once(request, location);
  }
  // Redirects are followed here, at most 5 hops within the request's one timeout. A hop that leaves
  // the origin goes without the endpoint's credentials and headers: libcurl would drop only
  // Authorization and Cookie, and still send an X-Api-Key or a tenant header to any host.
  constexpr int k_max_hops = 5;
  const auto deadline = std::chrono::steady_clock::now() + request.timeout;
  const auto origin = origin_of(request.url);
  HttpRequest hop = request;
  for (int hops = 0;; ++hops) {
    auto response = send_once(hop, location);
    if (!response || response->status < 300 || response->status > 399 || location.empty()) {
      if (response && hops > 0) {
        response->effective_url = hop.url;
      }
      return response;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (hops == k_max_hops || left.count() <= 0) {
      return unexpected(
          HttpError{hops == k_max_hops ? HttpError::Kind::protocol : HttpError::Kind::timeout, request.url,
                    hops == k_max_hops ? "too many redirects"
                                       : fmt::format("timed out after {:.3g}s following redirects",
                                                     static_cast<double>(request.timeout.count()) / 1000.0)});
    }
    hop.url = server_name_to_address(without_userinfo(location), request);
    hop.timeout = left;
    if (origin_of(hop.url) != origin) {
      hop.access.headers.clear();
      hop.access.bearer_token.clear();
      hop.access.basic_auth.reset();
    }
  }
}

} // namespace ttaobs::http
