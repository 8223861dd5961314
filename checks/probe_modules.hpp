#pragma once

// The `probe.latency` and `probe.throughput` modules: the active pipeline probe (sources/probe.hpp)
// judged against bounds. A canary the pipeline refused or lost fails; an endpoint that cannot be
// reached (or a trace store that cannot be asked) is an error, as for every other check.

#include "module.hpp"

#include <chrono>
#include <optional>

namespace ttaobs::checks {

/// The bounds of `probe.latency`: unset ones are not judged (every canary must arrive regardless).
struct LatencyBounds
{
  std::optional<std::chrono::microseconds> max_p50; ///< the median, at most
  std::optional<std::chrono::microseconds> max_p95; ///< the 95th percentile, at most
  std::optional<std::chrono::microseconds> max;     ///< the slowest canary, at most
};

/// The bounds of `probe.throughput`.
struct ThroughputBounds
{
  double min_delivered = 1.0;                       ///< the share of spans sent that must be queried back
  std::optional<std::chrono::microseconds> max_lag; ///< the latest delivered span, at most
};

/// Reads a `probe.latency` entry: {count, within, max_p50, max_p95, max}.
std::optional<Binding> read_probe_latency(yaml::MapReader& entry, const ModuleContext& context);

/// Reads a `probe.throughput` entry: {rate, duration, within, min_delivered, max_lag}.
std::optional<Binding> read_probe_throughput(yaml::MapReader& entry, const ModuleContext& context);

/// The latency check over `probe`'s evidence (`ttaobs probe` builds its checks with it too).
Binding probe_latency_binding(const sources::ProbePlan& plan, const LatencyBounds& bounds);

/// The throughput check over `probe`'s evidence.
Binding probe_throughput_binding(const sources::ProbePlan& plan, const ThroughputBounds& bounds);

/// Every canary queryable, and the latency quantiles within their bounds.
core::CheckOutcome judge_probe_latency(const sources::PipelineProbe& probe, const LatencyBounds& bounds);

/// At least `min_delivered` of the spans queried back, the latest within `max_lag`.
core::CheckOutcome judge_probe_throughput(const sources::PipelineProbe& probe, const ThroughputBounds& bounds);

/// "100%", "99.5%" or a fraction "0.995" as a share in [0, 1]; nullopt when it is neither.
std::optional<double> parse_share(std::string_view text);

} // namespace ttaobs::checks
