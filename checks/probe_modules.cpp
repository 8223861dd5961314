#include "probe_modules.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace ttaobs::checks {

using core::Status;
using Micros = std::chrono::microseconds;

namespace {

constexpr std::size_t k_max_detail_lines = 10;

double millis(Micros value)
{
  return static_cast<double>(value.count()) / 1000.0;
}

// The probe did not get far enough to be judged on numbers: where the canary got lost. A pipeline
// that refused or lost it fails; one that could not be reached or asked is an error (exit 3).
std::optional<core::CheckOutcome> lost(const sources::PipelineProbe& probe)
{
  using sources::ProbeLoss;
  switch (probe.loss) {
  case ProbeLoss::none:
    return std::nullopt;
  case ProbeLoss::not_accepted:
  case ProbeLoss::never_queryable:
    return core::outcome(Status::fail, probe.failure);
  case ProbeLoss::unreachable:
  case ProbeLoss::query_failed:
  case ProbeLoss::interrupted:
    return core::outcome(Status::error, probe.failure);
  }
  return std::nullopt;
}

std::vector<std::string> where(const sources::PipelineProbe& probe)
{
  return {fmt::format("canaries (service.name={}, ttaobs.canary=true) sent to {}, looked up at {}",
                      sources::k_probe_service, probe.otlp_url, probe.query_url)};
}

// Reads a duration bound `key` (positive), recording a problem for zero or less.
std::optional<Micros> bound(yaml::MapReader& entry, std::string_view key)
{
  auto value = entry.duration(key);
  if (value && value->count() <= 0) {
    entry.error(entry.node(key)->mark, fmt::format("\"{}\" must be more than 0", key));
  }
  return value;
}

std::chrono::milliseconds to_millis(Micros value)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(value);
}

// The plan's bounds as problems at the entry (the probe refuses to run outside them too).
void check_plan(yaml::MapReader& entry, const sources::ProbePlan& plan)
{
  if (const auto problem = plan.problem()) {
    entry.error(entry.mark(), *problem);
  }
}

} // namespace

std::optional<double> parse_share(std::string_view text)
{
  const auto trimmed = util::trim(text);
  const bool percent = !trimmed.empty() && trimmed.back() == '%';
  double value = 0;
  if (!util::parse_seconds(percent ? trimmed.substr(0, trimmed.size() - 1) : trimmed, value)) {
    return std::nullopt;
  }
  value = percent ? value / 100.0 : value;
  return value >= 0 && value <= 1 ? std::optional<double>(value) : std::nullopt;
}

core::CheckOutcome judge_probe_latency(const sources::PipelineProbe& probe, const LatencyBounds& bounds)
{
  if (auto verdict = lost(probe)) {
    verdict->details = where(probe);
    return std::move(*verdict);
  }
  const auto p50 = sources::quantile(probe.latencies, 0.5);
  const auto p95 = sources::quantile(probe.latencies, 0.95);
  const auto max = sources::quantile(probe.latencies, 1.0);
  std::vector<std::string> missed;
  std::optional<core::Measurement> measured;
  const std::tuple<const char*, Micros, std::optional<Micros>> judged[] = {
      {"max", max, bounds.max}, {"p50", p50, bounds.max_p50}, {"p95", p95, bounds.max_p95}};
  for (const auto& [name, value, limit] : judged) {
    if (limit) {
      measured = core::at_most(millis(value), millis(*limit), "ms"); // the last given: p95 before p50 before max
      if (value > *limit) {
        missed.push_back(
            fmt::format("{} {} exceeds {}", name, sources::format_latency(value), sources::format_latency(*limit)));
      }
    }
  }
  auto details = where(probe);
  for (std::size_t i = 0; i < probe.latencies.size() && i < k_max_detail_lines; ++i) {
    details.push_back(fmt::format("trace {}: queryable {} after it was accepted", probe.trace_ids[i],
                                  sources::format_latency(probe.latencies[i])));
  }
  const auto summary =
      fmt::format("{} canar{} queryable: p50 {}, p95 {}, max {}", probe.delivered, probe.delivered == 1 ? "y" : "ies",
                  sources::format_latency(p50), sources::format_latency(p95), sources::format_latency(max));
  auto out = core::outcome(missed.empty() ? Status::pass : Status::fail,
                           missed.empty() ? summary : fmt::format("{} — {}", util::join(missed, ", "), summary),
                           std::move(details));
  out.measurement = measured;
  return out;
}

core::CheckOutcome judge_probe_throughput(const sources::PipelineProbe& probe, const ThroughputBounds& bounds)
{
  auto details = where(probe);
  const auto planned = static_cast<double>(probe.plan.rate) * static_cast<double>(probe.plan.duration.count()) / 1000.0;
  const double share = planned > 0 ? static_cast<double>(probe.delivered) / planned : 0.0;
  const auto seconds = static_cast<double>(probe.sending.count()) / 1000.0;
  const auto max_lag = sources::quantile(probe.latencies, 1.0);
  const auto summary =
      fmt::format("delivered {} of {:g} spans ({:.1f}%) sent at {:.0f} spans/s; lag p50 {}, p95 {}, max {}",
                  probe.delivered, planned, share * 100.0, seconds > 0 ? probe.sent / seconds : 0.0,
                  sources::format_latency(sources::quantile(probe.latencies, 0.5)),
                  sources::format_latency(sources::quantile(probe.latencies, 0.95)), sources::format_latency(max_lag));
  if (probe.loss == sources::ProbeLoss::unreachable || probe.loss == sources::ProbeLoss::query_failed ||
      probe.loss == sources::ProbeLoss::interrupted || probe.delivered == 0) {
    auto verdict = lost(probe).value_or(core::outcome(Status::fail, summary));
    verdict.details = std::move(details);
    verdict.details.push_back(summary);
    return verdict;
  }
  std::vector<std::string> missed;
  if (share + 1e-9 < bounds.min_delivered) {
    missed.push_back(fmt::format("{:.1f}% delivered, below {:g}%", share * 100.0, bounds.min_delivered * 100.0));
  }
  if (bounds.max_lag && max_lag > *bounds.max_lag) {
    missed.push_back(fmt::format("max lag {} exceeds {}", sources::format_latency(max_lag),
                                 sources::format_latency(*bounds.max_lag)));
  }
  if (!probe.failure.empty()) {
    details.push_back(probe.failure); // some spans lost, within what min_delivered allows (or not)
  }
  auto out = core::outcome(missed.empty() ? Status::pass : Status::fail,
                           missed.empty() ? summary : fmt::format("{} — {}", util::join(missed, ", "), summary),
                           std::move(details));
  out.measurement = core::at_least(share * 100.0, bounds.min_delivered * 100.0, "% delivered");
  return out;
}

Binding probe_latency_binding(const sources::ProbePlan& plan, const LatencyBounds& bounds)
{
  sources::EvidenceRequest evidence;
  evidence.source = sources::Source::pipeline_probe;
  evidence.plan = plan;
  const auto limit = bounds.max_p95 ? fmt::format(", p95 ≤ {}", sources::format_latency(*bounds.max_p95)) : "";
  auto description = fmt::format("{} canary span{} become queryable{}", plan.count, plan.count == 1 ? "" : "s", limit);
  auto fn = [bounds](const sources::Payload& payload, const core::CheckParams&) {
    const auto* probe = core::evidence_as<sources::PipelineProbe>(payload);
    return probe == nullptr ? core::wrong_evidence("pipeline probe") : judge_probe_latency(*probe, bounds);
  };
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

Binding probe_throughput_binding(const sources::ProbePlan& plan, const ThroughputBounds& bounds)
{
  sources::EvidenceRequest evidence;
  evidence.source = sources::Source::pipeline_probe;
  evidence.plan = plan;
  auto description = fmt::format("{} spans/s for {:g}s: at least {:g}% queryable", plan.rate,
                                 static_cast<double>(plan.duration.count()) / 1000.0, bounds.min_delivered * 100.0);
  auto fn = [bounds](const sources::Payload& payload, const core::CheckParams&) {
    const auto* probe = core::evidence_as<sources::PipelineProbe>(payload);
    return probe == nullptr ? core::wrong_evidence("pipeline probe") : judge_probe_throughput(*probe, bounds);
  };
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

std::optional<Binding> read_probe_latency(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  sources::ProbePlan plan;
  plan.count = static_cast<int>(entry.integer("count", 1, sources::k_probe_max_count).value_or(5));
  plan.within = to_millis(bound(entry, "within").value_or(Micros(10'000'000)));
  LatencyBounds bounds{bound(entry, "max_p50"), bound(entry, "max_p95"), bound(entry, "max")};
  check_plan(entry, plan);
  if (context.errors.size() != before) {
    return std::nullopt;
  }
  return probe_latency_binding(plan, bounds);
}

std::optional<Binding> read_probe_throughput(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  sources::ProbePlan plan;
  plan.mode = sources::ProbePlan::Mode::throughput;
  plan.rate = static_cast<int>(entry.integer("rate", 1, sources::k_probe_max_rate, true).value_or(1));
  plan.duration = to_millis(bound(entry, "duration").value_or(Micros(2'000'000)));
  plan.within = to_millis(bound(entry, "within").value_or(Micros(10'000'000)));
  ThroughputBounds bounds;
  if (const auto text = entry.string("min_delivered")) {
    const auto share = parse_share(*text);
    if (!share) {
      entry.error(entry.node("min_delivered")->mark,
                  fmt::format("\"min_delivered\" must be a percentage such as 99% or a fraction such as 0.99, not "
                              "\"{}\"",
                              util::one_line(*text, 40)));
    }
    bounds.min_delivered = share.value_or(1.0);
  }
  bounds.max_lag = bound(entry, "max_lag");
  check_plan(entry, plan);
  if (context.errors.size() != before) {
    return std::nullopt;
  }
  return probe_throughput_binding(plan, bounds);
}

} // namespace ttaobs::checks
