#include "verbose_client.hpp"

#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <atomic>
#include <chrono>

namespace ttaobs::http {

VerboseClient::VerboseClient(HttpClient& inner, LineSink out) : m_inner(inner), m_out(std::move(out)) {}

Expected<HttpResponse, HttpError> VerboseClient::send(const HttpRequest& request)
{
  // A streamed body never lands in the response: count it on its way to the caller's sink.
  std::atomic<std::size_t> streamed{0};
  HttpRequest counted = request;
  if (request.body_sink) {
    counted.body_sink = [&streamed, &sink = request.body_sink](std::string_view piece, const HttpResponse& head) {
      streamed += piece.size();
      return sink(piece, head);
    };
  }
  const auto started = std::chrono::steady_clock::now();
  auto answer = m_inner.send(counted);
  const auto latency =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const auto bytes = streamed.load() + (answer ? answer->body.size() : 0);
  const auto line = verbose_line(request.method, request.url, answer, bytes, latency, request.body.size());
  {
    const std::lock_guard lock(m_mutex);
    m_out(line);
  }
  return answer;
}

std::string verbose_line(std::string_view method, std::string_view url, const Expected<HttpResponse, HttpError>& answer,
                         std::size_t bytes, std::chrono::milliseconds latency, std::size_t sent)
{
  // Only the URL is shown, redacted (passwords, tokens in the query); headers and bodies never are.
  std::string outcome;
  if (answer) {
    outcome = fmt::format("{}", answer->status);
    if (!answer->effective_url.empty() && answer->effective_url != url) {
      outcome += " via " + util::redact_url(answer->effective_url);
    }
  } else {
    outcome = fmt::format("{}: {}", to_string(answer.error().kind), util::redact_urls(answer.error().message));
  }
  const auto body = sent > 0 ? fmt::format(" ({} byte{} sent)", sent, sent == 1 ? "" : "s") : std::string();
  return util::one_line(fmt::format("http: {} {}{} → {}, {} byte{}, {} ms", method, util::redact_url(std::string(url)),
                                    body, outcome, bytes, bytes == 1 ? "" : "s", latency.count()),
                        600);
}

} // namespace ttaobs::http
