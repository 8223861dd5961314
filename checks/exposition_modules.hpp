#pragma once

// The exposition modules, judged on the metrics endpoint's own exposition: `exposition.family`
// (a family with its type, unit and labels), `exposition.samples` (sample lines with a prefix)
// and `exposition.lint` (promtool's lint rules, clean).

#include "module.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ttaobs::checks {

/// What `exposition.family` expects of one family; unset parts are not judged.
struct FamilyExpectation
{
  std::string name;                ///< the family ("x" finds a counter written "x_total" too, and back)
  std::optional<std::string> type; ///< "counter", "gauge", "histogram", "summary", …
  std::optional<std::string> unit; ///< the OpenMetrics UNIT
  std::vector<std::string> labels; ///< label names every sample of the family carries
};

/// Reads an `exposition.family` entry: {name, type, unit, labels}.
std::optional<Binding> read_exposition_family(yaml::MapReader& entry, const ModuleContext& context);

/// Reads an `exposition.samples` entry: {prefix, min (default 1)}.
std::optional<Binding> read_exposition_samples(yaml::MapReader& entry, const ModuleContext& context);

/// Reads an `exposition.lint` entry: {show (problems listed, default 10)}; the entry's severity
/// says whether problems fail or warn.
std::optional<Binding> read_exposition_lint(yaml::MapReader& entry, const ModuleContext& context);

/// Passes when the family is exposed and has the expected type, unit and labels.
core::CheckOutcome judge_family(const sources::ExpositionProbe& exposition, const FamilyExpectation& expected);

/// Passes when the exposition parses with no lint problem; lists at most `show` problems.
core::CheckOutcome judge_lint(const sources::ExpositionProbe& exposition, std::size_t show);

/// The first `show` lint problems as detail lines, then how many more there are.
std::vector<std::string> lint_details(const metrics::LintReport& lint, std::size_t show);

} // namespace ttaobs::checks
