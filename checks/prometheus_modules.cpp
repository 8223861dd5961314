#include "prometheus_modules.hpp"

#include "checks.hpp"
#include "trace_common.hpp"

#include <src/sources/prometheus_source.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::checks {

using core::Status;

namespace {

// The entry's job, else the configured one; required when neither is set.
std::optional<std::string> job_of(yaml::MapReader& entry, const ModuleContext& context)
{
  auto job = entry.string("job", context.job.empty());
  if (job && job->empty()) {
    entry.error(entry.node("job")->mark, "\"job\" is empty");
    return std::nullopt;
  }
  return job ? job : (context.job.empty() ? std::nullopt : std::optional<std::string>(context.job));
}

std::string milliseconds(double seconds)
{
  return fmt::format("{:.1f}ms", seconds * 1000.0);
}

std::string bound_text(std::chrono::microseconds bound)
{
  return fmt::format("{:g}ms", static_cast<double>(bound.count()) / 1000.0);
}

} // namespace

std::optional<Binding> read_prometheus_up(yaml::MapReader& entry, const ModuleContext& context)
{
  auto job = job_of(entry, context);
  if (!job) {
    return std::nullopt;
  }
  auto description = fmt::format("up{{job=\"{}\"}} is 1 for every target", util::one_line(*job, 60));
  auto fn = [job = *job](const sources::Payload& payload, const core::CheckParams& params) {
    auto with_job = params;
    with_job.value = job;
    return metrics_scrape_up(payload, with_job);
  };
  return Binding{sources::up_of_job(*job), std::move(fn), std::move(description)};
}

std::optional<Binding> read_prometheus_targets(yaml::MapReader& entry, const ModuleContext& context)
{
  TargetsExpectation expected;
  auto job = job_of(entry, context);
  expected.max_scrape = entry.duration("max_scrape_duration");
  if (!job) {
    return std::nullopt;
  }
  expected.job = std::move(*job);
  auto description =
      fmt::format("every active target of job \"{}\" is up with no scrape error{}", util::one_line(expected.job, 60),
                  expected.max_scrape ? ", scraped in < " + bound_text(*expected.max_scrape) : "");
  auto fn = [expected](const sources::Payload& payload, const core::CheckParams&) {
    const auto* result = core::evidence_as<sources::TargetsResult>(payload);
    return result == nullptr ? core::wrong_evidence("Prometheus targets") : judge_targets(*result, expected);
  };
  sources::EvidenceRequest evidence{sources::Source::prometheus_targets, sources::Endpoint::prometheus, {}, 1, false};
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

core::CheckOutcome judge_targets(const sources::TargetsResult& result, const TargetsExpectation& expected)
{
  std::size_t count = 0;
  double slowest = 0;
  std::vector<std::string> problems;
  const auto bound = expected.max_scrape ? static_cast<double>(expected.max_scrape->count()) / 1e6 : 0.0;
  for (const auto& target : result.targets) {
    if (target.job != expected.job) {
      continue;
    }
    ++count;
    slowest = std::max(slowest, target.scrape_seconds);
    if (target.health != "up" || !target.last_error.empty()) {
      problems.push_back(fmt::format("{} is {}{}", target.instance, target.health,
                                     target.last_error.empty() ? "" : ": " + util::one_line(target.last_error, 160)));
    } else if (expected.max_scrape && target.scrape_seconds >= bound) {
      problems.push_back(fmt::format("{} took {}", target.instance, milliseconds(target.scrape_seconds)));
    }
  }
  if (count == 0) {
    return core::outcome(Status::fail,
                         fmt::format("no active target of job \"{}\" ({} active target{} in all)", expected.job,
                                     result.targets.size(), result.targets.size() == 1 ? "" : "s"));
  }
  const auto duration =
      fmt::format("slowest last scrape {}{}", milliseconds(slowest),
                  expected.max_scrape ? " (expected < " + bound_text(*expected.max_scrape) + ")" : "");
  const auto plural = count == 1 ? "" : "s";
  auto out = problems.empty()
                 ? core::outcome(Status::pass, fmt::format("{} target{} of job \"{}\" up, no scrape errors; {}", count,
                                                           plural, expected.job, duration))
                 : core::outcome(Status::fail, fmt::format("{} of {} target{} of job \"{}\" unhealthy or slow ({}): {}",
                                                           problems.size(), count, plural, expected.job, duration,
                                                           name_list(problems, 3)));
  return std::move(out).with(
      core::exactly(static_cast<double>(count - problems.size()), static_cast<double>(count), "healthy targets"));
}

} // namespace ttaobs::checks
