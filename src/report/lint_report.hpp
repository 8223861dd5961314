#pragma once

#include <src/metrics/lint.hpp>

#include <cstdio>
#include <string>

namespace ttaobs::report {

/// Writes "metric: problem" lines to `out` (promtool's findings in promtool's order, a finding
/// found N times printed N times, as promtool does), then, when extended, the cardinality table;
/// streamed, since a lint-heavy exposition can have millions. A parse error is the caller's.
void write_lint_text(const metrics::LintReport& report, std::FILE* out);

/// The lint report as JSON (schema "ttaobs.lint-metrics/v1"), stable key order; status is
/// "clean", "problems", "parse-error" or "unreadable" (with "error" saying why).
std::string render_lint_json(const metrics::LintReport& report, int exit_code);

/// JUnit XML: a "parse" test case (errored when the input is unreadable or does not parse, its
/// notes in system-out), then one per metric family failing with its problems.
std::string render_lint_junit(const metrics::LintReport& report);

} // namespace ttaobs::report
