#include "checks.hpp"
#include "trace_common.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

// A family is exported when a sample carries its name, alone or with a type suffix.
bool exported(const sources::ExpositionScan& scan, std::string_view family)
{
  for (const std::string_view suffix : {"", "_total", "_bucket", "_count", "_sum", "_created", "_info"}) {
    if (scan.samples_by_name.count(std::string(family) + std::string(suffix)) > 0) {
      return true;
    }
  }
  return false;
}

} // namespace

core::CheckOutcome metrics_exposition_families(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto answered = answered_exposition(evidence);
  if (!answered) {
    return answered.error();
  }
  const auto* exposition = *answered;
  std::vector<std::string> wanted;
  std::vector<std::string> missing;
  for (const auto part : util::split(params.value, ',')) {
    const auto name = std::string(util::trim(part));
    if (!name.empty()) {
      wanted.push_back(name);
      if (!exported(exposition->scan, name)) {
        missing.push_back(name);
      }
    }
  }
  if (!missing.empty()) {
    return core::outcome(Status::fail, fmt::format("{} of {} families never exported by the service: {}",
                                                   missing.size(), wanted.size(), name_list(missing, 8)))
        .with(core::exactly(static_cast<double>(wanted.size() - missing.size()), static_cast<double>(wanted.size()),
                            "families exported"));
  }
  return core::outcome(Status::pass, fmt::format("all {} families exported: {}", wanted.size(), name_list(wanted, 8)))
      .with(core::exactly(static_cast<double>(wanted.size()), static_cast<double>(wanted.size()), "families exported"));
}

} // namespace ttaobs::checks
