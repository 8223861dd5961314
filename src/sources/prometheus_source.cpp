#include "prometheus_source.hpp"

#include <src/sources/backend.hpp>
#include <src/sources/jaeger.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::sources {

namespace {

// The server's own message (a Jaeger- or Prometheus-shaped error), else the body's first 120 characters.
std::string prometheus_detail(std::string_view body)
{
  auto detail = jaeger_error_message(body);
  if (detail.empty()) {
    detail = prometheus_error_message(body);
  }
  if (detail.empty()) {
    detail = util::one_line(body, 120);
  }
  return util::one_line(detail, 160);
}

// A 200 answer parsed by `parse`, or the error naming the URL.
template <typename T>
Reading read_json(const std::string& url, const Outcome& outcome, json::Deadline deadline,
                  Expected<T, std::string> (*parse)(std::string_view, const json::JsonLimits&))
{
  Reading out;
  if (auto error = status_error(url, outcome, "prometheus", prometheus_detail)) {
    out.payload = unexpected(std::move(*error));
    return out;
  }
  auto parsed = parse(outcome->body, json::JsonLimits{json::k_max_json_depth, deadline});
  out.payload = parsed ? Expected<Payload, std::string>(Payload{std::move(parsed).value()})
                       : Expected<Payload, std::string>(unexpected(body_error(url, parsed.error())));
  return out;
}

std::vector<Attempt> query_request(const EvidenceRequest& request, const Settings& settings)
{
  return {{api_request(settings.prometheus, "/api/v1/query", {{"query", request.query}}, settings.timeout)}};
}

Reading read_query(const EvidenceRequest&, int, const std::string& url, const Outcome& outcome, json::Deadline deadline)
{
  return read_json<QueryResult>(url, outcome, deadline, parse_prometheus_query);
}

std::vector<Attempt> targets_request(const EvidenceRequest&, const Settings& settings)
{
  return {{api_request(settings.prometheus, "/api/v1/targets", {{"state", "active"}}, settings.timeout)}};
}

Reading read_targets(const EvidenceRequest&, int, const std::string& url, const Outcome& outcome,
                     json::Deadline deadline)
{
  return read_json<TargetsResult>(url, outcome, deadline, parse_prometheus_targets);
}

} // namespace

const Backend k_query_backend{query_request, read_query, true};
const Backend k_targets_backend{targets_request, read_targets, true};

EvidenceRequest up_of_job(std::string_view job)
{
  std::string escaped;
  for (const char c : job) {
    escaped += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  }
  return {Source::prometheus_query, Endpoint::prometheus, fmt::format("up{{job=\"{}\"}}", escaped), 1, false};
}

} // namespace ttaobs::sources
