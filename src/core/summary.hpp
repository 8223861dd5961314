#pragma once

#include <src/core/check.hpp>
#include <src/core/exit_code.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ttaobs::core {

/// The final state of one check in a run.
struct CheckReport
{
  std::string id;                       ///< "area/name"
  std::string group;                    ///< area
  std::string description;              ///< what passes
  Status status = Status::error;        ///< final outcome
  std::string message;                  ///< one line
  std::vector<std::string> details;     ///< extra lines
  std::string evidence_url;             ///< URL the evidence came from
  std::chrono::milliseconds duration{0}; ///< fetch + evaluation time of the final round
  std::optional<Measurement> measurement; ///< the number judged (from the check's outcome), if any
};

/// The traces one trace evidence had judged, kept for reports that draw them (HTML), only when asked.
struct JudgedTraces
{
  std::string evidence_url;           ///< redacted URL (or file) they were read from
  std::vector<std::string> check_ids; ///< the checks that judged them, in suite order
  trace::TraceSet set;              ///< the settled traces of the final round, trees built
};

/// Outcome counts of a run.
struct Counts
{
  int passed = 0;
  int failed = 0;
  int warnings = 0;
  int errors = 0;
  int skipped = 0;
  /// All checks counted.
  int total() const { return passed + failed + warnings + errors + skipped; }
};

/// Everything reporters need, computed once by the runner; reporters only serialise it.
struct RunSummary
{
  std::string version;                                       ///< ttaobs version
  std::string suite;                                         ///< suite name
  std::string service;                                       ///< service checked
  std::vector<std::pair<std::string, std::string>> endpoints; ///< name → URL, in display order
  std::string started_at;                                    ///< RFC 3339 UTC
  std::string hostname;                                      ///< where it ran
  std::chrono::milliseconds duration{0};                     ///< wall time of the run
  int rounds = 1;                                            ///< evaluation rounds (>1 under --wait)
  int interrupted_by = 0;                                    ///< SIGINT/SIGTERM that stopped the run, or 0
  bool strict = false;                                       ///< warnings count as failures
  std::vector<CheckReport> checks;                           ///< in suite order
  std::vector<JudgedTraces> traces;                          ///< judged traces per evidence (with --html only)
  Counts counts;                                             ///< derived from checks
  ExitCode exit_code = ExitCode::ok;                         ///< derived from counts
};

/// Counts per status of `checks`.
Counts count(const std::vector<CheckReport>& checks);

/// The exit code the counts call for (failed > could_not_look > ok; warnings fail under `strict`).
ExitCode exit_code_for(const Counts& counts, bool strict);

} // namespace ttaobs::core
