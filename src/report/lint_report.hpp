#pragma once

#include <src/metrics/lint.hpp>

#include <string>

namespace ttaobs::report {

/// "metric: problem" lines (promtool's findings in promtool's order), then, when extended, the
/// cardinality table; a parse error is the caller's one-line message, not part of this.
std::string render_lint_text(const metrics::LintReport& report);

/// The lint report as JSON (schema "ttaobs.lint-metrics/v1"), stable key order.
std::string render_lint_json(const metrics::LintReport& report, int exit_code);

/// JUnit XML: a "parse" test case, then one per metric family failing with its problems.
std::string render_lint_junit(const metrics::LintReport& report);

} // namespace ttaobs::report
