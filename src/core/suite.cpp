#include "suite.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::core {

std::string_view to_string(Status status)
{
  switch (status) {
  case Status::pass:
    return "pass";
  case Status::fail:
    return "fail";
  case Status::warn:
    return "warn";
  case Status::error:
    return "error";
  case Status::skip:
    return "skip";
  }
  return "error";
}

std::string CheckSpec::group() const
{
  return id.substr(0, id.find('/'));
}

std::string group_title(std::string_view group)
{
  if (group == "trace") {
    return "Trace hierarchy";
  }
  if (group == "metrics") {
    return "Prometheus metrics";
  }
  if (group == "labels") {
    return "Metric labels";
  }
  if (group == "health") {
    return "Service health";
  }
  return std::string(group);
}

CheckOutcome outcome(Status status, std::string message, std::vector<std::string> details)
{
  return CheckOutcome{status, std::move(message), std::move(details)};
}

CheckOutcome wrong_evidence(std::string_view expected)
{
  return outcome(Status::error, fmt::format("internal: check expected {} evidence", expected));
}

std::string closest_id(const Suite& suite, std::string_view id)
{
  std::string best;
  std::size_t best_distance = 4; // farther than this is not a typo
  for (const auto& check : suite.checks) {
    // a typo (small edit distance) or a truncated id (prefix) both deserve a suggestion
    const auto d = util::starts_with(check.id, id) && !id.empty() ? 0 : util::edit_distance(id, check.id);
    if (d < best_distance) {
      best_distance = d;
      best = check.id;
    }
  }
  return best;
}

Expected<bool, std::string> validate_ids(const Suite& suite, const std::vector<std::string>& ids, std::string_view flag)
{
  for (const auto& id : ids) {
    bool found = false;
    for (const auto& check : suite.checks) {
      found = found || check.id == id;
    }
    if (!found) {
      const auto hint = closest_id(suite, id);
      return unexpected(fmt::format("{}: unknown check id '{}'{}", flag, util::one_line(id, 80),
                                    hint.empty() ? " (see 'ttaobs checks list')" : fmt::format(" (did you mean '{}'?)", hint)));
    }
  }
  return true;
}

} // namespace ttaobs::core
