#include "probe_steps.hpp"

#include <src/json/util.hpp>
#include <src/sources/backend.hpp>
#include <src/sources/json_body.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <random>

namespace ttaobs::sources {

namespace {

// OTLP partial success: how many spans a 2xx answer says it rejected, and why (0 when none).
long long rejected_spans(const std::string& body, std::string& why)
{
  std::string error;
  const auto doc = json::parse_json(body, error);
  if (!doc.is_object() || !doc.contains("partialSuccess") || !doc["partialSuccess"].is_object()) {
    return 0;
  }
  const auto& partial = doc["partialSuccess"];
  why = json::string_or(partial, "errorMessage");
  const auto* rejected = partial.contains("rejectedSpans") ? &partial["rejectedSpans"] : nullptr;
  if (rejected == nullptr) {
    return 0;
  }
  if (rejected->is_number_integer()) {
    return rejected->get<long long>();
  }
  return rejected->is_string() ? std::atoll(rejected->get<std::string>().c_str()) : 0; // int64 as a JSON string
}

} // namespace

Export export_spans(http::HttpClient& client, const Settings& settings, const std::string& url, std::string body,
                    int spans)
{
  http::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.body = std::move(body);
  request.content_type = "application/json";
  request.headers.emplace_back("Accept", "application/json");
  request.timeout = settings.timeout;
  request.access = settings.otlp.access;
  request.max_body = 64 * 1024;
  const auto answer = client.send(request);
  Export out;
  out.answered_at = ProbeClock::now();
  const auto shown = util::redact_url(url);
  if (!answer) {
    const bool stopped = answer.error().kind == http::HttpError::Kind::interrupted;
    out.loss = stopped ? ProbeLoss::interrupted : ProbeLoss::unreachable;
    out.failure = stopped ? interrupted_text()
                          : fmt::format("not accepted: {} from {}", util::redact_urls(answer.error().message), shown);
    return out;
  }
  if (answer->status < 200 || answer->status > 299) {
    const auto hint = http::auth_hint(answer->status, "otlp");
    const auto said = util::one_line(answer->body, 120);
    out.loss = ProbeLoss::not_accepted;
    out.failure = fmt::format("not accepted: HTTP {} from {}{}", answer->status, shown,
                              !hint.empty()  ? " — " + hint.substr(hint.find("check"))
                              : said.empty() ? std::string()
                                             : ": " + said);
    return out;
  }
  std::string why;
  if (const auto rejected = rejected_spans(answer->body, why); rejected > 0) {
    out.loss = ProbeLoss::not_accepted;
    out.failure =
        fmt::format("not accepted: {} answered HTTP {} but rejected {} of {} span{}{}", shown, answer->status, rejected,
                    spans, spans == 1 ? "" : "s", why.empty() ? "" : ": " + util::one_line(why, 120));
    return out;
  }
  out.accepted = true;
  return out;
}

Lookup TraceLookup::find(const std::string& trace_id)
{
  EvidenceRequest request;
  request.source = Source::jaeger_traces;
  request.trace_id = trace_id;
  const auto attempts = k_traces_backend.request(request, m_settings);
  Lookup out;
  for (std::size_t i = std::min(m_first, attempts.size() - 1); i < attempts.size(); ++i) {
    const auto& sent = attempts[i].http;
    const auto outcome = send_json(m_client, sent);
    auto reading =
        k_traces_backend.interpret(request, attempts[i].route, sent.url, outcome, json::deadline_after(sent.timeout));
    if (reading.elsewhere && i + 1 < attempts.size()) {
      m_first = i + 1; // that API is not served here: ask the next one from now on
      continue;
    }
    if (outcome && outcome->status == 404) {
      return out; // not (yet) there
    }
    if (!reading.payload) {
      out.kind = Lookup::Kind::failed;
      out.why = util::redact_urls(reading.payload.error());
      return out;
    }
    if (auto* set = std::get_if<trace::TraceSet>(&*reading.payload); set != nullptr && !set->traces.empty()) {
      out.kind = Lookup::Kind::found;
      out.set = std::move(*set);
    }
    return out;
  }
  return out;
}

bool nap(std::chrono::milliseconds d, ProbeClock::time_point until)
{
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - ProbeClock::now());
  return util::sleep_unless_interrupted(std::max(std::chrono::milliseconds(0), std::min(d, left)));
}

std::string random_hex(std::size_t bytes)
{
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::string out;
  while (out.size() < bytes * 2) {
    out += fmt::format("{:016x}", engine());
  }
  out.resize(bytes * 2);
  if (out.find_first_not_of('0') == std::string::npos) {
    out.back() = '1'; // an all-zero id is invalid in OTLP
  }
  return out;
}

std::string interrupted_text()
{
  return fmt::format("interrupted by {}", util::signal_name(util::interrupted()));
}

} // namespace ttaobs::sources
