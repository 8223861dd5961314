#pragma once

#include <src/http/http_client.hpp>
#include <src/util/noncopyable.hpp>

namespace ttaobs::http {

/// The real transport: libcurl easy handles, one per request, safe to use from many threads.
class CurlClient final : public HttpClient, util::NonCopyable
{
public:
  /// Initialises libcurl once per process.
  CurlClient();
  Expected<HttpResponse, HttpError> send(const HttpRequest& request) override;
};

} // namespace ttaobs::http
