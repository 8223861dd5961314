// cross.service_identity (spans' service.name vs the job's target_info) and cross.span_counter
// (the span count of an operation vs a counter's increase over the same window).

#include "cross_modules.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace ttaobs::checks {

using core::Status;

namespace {

// A PromQL string literal: `text` in double quotes, backslash and quote escaped.
std::string promql_string(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
    }
    out.push_back(c == '\n' ? ' ' : c);
  }
  return out + "\"";
}

std::string label_of(const sources::Series& series, const std::string& name)
{
  const auto it = series.labels.find(name);
  return it == series.labels.end() ? std::string() : it->second;
}

// `target_info{job="…", instance="…"}` for messages.
std::string series_name(const sources::Series& series)
{
  return util::one_line(fmt::format("target_info{{job={}, instance={}}}", promql_string(label_of(series, "job")),
                                    promql_string(label_of(series, "instance"))),
                        160);
}

// The service names the spans of `service` carry across the traces (it, when any span has it).
std::set<std::string> span_services(const sources::IdentityEvidence& evidence, std::size_t& spans)
{
  std::set<std::string> out;
  for (const auto& trace : evidence.traces.traces) {
    for (const auto& span : trace.spans) {
      if (trace.service_of(span) == evidence.service) {
        ++spans;
        out.emplace(evidence.service);
      }
    }
  }
  return out;
}

// The spans' non-empty values of one identity attribute across the service's resources.
std::set<std::string> values_of(const std::vector<sources::ResourceIdentity>& resources,
                                std::string sources::ResourceIdentity::*field)
{
  std::set<std::string> out;
  for (const auto& resource : resources) {
    if (!(resource.*field).empty()) {
      out.insert(resource.*field);
    }
  }
  return out;
}

// A target_info `label` naming none of the spans' values of `attribute` (when both are given), or "".
std::string attribute_contradiction(const sources::Series& series, const std::string& label, std::string_view attribute,
                                    const std::set<std::string>& values)
{
  const auto it = series.labels.find(label);
  if (it == series.labels.end() || values.empty() || values.count(it->second) > 0) {
    return {};
  }
  return fmt::format("spans say {}={}, {} says {}={}", attribute,
                     util::one_line(util::join(std::vector<std::string>(values.begin(), values.end()), " or "), 120),
                     series_name(series), label, util::one_line(it->second, 80));
}

// What one target_info series contradicts, or "" when it agrees.
std::string contradiction(const sources::Series& series, const std::string& service, bool compare_job)
{
  const auto job = label_of(series, "job");
  const auto job_name = job.substr(job.rfind('/') == std::string::npos ? 0 : job.rfind('/') + 1);
  if (const auto it = series.labels.find("service_name"); it != series.labels.end()) {
    if (it->second != service) {
      return fmt::format("spans say service.name={}, {} says service_name={}", service, series_name(series),
                         util::one_line(it->second, 80));
    }
  } else if (!compare_job && job_name != service) { // OTel's mapping: job = [service.namespace/]service.name
    return fmt::format("spans say service.name={}, {} has no service_name label and its job names {}", service,
                       series_name(series), util::one_line(job_name, 80));
  }
  if (compare_job && job_name != service) {
    return fmt::format("spans say service.name={}, but {} is scraped as job {} (OTel's convention: job = "
                       "[service.namespace/]service.name)",
                       service, series_name(series), util::one_line(job, 80));
  }
  return {};
}

// Every disagreement of the series with the spans: service.name, then namespace and instance id.
std::vector<std::string> contradictions(const sources::IdentityEvidence& evidence, bool compare_job)
{
  const auto namespaces = values_of(evidence.resources, &sources::ResourceIdentity::service_namespace);
  const auto instances = values_of(evidence.resources, &sources::ResourceIdentity::instance_id);
  std::vector<std::string> out;
  for (const auto& s : evidence.target_info.series) {
    for (auto problem : {contradiction(s, evidence.service, compare_job),
                         attribute_contradiction(s, "service_namespace", "service.namespace", namespaces),
                         attribute_contradiction(s, "service_instance_id", "service.instance.id", instances)}) {
      if (!problem.empty()) {
        out.push_back(std::move(problem));
      }
    }
  }
  return out;
}

double value_of(const std::string& text)
{
  double value = NAN;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : NAN;
}

// Spans named `span` of the service starting within the evidence's window.
std::size_t spans_in_window(const sources::SpanCounterEvidence& evidence, const std::string& span)
{
  std::size_t n = 0;
  for (const auto& trace : evidence.traces.traces) {
    for (const auto& s : trace.spans) {
      const auto service = trace.service_of(s);
      n += s.name == span && (service.empty() || service == evidence.service) &&
                   s.start_us >= evidence.window_start_us && s.start_us <= evidence.window_end_us
               ? 1
               : 0;
    }
  }
  return n;
}

// `selector` with a `job="…"` matcher added (none when `job` is empty): the counter of the job.
std::string with_job(const std::string& selector, const std::string& job)
{
  if (job.empty()) {
    return selector;
  }
  const auto matcher = "job=" + promql_string(job);
  const auto brace = selector.find('{');
  if (brace == std::string::npos) {
    return selector + "{" + matcher + "}";
  }
  const auto next = selector.find_first_not_of(" \t", brace + 1);
  const bool empty = next != std::string::npos && selector[next] == '}';
  return selector.substr(0, brace + 1) + matcher + (empty ? "" : ", ") + selector.substr(brace + 1);
}

} // namespace

std::optional<Binding> read_cross_service_identity(yaml::MapReader& entry, const ModuleContext& context)
{
  IdentityExpectation expected;
  expected.job = entry.string("job").value_or(context.job);
  const auto traces = static_cast<int>(entry.integer("traces", 1, 100).value_or(5));
  expected.compare_job = entry.boolean("compare_job").value_or(false);
  if (expected.job.empty()) {
    entry.error(entry.mark(), "\"job\" is empty (and no job is configured)");
    return std::nullopt;
  }
  sources::EvidenceRequest evidence{sources::Source::service_identity, sources::Endpoint::prometheus,
                                    fmt::format("target_info{{job={}}}", promql_string(expected.job)), traces};
  auto description = fmt::format("spans' service.name agrees with target_info of job {}{}",
                                 util::one_line(expected.job, 60), expected.compare_job ? " and the job itself" : "");
  auto fn = [expected](const sources::Payload& payload, const core::CheckParams&) {
    const auto* got = core::evidence_as<sources::IdentityEvidence>(payload);
    return got == nullptr ? core::wrong_evidence("spans and target_info") : judge_identity(*got, expected);
  };
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

core::CheckOutcome judge_identity(const sources::IdentityEvidence& evidence, const IdentityExpectation& expected)
{
  std::size_t spans = 0;
  const auto services = span_services(evidence, spans);
  if (services.empty()) {
    return core::outcome(Status::fail,
                         fmt::format("no spans of service.name={} in the trace store ({} trace{} read): the service's "
                                     "spans may carry another service.name",
                                     evidence.service, evidence.traces.traces.size(),
                                     evidence.traces.traces.size() == 1 ? "" : "s"));
  }
  const auto& series = evidence.target_info.series;
  if (series.empty()) {
    return core::outcome(Status::fail, fmt::format("no target_info series of job {} in Prometheus ({}): the service "
                                                   "exposes no target_info, or is scraped under another job",
                                                   util::one_line(expected.job, 60), evidence.query));
  }
  auto details = contradictions(evidence, expected.compare_job);
  if (!details.empty()) {
    const auto disagreeing = static_cast<double>(details.size());
    auto message = details.front();
    details.erase(details.begin());
    return core::outcome(Status::fail, std::move(message), std::move(details))
        .with(core::exactly(disagreeing, 0, "disagreements"));
  }
  return core::outcome(Status::pass,
                       fmt::format("spans and target_info agree: service.name={} ({} span{}, {} target_info series of "
                                   "job {})",
                                   evidence.service, spans, spans == 1 ? "" : "s", series.size(),
                                   util::one_line(expected.job, 60)))
      .with(core::exactly(0, 0, "disagreements"));
}

std::optional<Binding> read_cross_span_counter(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  SpanCounterExpectation expected;
  expected.span = entry.string("span", true).value_or("");
  expected.counter = entry.string("counter", true).value_or("");
  const auto job = entry.string("job").value_or(context.job);
  const auto window = entry.duration("window").value_or(std::chrono::seconds(60));
  expected.tolerance = read_share(entry, context, "tolerance").value_or(0.1);
  const auto max_traces = static_cast<int>(entry.integer("max_traces", 1, 10000).value_or(1000));
  if (window < std::chrono::seconds(1) || window > std::chrono::hours(24)) {
    entry.error(entry.mark(), "\"window\" must be from 1s to 24h");
  }
  if (context.errors.size() != before || expected.span.empty() || expected.counter.empty()) {
    if (context.errors.size() == before) {
      entry.error(entry.mark(), "\"span\" and \"counter\" must not be empty");
    }
    return std::nullopt;
  }
  expected.window = std::chrono::duration_cast<std::chrono::milliseconds>(window);
  sources::EvidenceRequest evidence{
      sources::Source::span_counter, sources::Endpoint::prometheus,
      fmt::format("sum(increase({}[{}ms]))", with_job(expected.counter, job), expected.window.count()), max_traces};
  evidence.operation = expected.span;
  evidence.window = expected.window;
  auto description = fmt::format("{} spans match the increase of {} over {}s (±{:g}%)",
                                 util::one_line(expected.span, 60), util::one_line(expected.counter, 60),
                                 static_cast<double>(expected.window.count()) / 1000.0, expected.tolerance * 100);
  auto fn = [expected](const sources::Payload& payload, const core::CheckParams&) {
    const auto* got = core::evidence_as<sources::SpanCounterEvidence>(payload);
    return got == nullptr ? core::wrong_evidence("spans and a counter") : judge_span_counter(*got, expected);
  };
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

core::CheckOutcome judge_span_counter(const sources::SpanCounterEvidence& evidence,
                                      const SpanCounterExpectation& expected)
{
  const auto window = fmt::format("{:g}s", static_cast<double>(expected.window.count()) / 1000.0);
  if (evidence.traces.traces.size() >= evidence.trace_limit) {
    return core::outcome(Status::error,
                         fmt::format("the trace search returned its limit of {} traces: spans may be missed (raise "
                                     "max_traces or shorten window)",
                                     evidence.trace_limit));
  }
  const auto& series = evidence.increase.series;
  if (series.empty()) {
    return core::outcome(Status::fail, fmt::format("{} has no samples over the last {} in Prometheus ({})",
                                                   util::one_line(expected.counter, 80), window, evidence.query));
  }
  const double increase = value_of(series.front().value);
  const auto spans = static_cast<double>(spans_in_window(evidence, expected.span));
  if (!std::isfinite(increase)) {
    return core::outcome(Status::error, fmt::format("Prometheus answered {} for {}",
                                                    util::one_line(series.front().value, 40), evidence.query));
  }
  const double larger = std::max(spans, increase);
  const double share = larger > 0 ? std::abs(spans - increase) / larger : 0;
  const bool ok = larger > 0 && share <= expected.tolerance + 1e-9;
  auto message =
      larger == 0
          ? fmt::format("no {} spans and no increase of {} over the last {}: nothing to compare", expected.span,
                        util::one_line(expected.counter, 80), window)
          : fmt::format("{:g} {} span{} vs an increase of {:.1f} of {} over the last {}: they differ by {:.1f}% ({} "
                        "{:g}%)",
                        spans, util::one_line(expected.span, 60), spans == 1 ? "" : "s", increase,
                        util::one_line(expected.counter, 80), window, share * 100, ok ? "within" : "more than",
                        expected.tolerance * 100);
  std::vector<std::string> details{
      fmt::format("{} trace{} of service {} searched; meaningful only when every span is sampled",
                  evidence.traces.traces.size(), evidence.traces.traces.size() == 1 ? "" : "s", evidence.service)};
  return core::outcome(ok ? Status::pass : Status::fail, std::move(message), std::move(details))
      .with(core::at_most(std::round(share * 1000) / 10, expected.tolerance * 100, "%"));
}

} // namespace ttaobs::checks
