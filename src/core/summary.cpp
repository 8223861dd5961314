#include "summary.hpp"

#include <algorithm>

namespace ttaobs::core {

namespace {

void tally(Counts& c, Status status)
{
  switch (status) {
  case Status::pass:
    ++c.passed;
    break;
  case Status::fail:
    ++c.failed;
    break;
  case Status::warn:
    ++c.warnings;
    break;
  case Status::error:
    ++c.errors;
    break;
  case Status::skip:
    ++c.skipped;
    break;
  }
}

} // namespace

Counts count(const std::vector<CheckReport>& checks, bool strict)
{
  Counts c;
  for (const auto& check : checks) {
    tally(c, check.status);
  }
  c.strict_failures = strict ? c.warnings : 0;
  return c;
}

ExitCode exit_code_for(const Counts& counts, bool strict)
{
  if (counts.failed > 0 || (strict && counts.warnings > 0)) {
    return ExitCode::failed;
  }
  if (counts.errors > 0) {
    return ExitCode::could_not_look;
  }
  return ExitCode::ok;
}

void summarise(RunSummary& summary)
{
  summary.groups.clear();
  summary.checks_time = std::chrono::milliseconds(0);
  for (std::size_t i = 0; i < summary.checks.size(); ++i) {
    auto& check = summary.checks[i];
    check.strict_failure = summary.strict && check.status == Status::warn;
    auto group = std::find_if(summary.groups.begin(), summary.groups.end(),
                              [&](const GroupSummary& g) { return g.group == check.group; });
    if (group == summary.groups.end()) {
      group = summary.groups.insert(group, GroupSummary{check.group, {}, {}, {}});
    }
    group->checks.push_back(i);
    tally(group->counts, check.status);
    group->counts.strict_failures += check.strict_failure ? 1 : 0;
    group->time += check.duration;
    summary.checks_time += check.duration;
  }
  summary.counts = count(summary.checks, summary.strict);
  summary.exit_code = exit_code_for(summary.counts, summary.strict);
}

} // namespace ttaobs::core
