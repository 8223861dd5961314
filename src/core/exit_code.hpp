#pragma once

#include <string_view>

namespace ttaobs::core {

// Every exit code of every subcommand is defined here, once. README.md's "Exit codes" table is
// the documentation of record (ttaobs(1) and docs/ci.md point to it, the --help footers
// summarise it); tests/test_cli.cpp keeps that table and `k_exit_code_table` in step.

/// `validate` (and `trace`, `probe`, `checks list`, `suite check`, `suite show`, `suite init`, `config show`,
/// `version`). When several apply: usage > failed > could_not_look > ok.
enum class ExitCode : int {
  ok = 0,             ///< every check passed (warnings allowed unless --strict); trace: drawn
  failed = 1,         ///< the telemetry is wrong: a check failed (or warned under --strict)
  usage = 2,          ///< bad flags, config, URL, report path or --replay recording; nothing was judged
  could_not_look = 3, ///< nothing failed, but some check could not be evaluated; trace: nothing to draw
};

/// `lint-metrics`, whose 1 and 3 are `promtool check metrics`' (not validate's): 0, 1 and 3 are the
/// verdict on the exposition, 2 the same usage error as every other subcommand.
enum class LintExitCode : int {
  clean = 0,                                 ///< it parses and has no lint problems
  invalid = 1,                               ///< the exposition could not be read or does not parse
  usage = static_cast<int>(ExitCode::usage), ///< bad flags, config, report path or --replay recording
  problems = 3,                              ///< it parses but has lint problems
};

/// `receive`: 0 and 2 as every subcommand; 1 says the file was written but not everything reached --forward's URL.
enum class ReceiveExitCode : int {
  written = 0,                               ///< the file was written (stopped by --duration, SIGINT or SIGTERM)
  not_forwarded = 1,                         ///< written, but some requests could not be forwarded
  usage = static_cast<int>(ExitCode::usage), ///< bad address or --forward URL, the port is taken, --out unwritable
};

/// Stopped by SIGINT/SIGTERM: the exit code is this plus the signal (130, 143), in every
/// subcommand that runs (`util::interrupted_exit_code` computes it; util sits below core).
inline constexpr int k_interrupted_base = 128;

/// The process exit code of `code`.
constexpr int to_int(ExitCode code) noexcept
{
  return static_cast<int>(code);
}

/// The process exit code of `code`.
constexpr int to_int(LintExitCode code) noexcept
{
  return static_cast<int>(code);
}

/// The process exit code of `code`.
constexpr int to_int(ReceiveExitCode code) noexcept
{
  return static_cast<int>(code);
}

/// One row of README.md's exit-code table: what `code` means for each subcommand ("—": never).
struct ExitCodeRow
{
  std::string_view code;         ///< "0", or "130 / 143"
  std::string_view validate;     ///< meaning for `validate`
  std::string_view trace;        ///< meaning for `trace`
  std::string_view lint_metrics; ///< meaning for `lint-metrics`
  std::string_view receive;      ///< meaning for `receive`
};

/// README.md's exit-code table, row by row (`checks list`, `config show` and `version` exit 0 or 2).
/// Markdown: `| code | validate, probe | trace | lint-metrics | receive |`.
inline constexpr ExitCodeRow k_exit_code_table[] = {
    {"0", "every check passed (warnings allowed)", "drawn", "clean: it parses and has no lint problems",
     "the file was written (stopped by `--duration`, SIGINT or SIGTERM: that is how it ends)"},
    {"1", "at least one check failed — the telemetry is wrong (or a warning under `--strict`)", "—",
     "the exposition could not be read or does not parse",
     "the file was written, but some requests could not be passed on to `--forward` (counted on stderr)"},
    {"2",
     "usage or configuration error (unknown flag, invalid URL, unwritable report path), reported before any request; "
     "or a request the `--replay` recording does not hold",
     "the same", "the same", "the same (a bad address or `--forward` URL, a taken port, an unwritable `--out`)"},
    {"3", "nothing failed, but some check could not be evaluated (timeout, HTTP error, malformed response) — retry",
     "the trace could not be fetched, found or parsed", "it parses but has lint problems (as `promtool check metrics`)",
     "—"},
    {"130 / 143",
     "stopped by SIGINT / SIGTERM: requests are aborted, the reports are still written (checks not yet settled "
     "are errors \"interrupted by SIGINT\"), never a stale or temporary file; another signal a second or more "
     "later ends the process at once",
     "the same (nothing is drawn)", "the same", "— (a signal ends receiving: 0 once the file is written)"},
};

} // namespace ttaobs::core
