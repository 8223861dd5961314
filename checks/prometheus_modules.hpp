#pragma once

// The Prometheus modules besides `prometheus.query`: `prometheus.up` (up{job} is 1 for every
// target) and `prometheus.targets` (the job's targets healthy, scrapes below a bound).

#include "module.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace ttaobs::checks {

/// What `prometheus.targets` expects of the active targets of one job.
struct TargetsExpectation
{
  std::string job;                                     ///< the job label of the targets judged
  std::optional<std::chrono::microseconds> max_scrape; ///< every last scrape strictly shorter than this
};

/// Reads a `prometheus.up` entry: {job} (default: the configured job).
std::optional<Binding> read_prometheus_up(yaml::MapReader& entry, const ModuleContext& context);

/// Reads a `prometheus.targets` entry: {job (default: the configured job), max_scrape_duration}.
std::optional<Binding> read_prometheus_targets(yaml::MapReader& entry, const ModuleContext& context);

/// Passes when the job has ≥ 1 active target and every one is up, without a scrape error, and
/// (when bounded) last scraped faster than the bound.
core::CheckOutcome judge_targets(const sources::TargetsResult& result, const TargetsExpectation& expected);

} // namespace ttaobs::checks
