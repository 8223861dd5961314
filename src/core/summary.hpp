#pragma once

#include <src/core/check.hpp>
#include <src/core/exit_code.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ttaobs::core {

/// The final state of one check in a run.
struct CheckReport
{
  std::string id;                         ///< "area/name"
  std::string group;                      ///< area
  std::string description;                ///< what passes
  Status status = Status::error;          ///< final outcome
  std::string message;                    ///< one line
  std::vector<std::string> details;       ///< extra lines
  std::string evidence_url;               ///< URL the evidence came from
  std::chrono::milliseconds duration{0};  ///< fetch + evaluation time of the final round
  std::optional<Measurement> measurement; ///< the number judged (from the check's outcome), if any
  bool strict_failure = false;            ///< a warning that fails the run under --strict (set by summarise)
};

/// The traces one trace evidence had judged, kept for reports that draw them (HTML), only when asked.
struct JudgedTraces
{
  std::string evidence_url;           ///< redacted URL (or file) they were read from
  std::vector<std::string> check_ids; ///< the checks that judged them, in suite order
  trace::TraceSet set;                ///< the settled traces of the final round, trees built
};

/// Outcome counts of a run or of one group of its checks.
struct Counts
{
  int passed = 0;
  int failed = 0;
  int warnings = 0;
  int errors = 0;
  int skipped = 0;
  int strict_failures = 0; ///< of the warnings, those --strict makes failures (all of them under it, else 0)
  /// All checks counted.
  int total() const { return passed + failed + warnings + errors + skipped; }
  /// Checks that fail the run: the failed ones, plus the warnings under --strict.
  int failing() const { return failed + strict_failures; }
  /// Warnings that do not fail the run (none under --strict).
  int tolerated_warnings() const { return warnings - strict_failures; }
};

/// One group (area) of a run's checks with its counts, as the grouped reports (JUnit) show it.
struct GroupSummary
{
  std::string group;                 ///< area, as in CheckReport::group
  std::vector<std::size_t> checks;   ///< indices into RunSummary::checks, in suite order
  Counts counts;                     ///< of those checks
  std::chrono::milliseconds time{0}; ///< the sum of their durations
};

/// Everything reporters need, computed once by the runner; reporters only serialise it.
struct RunSummary
{
  std::string version;                                        ///< ttaobs version
  std::string suite;                                          ///< suite name
  std::string service;                                        ///< service checked
  std::vector<std::pair<std::string, std::string>> endpoints; ///< name → URL, in display order
  std::string started_at;                                     ///< RFC 3339 UTC
  std::string hostname;                                       ///< where it ran
  std::chrono::milliseconds duration{0};                      ///< wall time of the run
  int rounds = 1;                                             ///< evaluation rounds (>1 under --wait)
  int interrupted_by = 0;                                     ///< SIGINT/SIGTERM that stopped the run, or 0
  bool strict = false;                                        ///< warnings count as failures
  std::vector<CheckReport> checks;                            ///< in suite order
  std::vector<JudgedTraces> traces;                           ///< judged traces per evidence (with --html only)
  Counts counts;                                              ///< derived from checks (summarise)
  std::vector<GroupSummary> groups;                           ///< derived from checks, in order of first appearance
  std::chrono::milliseconds checks_time{0};                   ///< the sum of the checks' durations (they overlap)
  ExitCode exit_code = ExitCode::ok;                          ///< derived from counts
};

/// Counts per status of `checks` (`strict`: their warnings are failures too).
Counts count(const std::vector<CheckReport>& checks, bool strict = false);

/// The exit code the counts call for (failed > could_not_look > ok; warnings fail under `strict`).
ExitCode exit_code_for(const Counts& counts, bool strict);

/// Derives everything reporters count from `summary.checks` and `summary.strict`, once: each
/// check's strict_failure, the counts, the groups with theirs, checks_time and the exit code.
void summarise(RunSummary& summary);

} // namespace ttaobs::core
