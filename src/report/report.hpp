#pragma once

#include <src/core/summary.hpp>

#include <string>

namespace ttaobs::report {

/// Console rendering options.
struct ConsoleOptions
{
  bool color = false; ///< ANSI colours (only on a TTY, never with NO_COLOR or --no-color)
  bool quiet = false; ///< omit passing and skipped checks
};

/// The human report: checks grouped by area and a closing counts line.
std::string render_console(const core::RunSummary& summary, const ConsoleOptions& options);

/// JUnit XML: one <testsuite> per group, one <testcase> per check, valid against junit-10.xsd.
std::string render_junit(const core::RunSummary& summary);

/// The JSON report (schema "ttaobs.validate/v1", documented in docs/report-json.md), stable key order.
std::string render_json(const core::RunSummary& summary);

/// "N passed, N failed, N warnings, N errors" (", N skipped" when any were).
std::string counts_line(const core::Counts& counts);

} // namespace ttaobs::report
