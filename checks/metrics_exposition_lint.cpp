#include "checks.hpp"
#include "exposition_modules.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome metrics_exposition_lint(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto answered = answered_exposition(evidence);
  if (!answered) {
    return answered.error();
  }
  const auto* exposition = *answered;
  const auto& lint = exposition->lint;
  const auto format = metrics::to_string(lint.format);
  if (lint.parse_error) {
    return core::outcome(Status::error,
                         fmt::format("the exposition does not parse as {}: {}", format, lint.parse_error->describe()));
  }
  if (lint.problems.empty()) {
    return core::outcome(Status::pass, fmt::format("parses as {}: {} families, {} samples, no lint problems", format,
                                                   lint.families, lint.samples))
        .with(core::at_most(0, 0, "lint problems"));
  }
  const auto shown = static_cast<std::size_t>(params.min > 0 ? params.min : 10);
  return core::outcome(Status::warn,
                       fmt::format("parses as {}, with {} lint problem{} (promtool's rules) in {} families", format,
                                   lint.problem_count, lint.problem_count == 1 ? "" : "s", lint.families),
                       lint_details(lint, shown))
      .with(core::at_most(static_cast<double>(lint.problem_count), 0, "lint problems"));
}

} // namespace ttaobs::checks
