// The cross-signal rows of the evidence table: each evidence joins the answers of two signals in
// one conversation (a scrape and trace lookups by id; a trace search and a Prometheus query).

#include <src/metrics/parser.hpp>
#include <src/sources/backend.hpp>
#include <src/sources/cross_identity.hpp>
#include <src/sources/exposition_source.hpp>
#include <src/sources/health_source.hpp>
#include <src/sources/jaeger_source.hpp>
#include <src/sources/trace_file.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace ttaobs::sources {

namespace {

constexpr std::size_t k_max_ids = 4096; // distinct exemplar trace ids remembered per scrape

// Collects the exemplars' trace ids as the parser streams (bounded), in first-seen order.
class ExemplarCollector final : public metrics::ExpositionSink
{
public:
  ExemplarCollector(ExemplarEvidence& out) : m_out(out) {}

  void on_sample(const metrics::Sample& sample, const metrics::Family& family) override
  {
    if (sample.exemplar == nullptr) {
      return;
    }
    ++m_out.exemplars;
    const auto& labels = sample.exemplar->labels;
    const auto id = std::find_if(labels.begin(), labels.end(), [&](const auto& l) { return l.name == m_out.label; });
    if (id == labels.end()) {
      ++m_out.without_label;
      return;
    }
    const auto family_index = family_of(family.name);
    std::string text(id->value.substr(0, 64));
    if (m_seen.size() < k_max_ids && m_seen.insert(text).second) {
      m_ids.emplace_back(std::move(text), family_index);
    }
  }

  // The distinct ids, up to `n`, taken in turn from each family (a histogram's many buckets do
  // not crowd out the other families).
  std::vector<ExemplarLookup> sample(std::size_t n) const
  {
    std::vector<std::vector<const std::pair<std::string, std::size_t>*>> by_family(m_families.size());
    for (const auto& id : m_ids) {
      by_family[id.second].push_back(&id);
    }
    std::vector<ExemplarLookup> out;
    for (std::size_t round = 0; out.size() < n; ++round) {
      bool any = false;
      for (std::size_t f = 0; f < by_family.size() && out.size() < n; ++f) {
        if (round < by_family[f].size()) {
          out.push_back({by_family[f][round]->first, m_families[f], Resolution::invalid});
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    return out;
  }

  std::size_t distinct() const { return m_seen.size(); }

private:
  std::size_t family_of(const std::string& name)
  {
    const auto [it, added] = m_family_index.emplace(name, m_families.size());
    if (added) {
      m_families.push_back(name);
      if (m_out.families.size() < ExemplarEvidence::k_max_families) {
        m_out.families.push_back(name);
      }
    }
    return it->second;
  }

  ExemplarEvidence& m_out;
  std::unordered_set<std::string> m_seen;
  std::vector<std::pair<std::string, std::size_t>> m_ids; // id, family index
  std::unordered_map<std::string, std::size_t> m_family_index;
  std::vector<std::string> m_families;
};

// A W3C (32) or Jaeger (16) hex id, not all zeros; lower case.
std::optional<std::string> normal_trace_id(std::string_view id)
{
  if (id.size() != 32 && id.size() != 16) {
    return std::nullopt;
  }
  std::string out;
  for (const char c : id) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out.find_first_not_of('0') == std::string::npos ? std::nullopt : std::optional(out);
}

// A trace file's ids, lower case without leading zeros (Jaeger v1 drops them).
std::string loose_id(std::string_view id)
{
  std::string out;
  for (const char c : id) {
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  const auto first = out.find_first_not_of('0');
  return first == std::string::npos ? std::string() : out.substr(first);
}

// Scrapes the exposition, streaming its body through the parser into `collector`.
std::optional<std::string> scrape_exemplars(http::HttpClient& client, const EndpointSettings& endpoint,
                                            const Settings& settings, ExemplarCollector& collector,
                                            ExemplarEvidence& out)
{
  auto http = exposition_request(endpoint.url, endpoint.access, settings.timeout);
  std::unique_ptr<metrics::ExpositionParser> parser;
  http.body_sink = [&](std::string_view piece, const http::HttpResponse& head) {
    if (!parser) {
      out.format = metrics::format_for_content_type(head.header("content-type"));
      parser = std::make_unique<metrics::ExpositionParser>(out.format, collector);
    }
    return parser->feed(piece);
  };
  const auto outcome = client.send(http);
  if (auto error =
          status_error(http.url, outcome, "metrics", [](std::string_view body) { return util::one_line(body, 160); })) {
    return error;
  }
  if (!parser) {
    parser = std::make_unique<metrics::ExpositionParser>(out.format, collector); // an empty body
  }
  if (!parser->finish()) {
    return fmt::format("GET {}: the exposition does not parse: {}", http.url,
                       parser->error() ? parser->error()->describe() : std::string("incomplete"));
  }
  return std::nullopt;
}

// Looks each sampled id up: in the trace file when one is configured, else in the trace store.
std::optional<std::string> resolve(http::HttpClient& client, const Settings& settings, ExemplarEvidence& out)
{
  std::optional<std::unordered_set<std::string>> known; // the file's ids
  if (settings.traces.file) {
    auto set = load_trace_file(*settings.traces.file, settings.timeout);
    if (!set) {
      return set.error();
    }
    known.emplace();
    for (const auto& trace : set->traces) {
      known->insert(loose_id(trace.trace_id));
    }
  }
  for (auto& lookup : out.sampled) {
    const auto id = normal_trace_id(lookup.trace_id);
    if (!id) {
      continue; // stays invalid: nothing to ask
    }
    if (known) {
      lookup.resolution = known->count(loose_id(*id)) > 0 ? Resolution::found : Resolution::not_found;
      continue;
    }
    const auto found = trace_known(client, *id, settings);
    if (!found) { // the store did not answer: no verdict about any id
      return fmt::format("looking up exemplar trace {}: {}", *id, found.error());
    }
    lookup.resolution = *found ? Resolution::found : Resolution::not_found;
  }
  return std::nullopt;
}

void converse_exemplars(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings,
                        Evidence& evidence)
{
  const auto& endpoint = endpoint_settings(settings, request.endpoint);
  evidence.url = endpoint.url.str();
  ExemplarEvidence out;
  out.label = request.query.empty() ? std::string("trace_id") : request.query;
  out.trace_store = settings.traces.file    ? *settings.traces.file
                    : settings.traces.tempo ? settings.traces.tempo->url.redacted()
                                            : settings.jaeger.url.redacted();
  ExemplarCollector collector(out);
  if (auto error = scrape_exemplars(client, endpoint, settings, collector, out)) {
    evidence.payload = unexpected(std::move(*error));
    return;
  }
  out.distinct_ids = collector.distinct();
  out.sampled = collector.sample(static_cast<std::size_t>(std::max(request.limit, 1)));
  if (auto error = resolve(client, settings, out)) {
    evidence.payload = unexpected(std::move(*error));
    return;
  }
  evidence.payload = Payload{std::move(out)};
}

// Keeps the last 200 body a request got, streamed or whole (the trace answer, read again for its resources).
class KeepingClient final : public http::HttpClient
{
public:
  explicit KeepingClient(http::HttpClient& inner) : m_inner(inner) {}
  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    auto wrapped = request; // a streamed body (send_json's) is kept as it passes by
    std::string streamed;
    if (request.body_sink) {
      wrapped.body_sink = [&](std::string_view piece, const http::HttpResponse& head) {
        streamed.append(piece);
        return request.body_sink(piece, head);
      };
    }
    auto outcome = m_inner.send(wrapped);
    if (outcome && outcome->status == 200) {
      kept = outcome->body.empty() ? std::move(streamed) : outcome->body;
    }
    return outcome;
  }
  std::string kept; ///< the last 200 body

private:
  http::HttpClient& m_inner;
};

// A sub-evidence of a joined one: its payload alternative `T`, or the error (url kept).
template <typename T>
Expected<T, std::string> part(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings,
                              Evidence& evidence)
{
  auto got = fetch(client, request, settings);
  evidence.url = got.url;
  if (!got.payload) {
    return unexpected(got.payload.error());
  }
  auto* value = std::get_if<T>(&*got.payload);
  return value != nullptr ? Expected<T, std::string>(std::move(*value))
                          : unexpected(std::string("internal: evidence of the wrong kind"));
}

void converse_identity(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings,
                       Evidence& evidence)
{
  IdentityEvidence out{settings.traces.service, request.query, {}, {}, {}};
  KeepingClient keeping(client); // its answer is read again for the resources' identity attributes
  auto traces =
      part<trace::TraceSet>(keeping, {Source::jaeger_traces, Endpoint::jaeger, {}, request.limit}, settings, evidence);
  if (!traces) {
    evidence.payload = unexpected(traces.error());
    return;
  }
  out.traces = std::move(*traces);
  out.resources = resource_identities(keeping.kept, out.service);
  keeping.kept.clear();
  auto info =
      part<QueryResult>(client, {Source::prometheus_query, Endpoint::prometheus, request.query}, settings, evidence);
  if (!info) {
    evidence.payload = unexpected(info.error());
    return;
  }
  out.target_info = std::move(*info);
  evidence.payload = Payload{std::move(out)};
}

std::int64_t micros(std::chrono::system_clock::time_point t)
{
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

void converse_span_counter(http::HttpClient& client, const EvidenceRequest& request, const Settings& settings,
                           Evidence& evidence)
{
  const auto now = std::chrono::system_clock::now();
  SpanCounterEvidence out;
  out.service = settings.traces.service;
  out.operation = request.operation;
  out.query = request.query;
  out.window_start_us = micros(now - request.window);
  out.window_end_us = micros(now);
  out.trace_limit = static_cast<std::size_t>(request.limit);
  auto windowed = settings; // api_v3 searches exactly the window
  windowed.traces.lookback = request.window;
  EvidenceRequest search{Source::jaeger_traces, Endpoint::jaeger, {}, request.limit};
  search.operation = request.operation;
  auto traces = part<trace::TraceSet>(client, search, windowed, evidence);
  if (!traces) {
    evidence.payload = unexpected(traces.error());
    return;
  }
  out.traces = std::move(*traces);
  auto increase =
      part<QueryResult>(client, {Source::prometheus_query, Endpoint::prometheus, request.query}, settings, evidence);
  if (!increase) {
    evidence.payload = unexpected(increase.error());
    return;
  }
  out.increase = std::move(*increase);
  evidence.payload = Payload{std::move(out)};
}

// The first request of each conversation (what `to_http_request` shows).
std::vector<Attempt> first_scrape(const EvidenceRequest& request, const Settings& settings)
{
  const auto& endpoint = endpoint_settings(settings, request.endpoint);
  return {{exposition_request(endpoint.url, endpoint.access, settings.timeout)}};
}

std::vector<Attempt> first_query(const EvidenceRequest& request, const Settings& settings)
{
  return {{api_request(settings.prometheus, "/api/v1/query", {{"query", request.query}}, settings.timeout)}};
}

Reading joined_only(const EvidenceRequest&, int, const std::string& url, const Outcome&, json::Deadline)
{
  return Reading{unexpected(fmt::format("{}: joined evidence is read by its conversation, not one answer", url))};
}

} // namespace

const Backend k_exemplars_backend{first_scrape, joined_only, false, nullptr, converse_exemplars};
const Backend k_identity_backend{first_query, joined_only, true, nullptr, converse_identity};
const Backend k_span_counter_backend{first_query, joined_only, true, nullptr, converse_span_counter};

} // namespace ttaobs::sources
