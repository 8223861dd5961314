#include "probe.hpp"

#include <src/sources/probe_steps.hpp>
#include <src/util/interrupt.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ttaobs::sources {

/// The throughput probe (probe_throughput.cpp).
PipelineProbe run_throughput_probe(http::HttpClient& client, const Settings& settings, const ProbePlan& plan);

namespace {

using Micros = std::chrono::microseconds;
using Millis = std::chrono::milliseconds;

// Look-ups of a canary start 5 ms apart (the resolution of short latencies), stay at most 20 ms
// apart for the first 2 s (a batching collector holds spans ~200 ms), then back off to 200 ms.
constexpr Millis k_first_poll{5};
constexpr Millis k_busy_poll{20};
constexpr std::chrono::seconds k_busy_for{2};
constexpr Millis k_last_poll{200};

std::string nanos_text(std::chrono::system_clock::time_point at)
{
  return std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count());
}

std::string seconds_text(Millis d)
{
  return fmt::format("{:g}s", static_cast<double>(d.count()) / 1000.0);
}

// Sends one canary and waits until it is queryable (or the time allowed is up); false once the
// probe must stop, with `out.loss` and `out.failure` saying why.
bool one_canary(http::HttpClient& client, const Settings& settings, const std::string& url, TraceLookup& lookup,
                PipelineProbe& out)
{
  const auto trace_id = random_trace_id();
  out.trace_ids.push_back(trace_id);
  const auto span = canary_span_json(trace_id, random_hex(8), "", out.sent, std::chrono::system_clock::now());
  const auto sent = export_spans(client, settings, url, canary_request_json({span}), 1);
  ++out.sent;
  if (!sent.accepted) {
    out.loss = sent.loss;
    out.failure = sent.loss == ProbeLoss::interrupted ? sent.failure : "canary " + sent.failure;
    return false;
  }
  ++out.accepted;
  const auto deadline = sent.answered_at + out.plan.within;
  for (auto delay = k_first_poll;;) {
    const auto found = lookup.find(trace_id);
    const auto now = ProbeClock::now();
    if (found.kind == Lookup::Kind::found) {
      out.latencies.push_back(std::chrono::duration_cast<Micros>(now - sent.answered_at));
      ++out.delivered;
      return true;
    }
    if (found.kind == Lookup::Kind::failed) {
      out.loss = ProbeLoss::query_failed;
      out.failure =
          fmt::format("canary accepted by {} but the trace store could not be asked: {}", out.otlp_url, found.why);
      return false;
    }
    if (now >= deadline) {
      out.loss = ProbeLoss::never_queryable;
      out.failure = fmt::format("canary accepted by {} but never queryable at {} within {} (trace {})", out.otlp_url,
                                out.query_url, seconds_text(out.plan.within), trace_id);
      return false;
    }
    if (!nap(delay, deadline)) {
      out.loss = ProbeLoss::interrupted;
      out.failure = interrupted_text();
      return false;
    }
    delay = std::min(now - sent.answered_at < k_busy_for ? k_busy_poll : k_last_poll, delay * 5 / 4 + Millis(1));
  }
}

PipelineProbe run_latency_probe(http::HttpClient& client, const Settings& settings, const ProbePlan& plan)
{
  PipelineProbe out;
  out.plan = plan;
  const auto url = otlp_traces_url(settings.otlp);
  out.otlp_url = util::redact_url(url);
  out.query_url = settings.traces.tempo ? settings.traces.tempo->url.redacted() : settings.jaeger.url.redacted();
  TraceLookup lookup(client, settings);
  for (int i = 0; i < plan.count; ++i) {
    if (util::interrupted() != 0) {
      out.loss = ProbeLoss::interrupted;
      out.failure = interrupted_text();
      break;
    }
    if (!one_canary(client, settings, url, lookup, out)) {
      break; // a lost canary ends the probe: the next would be lost too, and waiting is bounded once
    }
  }
  return out;
}

} // namespace

std::string ProbePlan::key() const
{
  return mode == Mode::latency ? fmt::format("latency:{}:{}", count, within.count())
                               : fmt::format("throughput:{}:{}:{}", rate, duration.count(), within.count());
}

std::optional<std::string> ProbePlan::problem() const
{
  if (mode == Mode::latency && (count < 1 || count > k_probe_max_count)) {
    return fmt::format("count must be from 1 to {} (got {})", k_probe_max_count, count);
  }
  if (mode == Mode::throughput) {
    if (rate < 1 || rate > k_probe_max_rate) {
      return fmt::format("rate must be from 1 to {} spans a second (got {})", k_probe_max_rate, rate);
    }
    if (duration < Millis(100) || duration > k_probe_max_duration) {
      return fmt::format("duration must be from 0.1s to {}s (got {})", k_probe_max_duration.count(),
                         seconds_text(duration));
    }
    if (static_cast<double>(rate) * static_cast<double>(duration.count()) / 1000.0 > k_probe_max_spans) {
      return fmt::format("rate × duration must not exceed {} spans (got {} × {})", k_probe_max_spans, rate,
                         seconds_text(duration));
    }
  }
  if (within < Millis(1) || within > k_probe_max_within) {
    return fmt::format("the time to wait for a span must be from 0.001s to {}s (got {})", k_probe_max_within.count(),
                       seconds_text(within));
  }
  return std::nullopt;
}

Micros quantile(std::vector<Micros> values, double q)
{
  if (values.empty()) {
    return Micros(0);
  }
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

std::string format_latency(Micros value)
{
  const auto us = static_cast<double>(value.count());
  if (us < 1000) {
    return fmt::format("{} µs", value.count());
  }
  return us < 1e6 ? fmt::format("{:.3g} ms", us / 1000.0) : fmt::format("{:.3g} s", us / 1e6);
}

std::string otlp_traces_url(const EndpointSettings& otlp)
{
  if (otlp.url.path.ends_with("/v1/traces")) {
    return otlp.url.str();
  }
  return util::with_path_and_query(otlp.url, "/v1/traces", {});
}

std::string canary_span_json(const std::string& trace_id, const std::string& span_id, const std::string& parent_id,
                             long long seq, std::chrono::system_clock::time_point at)
{
  const auto start = nanos_text(at - std::chrono::microseconds(100));
  return fmt::format(R"({{"traceId":"{}","spanId":"{}",{}"name":"{}","kind":1,"startTimeUnixNano":"{}",)"
                     R"("endTimeUnixNano":"{}","attributes":[{{"key":"ttaobs.canary","value":{{"boolValue":true}}}},)"
                     R"({{"key":"ttaobs.probe.seq","value":{{"intValue":"{}"}}}}],"status":{{}}}})",
                     trace_id, span_id, parent_id.empty() ? "" : fmt::format(R"("parentSpanId":"{}",)", parent_id),
                     k_probe_span, start, nanos_text(at), seq);
}

std::string canary_request_json(const std::vector<std::string>& spans)
{
  return fmt::format(R"({{"resourceSpans":[{{"resource":{{"attributes":[{{"key":"service.name","value":)"
                     R"({{"stringValue":"{}"}}}},{{"key":"ttaobs.canary","value":{{"boolValue":true}}}}]}},)"
                     R"("scopeSpans":[{{"scope":{{"name":"ttaobs","version":"{}"}},"spans":[{}]}}]}}]}})",
                     k_probe_service, TTAOBS_VERSION, util::join(spans, ","));
}

std::string random_trace_id()
{
  return random_hex(16);
}

PipelineProbe run_pipeline_probe(http::HttpClient& client, const Settings& settings, const ProbePlan& plan)
{
  if (const auto problem = plan.problem()) {
    PipelineProbe out;
    out.plan = plan;
    out.loss = ProbeLoss::not_accepted;
    out.failure = "probe not run: " + *problem;
    return out;
  }
  return plan.mode == ProbePlan::Mode::latency ? run_latency_probe(client, settings, plan)
                                               : run_throughput_probe(client, settings, plan);
}

} // namespace ttaobs::sources
